// Browser benchmark (not a test: `node --test` does not pick up this file; `cargo xtask bench` runs it).
//
// It opens the release build with a workspace of 20 policies and 200 tests (through `#case=`), types into a
// policy editor, and measures, for each keystroke, the time from the input event to the moment the updated
// decision is in the DOM and laid out (the decision, the 20 editors' diagnostics and all 200 test results are
// recomputed on every keystroke). Every keystroke flips the decision, so "updated" is observable: typing the
// `t` of `s3:GetObject` makes the request allowed, deleting it makes it an implicit deny again.
//
// Two figures are printed: keystrokes inserted in the page as typing does (`execCommand("insertText")`, which
// fires the same input event), and real key presses sent by Playwright, timed from the page's own keydown.
//
// A second scenario types into one big policy: 300 statements, about 100 KB of text, with 50 tests, the
// size at which editing used to lag.
//
// A last part times AWS's vocabulary: the catalog's fetch and decoding after the first paint, and
// attaching an AWS managed policy (the first one fetches and decodes the managed policies' file).
//
//   node tests/e2e/bench.mjs [KEYSTROKES]      (default 60; dist/ must be built: `cargo xtask dist`)

import { caseFragment, launchBrowser, openApp, serveDist } from "./support.mjs";

const KEYSTROKES = Math.max(50, Number(process.argv[2] ?? 60));
const POLICIES = 20;
const TESTS = 200;
const BIG_STATEMENTS = 300;
const BIG_TESTS = 50;

/** A policy of a few statements, with conditions, about service `svc${n}` and S3. */
function policy(n) {
  const statements = [
    {
      Sid: `Service${n}`,
      Effect: "Allow",
      Action: [`svc${n}:Get*`, `svc${n}:List*`, `svc${n}:Describe*`],
      Resource: `arn:aws:svc${n}:eu-west-1:111111111111:thing/*`,
    },
    {
      Sid: `Bucket${n}`,
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:ListBucket"],
      Resource: [`arn:aws:s3:::bucket-${n}`, `arn:aws:s3:::bucket-${n}/*`],
      Condition: { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
    },
    {
      Sid: `Guard${n}`,
      Effect: "Deny",
      Action: `svc${n}:Delete*`,
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  ];
  if (n === 0) {
    // The statement the benchmark types into: one letter short of matching the request.
    statements.unshift({ Sid: "TypedInto", Effect: "Allow", Action: "s3:GetObjec", Resource: "arn:aws:s3:::bench/*" });
  }
  return { name: `Policy${String(n).padStart(2, "0")}`, document: { Version: "2012-10-17", Statement: statements } };
}

function workspace() {
  const cases = [{ name: "the typed request", action: "s3:GetObject", resource: { arn: "arn:aws:s3:::bench/data.csv" } }];
  for (let i = 1; i < TESTS; i++) {
    const n = i % POLICIES;
    const kind = i % 4;
    cases.push(
      kind === 0
        ? { name: `case ${i}`, action: `svc${n}:GetThing`, resource: { arn: `arn:aws:svc${n}:eu-west-1:111111111111:thing/t${i}` }, expect: "allowed" }
        : kind === 1
          ? {
              name: `case ${i}`,
              action: "s3:PutObject",
              resource: { arn: `arn:aws:s3:::bucket-${n}/k${i}` },
              context: { "aws:RequestedRegion": "eu-west-1" },
              expect: "allowed",
            }
          : kind === 2
            ? { name: `case ${i}`, action: `svc${n}:DeleteThing`, resource: { arn: `arn:aws:svc${n}:eu-west-1:111111111111:thing/t${i}` }, expect: "explicitDeny" }
            : { name: `case ${i}`, action: "s3:DeleteObject", resource: { arn: `arn:aws:s3:::bucket-${n}/k${i}` }, expect: "implicitDeny" },
    );
  }
  return {
    defaults: {
      principal: { arn: "arn:aws:iam::111111111111:user/bench", policies: Array.from({ length: POLICIES }, (_, n) => policy(n)) },
    },
    cases,
  };
}

/** One policy of BIG_STATEMENTS statements over ten services (about 100 KB as the page prints it), and BIG_TESTS tests of it. */
function bigWorkspace() {
  // Real actions and resource types, so that the catalog's lint has little to say.
  const services = [
    ["ec2", ["StartInstances", "StopInstances"], (n) => `arn:aws:ec2:eu-west-1:111111111111:instance/i-team${n}*`],
    ["s3", ["GetObject", "PutObject"], (n) => `arn:aws:s3:::team-${n}/*`],
    ["dynamodb", ["GetItem", "PutItem"], (n) => `arn:aws:dynamodb:eu-west-1:111111111111:table/team-${n}`],
    ["lambda", ["InvokeFunction", "GetFunction"], (n) => `arn:aws:lambda:eu-west-1:111111111111:function:team-${n}`],
    ["sqs", ["SendMessage", "ReceiveMessage"], (n) => `arn:aws:sqs:eu-west-1:111111111111:team-${n}`],
    ["sns", ["Publish", "Subscribe"], (n) => `arn:aws:sns:eu-west-1:111111111111:team-${n}`],
    ["secretsmanager", ["GetSecretValue", "DescribeSecret"], (n) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:team-${n}`],
    ["logs", ["PutLogEvents", "CreateLogStream"], (n) => `arn:aws:logs:eu-west-1:111111111111:log-group:team-${n}:*`],
    ["ssm", ["GetParameter", "PutParameter"], (n) => `arn:aws:ssm:eu-west-1:111111111111:parameter/team-${n}`],
    ["ecr", ["BatchGetImage", "PutImage"], (n) => `arn:aws:ecr:eu-west-1:111111111111:repository/team-${n}`],
  ];
  const statements = [{ Sid: "TypedInto", Effect: "Allow", Action: "s3:GetObjec", Resource: "arn:aws:s3:::bench/*" }];
  for (let i = 1; i < BIG_STATEMENTS; i++) {
    const [service, actions, arn] = services[i % services.length];
    statements.push({
      Sid: `Statement${String(i).padStart(3, "0")}`,
      Effect: i % 17 === 0 ? "Deny" : "Allow",
      Action: `${service}:${actions[i % 4 === 0 ? 1 : 0]}`,
      Resource: arn(i),
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": `team-${i % 3}` } },
    });
  }
  const cases = [{ name: "the typed request", action: "s3:GetObject", resource: { arn: "arn:aws:s3:::bench/data.csv" } }];
  for (let i = 1; i < BIG_TESTS; i++) {
    const n = 1 + ((i * 5) % (BIG_STATEMENTS - 1));
    const [service, actions, arn] = services[n % services.length];
    // The statement's own resource, made concrete where the pattern has a wildcard.
    const resource = arn(n).replace("i-team" + n + "*", `i-team${n}0001`).replace("/*", "/data.csv").replace(":*", ":log-stream:s1");
    cases.push({
      name: `case ${i}`,
      action: `${service}:${actions[0]}`,
      resource: { arn: resource },
      context: { "aws:RequestedRegion": "eu-west-1", "aws:SourceIp": "10.1.2.3" },
      expect: n % 3 !== 0 || n % 4 === 0 ? "implicitDeny" : n % 17 === 0 ? "explicitDeny" : "allowed",
    });
  }
  return {
    defaults: {
      principal: {
        arn: "arn:aws:iam::111111111111:user/bench",
        tags: { team: "team-0" },
        policies: [{ name: "BigPolicy", document: { Version: "2012-10-17", Statement: statements } }],
      },
    },
    cases,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Opens `workspace`, checks that it loaded as meant, and times KEYSTROKES keystrokes in the first editor that
 * flip the decision: in-page typing, then real key presses. Returns both lists of times, and the editor's size.
 */
async function timeTyping(browser, site, workspace, expected) {
  const { page, problems, close } = await openApp(browser, site, { width: 1280, height: 900, hash: caseFragment(workspace) });
  // Keystrokes are timed with the catalog in place, so every edit is linted too.
  await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="case-result"]').first().waitFor({ timeout: 30_000 });
  const counts = await page.evaluate(() => ({
    policies: document.querySelectorAll('[data-testid="policy"]').length,
    tests: document.querySelectorAll('[data-testid="case-result"]').length,
    passing: document.querySelectorAll('[data-testid="case-result"][data-pass="true"]').length,
    decision: document.querySelector('[data-testid="decision"]').dataset.decision,
    bytes: document.querySelector(".editor textarea").value.length,
    lines: document.querySelector(".editor textarea").value.split("\n").length,
  }));
  if (
    counts.policies !== expected.policies ||
    counts.tests !== expected.tests ||
    counts.passing !== expected.tests ||
    counts.decision !== "implicitDeny"
  ) {
    throw new Error(`the benchmark workspace did not load as meant: ${JSON.stringify(counts)}`);
  }

  // In-page typing: each keystroke inserts or deletes the `t`; a mutation observer stops the clock when the
  // decision's attribute changes (after the render that changed it, with the layout forced).
  const inserted = await page.evaluate(async (keystrokes) => {
    const textarea = document.querySelector(".editor textarea");
    const panel = document.querySelector(".decision-panel");
    const decision = () => document.querySelector('[data-testid="decision"]').dataset.decision;
    const at = textarea.value.indexOf('s3:GetObjec"') + "s3:GetObjec".length;
    const settle = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    textarea.focus();
    const times = [];
    for (let i = 0; i < keystrokes; i++) {
      const before = decision();
      let start = 0;
      const rendered = new Promise((done) => {
        const observer = new MutationObserver(() => {
          if (decision() !== before) {
            observer.disconnect();
            void document.body.offsetHeight;
            done(performance.now() - start);
          }
        });
        observer.observe(panel, { attributes: true, subtree: true, childList: true });
      });
      start = performance.now();
      if (i % 2 === 0) {
        textarea.setSelectionRange(at, at);
        document.execCommand("insertText", false, "t");
      } else {
        textarea.setSelectionRange(at, at + 1);
        document.execCommand("delete");
      }
      times.push(await rendered);
      await settle();
    }
    return times;
  }, KEYSTROKES);

  // Real key presses: the page notes the time of each keydown, and a mutation observer stops the clock when
  // the decision's attribute changes (after the render that changed it, with the layout forced).
  await page.evaluate(() => {
    const textarea = document.querySelector(".editor textarea");
    const at = textarea.value.indexOf('s3:GetObjec"') + "s3:GetObjec".length;
    textarea.focus();
    textarea.setSelectionRange(at, at);
    window.__keydown = 0;
    textarea.addEventListener("keydown", () => (window.__keydown = performance.now()), { capture: true });
  });
  const pressed = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.evaluate(() => {
      const panel = document.querySelector(".decision-panel");
      const before = document.querySelector('[data-testid="decision"]').dataset.decision;
      window.__rendered = new Promise((done) => {
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="decision"]').dataset.decision !== before) {
            observer.disconnect();
            void document.body.offsetHeight;
            done(performance.now() - window.__keydown);
          }
        });
        observer.observe(panel, { attributes: true, subtree: true, childList: true });
      });
    });
    await page.keyboard.press(i % 2 === 0 ? "t" : "Backspace");
    pressed.push(await page.evaluate(() => window.__rendered));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  }
  if (problems.errors.length > 0) {
    throw new Error(`the page reported errors: ${problems.errors.join("; ")}`);
  }
  await close();
  return { inserted, pressed, counts };
}

const report = (label, times) =>
  console.log(
    `  ${label}: median ${median(times).toFixed(2)} ms, p90 ${percentile(times, 90).toFixed(2)} ms, ` +
      `min ${Math.min(...times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms over ${times.length} keystrokes`,
  );

const site = await serveDist();
const browser = await launchBrowser();
try {
  const scenarios = [
    { label: `${POLICIES} policies, ${TESTS} tests`, workspace: workspace(), expected: { policies: POLICIES, tests: TESTS } },
    {
      label: `one policy of ${BIG_STATEMENTS} statements, ${BIG_TESTS} tests`,
      workspace: bigWorkspace(),
      expected: { policies: 1, tests: BIG_TESTS },
    },
  ];
  for (const scenario of scenarios) {
    const { inserted, pressed, counts } = await timeTyping(browser, site, scenario.workspace, scenario.expected);
    console.log(
      `browser benchmark: ${scenario.label} (the edited policy: ${counts.bytes} characters, ${counts.lines} lines); ` +
        "one character typed into a policy editor",
    );
    report("input event to rendered decision (in-page typing)", inserted);
    report("keydown to rendered decision (Playwright key presses)", pressed);
    console.log(`  frame budget: 16 ms; median within budget: ${median(inserted) <= 16 ? "yes" : "NO"}\n`);
  }
  await vocabulary(browser, site);
} finally {
  await browser.close();
  await site.close();
}

/** Times the catalog's arrival on a fresh page, and attaching an AWS managed policy, a few times each. */
async function vocabulary(browser, site) {
  const runs = [];
  for (let run = 0; run < 5; run++) {
    const { page, problems, close } = await openApp(browser, site, {
      width: 1280,
      height: 900,
      hash: caseFragment({
        cases: [
          {
            name: "bare",
            principal: { arn: "arn:aws:iam::111111111111:user/alice", policies: [] },
            resource: { arn: "arn:aws:s3:::reports/q1.csv" },
            action: "s3:GetObject",
          },
        ],
      }),
    });
    await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const timing = await page.evaluate(() => {
      const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/catalog.bin.z"));
      const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
      return {
        firstPaint: paint?.startTime ?? NaN,
        fetchStart: entry?.startTime ?? NaN,
        fetched: entry ? entry.responseEnd - entry.startTime : NaN,
        bytes: entry?.encodedBodySize ?? NaN,
      };
    });
    // Attaching a managed policy: from the click to the decision it changes.
    await page.getByTestId("attach-managed").first().click();
    await page.locator('[data-testid="managed-picker"] input').fill("ReadOnlyAccess");
    const option = page.locator('[data-testid="managed-picker"] [role="option"] .combo-label', { hasText: /^ReadOnlyAccess$/ });
    await option.waitFor();
    const started = await page.evaluate(() => performance.now());
    await option.click();
    await page.locator('[data-testid="decision"][data-decision="allowed"]').waitFor({ timeout: 30_000 });
    timing.attached = (await page.evaluate(() => performance.now())) - started;
    if (problems.errors.length > 0) {
      throw new Error(`the page reported errors: ${problems.errors.join("; ")}`);
    }
    runs.push(timing);
    await close();
  }
  const of = (key) => runs.map((r) => r[key]);
  console.log(`\nAWS's vocabulary, ${runs.length} fresh pages (catalog file ${runs[0].bytes} bytes):`);
  console.log(`  first contentful paint: median ${median(of("firstPaint")).toFixed(0)} ms after navigation`);
  console.log(
    `  catalog fetch starts: median ${median(of("fetchStart")).toFixed(0)} ms after navigation` +
      ` (after the first paint in ${runs.filter((r) => r.fetchStart >= r.firstPaint).length} of ${runs.length})`,
  );
  console.log(`  catalog fetch (local server): median ${median(of("fetched")).toFixed(1)} ms`);
  console.log(`  attaching ReadOnlyAccess (fetch, inflate and decode 1,594 policies, lower, decide): median ${median(of("attached")).toFixed(0)} ms`);
}
