// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1, a headless Chromium,
// and a page that records every console error, page error, CSP violation and off-machine request.
//
// The site is served the way any static host would serve it, by a few lines of node:http, so that the
// tests need no server package. Chromium is Debian's (/usr/bin/chromium), driven by playwright-core,
// which never downloads a browser of its own.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The release site under test: `cargo xtask dist` writes it; IAMLAB_DIST may point elsewhere. */
export const distDir = resolve(process.env.IAMLAB_DIST ?? join(repoRoot, "dist"));

/** Where screenshots go, for a person to look at. */
export const screenshotDir = join(repoRoot, "target", "screenshots");

/** The only host a page may talk to. */
export const HOST = "127.0.0.1";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

// Debian's Chromium, with the flags that keep it from reaching for Google's services on a closed network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Registers `before`/`after` hooks that serve `dist/` and launch Chromium once for a test file.
 * Returns an object whose `site` and `browser` are set before the first test runs.
 */
export function useSiteAndBrowser() {
  const session = { site: undefined, browser: undefined };
  before(async () => {
    session.site = await serveDist();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.site?.close();
  });
  return session;
}

/**
 * Serves `root` on 127.0.0.1 at a free port, read-only, as a static host would.
 * Resolves to `{ url, close }`, where `url` ends with a slash.
 */
export async function serveDist(root = distDir) {
  await stat(join(root, "index.html")).catch(() => {
    throw new Error(`${root}/index.html is missing: run \`cargo xtask dist\` first`);
  });
  const server = createServer((request, response) => {
    respond(root, request, response).catch((error) => {
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(String(error));
    });
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, HOST, done);
  });
  const { port } = server.address();
  return {
    url: `http://${HOST}:${port}/`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** Answers one request with a file of `root`, `index.html` for a directory, or 404. */
async function respond(root, request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" });
    response.end();
    return;
  }
  const path = decodeURIComponent(new URL(request.url, `http://${HOST}`).pathname);
  let file = normalize(join(root, path));
  // INVARIANT (served-inside-dist): no request reads a file outside `root`.
  if (file !== root && !file.startsWith(root + sep)) {
    response.writeHead(403);
    response.end();
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end(`not found: ${path}\n`);
    return;
  }
  response.writeHead(200, {
    "content-type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": info.size,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

/**
 * Starts headless Chromium. Playwright gives every launch a new, empty profile directory
 * (its own --user-data-dir) and deletes it on close.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens a page in a fresh browser context and starts recording what must never happen:
 * `problems.errors` collects console errors, uncaught page errors, CSP violations and failed requests;
 * `problems.offsite` collects every request to anything but 127.0.0.1, which is also blocked.
 */
export async function openPage(browser, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = { errors: [], offsite: [] };

  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const isLocal = url.hostname === HOST || url.protocol === "data:" || url.protocol === "blob:";
    if (isLocal) {
      return route.continue();
    }
    problems.offsite.push(url.href);
    return route.abort("blockedbyclient");
  });
  // Chromium also logs CSP violations to the console, but the `securitypolicyviolation` event is the
  // standard signal, so the page reports each violation itself. Init scripts are exempt from the page's CSP.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.errors.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.errors.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const url = new URL(request.url());
    if (url.hostname === HOST) {
      problems.errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.errors.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });

  return { page, problems, close: () => context.close() };
}

/**
 * Waits until `locator` is visible. When it never appears, the error lists what the page recorded,
 * because a blocked script or a failed load is usually the reason.
 */
export async function waitVisible(locator, problems, timeout = 30_000) {
  try {
    await locator.waitFor({ state: "visible", timeout });
  } catch (error) {
    const seen = [...problems.errors, ...problems.offsite.map((url) => `off-machine request: ${url}`)];
    const details = seen.length > 0 ? seen.join("\n  ") : "(no errors recorded)";
    throw new Error(`${error.message.split("\n")[0]}\nwhat the page recorded:\n  ${details}`);
  }
}

/**
 * Saves a screenshot as target/screenshots/<name>.png and returns its path: the full page, or with
 * `{ fullPage: false }` only the viewport (for a fixed dialog, which a full-page shot would cut off).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The `#case=` fragment that opens `caseFile` (an object, or the text of a case file). */
export function caseFragment(caseFile) {
  const text = typeof caseFile === "string" ? caseFile : JSON.stringify(caseFile, null, 2);
  return `#case=${Buffer.from(text, "utf8").toString("base64url")}`;
}

/**
 * Waits until `read()` returns `expected` (compared with ===), polling every 20 ms, and returns it;
 * on timeout the error shows the last value read.
 */
export async function waitFor(read, expected, { timeout = 10_000, what = "value" } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) {
      return last;
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`${what}: expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

/**
 * Opens the app at `site.url + hash` in a fresh context and waits until it shows a decision.
 * Resolves to what `openPage` gives.
 */
export async function openApp(browser, site, { width = 1280, height = 800, hash = "" } = {}) {
  const opened = await openPage(browser, { width, height });
  await opened.page.goto(site.url + hash);
  await waitVisible(opened.page.getByTestId("decision"), opened.problems);
  // A first visit fetches its example, and a share link inflates, after the first render.
  await opened.page.locator('.page[data-ready="true"]').waitFor();
  return opened;
}

/** The `data-decision` of the page's decision. */
export function decisionOf(page) {
  return page.getByTestId("decision").getAttribute("data-decision");
}

/** Pastes `text` into `textarea` (a locator) as a user would: selection replaced, through a paste event. */
export async function pasteInto(textarea, text, { selectAll = true } = {}) {
  await textarea.evaluate(
    (element, { text, selectAll }) => {
      element.focus();
      if (selectAll) {
        element.select();
      }
      const data = new DataTransfer();
      data.setData("text/plain", text);
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { text, selectAll },
  );
}
