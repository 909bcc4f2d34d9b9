// The first page: the release build loads from dist/, the Yew app renders, and nothing goes wrong or off the machine.

import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, useSiteAndBrowser, waitVisible } from "./support.mjs";

const session = useSiteAndBrowser();

for (const { width, height } of [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
]) {
  test(`home page renders the app at ${width}px with no errors and no off-machine requests`, async () => {
    const { page, problems, close } = await openPage(session.browser, { width, height });
    try {
      await page.goto(session.site.url);
      // The body of index.html is empty, so this heading exists only once the wasm app has rendered.
      await waitVisible(page.getByRole("heading", { level: 1, name: "iamlab" }), problems);

      assert.equal(await page.title(), "iamlab");
      await screenshot(page, `home-${width}`);

      assert.deepEqual(problems.errors, [], "console errors, page errors or CSP violations");
      assert.deepEqual(problems.offsite, [], "requests that left 127.0.0.1");
    } finally {
      await close();
    }
  });
}
