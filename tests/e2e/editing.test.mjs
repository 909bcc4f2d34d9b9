// The main flow in the built page: paste a broken policy and see the error at its line, fix it and see the
// decision, click the deciding statement and see it highlighted, add a missing key in one click and see the
// decision flip, reload and find the work kept.

import { test } from "node:test";
import assert from "node:assert/strict";
import { caseFragment, decisionOf, openApp, pasteInto, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

const READ_REPORTS = {
  cases: [
    {
      name: "alice reads a report",
      principal: {
        arn: "arn:aws:iam::111111111111:user/alice",
        policies: [
          {
            name: "ReadReports",
            document: {
              Version: "2012-10-17",
              Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }],
            },
          },
        ],
      },
      resource: { arn: "arn:aws:s3:::reports/q1.csv" },
      action: "s3:GetObject",
      expect: "allowed",
    },
  ],
};

// Line 5 lacks its comma, so the reader stops at line 6, column 7, where `"Action"` starts.
const BROKEN = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow"
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
`;

test("a pasted policy with a syntax error shows the error at its line; fixing it updates the decision", async () => {
  for (const width of [1280, 375]) {
    const { page, problems, close } = await openApp(session.browser, session.site, { width, hash: caseFragment(READ_REPORTS) });
    try {
      assert.equal(await decisionOf(page), "allowed");
      const editor = page.locator(".editor").first();
      const textarea = editor.locator("textarea");
      await pasteInto(textarea, BROKEN);

      const diagnostic = editor.getByTestId("diagnostic").first();
      await diagnostic.waitFor();
      assert.equal(await diagnostic.getAttribute("data-line"), "6");
      assert.equal(await diagnostic.getAttribute("data-column"), "7");
      assert.match(await diagnostic.innerText(), /6:7/);
      // The place is marked in the text and in the gutter.
      assert.equal(await editor.locator(".gutter .ln-error").innerText(), "6");
      assert.match(await editor.locator(".code-layer .diag-error").first().innerText(), /"Action"|"/);
      assert.equal(await decisionOf(page), "error", "no decision while a policy has errors");
      await screenshot(page, `syntax-error-${width}`);

      // Fix it: type the missing comma at the end of line 5.
      const end = BROKEN.indexOf('"Allow"') + '"Allow"'.length;
      await textarea.evaluate((element, end) => {
        element.focus();
        element.setSelectionRange(end, end);
      }, end);
      await page.keyboard.type(",");
      await waitFor(() => decisionOf(page), "allowed", { what: "decision after the fix" });
      assert.equal(await editor.getByTestId("diagnostic").count(), 0);
      assert.equal(await textarea.inputValue(), BROKEN.replace('"Allow"\n', '"Allow",\n'));
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.offsite, []);
    } finally {
      await close();
    }
  }
});

test("pasting AWS CLI output keeps only the policy document", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(READ_REPORTS) });
  try {
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    const getRole = JSON.stringify({
      Role: { RoleName: "app", AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) },
    });
    const editor = page.locator(".editor").first();
    await pasteInto(editor.locator("textarea"), getRole);
    await waitFor(async () => (await editor.locator("textarea").inputValue()).startsWith('{\n  "Version"'), true, {
      what: "the editor holds the trust policy",
    });
    const text = await editor.locator("textarea").inputValue();
    assert.deepEqual(JSON.parse(text), trust);
    assert.match(await editor.locator(".paste-note").innerText(), /aws iam get-role/);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

async function openMfaExample(width = 1280) {
  const opened = await openApp(session.browser, session.site, { width });
  const { page } = opened;
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  await page.locator('[data-testid="open-example"][data-example="deny-without-mfa"]').click();
  await waitFor(() => page.locator("#workspace-title").inputValue(), "Deny unless signed in with MFA", {
    what: "title",
  });
  return opened;
}

test("clicking a deciding statement scrolls its editor to it and highlights it", async () => {
  for (const width of [1280, 375]) {
    const { page, problems, close } = await openMfaExample(width);
    try {
      assert.equal(await decisionOf(page), "explicitDeny");
      const deciding = page.getByTestId("deciding-statement");
      assert.equal(await deciding.count(), 1);
      assert.match(await deciding.innerText(), /DenyAllExceptMFASetupUnlessSignedInWithMFA/);
      await deciding.click();

      const editor = page.locator('.editor[data-highlighted="true"]');
      await editor.waitFor();
      const marked = (await editor.locator(".code-layer .hl").allInnerTexts()).join("");
      assert.match(marked, /^\{\s*"Sid": "DenyAllExceptMFASetupUnlessSignedInWithMFA"/);
      assert.match(marked, /"aws:MultiFactorAuthPresent": "false"[\s\S]*\}$/);
      assert.ok((await editor.locator(".gutter .ln-hl").count()) > 10, "the statement's lines are marked");
      // The highlight scrolls into view (smoothly, so wait for it to arrive).
      await waitFor(
        () =>
          editor.locator(".hl").first().evaluate((mark) => {
            const box = mark.getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
          }),
        true,
        { what: "highlight in the viewport" },
      );
      assert.equal(await deciding.getAttribute("class"), "statement-link is-current");
      await screenshot(page, `highlight-${width}`);
      assert.deepEqual(problems.errors, []);
    } finally {
      await close();
    }
  }
});

test("adding a missing context key with one click flips the decision", async () => {
  const { page, problems, close } = await openMfaExample();
  try {
    assert.equal(await decisionOf(page), "explicitDeny");
    const add = page.locator('[data-testid="add-missing-key"][data-key="aws:MultiFactorAuthPresent"]');
    assert.match(await add.innerText(), /boolean true/);
    await add.click();
    await waitFor(() => decisionOf(page), "allowed", { what: "decision after adding the key" });
    const entry = page.locator('[data-testid="context-entry"][data-key="aws:MultiFactorAuthPresent"]');
    assert.equal(await entry.locator("select.context-type").inputValue(), "boolean");
    assert.equal(await entry.locator("select#context-0-value").inputValue(), "true");
    // The current request now equals the saved test "stop an instance with MFA", which is marked.
    assert.equal(await page.locator(".test-row.is-current").getAttribute("data-name"), "stop an instance with MFA");

    // Source IP, in another example, is an IP typed key that starts inside the office range.
    await page.getByRole("button", { name: "Examples", exact: true }).click();
    await page.locator('[data-testid="open-example"][data-example="source-ip-guardrail"]').click();
    await waitFor(() => decisionOf(page), "explicitDeny", { what: "decision without a source IP" });
    await page.locator('[data-testid="add-missing-key"][data-key="aws:SourceIp"]').click();
    await waitFor(() => decisionOf(page), "allowed", { what: "decision from the office" });
    const ip = page.locator('[data-testid="context-entry"][data-key="aws:SourceIp"]');
    assert.equal(await ip.locator("select.context-type").inputValue(), "ip");
    assert.equal(await ip.locator("input#context-0-value").inputValue(), "203.0.113.10");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("quick-add buttons add typed keys, and the current time is a date", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(READ_REPORTS) });
  try {
    for (const label of ["Source IP", "MFA present", "MFA age", "Current time", "TLS", "Region", "Org ID"]) {
      await page.locator(".chips .chip", { hasText: `+ ${label}` }).click();
    }
    const types = await page
      .locator('[data-testid="context-entry"]')
      .evaluateAll((rows) => rows.map((row) => [row.dataset.key, row.querySelector("select.context-type").value]));
    assert.deepEqual(types, [
      ["aws:SourceIp", "ip"],
      ["aws:MultiFactorAuthPresent", "boolean"],
      ["aws:MultiFactorAuthAge", "number"],
      ["aws:CurrentTime", "date"],
      ["aws:SecureTransport", "boolean"],
      ["aws:RequestedRegion", "string"],
      ["aws:PrincipalOrgID", "string"],
    ]);
    const time = await page.getByLabel("Value of aws:CurrentTime").inputValue();
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(await decisionOf(page), "allowed");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the workspace survives a reload, even right after typing", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(READ_REPORTS) });
  try {
    // The #case= link stays in the address while the page shows what it opened; once the workspace
    // changes, the next save drops it, so a reload shows the saved work and not the old link.
    await waitFor(() => page.evaluate(() => localStorage.getItem("iamlab.workspace") !== null), true, { what: "first save" });
    assert.match(await page.evaluate(() => location.hash), /^#case=/);
    const title = page.locator("#workspace-title");
    await title.fill("My reload test");
    await page.locator("#request-action").fill("s3:PutObject");
    await waitFor(() => page.evaluate(() => location.hash), "", { what: "fragment after an edit is saved" });
    await page.reload();
    await page.getByTestId("decision").waitFor();
    await page.locator('.page[data-ready="true"]').waitFor();
    assert.equal(await title.inputValue(), "My reload test");
    assert.equal(await page.locator("#request-action").inputValue(), "s3:PutObject");
    assert.equal(await decisionOf(page), "implicitDeny");
    assert.equal(await page.getByTestId("case-result").count(), 1);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a damaged saved workspace is reported and its text kept", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    // Wait for the first save, so that it cannot overwrite the damage.
    await waitFor(() => page.evaluate(() => localStorage.getItem("iamlab.workspace") !== null), true);
    await page.evaluate(() => localStorage.setItem("iamlab.workspace", '{"version": 1, "workspace": {"title": "half'));
    await page.reload();
    await page.getByTestId("decision").waitFor();
    await page.locator('.page[data-ready="true"]').waitFor();
    assert.match(await page.getByTestId("notice").innerText(), /damaged[\s\S]*iamlab\.workspace\.unreadable/);
    assert.equal(
      await page.evaluate(() => localStorage.getItem("iamlab.workspace.unreadable")),
      '{"version": 1, "workspace": {"title": "half',
    );
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("typing the request's resource ARN re-decides the request", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(READ_REPORTS) });
  try {
    await waitFor(() => decisionOf(page), "allowed", { what: "decision before the edit" });
    const arn = page.locator("#request-resource-arn");
    await arn.fill("arn:aws:s3:::private/q1.csv");
    await waitFor(() => decisionOf(page), "implicitDeny", { what: "decision for another bucket" });
    await arn.fill("arn:aws:s3:::reports/q2.csv");
    await waitFor(() => decisionOf(page), "allowed", { what: "decision back in the reports bucket" });
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.offsite, []);
  } finally {
    await close();
  }
});
