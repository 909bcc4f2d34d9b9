//! The examples gallery: small workspaces that each teach one topic of AWS
//! identity and access management.
//!
//! Each example is a saved workspace in `web/examples/` (the JSON of
//! `model::codec`), which trunk copies to `dist/examples/`. The page fetches
//! an example from its own site only when it is opened, so the examples do
//! not weigh on the page's `.wasm`. Every example carries tests whose
//! `expect` is the decision AWS documents for it, and a native test runs
//! each through the page's own model and through the core's case loader, so
//! the gallery can never teach a decision the evaluator does not give.

use crate::model::codec::workspace_from_json;
use crate::model::workspace::Workspace;

/// One entry of the gallery.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Example {
    /// A stable id (used by tests and as the card's key).
    pub(crate) id: &'static str,
    /// The title.
    pub(crate) title: &'static str,
    /// The topic, as a short tag.
    pub(crate) topic: &'static str,
    /// One or two sentences: what it teaches.
    pub(crate) summary: &'static str,
    /// How many tests it carries (a native test checks the number).
    pub(crate) tests: usize,
}

impl Example {
    /// The address of its workspace, relative to the page.
    pub(crate) fn url(&self) -> String {
        format!("examples/{}.json", self.id)
    }

    /// Reads the example's workspace from its JSON text.
    pub(crate) fn read(&self, text: &str) -> Result<Workspace, String> {
        workspace_from_json(text)
    }

    /// Fetches and reads the example's workspace from the page's own site.
    pub(crate) async fn load(&self) -> Result<Workspace, String> {
        let text = crate::dom::fetch_text(&self.url())
            .await
            .ok_or_else(|| format!("`{}` could not be fetched from this site", self.url()))?;
        self.read(&text)
    }
}

/// Every example, in the order the gallery shows them.
pub(crate) static EXAMPLES: [Example; 15] = [
    Example {
        id: "least-privilege-groups",
        title: "Users and groups with least privilege",
        topic: "IAM users & groups",
        summary: "Two users get their permissions only from their groups: developers may write to the dev prefix, auditors may only read.",
        tests: 7,
    },
    Example {
        id: "ec2-app-role",
        title: "A role for an application on EC2",
        topic: "IAM roles",
        summary: "An application on an EC2 instance calls AWS through a role session: it may read its table and its config, and nothing else.",
        tests: 5,
    },
    Example {
        id: "deny-without-mfa",
        title: "Deny unless signed in with MFA",
        topic: "Conditions",
        summary: "A Deny with BoolIfExists on aws:MultiFactorAuthPresent blocks everything but MFA set-up until the user signs in with MFA.",
        tests: 5,
    },
    Example {
        id: "federation-session-policies",
        title: "Federation with session policies",
        topic: "Federation",
        summary: "A SAML user's role session and a GetFederationToken user: session policies can only narrow what the role or user grants.",
        tests: 6,
    },
    Example {
        id: "cross-account-bucket",
        title: "Cross-account bucket access",
        topic: "Resource policies",
        summary: "A partner account reads one prefix of a bucket: across accounts both the caller's identity policy and the bucket policy must allow.",
        tests: 4,
    },
    Example {
        id: "boundary-delegated-admin",
        title: "A permissions boundary for delegated admins",
        topic: "Permissions boundaries",
        summary: "A team lead with broad permissions is capped by a boundary, and may create roles only if they carry the same boundary.",
        tests: 6,
    },
    Example {
        id: "scp-region-guardrail",
        title: "An SCP guardrail: allowed regions",
        topic: "Organizations (SCPs)",
        summary: "An SCP on the Workloads OU denies regional actions outside two EU regions, even for an administrator.",
        tests: 4,
    },
    Example {
        id: "abac-tags",
        title: "Attribute-based access control with tags",
        topic: "ABAC",
        summary: "Engineers may start and stop only the instances whose team tag matches their own principal tag.",
        tests: 6,
    },
    Example {
        id: "kms-key-policy",
        title: "A KMS key policy",
        topic: "KMS",
        summary: "A key policy must allow every use of the key: naming the account lets identity policies work; without that, only named principals can.",
        tests: 6,
    },
    Example {
        id: "role-trust-policy",
        title: "A role trust policy",
        topic: "Trust policies",
        summary: "Who may assume a role is decided by its trust policy: a service, a partner account with an external ID, but not an identity policy alone.",
        tests: 5,
    },
    Example {
        id: "explicit-deny-wins",
        title: "Explicit deny beats allow",
        topic: "Policy evaluation",
        summary: "Full S3 access, minus deletes in production and any plain-HTTP request: a Deny anywhere overrides every Allow.",
        tests: 5,
    },
    Example {
        id: "source-ip-guardrail",
        title: "Only from the office network",
        topic: "Conditions",
        summary: "A Deny with NotIpAddress on aws:SourceIp keeps a user's access to requests from the office address range.",
        tests: 5,
    },
    Example {
        id: "rcp-data-perimeter",
        title: "An RCP data perimeter",
        topic: "Organizations (RCPs)",
        summary: "A resource control policy keeps the organization's buckets away from principals outside it, even when a bucket policy grants them.",
        tests: 4,
    },
    Example {
        id: "vpc-endpoint",
        title: "Only through the VPC endpoint",
        topic: "VPC endpoints",
        summary: "A bucket that denies every request not coming through its VPC endpoint, and an endpoint policy that filters what may pass through it.",
        tests: 4,
    },
    Example {
        id: "block-public-access",
        title: "Block Public Access on a public bucket",
        topic: "S3 Block Public Access",
        summary: "A public bucket policy under Restrict Public Buckets: anonymous and cross-account callers lose the public grant, AWS services and the owner's account keep theirs.",
        tests: 4,
    },
];

/// The example a first visit opens.
pub(crate) const FIRST_EXAMPLE: &str = "deny-without-mfa";

/// The example with id `id`.
pub(crate) fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Example {
        /// The example's workspace, read from the repository (natively).
        pub(crate) fn workspace(&self) -> Workspace {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(self.url());
            let text = std::fs::read_to_string(&path).expect(self.id);
            self.read(&text).expect(self.id)
        }
    }
    use crate::model::analysis::Analysis;
    use crate::model::checks::run_tests;

    #[test]
    fn every_example_passes_its_own_tests() {
        for example in &EXAMPLES {
            let workspace = example.workspace();
            let analysis = Analysis::new(&workspace);
            for (id, diagnostics) in analysis.diagnostics.iter() {
                assert!(
                    diagnostics.is_empty(),
                    "{}: editor {id}: {diagnostics:?}",
                    example.id
                );
            }
            assert!(
                workspace.tests.len() >= 4,
                "{} has too few tests",
                example.id
            );
            for (test, result) in workspace.tests.iter().zip(run_tests(&workspace, &analysis)) {
                assert!(
                    result.pass,
                    "{}: `{}` expected {}, got {:?}",
                    example.id, test.name, test.expect, result.outcome
                );
            }
            let decisions: Vec<&str> = run_tests(&workspace, &analysis)
                .iter()
                .map(|r| r.decision_name())
                .collect();
            assert!(
                decisions.contains(&"allowed"),
                "{} never allows",
                example.id
            );
            assert!(!workspace.description.is_empty() && workspace.title == example.title);
        }
    }

    #[test]
    fn every_example_reads_as_a_workspace_of_its_own_title() {
        for example in &EXAMPLES {
            let workspace = example.workspace();
            assert_eq!(workspace.title, example.title, "{}", example.id);
            assert_eq!(workspace.tests.len(), example.tests, "{}", example.id);
        }
    }

    #[test]
    fn ids_are_unique_and_the_first_example_exists() {
        let mut ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), EXAMPLES.len());
        assert!(example(FIRST_EXAMPLE).is_some());
    }

    #[test]
    fn examples_export_to_case_files_that_the_cli_agrees_with() {
        for example in &EXAMPLES {
            let workspace = example.workspace();
            let text = crate::model::cases::export_case_file(&workspace);
            let mut sources = iamlab_core::source::SourceMap::new();
            let source = sources.add("exported", text);
            let file = iamlab_core::case::load_case_file(&mut sources, source).expect(example.id);
            for (test, case) in workspace.tests.iter().zip(&file.cases) {
                let decision = case.compiled.as_ref().map(|c| c.evaluate().as_str());
                assert_eq!(
                    decision,
                    Some(test.expect.as_str()),
                    "{}: {}",
                    example.id,
                    test.name
                );
            }
        }
    }
}
