// Starts the iamlab web app.
//
// Trunk's default loader is an inline <script>, which the page's Content-Security-Policy forbids.
// Trunk.toml's `pattern_script` replaces it with a <script type="module" src="boot.js"> that carries
// the hashed names of this build's JavaScript bindings and wasm module in data attributes.
// A module script has no `document.currentScript`, so the element is found by its attribute.
//
// `window.iamlabPainted` settles once the page has painted its first content: the app fetches AWS's
// action catalog only then, so the catalog never delays the first paint.
//
// An exercise link (`#exercise=`) belongs to the exercise page, which has a module of its own:
// it goes there before this page's module even loads.

import { whenPainted } from "./painted.js";

const toExercise = () => location.hash.startsWith("#exercise=");
addEventListener("hashchange", () => {
  if (toExercise()) {
    location.replace(`exercise.html${location.hash}`);
  }
});
if (toExercise()) {
  location.replace(`exercise.html${location.hash}`);
} else {
  window.iamlabPainted = whenPainted();
  const boot = document.querySelector("script[data-iamlab-js]");
  const { default: init } = await import(boot.dataset.iamlabJs);
  await init({ module_or_path: boot.dataset.iamlabWasm });
}
