// The finished page: a new workspace opens valid, new things take the focus and become the target or the
// caller, fields show their whole value, a phone keeps the decision in view, Share survives a fresh edit,
// the page works quietly where storage is refused, and the words say what is true.

import { test } from "node:test";
import assert from "node:assert/strict";
import { caseFragment, decisionOf, openApp, openPage, pasteInto, screenshot, useSiteAndBrowser, waitFor } from "./support.mjs";

const session = useSiteAndBrowser();

async function openExample(page, id) {
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  await page.locator(`[data-testid="open-example"][data-example="${id}"]`).click();
  await page.getByTestId("gallery").waitFor({ state: "detached" });
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

test("New opens a valid workspace with a decision, no warning, and a notice that goes at the first edit", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "New", exact: true }).click();
    await waitFor(() => decisionOf(page), "allowed", { what: "decision of a new workspace" });
    assert.equal(await page.getByTestId("diagnostic").count(), 0, "no diagnostic in a new workspace");
    assert.equal(await page.locator(".status-warn, .status-bad").count(), 0);
    const names = await page.locator(".policy-name").evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.deepEqual(names, ["ReadReports"]);
    assert.match(await page.getByTestId("notice").innerText(), /Started a new workspace/);
    await page.locator("#request-action").fill("s3:PutObject");
    await page.getByTestId("notice").waitFor({ state: "detached" });
    assert.equal(await decisionOf(page), "implicitDeny");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("every + button puts the focus in the new field; a new resource is the target and a new principal the caller", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "New", exact: true }).click();
    await page.getByRole("button", { name: "+ Identity policy", exact: true }).click();
    await waitFor(() => focusedId(page).then((id) => id.startsWith("editor-")), true, { what: "focus in the new editor" });
    const names = await page.locator(".policy-name").evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.deepEqual(names, ["ReadReports", "ReadReports2"]);

    await page.getByRole("button", { name: "+ Resource", exact: true }).click();
    await waitFor(() => focusedId(page), "resource-1-arn", { what: "focus in the new resource's ARN" });
    assert.equal(await page.locator("#request-resource").inputValue(), "1", "the new resource is the request's target");

    await page.getByRole("button", { name: "+ Permissions boundary", exact: true }).click();
    await waitFor(() => focusedId(page).then((id) => id.startsWith("editor-")), true, { what: "focus in the boundary" });

    await page.getByRole("button", { name: "+ Add principal", exact: true }).click();
    await waitFor(() => focusedId(page), "principal-1-arn", { what: "focus in the new principal's ARN" });
    assert.equal(await page.locator("#request-caller").inputValue(), "1", "the new principal is the caller");

    await page.getByRole("button", { name: "+ Group", exact: true }).click();
    await waitFor(() => focusedId(page), "principal-1-group-0", { what: "focus in the new group's name" });
    await page.locator(".chips .chip", { hasText: "+ Other key" }).click();
    await waitFor(() => focusedId(page), "context-0-key", { what: "focus in the new key" });
    assert.equal(await page.getByTestId("diagnostic").count(), 0, "every template validates");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a service principal or anonymous caller is told why it has no identity policies", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "New", exact: true }).click();
    await page.getByRole("button", { name: "+ Add principal", exact: true }).click();
    await page.locator("#principal-1-arn").fill("cloudtrail.amazonaws.com");
    const why = page.getByTestId("no-identity-policies");
    await why.waitFor();
    assert.match(await why.innerText(), /service principal acts as itself/);
    assert.equal(await page.getByRole("button", { name: "+ Identity policy", exact: true }).count(), 0);
    await page.locator("#principal-1-arn").fill("anonymous");
    await waitFor(() => why.innerText().then((text) => /anonymous caller/.test(text)), true, { what: "anonymous" });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("at 1280 px long ARNs, context types and expectations show their whole value; long lines can wrap", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { width: 1280, height: 900 });
  try {
    await openExample(page, "ec2-app-role");
    const arn = page.locator("#principal-0-arn");
    const fits = (locator) => locator.evaluate((element) => element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1);
    assert.ok(await fits(arn), "the caller's ARN is seen whole");
    for (const select of await page.locator(".context-type, .test-expect").all()) {
      assert.ok(await fits(select), "a select shows its whole value");
    }
    const scroller = page.locator(".editor-scroll").first();
    await page.locator("#wrap-lines").check();
    await waitFor(() => scroller.evaluate((element) => element.classList.contains("is-wrapped")), true, { what: "wrapped" });
    assert.ok(await scroller.evaluate((element) => element.scrollWidth <= element.clientWidth + 1), "wrapped lines fit");
    await screenshot(page, "wrapped-1280");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the test list shows what sets two tests apart", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await openExample(page, "deny-without-mfa");
    const row = (name) => page.locator(`[data-testid="case-result"][data-name="${name}"]`);
    assert.match(await row("stop an instance with MFA").getByTestId("test-differs").innerText(), /aws:MultiFactorAuthPresent=true/);
    assert.equal(await row("stop an instance without MFA").getByTestId("test-differs").count(), 0);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("at 375 px a decision bar stays in view while editing and jumps to the explanation; tap targets are 44 px", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { width: 375, height: 812 });
  try {
    const bar = page.getByTestId("decision-bar");
    await page.locator(".code-input").first().scrollIntoViewIfNeeded();
    assert.ok(await bar.isVisible(), "the bar is visible while editing a policy");
    const box = await bar.boundingBox();
    assert.ok(box.y + box.height <= 812 && box.y > 812 - 120, `the bar sits at the bottom (y=${box.y})`);
    assert.match(await bar.innerText(), /Denied/);
    await screenshot(page, "decision-bar-375", { fullPage: false });
    await bar.click();
    await waitFor(() => focusedId(page), "decision-reason", { what: "focus on the reason" });
    const reason = await page.locator("#decision-reason").boundingBox();
    assert.ok(reason.y >= 0 && reason.y < 812, "the explanation is in view");

    const small = await page.evaluate(() => {
      const selector = ".button, .chip, .icon-button, .test-name, .statement-link, select, input[type=text], .arn-field";
      return [...document.querySelectorAll(selector)]
        .filter((element) => element.offsetParent !== null && !element.closest(".visually-hidden"))
        .map((element) => ({ what: element.outerHTML.slice(0, 80), height: element.getBoundingClientRect().height }))
        .filter((item) => item.height < 44);
    });
    assert.deepEqual(small, [], "tap targets under 44 px");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("Share right after an edit leaves the link in the address bar", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.locator("#request-action").fill("s3:PutObject");
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const link = await page.getByTestId("share-url").inputValue();
    // The save that the edit started runs after the click; the link must survive it.
    await page.waitForTimeout(900);
    assert.equal(await page.evaluate(() => location.href), link);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("where storage is refused (a cross-site frame) the page works and says once, quietly, that work is not saved", async () => {
  const { page, problems, close } = await openPage(session.browser);
  try {
    await page.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    await page.goto(session.site.url);
    await page.getByTestId("decision").waitFor();
    await page.locator('.page[data-ready="true"]').waitFor();
    const notice = page.getByTestId("notice");
    assert.match(await notice.innerText(), /does not let the page keep your work/);
    assert.equal(await notice.getAttribute("role"), "status", "a quiet note, not an alert");
    assert.equal(await page.locator(".notice-error").count(), 0);
    await page.getByRole("button", { name: "New", exact: true }).click();
    await page.locator("#request-action").fill("s3:PutObject");
    await page.waitForTimeout(700);
    assert.equal(await page.locator(".notice-error").count(), 0, "no red banner after an edit");
    assert.equal(await decisionOf(page), "implicitDeny");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the page has a favicon", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    const href = await page.locator('link[rel="icon"]').getAttribute("href");
    const response = await page.request.get(new URL(href, session.site.url).href);
    assert.equal(response.status(), 200);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

const FEDERATED = {
  cases: [
    {
      name: "a federated user with a session policy that allows only EC2",
      principal: {
        arn: "arn:aws:sts::111111111111:federated-user/bob",
        policies: [{ name: "AllowAll", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
        sessionPolicies: [{ name: "OnlyEc2", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } }],
      },
      resource: { arn: "arn:aws:s3:::b/x" },
      action: "s3:GetObject",
      expect: "implicitDeny",
    },
    {
      name: "only the bucket policy allows, across accounts",
      principal: { arn: "arn:aws:iam::222222222222:user/xavier" },
      resource: {
        arn: "arn:aws:s3:::b/x",
        account: "111111111111",
        policy: {
          name: "AllowXavier",
          document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:user/xavier" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
          },
        },
      },
      action: "s3:GetObject",
      expect: "implicitDeny",
    },
  ],
};

test("the reason says what is true: federated session policies, cross-account grants, groups", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { hash: caseFragment(FEDERATED) });
  try {
    const reason = page.locator("#decision-reason");
    assert.match(await reason.innerText(), /session policies do not allow the action/);
    assert.doesNotMatch(await reason.innerText(), /without a session policy/);
    await page.locator(".test-name").nth(1).click();
    await waitFor(() => reason.innerText().then((text) => /resource-based policy allows the request/.test(text)), true, { what: "cross-account reason" });
    assert.match(await reason.innerText(), /another account \(222222222222\)/);
    assert.doesNotMatch(await reason.innerText(), /no resource-based policy grants it/);

    await openExample(page, "least-privilege-groups");
    const policyNames = await page.locator(".trace-policy-name").allInnerTexts();
    assert.ok(policyNames.some((text) => / of group /.test(text)), `a group's policy is named with its group: ${policyNames}`);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a missing comma is shown where it belongs as well as where the reader stopped", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "New", exact: true }).click();
    const textarea = page.locator(".editor textarea").first();
    await pasteInto(textarea, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow"\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n');
    const label = page.getByTestId("diagnostic-label").first();
    await label.waitFor();
    assert.equal(await label.getAttribute("data-line"), "5");
    assert.equal(await label.getAttribute("data-column"), "23");
    assert.match(await label.innerText(), /a `,` is missing after this value/);
    assert.ok((await page.locator(".diag-label").count()) > 0, "the place is marked in the editor");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

/** One policy of 25 S3 statements: one allows the request, one names its bucket but wants MFA. */
function manyStatements() {
  const statements = [];
  for (let n = 0; n < 25; n++) {
    const bucket = n === 3 || n === 17 ? "reports" : `team-${n}`;
    const statement = { Sid: `S${String(n).padStart(2, "0")}`, Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` };
    if (n === 3) statement.Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
    statements.push(statement);
  }
  return {
    cases: [
      {
        name: "one of twenty-five statements allows it",
        principal: { arn: "arn:aws:iam::111111111111:user/ana", policies: [{ name: "Big", document: { Version: "2012-10-17", Statement: statements } }] },
        resource: { arn: "arn:aws:s3:::reports/q3.csv" },
        action: "s3:GetObject",
        expect: "allowed",
      },
    ],
  };
}

test("a policy of many statements shows those that come near the request, and the others on demand", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { width: 1280, height: 900, hash: caseFragment(manyStatements()) });
  try {
    await waitFor(() => decisionOf(page), "allowed", { what: "decision with twenty-five statements" });
    const identity = page.locator(".waterfall .layer").filter({ has: page.locator(".trace-policy") }).first();
    const sids = () => identity.locator('[data-testid="trace-statement"] .statement-sid').allInnerTexts();
    const shown = await sids();
    assert.equal(shown.length, 2, `the statement that allows and the one that wants MFA: ${shown}`);
    assert.ok(shown[0].includes("S03") && shown[1].includes("S17"), `${shown}`);
    const more = identity.locator(".kept-back");
    assert.match(await more.innerText(), /^23 more statement\(s\) of this service do not apply/);
    await identity.scrollIntoViewIfNeeded();
    await identity.screenshot({ path: await screenshot(page, "many-statements-waterfall", { fullPage: false }) });
    await more.getByTestId("show-all-statements").click();
    await waitFor(async () => (await sids()).length, 25, { what: "every statement after Show them" });
    assert.equal(await identity.locator(".kept-back").count(), 0);
    // Another request keeps them shown: the choice is the panel's.
    await page.locator("#request-action").fill("s3:PutObject");
    await waitFor(() => decisionOf(page), "implicitDeny", { what: "decision of s3:PutObject" });
    assert.equal(await identity.locator(".kept-back").count(), 0);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

/** A user with 40 identity policies, of which only two name `s3:GetObject`. */
function manyPolicies() {
  const policies = [];
  for (let n = 0; n < 40; n++) {
    const action = n === 7 || n === 23 ? "s3:GetObject" : `svc${n}:Get*`;
    const resource = n === 7 ? "arn:aws:s3:::reports/*" : "*";
    policies.push({
      name: `Policy${String(n).padStart(2, "0")}`,
      document: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "Main", Effect: "Allow", Action: action, Resource: resource },
          { Sid: "Other", Effect: "Allow", Action: `svc${n}:List*`, Resource: "*" },
        ],
      },
    });
  }
  return {
    cases: [
      {
        name: "one of forty policies allows it",
        principal: { arn: "arn:aws:iam::111111111111:user/ana", policies },
        resource: { arn: "arn:aws:s3:::reports/q3.csv" },
        action: "s3:GetObject",
        expect: "allowed",
      },
    ],
  };
}

test("a layer of many policies lists those that name the action and counts the others", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site, { width: 1280, height: 900, hash: caseFragment(manyPolicies()) });
  try {
    await waitFor(() => decisionOf(page), "allowed", { what: "decision with forty policies" });
    const identity = page.locator(".waterfall .layer").filter({ has: page.locator(".trace-policy") }).first();
    const names = await identity.locator(".trace-policy-name").allInnerTexts();
    assert.equal(names.length, 2, `only the two policies naming s3:GetObject are listed: ${names}`);
    assert.ok(names[0].includes("Policy07") && names[1].includes("Policy23"), `${names}`);
    assert.equal(
      await identity.getByTestId("unlisted-policies").innerText(),
      "38 more policies (76 statements) name only other services or other actions.",
    );
    assert.match(await identity.locator(".layer-detail").innerText(), /^40 policies, 2 statements about this service$/);
    await identity.scrollIntoViewIfNeeded();
    await identity.screenshot({ path: await screenshot(page, "many-policies-waterfall", { fullPage: false }) });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("when no statement of many names the action, the closest are those whose resource matches", async () => {
  const statements = [];
  for (let i = 0; i < 90; i++) {
    statements.push({
      Sid: `Put${i}`,
      Effect: "Allow",
      Action: i % 2 ? "s3:PutObject" : ["s3:DeleteObject", "s3:PutObjectTagging"],
      Resource: i % 30 === 7 ? "arn:aws:s3:::reports/*" : `arn:aws:s3:::team-${i}/*`,
    });
  }
  const workspace = {
    cases: [
      {
        name: "read a report",
        principal: { arn: "arn:aws:iam::111111111111:user/ana", policies: [{ name: "ManyS3", document: { Version: "2012-10-17", Statement: statements } }] },
        action: "s3:GetObject",
        resource: { arn: "arn:aws:s3:::reports/q1.csv" },
        expect: "implicitDeny",
      },
    ],
  };
  const { page, problems, close } = await openApp(session.browser, session.site, { width: 1280, height: 900, hash: caseFragment(workspace) });
  try {
    await waitFor(() => decisionOf(page), "implicitDeny", { what: "decision with ninety s3 statements" });
    const closest = await page.locator(".closest").allInnerTexts();
    assert.equal(closest.length, 3, `${closest}`);
    for (const [at, sid] of ["Put7", "Put37", "Put67"].entries()) {
      assert.ok(closest[at].includes(sid), `closest ${at}: ${closest[at]}`);
      assert.match(closest[at], /its Action does not match/);
    }
    const identity = page.locator(".waterfall .layer").filter({ has: page.locator(".trace-policy") }).first();
    assert.match(await identity.locator(".layer-detail").innerText(), /^1 policy, 90 statements about this service$/);
    assert.match(await identity.innerText(), /87 more statement\(s\) name other actions of this service\./);
    await page.locator(".closest").first().scrollIntoViewIfNeeded();
    await screenshot(page, "near-misses", { fullPage: false });
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
