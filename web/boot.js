// Starts the iamlab web app.
//
// Trunk's default loader is an inline <script>, which the page's Content-Security-Policy forbids.
// Trunk.toml's `pattern_script` replaces it with a <script type="module" src="boot.js"> that carries
// the hashed names of this build's JavaScript bindings and wasm module in data attributes.
// A module script has no `document.currentScript`, so the element is found by its attribute.

const boot = document.querySelector("script[data-iamlab-js]");
const { default: init } = await import(boot.dataset.iamlabJs);
await init({ module_or_path: boot.dataset.iamlabWasm });
