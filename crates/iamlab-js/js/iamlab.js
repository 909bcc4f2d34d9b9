// iamlab: an AWS IAM policy simulator, as a WebAssembly module for JavaScript.
//
//   import { load } from "iamlab";
//   const iamlab = await load();
//   iamlab.check(caseFile);   // one result per case, as `iamlab check --json` prints them
//
// The module is loaded once; later calls to `load()` return the same instance. In Node.js the `.wasm`
// beside this file is read from disk; in a browser or a bundle it is fetched from the URL the bundler
// gives `new URL("./iamlab_wasm_bg.wasm", import.meta.url)`. Nothing else is ever fetched.

import init, * as wasm from "./iamlab_wasm.js";

let instance;

function wasmUrl() {
  return new URL("./iamlab_wasm_bg.wasm", import.meta.url);
}

async function start() {
  const url = wasmUrl();
  const isNode = typeof process !== "undefined" && process.versions != null && process.versions.node != null;
  if (isNode && url.protocol === "file:") {
    // A computed specifier, so that bundlers for the browser leave it alone.
    const fs = "node:fs/promises";
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    let bytes;
    try {
      bytes = await readFile(url);
    } catch (error) {
      // In a bundle, this code no longer sits beside its .wasm: find the installed package's.
      const resolved = import.meta.resolve?.("iamlab/iamlab_wasm_bg.wasm");
      if (!resolved) throw error;
      bytes = await readFile(new URL(resolved));
    }
    await init({ module_or_path: bytes });
  } else {
    await init({ module_or_path: url });
  }
  return Object.freeze({
    check: (input) => wasm.check(input),
    explain: (input, caseName) => wasm.explain(input, caseName ?? undefined),
    lint: (input, kind) => wasm.lint(input, kind ?? undefined),
    version: wasm.version(),
  });
}

/** Loads the module once and returns the API; later calls return the same instance. */
export function load() {
  instance ??= start();
  return instance;
}

export default load;
