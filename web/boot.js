// Starts the iamlab web app.
//
// Trunk's default loader is an inline <script>, which the page's Content-Security-Policy forbids.
// Trunk.toml's `pattern_script` replaces it with a <script type="module" src="boot.js"> that carries
// the hashed names of this build's JavaScript bindings and wasm module in data attributes.
// A module script has no `document.currentScript`, so the element is found by its attribute.
//
// `window.iamlabPainted` settles once the page has painted its first content: the app fetches AWS's
// action catalog only then, so the catalog never delays the first paint.

window.iamlabPainted = new Promise((painted) => {
  if (!("PerformanceObserver" in window)) {
    setTimeout(painted, 500);
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => entry.name === "first-contentful-paint")) {
      observer.disconnect();
      painted();
    }
  });
  observer.observe({ type: "paint", buffered: true });
});

const boot = document.querySelector("script[data-iamlab-js]");
const { default: init } = await import(boot.dataset.iamlabJs);
await init({ module_or_path: boot.dataset.iamlabWasm });
