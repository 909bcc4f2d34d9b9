// The demo page's own script: it sizes the iframe from the heights the iframe view posts.
import "./iamlab-embed.js";

window.addEventListener("message", (event) => {
  if (event.origin !== location.origin || event.data?.type !== "iamlab-height") return;
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow === event.source) frame.style.height = `${event.data.height + 4}px`;
  }
});
