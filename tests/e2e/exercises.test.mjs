// Classroom exercises in the built site: open an exercise, solve it, check it, hand it in, and grade the
// handed-in file with the CLI to the same score; predict first; teacher mode; #exercise= links.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { openApp, openPage, pasteInto, repoRoot, screenshot, useSiteAndBrowser, waitFor, waitVisible } from "./support.mjs";

const session = useSiteAndBrowser();

/** The `iamlab` binary (`cargo xtask test` builds it and says where, in IAMLAB_CLI). */
const iamlab = process.env.IAMLAB_CLI ?? join(repoRoot, "target", "debug", "iamlab");

const SOLUTION = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-docs" },
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-docs/*" }
  ]
}`;

const TOO_BROAD = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } ] }`;

/** Opens the exercise page at `hash` and waits for it. */
async function openExercise(browser, site, hash, size) {
  const opened = await openPage(browser, size);
  await opened.page.goto(`${site.url}exercise.html${hash}`);
  await waitVisible(opened.page.getByTestId("exercise"), opened.problems);
  return opened;
}

/** Clicks Hand in and returns the downloaded submission's path and JSON. */
async function handIn(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("hand-in").click()]);
  const dir = join(repoRoot, "target", "e2e-downloads");
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await download.saveAs(file);
  return { file, json: JSON.parse(await readFile(file, "utf8")) };
}

/** Runs `iamlab grade --json` and returns its one result. */
function grade(exercise, submission) {
  let out;
  try {
    out = execFileSync(iamlab, ["grade", "--json", exercise, submission], { encoding: "utf8" });
  } catch (error) {
    out = error.stdout;
  }
  return JSON.parse(out.trim().split("\n")[0]);
}

test("the main page lists the exercises, and one opens, is solved, checked, handed in and graded alike", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByTestId("exercises-button").click();
    await waitVisible(page.getByTestId("exercise-grid"), problems);
    assert.equal(await page.getByTestId("open-exercise").count(), 12);
    await screenshot(page, "exercise-list");
    await page.locator('[data-testid="open-exercise"][data-exercise="01-users-and-groups.json"]').click();
    await waitVisible(page.getByTestId("exercise"), problems);
    // Instructions are rendered Markdown; one editor per editable part; hidden cases stay hidden.
    assert.match(await page.getByTestId("instructions").innerHTML(), /<strong>Developers<\/strong>/);
    assert.equal(await page.getByTestId("answer").count(), 1);
    const rows = page.getByTestId("case-result");
    assert.equal(await rows.count(), 3);
    assert.ok(!(await page.locator("body").innerText()).includes("cannot read another bucket"));

    // Hints come one at a time.
    await page.getByTestId("show-hint").click();
    assert.equal(await page.getByTestId("hint").count(), 1);
    await page.getByTestId("show-hint").click();
    assert.equal(await page.getByTestId("hint").count(), 2);

    // A too broad answer passes the visible tests but not the hidden ones.
    const editor = page.getByTestId("answer").locator("textarea");
    await pasteInto(editor, TOO_BROAD);
    await page.getByTestId("check-answer").click();
    const result = page.getByTestId("check-result");
    await waitFor(() => result.getAttribute("data-passed"), "3");
    assert.equal(await result.getAttribute("data-total"), "6");
    assert.match(await result.innerText(), /1 of the 3 hidden ones/);
    await page.getByTestId("student-name").fill("Ada Lovelace");
    const broad = await handIn(page, "users-and-groups-broad.json");
    assert.equal(broad.json.exercise, "users-and-groups");
    assert.equal(broad.json.student, "Ada Lovelace");
    const exercise = join(repoRoot, "exercises", "01-users-and-groups.json");
    const graded = grade(exercise, broad.file);
    assert.equal(graded.passed, 3);
    assert.equal(graded.total, 6);

    // The right answer: full marks in the page and with the CLI.
    await pasteInto(editor, SOLUTION);
    await waitFor(() => page.locator('[data-testid="case-result"][data-pass="true"]').count(), 3);
    await page.getByTestId("check-answer").click();
    await waitFor(() => result.getAttribute("data-passed"), "6");
    await screenshot(page, "exercise-solved");
    const solved = await handIn(page, "users-and-groups-solved.json");
    const full = grade(exercise, solved.file);
    assert.equal(full.passed, 6);
    assert.equal(full.hiddenFailed, 0);
    assert.equal(full.error, null);

    // Progress survives a reload.
    await page.reload();
    await waitVisible(page.getByTestId("exercise"), problems);
    await waitFor(() => page.getByTestId("hint").count(), 2);
    assert.match(await page.getByTestId("answer").locator("textarea").inputValue(), /team-docs\/\*/);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.offsite, []);
  } finally {
    await close();
  }
});

test("Show solution asks first, then fills the editors", async () => {
  const { page, problems, close } = await openExercise(session.browser, session.site, "#open=04-mfa.json");
  try {
    assert.equal(await page.getByTestId("solution-confirm").count(), 0);
    await page.getByTestId("show-solution").click();
    await waitVisible(page.getByTestId("solution-confirm"), problems);
    await page.getByTestId("confirm-solution").click();
    await page.getByTestId("check-answer").click();
    const result = page.getByTestId("check-result");
    await waitFor(() => result.getAttribute("data-passed"), await result.getAttribute("data-total"));
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("predict first: a decision shows only after the student predicts it", async () => {
  const { page, problems, close } = await openExercise(session.browser, session.site, "#open=07-predict-evaluation-order.json");
  try {
    assert.equal(await page.getByTestId("exercise").getAttribute("data-mode"), "predict");
    await waitVisible(page.getByTestId("predict-wait"), problems);
    assert.equal(await page.getByTestId("decision").count(), 0);
    const first = page.getByTestId("predict-case").first();
    await first.locator('[data-testid="predict"][data-decision="implicitDeny"]').click();
    const verdict = first.getByTestId("predict-result");
    assert.equal(await verdict.getAttribute("data-right"), "true");
    await first.getByTestId("show-why").click();
    await waitVisible(page.getByTestId("decision"), problems);
    assert.equal(await page.getByTestId("decision").getAttribute("data-decision"), "implicitDeny");
    const second = page.getByTestId("predict-case").nth(1);
    await second.locator('[data-testid="predict"][data-decision="allowed"]').click();
    assert.equal(await second.getByTestId("predict-result").getAttribute("data-right"), "false");
    await screenshot(page, "exercise-predict");
    const handed = await handIn(page, "predict.json");
    assert.equal(handed.json.predictions["1. no policy at all"], "implicitDeny");
    const graded = grade(join(repoRoot, "exercises", "07-predict-evaluation-order.json"), handed.file);
    // Case 1 right, case 2 wrong, cases 3 to 7 not predicted yet; the two hidden checks pass.
    assert.equal(graded.passed, 3);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("an #exercise= link opens its exercise, from the main page too", async () => {
  const text = await readFile(join(repoRoot, "exercises", "12-abac-tags.json"), "utf8");
  const hash = `#exercise=${Buffer.from(text).toString("base64url")}`;
  const { page, problems, close } = await openPage(session.browser);
  try {
    await page.goto(session.site.url + hash);
    await waitVisible(page.getByTestId("exercise"), problems);
    assert.equal(await page.getByTestId("exercise").getAttribute("data-exercise"), "abac-tags");
    assert.match(page.url(), /exercise\.html#exercise=/);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("teacher mode turns the workspace into an exercise whose student copy has no hidden cases", async () => {
  const { page, problems, close } = await openApp(session.browser, session.site);
  try {
    await page.getByRole("button", { name: "Examples", exact: true }).click();
    await page.locator('[data-testid="open-example"][data-example="least-privilege-groups"]').click();
    await page.getByTestId("gallery").waitFor({ state: "detached" });
    // The workspace is saved after a pause; then teacher mode reads it.
    await page.waitForTimeout(600);
    await page.getByTestId("teacher-button").click();
    await waitVisible(page.getByTestId("teacher"), problems);
    await page.getByTestId("teacher-id").fill("groups-demo");
    await page.getByTestId("teacher-title").fill("Groups, by a teacher");
    await page.getByTestId("teacher-instructions").fill("Let **developers** write only to `dev/`.");
    await page.getByTestId("teacher-editable").first().check();
    await page.getByTestId("teacher-hidden").nth(1).check();
    await page.getByTestId("teacher-hidden").nth(2).check();
    const starting = page.getByTestId("teacher-starting").first();
    await starting.fill(TOO_BROAD);
    await screenshot(page, "teacher-mode");
    const [full] = await Promise.all([page.waitForEvent("download"), page.getByTestId("teacher-export").click()]);
    const dir = join(repoRoot, "target", "e2e-downloads");
    await mkdir(dir, { recursive: true });
    const fullFile = join(dir, "groups-demo.json");
    await full.saveAs(fullFile);
    const exported = JSON.parse(await readFile(fullFile, "utf8"));
    assert.equal(exported.exercise.id, "groups-demo");
    assert.equal(exported.exercise.editable.length, 1);
    assert.equal(exported.cases.filter((c) => c.hidden).length, 2);
    // The solution grades full; the starting text does not.
    const solution = execFileSync(iamlab, ["grade", "--solution", fullFile], { encoding: "utf8" });
    assert.match(solution, /\(solution\): (\d+) of \1\n/);
    const [student] = await Promise.all([page.waitForEvent("download"), page.getByTestId("teacher-export-student").click()]);
    const studentFile = join(dir, "groups-demo-student.json");
    await student.saveAs(studentFile);
    const copy = JSON.parse(await readFile(studentFile, "utf8"));
    assert.equal(copy.exercise.solution, undefined);
    assert.equal(copy.cases.length, exported.cases.length - 2);
    // The student link opens the student copy.
    await page.getByTestId("teacher-link").click();
    const link = await page.getByTestId("teacher-link-field").inputValue();
    assert.match(link, /exercise\.html#exercise=/);
    await page.goto(link);
    await waitVisible(page.getByTestId("exercise"), problems);
    assert.equal(await page.getByTestId("exercise").getAttribute("data-exercise"), "groups-demo");
    assert.equal(await page.getByTestId("show-solution").count(), 0);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("the exercise page fits a phone", async () => {
  const { page, problems, close } = await openExercise(session.browser, session.site, "#open=05-ec2-app-role.json", { width: 375, height: 740 });
  try {
    assert.equal(await page.getByTestId("answer").count(), 2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await screenshot(page, "exercise-phone");
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});

test("a part that is not a policy is edited as JSON and graded", async () => {
  const exercise = {
    exercise: {
      id: "mfa-value",
      title: "Supply the MFA value",
      editable: ["/cases/1/context/aws:MultiFactorAuthPresent"],
      hints: ["It is a boolean."],
      solution: { "/cases/1/context/aws:MultiFactorAuthPresent": true },
    },
    defaults: {
      principal: {
        arn: "arn:aws:iam::111122223333:user/alice",
        policies: [{ name: "NeedsMfa", document: { Version: "2012-10-17", Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        ] } }],
      },
    },
    cases: [
      { name: "without MFA", action: "s3:GetObject", expect: "implicitDeny" },
      { name: "with MFA", action: "s3:GetObject", context: { "aws:MultiFactorAuthPresent": false }, expect: "allowed" },
      { name: "hidden one", action: "s3:GetObject", expect: "implicitDeny", hidden: true },
      { name: "hidden two", action: "s3:PutObject", expect: "implicitDeny", hidden: true },
    ],
  };
  const hash = `#exercise=${Buffer.from(JSON.stringify(exercise)).toString("base64url")}`;
  const { page, problems, close } = await openExercise(session.browser, session.site, hash);
  try {
    const raw = page.getByTestId("answer-raw");
    assert.equal((await raw.inputValue()).trim(), "false");
    await raw.fill("true");
    await page.getByTestId("check-answer").click();
    await waitFor(() => page.getByTestId("check-result").getAttribute("data-passed"), "4");
    const handed = await handIn(page, "mfa-value.json");
    assert.equal(handed.json.answers["/cases/1/context/aws:MultiFactorAuthPresent"], true);
    assert.deepEqual(problems.errors, []);
  } finally {
    await close();
  }
});
