// The two gates in the page: a request through a VPC endpoint (its policy is a layer of the waterfall),
// and S3 Block Public Access on a public bucket (shown on the resource-policy layer).

import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionOf, openApp, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

async function openExample(page, id) {
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  await page.locator(`[data-testid="open-example"][data-example="${id}"]`).click();
  await page.getByTestId("gallery").waitFor({ state: "detached" });
}

const layerNames = (page) => page.locator('[data-testid="waterfall"] .layer-name').allInnerTexts();

test("flipping 'Through a VPC endpoint' changes the decision and the waterfall", async () => {
  for (const width of [1280, 375]) {
    const { page, problems, close } = await openApp(session.browser, session.site, { width });
    try {
      await openExample(page, "vpc-endpoint");
      await waitFor(() => decisionOf(page), "allowed", { what: "through the endpoint" });
      assert.ok((await layerNames(page)).includes("VPC endpoint policy"));
      const toggle = page.locator("#request-endpoint");
      assert.ok(await toggle.isChecked());
      await screenshot(page, `vpc-endpoint-${width}`);

      await toggle.uncheck();
      await waitFor(() => decisionOf(page), "explicitDeny", { what: "outside the endpoint" });
      assert.ok(!(await layerNames(page)).includes("VPC endpoint policy"));
      assert.match(await page.locator("#decision-reason").innerText(), /Deny statement applies/);

      await toggle.check();
      await waitFor(() => decisionOf(page), "allowed", { what: "back through the endpoint" });
      // An action the endpoint policy does not allow: the endpoint layer decides.
      await page.locator("#request-action").fill("s3:DeleteObject");
      await waitFor(() => decisionOf(page), "implicitDeny", { what: "filtered by the endpoint" });
      assert.match(await page.locator("#decision-reason").innerText(), /vpce-0a1b2c3d/);
      const endpointLayer = page.locator('[data-testid="waterfall"] .layer', { hasText: "VPC endpoint policy" });
      assert.equal(await endpointLayer.getAttribute("data-verdict"), "no-match");
      assert.deepEqual(problems.errors, []);
    } finally {
      await close();
    }
  }
});

test("flipping Block Public Access changes the decision and the resource-policy layer", async () => {
  for (const width of [1280, 375]) {
    const { page, problems, close } = await openApp(session.browser, session.site, { width });
    try {
      await openExample(page, "block-public-access");
      await waitFor(() => decisionOf(page), "implicitDeny", { what: "restricted" });
      const resourceLayer = page.locator('[data-testid="waterfall"] .layer', { hasText: "Resource-based policy" });
      assert.equal(await resourceLayer.getAttribute("data-verdict"), "restricted");
      assert.match(await page.getByTestId("layer-note").first().innerText(), /public/);
      assert.match(await page.locator("#decision-reason").innerText(), /Block Public Access/);
      await screenshot(page, `block-public-access-${width}`);

      await page.locator("#resource-0-restrict-public").uncheck();
      await waitFor(() => decisionOf(page), "allowed", { what: "public again" });
      assert.equal(await resourceLayer.getAttribute("data-verdict"), "allow");
      assert.deepEqual(problems.errors, []);
    } finally {
      await close();
    }
  }
});
