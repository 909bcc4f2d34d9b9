// AWS's vocabulary in the built page: the catalog arrives after the first paint and the page says how
// recent it is; typing an action offers real ones; a misspelled action is flagged with the closest real
// one; editors lint and complete what is typed; a wildcard says what it covers; a policy has a summary;
// and attaching an AWS managed policy by picking it changes the decision.

import { test } from "node:test";
import assert from "node:assert/strict";
import { caseFragment, decisionOf, openApp, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

/** A user with no policy, reading an object: implicitDeny until something allows it. */
const BARE_USER = {
  cases: [
    {
      name: "alice reads a report",
      principal: { arn: "arn:aws:iam::111111111111:user/alice", policies: [] },
      resource: { arn: "arn:aws:s3:::reports/q1.csv" },
      action: "s3:GetObject",
      expect: "allowed",
    },
  ],
};

/** A user whose one policy has a misspelled service and a wildcard. */
const TYPO_POLICY = {
  cases: [
    {
      name: "bob reads",
      principal: {
        arn: "arn:aws:iam::111111111111:user/bob",
        policies: [
          {
            name: "Reader",
            document: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: ["s4:GetObject", "s3:Get*"], Resource: "arn:aws:s3:::reports/*" },
              ],
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

/** Waits for the catalog to arrive, and returns the footer's note. */
async function catalogReady(page) {
  const note = page.getByTestId("data-note");
  await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 20_000 });
  return note.innerText();
}

test("the catalog loads after the first paint and the page says how recent AWS's actions are", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(BARE_USER) });
  try {
    assert.equal(await catalogReady(page), "AWS actions as of 2026-09-26");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("typing s3:GetOb in the request offers s3:GetObject, and the keyboard takes it", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(BARE_USER) });
  try {
    await catalogReady(page);
    const field = page.locator("#request-action");
    await field.fill("");
    await field.pressSequentially("s3:GetOb");
    const list = page.locator("#request-action-list");
    await list.waitFor();
    assert.equal(await field.getAttribute("role"), "combobox");
    assert.equal(await field.getAttribute("aria-expanded"), "true");
    assert.equal(await field.getAttribute("aria-controls"), "request-action-list");
    assert.equal(await list.getAttribute("role"), "listbox");
    const first = list.getByRole("option").first();
    assert.match(await first.innerText(), /^s3:GetObject\s+Read$/);
    await screenshot(page, "vocabulary-request-autocomplete", { fullPage: false });
    await field.press("ArrowDown");
    assert.equal(await field.getAttribute("aria-activedescendant"), await first.getAttribute("id"));
    assert.equal(await first.getAttribute("aria-selected"), "true");
    await field.press("Enter");
    assert.equal(await field.inputValue(), "s3:GetObject");
    assert.equal(await list.count(), 0, "the list closes once an action is taken");
    // Escape closes the list without changing the text.
    await field.pressSequentially("x");
    await field.fill("s3:Put");
    await field.press("ArrowDown");
    await list.waitFor();
    await field.press("Escape");
    assert.equal(await list.count(), 0);
    assert.equal(await field.inputValue(), "s3:Put");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("s3:GetObjekt in the request is flagged with the closest real action, and still decided", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(BARE_USER) });
  try {
    await catalogReady(page);
    await page.locator("#request-action").fill("s3:GetObjekt");
    const finding = page.getByTestId("action-finding");
    await finding.waitFor();
    assert.equal(await finding.getAttribute("data-code"), "unknown-action");
    const text = await finding.innerText();
    assert.match(text, /`s3:GetObjekt` is not an action of Amazon S3: did you mean `s3:GetObject`\?/);
    assert.match(text, /AWS has no such action/);
    assert.equal(await decisionOf(page), "implicitDeny", "a decision is still given");
    await page.locator("#request-action").fill("s4:GetObject");
    await waitFor(() => finding.getAttribute("data-code"), "unknown-service", { what: "finding code" });
    await page.locator("#request-action").fill("s3:GetObject");
    await waitFor(() => finding.count(), 0, { what: "findings for a real action" });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("an editor lints what the catalog knows, completes actions, and shows what a wildcard covers", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(TYPO_POLICY) });
  try {
    await catalogReady(page);
    const editor = page.locator(".policy").first();
    const finding = editor.locator('[data-testid="diagnostic"][data-code="unknown-service"]');
    await finding.waitFor();
    assert.match(await finding.innerText(), /`s4` in `s4:GetObject` is not the prefix of any AWS service: did you mean `s3`/);

    // The caret on the wildcard: how many actions it covers, and which.
    const input = editor.locator(".code-input");
    const text = await input.inputValue();
    const at = text.indexOf("s3:Get*") + 4;
    await input.evaluate((element, at) => {
      element.focus();
      element.setSelectionRange(at, at);
      element.dispatchEvent(new KeyboardEvent("keyup", { key: "ArrowRight", bubbles: true }));
    }, at);
    const note = editor.getByTestId("wildcard-note");
    await note.waitFor();
    const summary = await note.locator("summary").innerText();
    const covered = Number(summary.match(/covers (\d+) actions/)?.[1]);
    assert.ok(covered > 50, `s3:Get* covers ${summary}`);
    await note.locator("summary").click();
    assert.match(await note.locator(".wildcard-list").innerText(), /^s3:GetAccelerateConfiguration$/m);

    // Typing a new entry: the list offers actions; Enter takes one and closes the string.
    const end = text.indexOf('"s3:Get*"') + '"s3:Get*"'.length;
    await input.evaluate((element, end) => {
      element.focus();
      element.setSelectionRange(end, end);
    }, end);
    await page.keyboard.type(', "s3:PutObjectTa');
    const list = editor.locator('[role="listbox"]');
    await list.waitFor();
    assert.match(await list.getByRole("option").first().innerText(), /^s3:PutObjectTagging/);
    await screenshot(page, "vocabulary-editor-autocomplete", { fullPage: false });
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    assert.match(await input.inputValue(), /"s3:PutObjectTagging"/);

    // The policy summary, per service.
    await editor.getByRole("button", { name: "Summary", exact: true }).click();
    const table = editor.getByTestId("policy-summary");
    await table.waitFor();
    assert.match(await table.innerText(), /Amazon S3 \(s3\): Limited: .*Read/);
    await screenshot(page, "vocabulary-summary");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("attaching ReadOnlyAccess by picking it changes the decision", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(BARE_USER) });
  try {
    await catalogReady(page);
    assert.equal(await decisionOf(page), "implicitDeny");
    await page.getByTestId("attach-managed").first().click();
    const search = page.locator('[data-testid="managed-picker"] input');
    await search.waitFor();
    assert.equal(await search.evaluate((element) => element === document.activeElement), true, "the search has the focus");
    await search.pressSequentially("ReadOnlyAcc");
    const option = page.locator('[data-testid="managed-picker"] [role="option"] .combo-label', { hasText: /^ReadOnlyAccess$/ });
    await option.waitFor();
    await screenshot(page, "vocabulary-managed-picker", { fullPage: false });
    await option.click();
    await waitFor(() => decisionOf(page), "allowed", { timeout: 20_000, what: "decision with ReadOnlyAccess" });
    const card = page.locator('[data-testid="policy"][data-managed="true"]');
    assert.equal(await card.getAttribute("data-policy-name"), "ReadOnlyAccess");
    assert.match(await card.innerText(), /arn:aws:iam::aws:policy\/ReadOnlyAccess/);
    // The explanation names the managed policy, and its document is one click away.
    assert.match(await page.getByTestId("decision").innerText(), /allowed|Allowed/);
    await card.getByRole("button", { name: "Show the document" }).click();
    assert.match(await card.locator(".code-input").inputValue(), /"s3:Get\*"/);
    assert.equal(await card.locator(".code-input").evaluate((element) => element.readOnly), true);
    await screenshot(page, "vocabulary-managed-card");

    // Reloaded, the attachment stays (and its document comes back from the site).
    await page.reload();
    await page.locator('.page[data-ready="true"]').waitFor();
    await waitFor(() => decisionOf(page), "allowed", { timeout: 20_000, what: "decision after reload" });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a case file's {arn} policy opens as an AWS managed policy", async () => {
  const managed = structuredClone(BARE_USER);
  managed.cases[0].principal.policies = [{ arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }];
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(managed) });
  try {
    await waitFor(() => decisionOf(page), "allowed", { timeout: 20_000, what: "decision with AmazonS3ReadOnlyAccess" });
    assert.equal(
      await page.locator('[data-testid="policy"][data-managed="true"]').getAttribute("data-policy-name"),
      "AmazonS3ReadOnlyAccess",
    );
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
