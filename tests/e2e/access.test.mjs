// Accessibility basics in the built page: every control has a name, and the main commands work from the keyboard.

import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

test("every form control has a label, and every button a name", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    // Open an example with every kind of field: groups, tags, a boundary, resources with policies, context keys.
    for (const id of ["least-privilege-groups", "boundary-delegated-admin", "abac-tags", "scp-region-guardrail"]) {
      await page.getByRole("button", { name: "Examples", exact: true }).click();
      await page.locator(`[data-testid="open-example"][data-example="${id}"]`).click();
      await page.getByTestId("gallery").waitFor({ state: "detached" });
      const unnamed = await page.evaluate(() => {
        const missing = [];
        for (const control of document.querySelectorAll("input, select, textarea")) {
          const named = control.labels?.length > 0 || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
          if (!named) {
            missing.push(control.outerHTML.slice(0, 120));
          }
        }
        for (const button of document.querySelectorAll("button, summary")) {
          if (!(button.getAttribute("aria-label") || button.textContent.trim())) {
            missing.push(button.outerHTML.slice(0, 120));
          }
        }
        return missing;
      });
      assert.deepEqual(unnamed, [], id);
    }
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the gallery opens and closes from the keyboard, and focus comes back", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    // Tab from the top of the page to the Examples button.
    await page.locator("body").focus();
    await waitFor(
      async () => {
        await page.keyboard.press("Tab");
        return page.evaluate(() => document.activeElement?.textContent);
      },
      "Examples",
      { what: "focused control", timeout: 5_000 },
    );
    await page.keyboard.press("Enter");
    await page.getByTestId("gallery").waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), "gallery-close");
    // Tab moves to the first example; Enter opens it.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.example), "least-privilege-groups");
    // Focus stays inside the dialog: Shift+Tab from Close goes to the last
    // example, and Tab from there comes back to Close.
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "gallery-close");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "gallery-last");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "gallery-close");
    await page.keyboard.press("Escape");
    await page.getByTestId("gallery").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement.id), "examples-button");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
