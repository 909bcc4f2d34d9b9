// <iamlab-scenario>: a live IAM decision in any page, from iamlab's WebAssembly module.
//
//   <script type="module" src=".../embed/iamlab-embed.js"></script>
//   <iamlab-scenario editable explain="open">
//     <script type="application/json">{ "principal": {...}, "action": "s3:GetObject", ... }</script>
//   </iamlab-scenario>
//
// The case file comes from a child <script type="application/json">, a `src` attribute (a same-origin
// URL) or a `case` attribute (base64url). Every `pre > code.language-iamlab` block of the page (what
// mdBook, Docusaurus, MkDocs and Hugo make of a fenced block tagged `iamlab`) becomes an element too,
// keeping its text. One module instance serves every element; an element is evaluated when it first
// scrolls into view. The element renders in an open shadow root with its own styles, sets its
// `decision` attribute (`allowed`, `explicitDeny`, `implicitDeny` or `error`, for its first case) and
// dispatches `iamlab-decision` with every case's result. Nothing is fetched but the module, its
// `.wasm`, and a `src` the page names.
//
// Every word shown comes from the module (the core's trace, put into words by `iamlab-words`); this
// file only lays it out.

import init, { view } from "./iamlab_embed_wasm.js";

const WASM_URL = new URL("./iamlab_embed_wasm_bg.wasm", import.meta.url);
const APP_URL = new URL("../index.html", import.meta.url);

let module;
function ready() {
  module ??= init({ module_or_path: WASM_URL });
  return module;
}

const STYLE = `
:host { all: initial; display: block; contain: content; margin: 1em 0;
  --ink: #1c2330; --muted: #5a6478; --card: #ffffff; --sunk: #f3f5f8; --line: #dde1e8;
  --allow: #136c3a; --allow-soft: #e3f4ea; --deny: #a4262c; --deny-soft: #fbe9ea;
  --implicit: #8a5300; --implicit-soft: #fdf1dc; --accent: #2457c5;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
:host([theme="dark"]) { --ink: #e6e9ef; --muted: #a3abbb; --card: #1b1f27; --sunk: #151920; --line: #2f3542;
  --allow: #7bd69c; --allow-soft: #163324; --deny: #f19a9f; --deny-soft: #3a1a1c;
  --implicit: #f0c36b; --implicit-soft: #352a12; --accent: #86a9f7; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { --ink: #e6e9ef; --muted: #a3abbb; --card: #1b1f27; --sunk: #151920; --line: #2f3542;
    --allow: #7bd69c; --allow-soft: #163324; --deny: #f19a9f; --deny-soft: #3a1a1c;
    --implicit: #f0c36b; --implicit-soft: #352a12; --accent: #86a9f7; }
}
.box { border: 1px solid var(--line); border-radius: 10px; background: var(--card); padding: 0.75em 1em; }
.decision { display: flex; gap: 0.6em; align-items: baseline; padding: 0.5em 0.75em; border-radius: 8px; }
.decision.allowed { background: var(--allow-soft); color: var(--allow); }
.decision.explicitDeny { background: var(--deny-soft); color: var(--deny); }
.decision.implicitDeny, .decision.error { background: var(--implicit-soft); color: var(--implicit); }
.headline { font-weight: 700; font-size: 1.1em; }
code, .code, textarea { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.term code { padding: 0 0.3em; border-radius: 4px; background: var(--card); color: var(--ink); }
.reason { margin: 0.5em 0; font-weight: 600; }
.request, .muted { color: var(--muted); }
h3 { font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 0.8em 0 0.3em; }
ul { margin: 0.2em 0; padding-left: 1.2em; }
.effect { font-weight: 700; font-size: 0.8em; padding: 0 0.35em; border-radius: 4px; border: 1px solid currentColor; }
.effect.Allow { color: var(--allow); } .effect.Deny { color: var(--deny); }
details { margin-top: 0.6em; }
summary { cursor: pointer; color: var(--accent); }
summary:focus-visible, a:focus-visible, textarea:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.layer { border-left: 3px solid var(--line); margin: 0.4em 0; padding: 0.1em 0.6em; }
.layer.allow { border-color: var(--allow); } .layer.deny { border-color: var(--deny); }
.layer.restricted { border-color: var(--implicit); }
.layer-name { font-weight: 600; }
.statement { margin: 0.3em 0 0.3em 0.5em; }
.part { margin-left: 1em; }
.part .mark { display: inline-block; width: 1.2em; }
.holds .mark { color: var(--allow); } .fails .mark { color: var(--deny); }
.code { background: var(--sunk); border-radius: 4px; padding: 0 0.25em; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5em; }
th, td { text-align: left; padding: 0.3em 0.4em; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 0.85em; }
.pass { color: var(--allow); font-weight: 700; } .fail { color: var(--deny); font-weight: 700; }
textarea { width: 100%; box-sizing: border-box; min-height: 12em; padding: 0.5em; border: 1px solid var(--line);
  border-radius: 6px; background: var(--sunk); color: var(--ink); resize: vertical; tab-size: 2; }
label { display: block; font-weight: 600; font-size: 0.85em; margin-bottom: 0.2em; }
.diagnostics { color: var(--deny); }
.footer { display: flex; justify-content: flex-end; margin-top: 0.5em; font-size: 0.85em; }
a { color: var(--accent); }
.loading { color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none; }
`;

let sheet;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/** An element with optional class, attributes and children (strings become text nodes). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Words from the module: text, and code shown as code. */
function words(list) {
  return list.map((word) => (word.code ? el("span", { class: "code", text: word.text }) : word.text));
}

function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const padded = text.replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const ICONS = { allowed: "✓", explicitDeny: "✕", implicitDeny: "∅", error: "⚠" };

function decisionBlock(result) {
  return el(
    "div",
    { class: `decision ${result.decision}`, role: "status" },
    el("span", { "aria-hidden": "true", text: ICONS[result.decision] ?? "" }),
    el(
      "span",
      {},
      el("span", { class: "headline", text: result.headline }),
      " ",
      result.decision === "error"
        ? null
        : el("span", { class: "term" }, "AWS's term: ", el("code", { text: result.decision })),
    ),
  );
}

function layerBlock(layer) {
  return el(
    "div",
    { class: `layer ${layer.verdict}` },
    el("div", {}, el("span", { class: "layer-name", text: layer.name }), " — ", layer.verdictWords, layer.detail ? ` (${layer.detail})` : ""),
    layer.note ? el("div", { class: "muted", text: layer.note }) : null,
    layer.policies.map((policy) =>
      el(
        "div",
        { class: "policy" },
        el("div", { class: "muted", text: policy.label }),
        policy.statements.map((statement) =>
          el(
            "div",
            { class: "statement" },
            el("span", { class: `effect ${statement.effect}`, text: statement.effect }),
            ` ${statement.label} (line ${statement.line}): `,
            statement.applies ? "applies" : `does not apply: ${statement.lacks.join("; ")}`,
            statement.parts.map((part) =>
              el(
                "div",
                { class: `part ${part.holds ? "holds" : "fails"}` },
                el("span", { class: "mark", "aria-hidden": "true", text: part.holds ? "✓" : "✗" }),
                el("span", { class: "visually-hidden", text: part.holds ? "holds: " : "fails: " }),
                `${part.element}: `,
                words(part.words),
              ),
            ),
          ),
        ),
        policy.otherStatements > 0 ? el("div", { class: "muted", text: `(${policy.otherStatements} more statement(s) about other actions)` }) : null,
      ),
    ),
    layer.unlistedWords ? el("div", { class: "muted", text: `(${layer.unlistedWords})` }) : null,
  );
}

function caseBlock(result, open) {
  if (result.decision === "error") {
    return el(
      "div",
      {},
      decisionBlock(result),
      el("p", { class: "reason", text: result.sentence }),
      el("ul", { class: "diagnostics" }, result.errors.map((e) => el("li", { text: `line ${e.line}, column ${e.column}: ${e.message}` }))),
    );
  }
  return el(
    "div",
    {},
    decisionBlock(result),
    el("p", { class: "reason", text: result.reason }),
    result.request
      ? el("p", { class: "request" }, el("span", { class: "code", text: result.request.caller }), " calls ", el("span", { class: "code", text: result.request.action }), " on ", el("span", { class: "code", text: result.request.resource }))
      : null,
    result.deciding.length > 0
      ? [
          el("h3", { text: result.decision === "allowed" ? "Statements that allow it" : "Statements that deny it" }),
          el("ul", {}, result.deciding.map((s) => el("li", {}, el("span", { class: `effect ${s.effect}`, text: s.effect }), ` ${s.statement} of ${s.policy} (line ${s.line})`))),
        ]
      : null,
    result.missingKeys.length > 0 ? el("p", { class: "muted" }, "The request lacks: ", result.missingKeys.join(", ")) : null,
    el("details", { open: open || undefined }, el("summary", { text: "Layer by layer, in AWS's order" }), result.layers.map(layerBlock)),
  );
}

function table(results) {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Case" }), el("th", { scope: "col", text: "Decision" }), el("th", { scope: "col", text: "Expected" }), el("th", { scope: "col", text: "" }))),
    el(
      "tbody",
      {},
      results.map((r) =>
        el(
          "tr",
          { "data-testid": "case-result", "data-name": r.name, "data-decision": r.decision, "data-pass": String(r.pass) },
          el("td", { text: r.name }),
          el("td", {}, el("code", { text: r.decision })),
          el("td", {}, r.expected ? el("code", { text: r.expected }) : "—"),
          el("td", { class: r.expected ? (r.pass ? "pass" : "fail") : "", text: r.expected ? (r.pass ? "pass" : "fail") : "" }),
        ),
      ),
    ),
  );
}

const visible = new Set();
let observer;
function whenVisible(element, run) {
  if (!("IntersectionObserver" in window)) {
    run();
    return;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          entry.target.__iamlabRun?.();
        }
      }
    },
    { rootMargin: "200px" },
  );
  element.__iamlabRun = run;
  visible.add(element);
  observer.observe(element);
}

class IamlabScenario extends HTMLElement {
  static get observedAttributes() {
    return ["case", "src"];
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      this.attachShadow({ mode: "open" });
      this.shadowRoot.adoptedStyleSheets = [styles()];
      this.shadowRoot.append(el("div", { class: "box loading", text: "Loading the IAM decision…" }));
    }
    whenVisible(this, () => this.#start());
  }

  attributeChangedCallback(name, previous, current) {
    if (previous !== null && previous !== current && this.isConnected) this.#start();
  }

  async #source() {
    const inline = this.querySelector('script[type="application/json"]');
    if (this.hasAttribute("case")) return fromBase64url(this.getAttribute("case"));
    if (this.hasAttribute("src")) {
      const url = new URL(this.getAttribute("src"), document.baseURI);
      if (url.origin !== location.origin) throw new Error(`src must be on this site: ${url.href}`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
      return response.text();
    }
    if (inline) return inline.textContent;
    throw new Error("no case file: give a <script type=\"application/json\"> child, src or case");
  }

  async #start() {
    let text;
    try {
      text = await this.#source();
      await ready();
    } catch (error) {
      this.#fail(String(error.message ?? error));
      return;
    }
    this.text = text;
    this.#layout();
    this.#evaluate();
  }

  #fail(message) {
    this.setAttribute("decision", "error");
    this.shadowRoot.replaceChildren(el("div", { class: "box", role: "status" }, el("div", { class: "decision error", text: `⚠ ${message}` })));
    this.dispatchEvent(new CustomEvent("iamlab-decision", { bubbles: true, composed: true, detail: { cases: [], error: message } }));
  }

  #layout() {
    const box = el("div", { class: "box" });
    if (this.hasAttribute("editable")) {
      const id = "case-text";
      const area = el("textarea", { id, spellcheck: "false", autocomplete: "off", "aria-describedby": "results" });
      area.value = this.text;
      let timer;
      area.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.text = area.value;
          this.#evaluate();
        }, 120);
      });
      box.append(el("label", { for: id, text: "Case file (edit the policies; the decision follows)" }), area);
    }
    this.results = el("div", { id: "results", "aria-live": "polite" });
    box.append(this.results);
    if (this.hasAttribute("open-in-app")) {
      this.appLink = el("a", { target: "_blank", rel: "noopener", text: "Open in iamlab ↗" });
      box.append(el("div", { class: "footer" }, this.appLink));
    }
    this.shadowRoot.replaceChildren(box);
  }

  #evaluate() {
    let result;
    try {
      result = view(this.text);
    } catch (error) {
      this.#fail(String(error.message ?? error));
      return;
    }
    const open = this.getAttribute("explain") === "open";
    const cases = result.cases;
    let body;
    if (result.error) {
      body = el("div", {}, el("div", { class: "decision error", role: "status", text: "⚠ The case file does not read" }), el("p", { class: "diagnostics", text: `line ${result.error.line}, column ${result.error.column}: ${result.error.message}` }));
    } else if (cases.length === 1) {
      body = [caseBlock(cases[0], open), el("div", { hidden: true }, table(cases))];
    } else {
      body = [caseBlock(cases[0], open), table(cases)];
    }
    this.results.replaceChildren(...[body].flat());
    if (this.appLink) this.appLink.href = `${APP_URL.href}#case=${base64url(this.text)}`;
    const decision = result.error ? "error" : (cases[0]?.decision ?? "error");
    this.setAttribute("decision", decision);
    this.dispatchEvent(new CustomEvent("iamlab-decision", { bubbles: true, composed: true, detail: { cases, error: result.error } }));
  }
}

/** Turns every `pre > code.language-iamlab` block into an element, keeping its text. */
function upgradeCodeBlocks(root = document) {
  for (const code of root.querySelectorAll("pre > code.language-iamlab")) {
    const pre = code.parentElement;
    const element = document.createElement("iamlab-scenario");
    const json = document.createElement("script");
    json.type = "application/json";
    json.textContent = code.textContent;
    element.append(json);
    for (const name of ["editable", "explain", "theme", "open-in-app"]) {
      const value = code.dataset[name.replace(/-(.)/g, (_, c) => c.toUpperCase())];
      if (value !== undefined) element.setAttribute(name, value);
    }
    if (code.classList.contains("editable")) element.setAttribute("editable", "");
    pre.replaceWith(element);
  }
}

if (!customElements.get("iamlab-scenario")) {
  customElements.define("iamlab-scenario", IamlabScenario);
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => upgradeCodeBlocks());
} else {
  upgradeCodeBlocks();
}

export { upgradeCodeBlocks };
