// Keeping and sharing work in the built page: share links, #case= links (the contract for automated checks),
// broken links, and case files imported through the file picker and exported for `iamlab check`.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { caseFragment, decisionOf, openApp, repoRoot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();
let scratch;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "iamlab-e2e-"));
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const policy = (name, statement) => ({ name, document: { Version: "2012-10-17", Statement: [statement] } });

// A case file with `defaults`, several principals and resources, context of each type, and all three decisions.
const CASES = {
  defaults: {
    principal: {
      arn: "arn:aws:iam::111111111111:user/alice",
      tags: { team: "red" },
      policies: [
        policy("Reports", { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }),
        policy("NoDeletes", { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }),
        policy("NeedsMfa", {
          Effect: "Allow",
          Action: "ec2:StopInstances",
          Resource: "*",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        }),
      ],
    },
    resource: { arn: "arn:aws:s3:::reports/q1.csv" },
  },
  cases: [
    { name: "reads", action: "s3:GetObject", expect: "allowed" },
    { name: "cannot delete", action: "s3:DeleteObject", expect: "explicitDeny" },
    { name: "cannot write", action: "s3:PutObject", expect: "implicitDeny" },
    {
      name: "stops with MFA",
      action: "ec2:StopInstances",
      resource: { arn: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0" },
      context: { "aws:MultiFactorAuthPresent": true, "aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["a", "b"] },
      expect: "allowed",
    },
    { name: "bob has nothing", principal: { arn: "arn:aws:iam::111111111111:user/bob", policies: null }, action: "s3:GetObject", expect: "implicitDeny" },
    { name: "a wrong expectation", action: "s3:GetObject", expect: "implicitDeny" },
  ],
};
const EXPECTED_ROWS = [
  ["reads", "allowed", "true"],
  ["cannot delete", "explicitDeny", "true"],
  ["cannot write", "implicitDeny", "true"],
  ["stops with MFA", "allowed", "true"],
  ["bob has nothing", "implicitDeny", "true"],
  ["a wrong expectation", "allowed", "false"],
];

async function rows(page) {
  return page
    .getByTestId("case-result")
    .evaluateAll((items) => items.map((item) => [item.dataset.name, item.dataset.decision, item.dataset.pass]));
}

/** Runs `iamlab check` on a file: the built binary if there is one, else through cargo (under the build lock). */
function iamlabCheck(file) {
  const binary = join(repoRoot, "target", "debug", "iamlab");
  const [command, args] = existsSync(binary)
    ? [binary, ["check", file]]
    : ["flock", ["/tmp/cargo.lock", "cargo", "run", "-q", "-p", "iamlab-cli", "--", "check", file]];
  return spawnSync(command, args, { cwd: repoRoot, encoding: "utf8" });
}

test("#case= opens a case file and runs every case, with or without padding", async () => {
  const text = JSON.stringify(CASES);
  const padded = `#case=${Buffer.from(text).toString("base64").replaceAll("+", "-").replaceAll("/", "_")}`;
  for (const hash of [caseFragment(CASES), padded]) {
    const { page, problems, close } = await openApp(session.browser, session.site, { hash });
    try {
      assert.deepEqual(await rows(page), EXPECTED_ROWS);
      assert.equal(await decisionOf(page), "allowed", "the first case is the current request");
      assert.equal(await page.getByTestId("tests-summary").innerText(), "✕ 5 of 6 pass");
      assert.deepEqual(problems.errors, []);
    } finally {
      await close();
    }
  }
});

test("a single-case file opens too", async () => {
  const single = {
    name: "one",
    principal: { arn: "arn:aws:iam::111111111111:user/alice" },
    action: "s3:GetObject",
    expect: "implicitDeny",
  };
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(single) });
  try {
    assert.deepEqual(await rows(page), [["one", "implicitDeny", "true"]]);
    assert.equal(await decisionOf(page), "implicitDeny");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a share link opens exactly the same workspace in a fresh browser", async () => {
  const first = await openApp(session.browser, session.site, { hash: caseFragment(CASES) });
  let url;
  let original;
  try {
    const { page } = first;
    await page.locator("#workspace-title").fill("Shared <b>work</b> ü");
    await page.getByRole("button", { name: "Share", exact: true }).click();
    url = await page.getByTestId("share-url").inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#share=1\.[A-Za-z0-9_-]+$/);
    assert.equal(await page.evaluate(() => location.href), url, "the link is in the address bar");
    original = {
      title: await page.locator("#workspace-title").inputValue(),
      rows: await rows(page),
      texts: await page.locator(".code-input").evaluateAll((areas) => areas.map((area) => area.value)),
      decision: await decisionOf(page),
    };
    // After an edit the panel says the link is out of date, and the address bar drops it.
    assert.equal(await page.locator(".share-stale").count(), 0);
    await page.locator("#request-action").fill("s3:PutObject");
    await page.locator(".share-stale").waitFor();
    await waitFor(() => page.evaluate(() => location.hash), "", { what: "fragment after an edit" });
    assert.deepEqual(first.problems.errors, []);
  } finally {
    await first.close();
  }
  const second = await openApp(session.browser, session.site);
  try {
    const { page } = second;
    await page.goto(url);
    await waitFor(() => page.locator("#workspace-title").inputValue(), "Shared <b>work</b> ü", { what: "title" });
    assert.deepEqual(await rows(page), original.rows);
    assert.deepEqual(await page.locator(".code-input").evaluateAll((areas) => areas.map((area) => area.value)), original.texts);
    assert.equal(await decisionOf(page), original.decision);
    assert.deepEqual(second.problems.errors, []);
  } finally {
    await second.close();
  }
});

test("a broken link says why and keeps the saved workspace", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(CASES) });
  try {
    await page.locator("#workspace-title").fill("Keep me");
    await waitFor(() => page.evaluate(() => JSON.parse(localStorage.getItem("iamlab.workspace") ?? "null")?.workspace.title), "Keep me");
    for (const [hash, reason] of [
      ["#share=1.eNrLSM3JyVcozy_KSQEAGgQEXQ", /damaged|readable/],
      ["#share=7.abc", /newer iamlab/],
      ["#case=bm90IGpzb24", /case file in the link cannot be read/],
    ]) {
      await page.goto(`${session.site.url}${hash}`);
      await page.reload();
      await page.getByTestId("decision").waitFor();
      await page.locator('.page[data-ready="true"]').waitFor();
      const notice = page.getByTestId("notice");
      assert.match(await notice.innerText(), /could not be opened/);
      assert.match(await notice.innerText(), reason);
      assert.equal(await notice.getAttribute("role"), "alert");
      assert.equal(await page.locator("#workspace-title").inputValue(), "Keep me");
    }
    // A link pasted into the address bar of the open page (only the fragment changes) is followed too.
    await page.evaluate((hash) => {
      location.hash = hash;
    }, caseFragment({ name: "new", principal: { arn: "arn:aws:iam::111111111111:user/zed" }, action: "s3:GetObject" }));
    await waitFor(async () => (await rows(page)).length, 1, { what: "cases after following the link" });
    await page.getByRole("button", { name: "Undo", exact: true }).click();
    await waitFor(() => page.locator("#workspace-title").inputValue(), "Keep me", { what: "title after undo" });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("importing a case file through the file picker, and exporting one that iamlab check agrees with", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.locator("#import-case-file").setInputFiles({
      name: "team-policies.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(CASES, null, 2)),
    });
    await waitFor(async () => (await rows(page)).length, EXPECTED_ROWS.length, { what: "imported cases" });
    assert.deepEqual(await rows(page), EXPECTED_ROWS);
    assert.equal(await page.locator("#workspace-title").inputValue(), "team-policies");
    assert.match(await page.getByTestId("notice").innerText(), /Imported 6 cases from `team-policies\.json`/);

    // Save the current request as one more test, then export.
    await page.locator("#save-test-name").fill("saved from the page");
    await page.getByRole("button", { name: "Save test", exact: true }).click();
    await waitFor(async () => (await rows(page)).length, EXPECTED_ROWS.length + 1, { what: "saved test" });
    const pageRows = await rows(page);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
    assert.equal(download.suggestedFilename(), "team-policies.cases.json");
    const file = join(scratch, "exported.json");
    await download.saveAs(file);
    const exported = JSON.parse(await readFile(file, "utf8"));
    assert.equal(exported.cases.length, pageRows.length);

    const result = iamlabCheck(file);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.at(-1), `${pageRows.filter((r) => r[2] === "true").length} passed, ${pageRows.filter((r) => r[2] === "false").length} failed`);
    assert.equal(result.status, 1, "one case fails on purpose");
    for (const [name, , pass] of pageRows) {
      assert.ok(lines.includes(`${pass === "true" ? "PASS" : "FAIL"} ${name}`) || lines.some((l) => l.startsWith(`${pass === "true" ? "PASS" : "FAIL"} ${name}`)), `${name}: ${result.stdout}`);
    }

    // The exported file opens again through #case= with the same results.
    const again = await openApp(session.browser, session.site, { hash: caseFragment(await readFile(file, "utf8")) });
    try {
      assert.deepEqual(await rows(again.page), pageRows);
      assert.deepEqual(again.problems.errors, []);
    } finally {
      await again.close();
    }
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a file that is not a case file is reported and changes nothing", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    const before = await page.locator("#workspace-title").inputValue();
    await page.locator("#import-case-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"cases": [,]}'),
    });
    await waitFor(async () => (await page.getByTestId("notice").count()) > 0 && (await page.getByTestId("notice").innerText()).includes("notes.json"), true);
    assert.match(await page.getByTestId("notice").innerText(), /line 1, column 12/);
    assert.equal(await page.locator("#workspace-title").inputValue(), before);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
