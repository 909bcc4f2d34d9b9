// Benchmark of the npm package in Node.js (not a test: `node --test` does not pick up this file).
//
// It times `check` on tests/bench/ten-thousand.json (10,000 cases sharing one `defaults`), end to end:
// the JSON text in, 10,000 result objects out. It also times the fast path alone on that file and on the
// two generated workloads (realistic.json, large.json), to give decisions per second in WebAssembly next
// to the CLI's native figure.
//
//   node tests/pkg/bench.mjs      (the package must be built: `cargo xtask pkg`)

import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = resolve(process.env.IAMLAB_PKG ?? join(root, "target", "pkg"));
const { load } = await import(pathToFileURL(join(pkgDir, "iamlab.js")).href);
const raw = await import(pathToFileURL(join(pkgDir, "iamlab_wasm.js")).href);

const started = performance.now();
const iamlab = await load();
const loaded = performance.now() - started;
const text = await readFile(join(root, "tests", "bench", "ten-thousand.json"), "utf8");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const runs = [];
let results;
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  results = iamlab.check(text);
  runs.push(performance.now() - t0);
}
const passed = results.filter((r) => r.pass).length;
console.log(`npm package in Node.js ${process.version}: load() ${loaded.toFixed(0)} ms`);
console.log(
  `check(ten-thousand.json): ${results.length} results, ${passed} passed; median ${median(runs).toFixed(0)} ms ` +
    `(min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)}) over ${runs.length} runs; target under 1,000 ms`,
);
console.log(`that is ${(results.length / (median(runs) / 1000)).toFixed(0)} cases per second, each read, decided, explained for its matched statements and returned as an object`);

// The fast path alone: every case of each benchmark file, decided again and again inside the module; the
// native figure to compare with is `iamlab bench FILE` (built with `cargo build --profile cli -p iamlab-cli`).
for (const [file, rounds] of [["ten-thousand.json", 20], ["realistic.json", 20], ["large.json", 50]]) {
  const body = await readFile(join(root, "tests", "bench", file), "utf8");
  // Read and compiled once, outside the timing, as `iamlab bench` does.
  const cases = new raw.BenchCases(body);
  cases.run(2);
  const fast = [];
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    const decisions = cases.run(rounds);
    fast.push(decisions / ((performance.now() - t0) / 1000));
  }
  cases.free();
  console.log(
    `fast path in WebAssembly, ${file}: median ${Math.round(median(fast)).toLocaleString("en")} decisions/s ` +
      `(${rounds} rounds of the file's cases, 7 runs, reading excluded); compare \`iamlab bench tests/bench/${file}\``,
  );
}
