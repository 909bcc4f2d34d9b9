import { caseFragment, launchBrowser, openApp, serveDist } from "./support.mjs";
import { readFileSync } from "node:fs";
const w = JSON.parse(readFileSync("/tmp/big.json", "utf8"));
const site = await serveDist();
const browser = await launchBrowser();
const { page, close } = await openApp(browser, site, { width: 1280, height: 900, hash: caseFragment(w) });
await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 30_000 });
await page.locator('[data-testid="case-result"]').first().waitFor({ timeout: 30_000 });
await browser.startTracing(page, { categories: ["devtools.timeline", "blink", "v8.execute", "disabled-by-default-devtools.timeline"] });
await page.evaluate(async () => {
  const textarea = document.querySelector(".editor textarea");
  const at = textarea.value.indexOf('s3:GetObjec"') + "s3:GetObjec".length;
  textarea.focus();
  for (let i = 0; i < 10; i++) {
    if (i % 2 === 0) { textarea.setSelectionRange(at, at); document.execCommand("insertText", false, "t"); }
    else { textarea.setSelectionRange(at, at + 1); document.execCommand("delete"); }
    await new Promise((d) => requestAnimationFrame(() => setTimeout(d, 0)));
  }
});
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const sums = new Map();
for (const e of events) if (e.ph === "X" && e.dur) sums.set(e.name, (sums.get(e.name) || 0) + e.dur);
[...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log((v / 1000 / 10).toFixed(2).padStart(8), "ms/keystroke", k));
await close(); await browser.close(); await site.close();
