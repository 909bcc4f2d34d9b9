// Screenshots of the main views at 1280 px and 375 px, saved under target/screenshots/ for a person to look at.
// Each view also checks what it shows, and that nothing overflows the page sideways.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionOf, openApp, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

async function assertNoSidewaysScroll(page, view) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${view}: the page is ${scroll}px wide in a ${client}px window`);
}

async function openExample(page, id) {
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  await page.locator(`[data-testid="open-example"][data-example="${id}"]`).click();
  await page.getByTestId("gallery").waitFor({ state: "detached" });
}

for (const width of [1280, 375]) {
  test(`main views at ${width}px`, async () => {
    const { page, problems, close } = await openApp(session.browser, session.site, { width, height: width > 600 ? 900 : 812 });
    try {
      // A first visit opens the MFA example: an explicit deny with a missing key.
      assert.equal(await decisionOf(page), "explicitDeny");
      await assertNoSidewaysScroll(page, "main");
      await screenshot(page, `main-${width}`);

      await page.getByRole("button", { name: "Examples", exact: true }).click();
      await page.getByTestId("gallery").waitFor();
      await assertNoSidewaysScroll(page, "gallery");
      // The gallery is a fixed dialog: make the window as tall as the dialog to see all of it.
      const viewport = page.viewportSize();
      const tall = await page.locator(".dialog").evaluate((dialog) => Math.ceil(dialog.getBoundingClientRect().height) + 80);
      await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, tall) });
      await screenshot(page, `gallery-${width}`, { fullPage: false });
      await page.setViewportSize(viewport);
      await page.getByRole("button", { name: "Close", exact: true }).click();

      // An implicit deny: the closest statement and what it lacked.
      await openExample(page, "abac-tags");
      await waitFor(() => decisionOf(page), "implicitDeny", { what: "ABAC decision" });
      assert.match(await page.locator(".closest").first().innerText(), /aws:ResourceTag\/team/);
      await assertNoSidewaysScroll(page, "implicit deny");
      await screenshot(page, `implicit-deny-${width}`);

      // An allowed cross-account request, and the share panel.
      await openExample(page, "cross-account-bucket");
      await waitFor(() => decisionOf(page), "allowed", { what: "cross-account decision" });
      await page.getByRole("button", { name: "Share", exact: true }).click();
      await page.getByTestId("share-url").waitFor();
      await assertNoSidewaysScroll(page, "share");
      await screenshot(page, `allowed-share-${width}`);

      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.offsite, []);
    } finally {
      await close();
    }
  });
}
