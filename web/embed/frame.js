// The iframe view (`embed.html#case=<base64url>`), for platforms that allow only iframes: the same
// element, sized to its content. It tells its parent its height (`{ type: "iamlab-height", height }`)
// whenever that changes, so the parent can size the iframe.

import "./iamlab-embed.js";

const hash = new URLSearchParams(location.hash.slice(1));
const element = document.createElement("iamlab-scenario");
const payload = hash.get("case");
if (payload) element.setAttribute("case", payload);
for (const name of ["editable", "explain", "theme", "open-in-app"]) {
  if (hash.has(name)) element.setAttribute(name, hash.get(name));
}
document.getElementById("scenario").append(element);

let last = 0;
new ResizeObserver(() => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: "iamlab-height", height }, "*");
  }
}).observe(document.body);
