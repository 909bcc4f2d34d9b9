import { caseFragment, launchBrowser, openApp, serveDist } from "./support.mjs";
import { readFileSync } from "node:fs";
const w = JSON.parse(readFileSync("/tmp/big.json", "utf8"));
const site = await serveDist();
const browser = await launchBrowser();
const { page, close } = await openApp(browser, site, { width: 1280, height: 900, hash: caseFragment(w) });
await page.locator('[data-testid="data-note"][data-state="ready"]').waitFor({ timeout: 30_000 });
await page.locator('[data-testid="case-result"]').first().waitFor({ timeout: 30_000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.evaluate(async () => {
  const textarea = document.querySelector(".editor textarea");
  const at = textarea.value.indexOf('s3:GetObjec"') + "s3:GetObjec".length;
  textarea.focus();
  for (let i = 0; i < 30; i++) {
    if (i % 2 === 0) { textarea.setSelectionRange(at, at); document.execCommand("insertText", false, "t"); }
    else { textarea.setSelectionRange(at, at + 1); document.execCommand("delete"); }
    await new Promise((d) => requestAnimationFrame(() => setTimeout(d, 0)));
  }
});
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byId.get(id); const name = n.callFrame.functionName || "(anon " + n.callFrame.url.split("/").pop() + ")"; self.set(name, (self.get(name) || 0) + (dt[i] || 0)); total += dt[i] || 0; });
console.log("total ms", (total / 1000).toFixed(1));
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 35).forEach(([k, v]) => console.log((v / 1000).toFixed(1).padStart(8), k.slice(0, 120)));
await close(); await browser.close(); await site.close();
