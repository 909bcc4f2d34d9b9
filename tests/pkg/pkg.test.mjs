// The npm package `iamlab` (target/pkg, written by `cargo xtask pkg`) in Node.js: it loads once, gives
// every case of the corpus the result `iamlab check --json` gives, returns bad input as data, explains
// and lints, and still works from a bundle made by esbuild.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, symlink, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = resolve(process.env.IAMLAB_PKG ?? join(root, "target", "pkg"));
const cli = resolve(process.env.IAMLAB_CLI ?? join(root, "target", "debug", "iamlab"));
const { load } = await import(pathToFileURL(join(pkgDir, "iamlab.js")).href);

async function corpusFiles(dir = join(root, "tests", "cases")) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await corpusFiles(path)));
    else if (entry.name.endsWith(".json")) out.push(path);
  }
  return out.sort();
}

/** The fields both front ends give, for comparison. */
function essentials(result) {
  return {
    name: result.name,
    decision: result.decision,
    expected: result.expected ?? null,
    pass: result.pass,
    matchedStatements: result.matchedStatements,
    missingContextKeys: result.missingContextKeys,
    error: result.error ? { code: result.error.code, message: result.error.message, line: result.error.line, column: result.error.column } : null,
  };
}

test("load() gives one instance, with its versions", async () => {
  const first = await load();
  assert.equal(await load(), first);
  assert.match(first.version.package, /^\d+\.\d+\.\d+/);
  assert.equal(first.version.evaluator, first.version.package);
  assert.equal(first.version.dataDate, "2026-09-26");
});

test("the package and the CLI agree on every case of the corpus", async () => {
  const iamlab = await load();
  const files = await corpusFiles();
  assert.ok(files.length >= 20);
  let cases = 0;
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const run = spawnSync(cli, ["check", "--json", file], { encoding: "utf8", maxBuffer: 1 << 28 });
    assert.ok(run.status === 0 || run.status === 1, `${file}: the CLI exited ${run.status}: ${run.stderr}`);
    const fromCli = run.stdout.trim().split("\n").map((line) => essentials(JSON.parse(line)));
    const fromPackage = iamlab.check(text).map(essentials);
    // The CLI names the file in its messages; the package calls its input `input`.
    for (const result of fromCli) {
      if (result.error) result.error.message = result.error.message.replaceAll(file, "input");
    }
    assert.deepEqual(fromPackage, fromCli, file);
    cases += fromPackage.length;
  }
  assert.ok(cases > 300, `only ${cases} cases`);
});

test("objects work like text, and bad input comes back as data", async () => {
  const iamlab = await load();
  const caseFile = {
    principal: {
      arn: "arn:aws:iam::111111111111:user/alice",
      policies: [{ name: "Read", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } }],
    },
    action: "s3:GetObject",
    expect: "allowed",
  };
  const [fromObject] = iamlab.check(caseFile);
  assert.equal(fromObject.decision, "allowed");
  assert.equal(fromObject.pass, true);
  assert.deepEqual(iamlab.check(JSON.stringify(caseFile)).map((r) => r.decision), ["allowed"]);

  // A missing comma: the file's one result carries the error, located.
  const [broken] = iamlab.check('{\n  "action": "s3:GetObject"\n  "expect": "allowed"\n}');
  assert.equal(broken.name, "");
  assert.equal(broken.decision, null);
  assert.equal(broken.error.code, "json-syntax");
  assert.equal(broken.error.line, 3, "where the reader stopped");
  assert.equal(broken.error.labels[0].line, 2, "where the comma is missing");
  // A case whose policy AWS would refuse: its error, with line and column.
  const invalid = structuredClone(caseFile);
  invalid.principal.policies[0].document.Statement[0].Effect = "Permit";
  const [refused] = iamlab.check(invalid);
  assert.equal(refused.decision, null);
  assert.equal(refused.error.code, "invalid-effect");
  assert.ok(refused.error.line > 1 && refused.error.column > 1);

  for (const wrong of [undefined, null, 42, true, [caseFile]]) {
    assert.throws(() => iamlab.check(wrong), TypeError);
  }
});

test("explain gives the whole trace and its words; lint gives iamlab lint's findings", async () => {
  const iamlab = await load();
  const text = await readFile(join(root, "tests", "cases", "extra", "reasons.json"), "utf8");
  const first = iamlab.explain(text);
  assert.equal(typeof first.reason, "string");
  assert.equal(first.decision, first.explanation.decision);
  const names = iamlab.check(text).map((r) => r.name);
  const traced = names.map((name) => iamlab.explain(text, name)).filter((e) => e.explanation.layers.length > 0);
  assert.ok(traced.length > 10, "most reasons come with layers");
  assert.ok(traced.every((e) => e.explanation.layers.every((l) => Array.isArray(l.policies))));
  const named = iamlab.explain(text, names[2]);
  assert.equal(named.name, names[2]);
  assert.throws(() => iamlab.explain(text, "no such case"), /no case named/);

  const findings = iamlab.lint(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObjekt"], Resource: "*" }] },
    "identity",
  );
  assert.equal(findings.length, 1);
  assert.equal(findings[0].code, "unknown-action");
  assert.match(findings[0].message, /did you mean `s3:GetObject`\?/);
  assert.equal(findings[0].line, 7, "in the object written as JSON with two-space indentation");
  const fromCli = spawnSync(cli, ["lint", "--json", join(root, "tests", "lint", "every-code.json")], { encoding: "utf8" });
  const lintText = await readFile(join(root, "tests", "lint", "every-code.json"), "utf8");
  const mine = iamlab.lint(lintText).map((f) => [f.code, f.line, f.column, f.message]);
  const theirs = fromCli.stdout.trim().split("\n").map((l) => JSON.parse(l)).map((f) => [f.code, f.line, f.column, f.message]);
  assert.deepEqual(mine, theirs);
  assert.throws(() => iamlab.lint("{}", "bucket"), TypeError);
});

test("a bundle made by esbuild still loads the module", async () => {
  const esbuild = join(root, "tests", "e2e", "node_modules", ".bin", "esbuild");
  const dir = await mkdtemp(join(tmpdir(), "iamlab-bundle-"));
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(pkgDir, join(dir, "node_modules", "iamlab"), "dir");
  await writeFile(
    join(dir, "app.mjs"),
    'import { load } from "iamlab";\nconst iamlab = await load();\nconsole.log(iamlab.check({principal: {arn: "arn:aws:iam::111111111111:root"}, action: "s3:GetObject"})[0].decision);\n',
  );
  const built = spawnSync(esbuild, ["app.mjs", "--bundle", "--platform=node", "--format=esm", "--outfile=dist/app.mjs"], { cwd: dir, encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  const ran = spawnSync(process.execPath, ["dist/app.mjs"], { cwd: dir, encoding: "utf8" });
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(ran.stdout.trim(), "allowed");
});
