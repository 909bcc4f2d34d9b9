// Privacy and safety in the built page: text that looks like HTML stays text wherever it comes from (a policy,
// a tag, a title, a case file, a share link), and after the page has loaded no request leaves its origin or carries what was typed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { caseFragment, decisionOf, openApp, openPage, pasteInto, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = "<script>window.__xss=2</script>";
const BREAKOUT = '</textarea></pre><img src=x onerror="window.__xss=3"><svg onload="window.__xss=4">';

const HOSTILE = {
  cases: [
    {
      name: `case ${IMG}`,
      principal: {
        arn: "arn:aws:iam::111111111111:user/alice",
        tags: { [IMG]: SCRIPT },
        policies: [
          {
            name: `policy ${SCRIPT}`,
            document: {
              Version: "2012-10-17",
              Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${BREAKOUT}` }],
            },
          },
        ],
      },
      resource: { arn: "arn:aws:s3:::b/x", tags: { team: BREAKOUT } },
      action: "s3:GetObject",
      context: { [`aws:RequestTag/${IMG}`]: SCRIPT },
      expect: "implicitDeny",
    },
  ],
};

/** Fails if the page ran or built anything from the payloads. */
async function assertInert(page, dialogs) {
  assert.deepEqual(dialogs, [], "no dialog opened");
  assert.equal(await page.evaluate(() => window.__xss), undefined, "no payload ran");
  assert.equal(await page.locator("img, svg, iframe, object, embed").count(), 0, "no element was injected");
  const scripts = await page.locator("script").evaluateAll((items) => items.map((s) => s.getAttribute("src")));
  assert.deepEqual(scripts, ["./boot.js"], "only the page's own script");
}

test("HTML in a case file, a tag, a policy, a title and a share link stays inert text", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(HOSTILE) });
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  let shareUrl;
  try {
    await assertInert(page, dialogs);
    // The payloads are shown as text.
    assert.equal(await page.getByTestId("case-result").getAttribute("data-name"), `case ${IMG}`);
    assert.equal(await page.locator(".policy-name").first().inputValue(), `policy ${SCRIPT}`);
    assert.ok((await page.locator(".code-layer").first().innerText()).includes(BREAKOUT.replaceAll('"', '\\"')));
    assert.equal(await page.locator(".tag-key").first().inputValue(), IMG);

    // Typed and pasted payloads.
    await page.locator("#workspace-title").fill(`${SCRIPT}${IMG}`);
    await pasteInto(page.locator(".code-input").first(), `${BREAKOUT}\n${SCRIPT}`);
    await page.locator(".tag-value").first().fill(BREAKOUT);
    await waitFor(() => decisionOf(page), "error", { what: "decision with a broken policy" });
    assert.ok((await page.getByTestId("diagnostic").first().innerText()).length > 0);
    await assertInert(page, dialogs);

    await page.getByRole("button", { name: "Share", exact: true }).click();
    shareUrl = await page.getByTestId("share-url").inputValue();
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }

  // The share link, opened fresh, and a share link whose payload is itself an HTML string.
  for (const url of [shareUrl, `${session.site.url}#share=1.${encodeURIComponent(IMG)}`, `${session.site.url}#case=${encodeURIComponent(SCRIPT)}`]) {
    const { page, problems, close } = await openApp(session.browser, session.site);
    const seen = [];
    page.on("dialog", (dialog) => {
      seen.push(dialog.message());
      dialog.dismiss();
    });
    try {
      await page.goto(url);
      await page.reload();
      await page.getByTestId("decision").waitFor();
      await page.locator('.page[data-ready="true"]').waitFor();
      await assertInert(page, seen);
      if (url === shareUrl) {
        assert.equal(await page.locator("#workspace-title").inputValue(), `${SCRIPT}${IMG}`);
      } else {
        assert.match(await page.getByTestId("notice").innerText(), /could not be opened/);
      }
      assert.deepEqual(problems.errors, []);
    } finally {
      await close();
    }
  }
});

test("after the page has loaded, no request leaves its origin or carries what the user typed", async () => {
  const { page, problems, close } = await openPage(session.browser, { width: 1280, height: 800 });
  const requests = [];
  try {
    await page.goto(session.site.url, { waitUntil: "load" });
    await page.getByTestId("decision").waitFor();
    await page.locator('.page[data-ready="true"]').waitFor();
    page.on("request", (request) => requests.push(request.url()));

    // Everything a session does, except downloading an export (a blob: address made in the page).
    await page.getByRole("button", { name: "Examples", exact: true }).click();
    await page.locator('[data-testid="open-example"][data-example="abac-tags"]').click();
    await page.getByTestId("closest-statement").first().click();
    await page.locator(".code-input").first().focus();
    await page.keyboard.type(" ");
    await page.locator("#request-action").fill("ec2:StartInstances");
    await page.locator(".chips .chip", { hasText: "+ Source IP" }).click();
    await page.getByRole("button", { name: "Save test", exact: true }).click();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("button", { name: "New", exact: true }).click();
    await page.getByRole("button", { name: "Undo", exact: true }).click();
    await page.locator(".test-name").nth(3).click();
    // AWS's vocabulary: autocomplete, and an AWS managed policy attached
    // (whose documents come as one file of the site).
    await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 20_000 });
    await page.locator("#request-action").fill("");
    await page.locator("#request-action").pressSequentially("s3:GetOb");
    await page.locator("#request-action-list").waitFor();
    await page.getByTestId("attach-managed").first().click();
    await page.locator('[data-testid="managed-picker"] input').pressSequentially("ReadOnlyAcc");
    await page.locator('[data-testid="managed-picker"] [role="option"] .combo-label', { hasText: /^ReadOnlyAccess$/ }).click();
    await page.locator('[data-testid="policy"][data-managed="true"]').waitFor();
    await page.waitForTimeout(800);

    // The only requests are for the site's own static files (an example opened
    // from the gallery, AWS's managed policies), by a fixed path: no query, no
    // fragment, nothing typed.
    const origin = new URL(session.site.url).origin;
    for (const url of requests) {
      const parsed = new URL(url);
      assert.equal(parsed.origin, origin, `${url} left the page's origin`);
      assert.equal(parsed.search + parsed.hash, "", `${url} carries a query or a fragment`);
      assert.match(
        parsed.pathname,
        /^\/(examples\/[a-z0-9-]+\.json|favicon\.svg|catalog\.bin\.z|managed-policies\.bin\.z)$/,
        `${url} is not one of the site's static files`,
      );
      for (const typed of ["ec2:StartInstances", "203.0.113", "alice", "GetOb", "ReadOnly"]) {
        assert.ok(!url.includes(typed), `${url} carries typed text`);
      }
    }
    assert.ok(requests.some((url) => url.endsWith("/examples/abac-tags.json")), "the example was fetched");
    assert.ok(requests.some((url) => url.endsWith("/managed-policies.bin.z")), "the managed policies were fetched");
    assert.deepEqual(problems.offsite, [], "requests that left 127.0.0.1");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
