//! The tests panel's results: every saved request decided against the
//! current workspace, and compared with its expectation.
//!
//! The rule is the one `iamlab check` uses, from the core
//! ([`iamlab_core::case::passes`]): a request whose policies do not validate
//! has no decision and passes only when it expects `error`; a test without
//! an expectation passes when it has a decision.

use iamlab_core::case::{Expect, passes};

use super::analysis::{Analysis, RequestOutcome};
use super::workspace::{TestDef, Workspace};

/// What one test gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    /// The decision, or why there is none.
    pub outcome: RequestOutcome,
    /// Whether it is what the test expects.
    pub pass: bool,
}

impl TestResult {
    /// The decision's name in the case format, or `error`.
    pub fn decision_name(&self) -> &'static str {
        match &self.outcome {
            RequestOutcome::Decided(decision) => decision.as_str(),
            RequestOutcome::Invalid(_) => "error",
        }
    }
}

/// Whether `outcome` is what `expect` asks for (empty: no expectation).
pub fn is_expected(expect: &str, outcome: &RequestOutcome) -> bool {
    let decision = match outcome {
        RequestOutcome::Decided(decision) => Some(*decision),
        RequestOutcome::Invalid(_) => None,
    };
    match expect.trim() {
        "" => passes(None, decision),
        name => Expect::from_name(name).is_some_and(|expect| expect.is_met(decision)),
    }
}

/// Decides one test.
pub fn run_test(workspace: &Workspace, analysis: &Analysis, test: &TestDef) -> TestResult {
    let outcome = analysis.decide(workspace, &test.request, test.caller);
    TestResult {
        pass: is_expected(&test.expect, &outcome),
        outcome,
    }
}

/// Decides every test of the workspace, in order.
pub fn run_tests(workspace: &Workspace, analysis: &Analysis) -> Vec<TestResult> {
    workspace
        .tests
        .iter()
        .map(|test| run_test(workspace, analysis, test))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamlab_core::trace::Decision;

    fn check(expect: &str, outcome: &RequestOutcome, pass: bool) {
        assert_eq!(
            is_expected(expect, outcome),
            pass,
            "{expect} vs {outcome:?}"
        );
    }

    #[test]
    fn expectations_follow_iamlab_check() {
        let invalid = || RequestOutcome::Invalid(String::from("a policy has errors"));
        check("allowed", &RequestOutcome::Decided(Decision::Allowed), true);
        check(
            "implicitDeny",
            &RequestOutcome::Decided(Decision::Allowed),
            false,
        );
        check("error", &invalid(), true);
        check("allowed", &invalid(), false);
        check("", &invalid(), false);
        check("", &RequestOutcome::Decided(Decision::ExplicitDeny), true);
        check(
            "error",
            &RequestOutcome::Decided(Decision::ImplicitDeny),
            false,
        );
    }

    #[test]
    fn a_request_under_a_broken_policy_is_an_error() {
        let mut workspace = Workspace::blank();
        workspace.principals[0].policies[0].text = String::from("{\"Version\": ");
        workspace.tests.push(TestDef {
            name: String::from("broken policy"),
            caller: 0,
            request: workspace.request.clone(),
            expect: String::from("error"),
        });
        let analysis = Analysis::new(&workspace);
        let results = run_tests(&workspace, &analysis);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].decision_name(), "error", "{:?}", results[0]);
        assert!(results[0].pass);
    }
}
