// Starts the exercise page: exercise mode and teacher mode, a wasm module of its own (built by
// `cargo xtask dist` from the web crate's `iamlab-exercise` binary).

import { whenPainted } from "./painted.js";
import init from "./exercise/iamlab-exercise.js";

window.iamlabPainted = whenPainted();
await init({ module_or_path: new URL("./exercise/iamlab-exercise_bg.wasm", import.meta.url) });
