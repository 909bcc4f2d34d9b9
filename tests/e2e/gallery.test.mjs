// Every example of the gallery, opened in the built page, evaluates to its documented decisions:
// each of its tests passes, and the tests cover more than one decision.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionOf, openApp, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

test("each example in the gallery evaluates to its documented decisions", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "Examples", exact: true }).click();
    const gallery = page.getByTestId("gallery");
    await gallery.waitFor();
    const ids = await gallery.getByTestId("open-example").evaluateAll((buttons) => buttons.map((b) => b.dataset.example));
    assert.ok(ids.length >= 11, `only ${ids.length} examples`);
    await page.keyboard.press("Escape");
    await gallery.waitFor({ state: "detached" });

    const seen = new Set();
    for (const id of ids) {
      await page.getByRole("button", { name: "Examples", exact: true }).click();
      const open = page.locator(`[data-testid="open-example"][data-example="${id}"]`);
      const title = (await open.getAttribute("aria-label")).replace(/^Open the example /, "");
      await open.click();
      await waitFor(() => page.locator("#workspace-title").inputValue(), title, { what: `${id} title` });
      const rows = await page.getByTestId("case-result").evaluateAll((items) =>
        items.map((item) => ({
          name: item.dataset.name,
          decision: item.dataset.decision,
          pass: item.dataset.pass,
          expect: item.querySelector("select.test-expect").value,
        })),
      );
      assert.ok(rows.length >= 4, `${id} has ${rows.length} tests`);
      for (const row of rows) {
        assert.equal(row.pass, "true", `${id}: ${row.name} expected ${row.expect}, got ${row.decision}`);
        assert.equal(row.decision, row.expect, `${id}: ${row.name}`);
        seen.add(row.decision);
      }
      assert.ok(new Set(rows.map((r) => r.decision)).size >= 2, `${id} teaches only one decision`);
      assert.match(await decisionOf(page), /^(allowed|explicitDeny|implicitDeny)$/);
      assert.equal(await page.locator(".status-bad").count(), 0, `${id} has a policy with errors`);
    }
    assert.deepEqual([...seen].sort(), ["allowed", "explicitDeny", "implicitDeny"]);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.offsite, []);
  } finally {
    await close();
  }
});
