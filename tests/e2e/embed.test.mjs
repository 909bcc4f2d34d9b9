// The documentation element on its demo page (dist/embed/demo.html), which carries a strict CSP and
// deliberately loud styles of its own: every element's decision matches its expect; an editable one
// follows the reader's edits; 50 elements load without blocking typing; the page's CSS does not reach
// the element; the iframe view sizes itself; and no request leaves the origin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionOf, openPage, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

/** Opens the demo page and scrolls through it, so that every element is evaluated. */
async function openDemo() {
  const opened = await openPage(session.browser, { width: 1100, height: 900 });
  const requests = [];
  opened.page.on("request", (request) => requests.push(request.url()));
  await opened.page.goto(`${session.site.url}embed/demo.html`);
  await opened.page.locator("iamlab-scenario").first().waitFor();
  for (let y = 0; y < 6000; y += 600) {
    await opened.page.evaluate((y) => window.scrollTo(0, y), y);
    await opened.page.waitForTimeout(60);
  }
  await opened.page.waitForFunction(() => [...document.querySelectorAll("iamlab-scenario")].every((e) => e.hasAttribute("decision")));
  return { ...opened, requests };
}

function decisions(page) {
  return page.evaluate(() => [...document.querySelectorAll("iamlab-scenario")].map((e) => [e.id, e.getAttribute("decision")]));
}

test("every element of the demo page decides as its case expects", async () => {
  const { page, problems, close, requests } = await openDemo();
  try {
    assert.deepEqual(await decisions(page), [
      ["inline", "allowed"],
      ["editable", "explicitDeny"],
      ["from-src", "allowed"],
      ["from-attribute", "implicitDeny"],
      ["", "explicitDeny"],
    ]);
    // Each case row in the shadow root carries the app's test ids.
    const rows = await page.evaluate(() =>
      [...document.getElementById("from-src").shadowRoot.querySelectorAll('[data-testid="case-result"]')].map((row) => ({
        name: row.dataset.name,
        decision: row.dataset.decision,
        pass: row.dataset.pass,
      })),
    );
    assert.deepEqual(rows, [
      { name: "the partner reads a report", decision: "allowed", pass: "true" },
      { name: "the partner cannot write", decision: "implicitDeny", pass: "true" },
    ]);
    // The fenced block kept its text, inside the element that replaced it.
    assert.equal(await page.locator("pre > code.language-iamlab").count(), 0);
    assert.match(await page.locator("iamlab-scenario:not([id]) script").textContent(), /"s3:DeleteObject"/);
    // The iframe view decided too, and told the page its height.
    const frame = page.frameLocator("#frame");
    await frame.locator('iamlab-scenario[decision="allowed"]').waitFor();
    await waitFor(async () => (await page.locator("#frame").evaluate((f) => f.getBoundingClientRect().height)) > 150, true, { what: "iframe sized" });
    await screenshot(page, "embed-demo");

    const origin = new URL(session.site.url).origin;
    for (const url of requests) {
      assert.equal(new URL(url).origin, origin, `${url} left the origin`);
    }
    assert.deepEqual(problems.offsite, []);
    assert.deepEqual(problems.errors, [], "no console error and no CSP violation under the page's strict policy");
  } finally {
    await close();
  }
});

test("an editable element follows the reader's edits, and reports them", async () => {
  const { page, problems, close } = await openDemo();
  try {
    await page.evaluate(() => {
      window.__events = [];
      document.addEventListener("iamlab-decision", (event) => window.__events.push(event.detail.cases[0]?.decision));
    });
    const textarea = page.locator("#editable").locator("textarea");
    const text = await textarea.inputValue();
    await textarea.fill(text.replace('"aws:MultiFactorAuthPresent": false', '"aws:MultiFactorAuthPresent": true'));
    await waitFor(() => page.locator("#editable").getAttribute("decision"), "allowed", { what: "decision after the edit" });
    assert.ok((await page.evaluate(() => window.__events)).includes("allowed"), "an iamlab-decision event");
    // A broken edit: a located error, never a thrown one.
    await textarea.fill('{ "action": "s3:GetObject" "expect": "allowed" }');
    await waitFor(() => page.locator("#editable").getAttribute("decision"), "error", { what: "decision for broken JSON" });
    assert.match(await page.locator("#editable").locator(".diagnostics").innerText(), /line 1, column/);
    // The label points at the textarea, for screen readers.
    assert.equal(await page.locator("#editable").getByLabel(/Case file/).count(), 1);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the page's own CSS does not reach into the element", async () => {
  const { page, close } = await openDemo();
  try {
    const styles = await page.evaluate(() => {
      const reason = document.getElementById("inline").shadowRoot.querySelector(".reason");
      const outside = document.querySelector("body > p");
      return {
        inside: getComputedStyle(reason).color,
        insideSize: getComputedStyle(reason).fontSize,
        outside: getComputedStyle(outside).color,
        outsideSize: getComputedStyle(outside).fontSize,
      };
    });
    assert.equal(styles.outside, "rgb(122, 31, 162)", "the host's loud colour applies outside");
    assert.notEqual(styles.inside, styles.outside);
    assert.equal(styles.insideSize, "14px");
    assert.equal(styles.outsideSize, "22px");
  } finally {
    await close();
  }
});

test("fifty elements on one page load without blocking typing", async () => {
  const { page, problems, close } = await openDemo();
  try {
    const text = await page.locator("#inline script").textContent();
    await page.evaluate((text) => {
      const host = document.createElement("section");
      host.id = "many";
      for (let i = 0; i < 50; i++) {
        const element = document.createElement("iamlab-scenario");
        const json = document.createElement("script");
        json.type = "application/json";
        json.textContent = text;
        element.append(json);
        host.append(element);
      }
      document.body.prepend(host);
      window.scrollTo(0, 0);
    }, text);
    // While they evaluate, a keystroke in an editable element is handled at once.
    const textarea = page.locator("#editable textarea");
    await textarea.focus();
    const latency = await page.evaluate(
      () =>
        new Promise((done) => {
          const area = document.getElementById("editable").shadowRoot.querySelector("textarea");
          const start = performance.now();
          area.addEventListener("input", () => done(performance.now() - start), { once: true });
          area.setRangeText(" ", area.value.length, area.value.length, "end");
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
        }),
    );
    assert.ok(latency < 100, `the keystroke took ${latency} ms`);
    // Elements below the fold wait until they are scrolled to; all decide in the end.
    for (let y = 0; y < 40_000; y += 800) {
      await page.evaluate((y) => window.scrollTo(0, y), y);
      await page.waitForTimeout(20);
    }
    await page.waitForFunction(() => [...document.querySelectorAll("#many iamlab-scenario")].every((e) => e.getAttribute("decision") === "allowed"));
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("open-in-app opens the same scenario in the app", async () => {
  const { page, close } = await openDemo();
  let href;
  try {
    href = await page.locator("#inline").locator("a").getAttribute("href");
    assert.match(href, /index\.html#case=[A-Za-z0-9_-]+$/);
  } finally {
    await close();
  }
  const opened = await openPage(session.browser, { width: 1280, height: 800 });
  try {
    await opened.page.goto(href);
    await opened.page.locator('.page[data-ready="true"]').waitFor();
    await waitFor(() => decisionOf(opened.page), "allowed", { what: "the app's decision" });
  } finally {
    await opened.close();
  }
});
