//! The examples gallery: small workspaces that each teach one topic of AWS
//! identity and access management.
//!
//! Every example carries tests whose `expect` is the decision AWS documents
//! for it, and a native test runs each through the page's own model, so the
//! gallery can never teach a decision the evaluator does not give.

use crate::model::workspace::{
    ContextEntryDef, ContextType, GroupDef, LevelDef, Organization, PolicyDoc, PrincipalDef,
    RequestDef, ResourceDef, Tag, TestDef, Workspace,
};

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
    /// Builds the workspace.
    pub(crate) build: fn() -> Workspace,
}

/// Every example, in the order the gallery shows them.
pub(crate) static EXAMPLES: [Example; 13] = [
    Example {
        id: "least-privilege-groups",
        title: "Users and groups with least privilege",
        topic: "IAM users & groups",
        summary: "Two users get their permissions only from their groups: developers may write to the dev prefix, auditors may only read.",
        build: least_privilege_groups,
    },
    Example {
        id: "ec2-app-role",
        title: "A role for an application on EC2",
        topic: "IAM roles",
        summary: "An application on an EC2 instance calls AWS through a role session: it may read its table and its config, and nothing else.",
        build: ec2_app_role,
    },
    Example {
        id: "deny-without-mfa",
        title: "Deny unless signed in with MFA",
        topic: "Conditions",
        summary: "A Deny with BoolIfExists on aws:MultiFactorAuthPresent blocks everything but MFA set-up until the user signs in with MFA.",
        build: deny_without_mfa,
    },
    Example {
        id: "federation-session-policies",
        title: "Federation with session policies",
        topic: "Federation",
        summary: "A SAML user's role session and a GetFederationToken user: session policies can only narrow what the role or user grants.",
        build: federation_session_policies,
    },
    Example {
        id: "cross-account-bucket",
        title: "Cross-account bucket access",
        topic: "Resource policies",
        summary: "A partner account reads one prefix of a bucket: across accounts both the caller's identity policy and the bucket policy must allow.",
        build: cross_account_bucket,
    },
    Example {
        id: "boundary-delegated-admin",
        title: "A permissions boundary for delegated admins",
        topic: "Permissions boundaries",
        summary: "A team lead with broad permissions is capped by a boundary, and may create roles only if they carry the same boundary.",
        build: boundary_delegated_admin,
    },
    Example {
        id: "scp-region-guardrail",
        title: "An SCP guardrail: allowed regions",
        topic: "Organizations (SCPs)",
        summary: "An SCP on the Workloads OU denies regional actions outside two EU regions, even for an administrator.",
        build: scp_region_guardrail,
    },
    Example {
        id: "abac-tags",
        title: "Attribute-based access control with tags",
        topic: "ABAC",
        summary: "Engineers may start and stop only the instances whose team tag matches their own principal tag.",
        build: abac_tags,
    },
    Example {
        id: "kms-key-policy",
        title: "A KMS key policy",
        topic: "KMS",
        summary: "A key policy must allow every use of the key: naming the account lets identity policies work; without that, only named principals can.",
        build: kms_key_policy,
    },
    Example {
        id: "role-trust-policy",
        title: "A role trust policy",
        topic: "Trust policies",
        summary: "Who may assume a role is decided by its trust policy: a service, a partner account with an external ID, but not an identity policy alone.",
        build: role_trust_policy,
    },
    Example {
        id: "explicit-deny-wins",
        title: "Explicit deny beats allow",
        topic: "Policy evaluation",
        summary: "Full S3 access, minus deletes in production and any plain-HTTP request: a Deny anywhere overrides every Allow.",
        build: explicit_deny_wins,
    },
    Example {
        id: "source-ip-guardrail",
        title: "Only from the office network",
        topic: "Conditions",
        summary: "A Deny with NotIpAddress on aws:SourceIp keeps a user's access to requests from the office address range.",
        build: source_ip_guardrail,
    },
    Example {
        id: "rcp-data-perimeter",
        title: "An RCP data perimeter",
        topic: "Organizations (RCPs)",
        summary: "A resource control policy keeps the organization's buckets away from principals outside it, even when a bucket policy grants them.",
        build: rcp_data_perimeter,
    },
];

/// The example a first visit opens.
pub(crate) const FIRST_EXAMPLE: &str = "deny-without-mfa";

/// The example with id `id`.
pub(crate) fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// Builds a workspace step by step.
struct Builder {
    workspace: Workspace,
}

impl Builder {
    fn new(id: &str) -> Self {
        let example = EXAMPLES.iter().find(|e| e.id == id);
        Builder {
            workspace: Workspace {
                title: example.map(|e| e.title).unwrap_or_default().to_owned(),
                ..Workspace::default()
            },
        }
    }

    fn describe(&mut self, text: &str) {
        self.workspace.description = text.to_owned();
    }

    fn policy(&mut self, name: &str, text: &str) -> PolicyDoc {
        let mut text = text.trim_matches('\n').to_owned();
        text.push('\n');
        self.workspace.new_policy(name, &text)
    }

    fn principal(&mut self, arn: &str, policies: Vec<PolicyDoc>) -> usize {
        self.workspace.principals.push(PrincipalDef {
            arn: arn.to_owned(),
            policies,
            ..PrincipalDef::default()
        });
        self.workspace.principals.len() - 1
    }

    fn principal_mut(&mut self, idx: usize) -> &mut PrincipalDef {
        &mut self.workspace.principals[idx]
    }

    fn resource(
        &mut self,
        arn: &str,
        account: &str,
        tags: &[(&str, &str)],
        policy: Option<PolicyDoc>,
    ) -> usize {
        self.workspace.resources.push(ResourceDef {
            arn: arn.to_owned(),
            account: account.to_owned(),
            tags: tag_list(tags),
            policy,
            ..ResourceDef::default()
        });
        self.workspace.resources.len() - 1
    }

    /// Adds a test; the first one also becomes the current request.
    fn test(
        &mut self,
        name: &str,
        caller: usize,
        action: &str,
        resource: Option<usize>,
        context: &[Ctx],
        expect: &str,
    ) {
        let request = RequestDef {
            action: action.to_owned(),
            resource,
            context: context
                .iter()
                .map(|(key, kind, value)| ContextEntryDef {
                    key: (*key).to_owned(),
                    kind: *kind,
                    value: (*value).to_owned(),
                })
                .collect(),
            ..RequestDef::default()
        };
        self.workspace.tests.push(TestDef {
            name: name.to_owned(),
            caller,
            request,
            expect: expect.to_owned(),
        });
    }

    /// Makes test `idx` the current request.
    fn open(mut self, idx: usize) -> Workspace {
        if let Some(test) = self.workspace.tests.get(idx) {
            self.workspace.request = test.request.clone();
            self.workspace.caller = test.caller;
        }
        self.workspace
    }
}

type Ctx = (&'static str, ContextType, &'static str);

fn tag_list(tags: &[(&str, &str)]) -> Vec<Tag> {
    tags.iter()
        .map(|(key, value)| Tag {
            key: (*key).to_owned(),
            value: (*value).to_owned(),
        })
        .collect()
}

const ALLOWED: &str = "allowed";
const EXPLICIT: &str = "explicitDeny";
const IMPLICIT: &str = "implicitDeny";

fn least_privilege_groups() -> Workspace {
    let mut b = Builder::new("least-privilege-groups");
    b.describe(
        "Alice is in the developers group and Bob in the auditors group; neither user has a policy of their own. \
         Each group grants only what its job needs, on only the resources it needs. \
         Pick a caller on the left and try the saved tests: a request outside the grant is an implicit deny.",
    );
    let developers = b.policy(
        "DevelopersReadWriteDev",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListTheBucket",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::acme-app-data"
    },
    {
      "Sid": "ReadWriteDevPrefix",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-app-data/dev/*"
    }
  ]
}"#,
    );
    let auditors = b.policy(
        "AuditorsReadOnly",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadEverything",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::acme-app-data", "arn:aws:s3:::acme-app-data/*"]
    }
  ]
}"#,
    );
    let alice = b.principal("arn:aws:iam::111111111111:user/alice", Vec::new());
    b.principal_mut(alice).groups.push(GroupDef {
        name: String::from("developers"),
        policies: vec![developers],
    });
    let bob = b.principal("arn:aws:iam::111111111111:user/bob", Vec::new());
    b.principal_mut(bob).groups.push(GroupDef {
        name: String::from("auditors"),
        policies: vec![auditors],
    });
    let dev_log = b.resource("arn:aws:s3:::acme-app-data/dev/build.log", "", &[], None);
    let prod_config = b.resource("arn:aws:s3:::acme-app-data/prod/config.json", "", &[], None);
    let bucket = b.resource("arn:aws:s3:::acme-app-data", "", &[], None);
    b.test(
        "alice reads a dev object",
        alice,
        "s3:GetObject",
        Some(dev_log),
        &[],
        ALLOWED,
    );
    b.test(
        "alice writes a dev object",
        alice,
        "s3:PutObject",
        Some(dev_log),
        &[],
        ALLOWED,
    );
    b.test(
        "alice cannot read prod",
        alice,
        "s3:GetObject",
        Some(prod_config),
        &[],
        IMPLICIT,
    );
    b.test(
        "alice lists the bucket",
        alice,
        "s3:ListBucket",
        Some(bucket),
        &[],
        ALLOWED,
    );
    b.test(
        "bob reads prod",
        bob,
        "s3:GetObject",
        Some(prod_config),
        &[],
        ALLOWED,
    );
    b.test(
        "bob cannot write",
        bob,
        "s3:PutObject",
        Some(dev_log),
        &[],
        IMPLICIT,
    );
    b.test(
        "bob cannot delete",
        bob,
        "s3:DeleteObject",
        Some(dev_log),
        &[],
        IMPLICIT,
    );
    b.open(2)
}

fn ec2_app_role() -> Workspace {
    let mut b = Builder::new("ec2-app-role");
    b.describe(
        "Code on an EC2 instance gets temporary credentials from the instance profile: it calls AWS as a session of the role app-server. \
         The role's policy grants exactly what the application uses. No access keys are stored on the instance.",
    );
    let policy = b.policy(
        "AppServerPermissions",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OrdersTable",
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
      "Resource": "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders"
    },
    {
      "Sid": "ReadConfig",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-app-config/app-server/*"
    }
  ]
}"#,
    );
    let app = b.principal(
        "arn:aws:sts::111111111111:assumed-role/app-server/i-0abc123def4567890",
        vec![policy],
    );
    let table = b.resource(
        "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders",
        "",
        &[],
        None,
    );
    let config = b.resource(
        "arn:aws:s3:::acme-app-config/app-server/settings.json",
        "",
        &[],
        None,
    );
    b.test(
        "the app reads an order",
        app,
        "dynamodb:GetItem",
        Some(table),
        &[],
        ALLOWED,
    );
    b.test(
        "the app writes an order",
        app,
        "dynamodb:PutItem",
        Some(table),
        &[],
        ALLOWED,
    );
    b.test(
        "the app cannot drop the table",
        app,
        "dynamodb:DeleteTable",
        Some(table),
        &[],
        IMPLICIT,
    );
    b.test(
        "the app reads its config",
        app,
        "s3:GetObject",
        Some(config),
        &[],
        ALLOWED,
    );
    b.test(
        "the app cannot change its config",
        app,
        "s3:PutObject",
        Some(config),
        &[],
        IMPLICIT,
    );
    b.open(0)
}

fn deny_without_mfa() -> Workspace {
    let mut b = Builder::new("deny-without-mfa");
    b.describe(
        "Carol may manage EC2, but a Deny statement applies to almost everything while aws:MultiFactorAuthPresent is absent or false. \
         The request below has no MFA key, so it is denied: add the missing key with one click and watch the decision flip. \
         BoolIfExists makes a missing key count as \"no MFA\", which is what you want for long-term access keys.",
    );
    let policy = b.policy(
        "RequireMFA",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ManageEC2",
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "ManageOwnMFA",
      "Effect": "Allow",
      "Action": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices"],
      "Resource": [
        "arn:aws:iam::111111111111:mfa/${aws:username}",
        "arn:aws:iam::111111111111:user/${aws:username}"
      ]
    },
    {
      "Sid": "DenyAllExceptMFASetupUnlessSignedInWithMFA",
      "Effect": "Deny",
      "NotAction": [
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:ListMFADevices",
        "iam:GetUser",
        "sts:GetSessionToken"
      ],
      "Resource": "*",
      "Condition": {
        "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" }
      }
    }
  ]
}"#,
    );
    let carol = b.principal("arn:aws:iam::111111111111:user/carol", vec![policy]);
    let instance = b.resource(
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0",
        "",
        &[],
        None,
    );
    let user = b.resource("arn:aws:iam::111111111111:user/carol", "", &[], None);
    let mfa = [("aws:MultiFactorAuthPresent", ContextType::Boolean, "true")];
    let no_mfa = [("aws:MultiFactorAuthPresent", ContextType::Boolean, "false")];
    b.test(
        "stop an instance without MFA",
        carol,
        "ec2:StopInstances",
        Some(instance),
        &[],
        EXPLICIT,
    );
    b.test(
        "stop an instance with MFA",
        carol,
        "ec2:StopInstances",
        Some(instance),
        &mfa,
        ALLOWED,
    );
    b.test(
        "MFA present but false",
        carol,
        "ec2:StopInstances",
        Some(instance),
        &no_mfa,
        EXPLICIT,
    );
    b.test(
        "set up MFA without MFA",
        carol,
        "iam:EnableMFADevice",
        Some(user),
        &[],
        ALLOWED,
    );
    b.test(
        "other IAM actions are never granted",
        carol,
        "iam:CreateAccessKey",
        Some(user),
        &mfa,
        IMPLICIT,
    );
    b.open(0)
}

fn federation_session_policies() -> Workspace {
    let mut b = Builder::new("federation-session-policies");
    b.describe(
        "Jane signs in through the company's SAML identity provider and gets a session of the DataAnalyst role; the provider passes a session policy that limits her to reading reports. \
         The contractor is a federated user made with GetFederationToken: the creating user's policies, narrowed by the session policy. \
         A session policy never grants anything by itself: it only caps the role's or user's permissions.",
    );
    let analyst_role = b.policy(
        "DataAnalystRole",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AnalyticsBucket",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::acme-analytics", "arn:aws:s3:::acme-analytics/*"]
    }
  ]
}"#,
    );
    let jane_session = b.policy(
        "ReadReportsOnly",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-analytics/reports/*"
    }
  ]
}"#,
    );
    let broker = b.policy(
        "TokenBrokerUser",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::acme-analytics", "arn:aws:s3:::acme-analytics/*"]
    }
  ]
}"#,
    );
    let contractor_session = b.policy(
        "ContractorSession",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-analytics/uploads/*"
    }
  ]
}"#,
    );
    let jane = b.principal(
        "arn:aws:sts::111111111111:assumed-role/DataAnalyst/jane@example.com",
        vec![analyst_role],
    );
    b.principal_mut(jane).session_policies.push(jane_session);
    let contractor = b.principal(
        "arn:aws:sts::111111111111:federated-user/contractor",
        vec![broker],
    );
    b.principal_mut(contractor)
        .session_policies
        .push(contractor_session);
    let report = b.resource("arn:aws:s3:::acme-analytics/reports/q1.csv", "", &[], None);
    let upload = b.resource(
        "arn:aws:s3:::acme-analytics/uploads/batch-7.csv",
        "",
        &[],
        None,
    );
    b.test(
        "jane reads a report",
        jane,
        "s3:GetObject",
        Some(report),
        &[],
        ALLOWED,
    );
    b.test(
        "the session policy stops jane writing",
        jane,
        "s3:PutObject",
        Some(report),
        &[],
        IMPLICIT,
    );
    b.test(
        "jane cannot read uploads",
        jane,
        "s3:GetObject",
        Some(upload),
        &[],
        IMPLICIT,
    );
    b.test(
        "the contractor uploads",
        contractor,
        "s3:PutObject",
        Some(upload),
        &[],
        ALLOWED,
    );
    b.test(
        "the contractor cannot read reports",
        contractor,
        "s3:GetObject",
        Some(report),
        &[],
        IMPLICIT,
    );
    b.test(
        "the contractor cannot delete",
        contractor,
        "s3:DeleteObject",
        Some(upload),
        &[],
        IMPLICIT,
    );
    b.open(1)
}

fn cross_account_bucket() -> Workspace {
    let mut b = Builder::new("cross-account-bucket");
    b.describe(
        "The bucket partner-shared belongs to account 111111111111; Dana and Erin work in the partner account 222222222222. \
         Across accounts two evaluations must both allow: Dana's own identity policy in 222222222222, and the bucket policy in 111111111111. \
         Erin has no identity policy, so the bucket policy alone is not enough.",
    );
    let bucket_policy_text = r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PartnerReadsExports",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::partner-shared/exports/*"
    }
  ]
}"#;
    let identity = b.policy(
        "ReadPartnerBucket",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:DeleteObject"],
      "Resource": "arn:aws:s3:::partner-shared/*"
    }
  ]
}"#,
    );
    let dana = b.principal("arn:aws:iam::222222222222:user/dana", vec![identity]);
    let erin = b.principal("arn:aws:iam::222222222222:user/erin", Vec::new());
    let export_policy = b.policy("BucketPolicy", bucket_policy_text);
    let export = b.resource(
        "arn:aws:s3:::partner-shared/exports/data.csv",
        "111111111111",
        &[],
        Some(export_policy),
    );
    let internal_policy = b.policy("BucketPolicy", bucket_policy_text);
    let internal = b.resource(
        "arn:aws:s3:::partner-shared/internal/plans.csv",
        "111111111111",
        &[],
        Some(internal_policy),
    );
    b.test(
        "dana reads an export",
        dana,
        "s3:GetObject",
        Some(export),
        &[],
        ALLOWED,
    );
    b.test(
        "the bucket policy does not cover internal/",
        dana,
        "s3:GetObject",
        Some(internal),
        &[],
        IMPLICIT,
    );
    b.test(
        "dana's policy allows delete, the bucket does not",
        dana,
        "s3:DeleteObject",
        Some(export),
        &[],
        IMPLICIT,
    );
    b.test(
        "erin has no identity policy",
        erin,
        "s3:GetObject",
        Some(export),
        &[],
        IMPLICIT,
    );
    b.open(0)
}

fn boundary_delegated_admin() -> Workspace {
    let mut b = Builder::new("boundary-delegated-admin");
    b.describe(
        "Lee leads a team and has AdministratorAccess, but a permissions boundary caps Lee to S3, DynamoDB and role management. \
         The boundary lets Lee create roles only when the new role gets the same boundary (the iam:PermissionsBoundary key), so Lee cannot escape it by creating a more powerful role. \
         The current request has no iam:PermissionsBoundary key: add it with one click.",
    );
    // AWS's AdministratorAccess is the same document as the FullAWSAccess SCP.
    let admin = b.policy("AdministratorAccess", crate::model::state::FULL_ACCESS_SCP);
    let boundary = b.policy(
        "DevTeamBoundary",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DataServices",
      "Effect": "Allow",
      "Action": ["s3:*", "dynamodb:*"],
      "Resource": "*"
    },
    {
      "Sid": "CreateRolesWithThisBoundary",
      "Effect": "Allow",
      "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
      "Resource": "arn:aws:iam::111111111111:role/dev/*",
      "Condition": {
        "StringEquals": {
          "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/DevTeamBoundary"
        }
      }
    },
    {
      "Sid": "ManageDevRoles",
      "Effect": "Allow",
      "Action": ["iam:AttachRolePolicy", "iam:GetRole", "iam:PassRole"],
      "Resource": "arn:aws:iam::111111111111:role/dev/*"
    }
  ]
}"#,
    );
    let lee = b.principal("arn:aws:iam::111111111111:user/lee", vec![admin]);
    b.principal_mut(lee).boundary = Some(boundary);
    let role = b.resource(
        "arn:aws:iam::111111111111:role/dev/report-builder",
        "",
        &[],
        None,
    );
    let bucket = b.resource("arn:aws:s3:::acme-dev-data/input.json", "", &[], None);
    let instance = b.resource(
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0fedcba9876543210",
        "",
        &[],
        None,
    );
    let with_boundary = [(
        "iam:PermissionsBoundary",
        ContextType::String,
        "arn:aws:iam::111111111111:policy/DevTeamBoundary",
    )];
    let other_boundary = [(
        "iam:PermissionsBoundary",
        ContextType::String,
        "arn:aws:iam::aws:policy/AdministratorAccess",
    )];
    b.test(
        "create a role without a boundary",
        lee,
        "iam:CreateRole",
        Some(role),
        &[],
        IMPLICIT,
    );
    b.test(
        "create a role with the team boundary",
        lee,
        "iam:CreateRole",
        Some(role),
        &with_boundary,
        ALLOWED,
    );
    b.test(
        "create a role with another boundary",
        lee,
        "iam:CreateRole",
        Some(role),
        &other_boundary,
        IMPLICIT,
    );
    b.test("use S3", lee, "s3:PutObject", Some(bucket), &[], ALLOWED);
    b.test(
        "EC2 is outside the boundary",
        lee,
        "ec2:TerminateInstances",
        Some(instance),
        &[],
        IMPLICIT,
    );
    b.test(
        "remove the boundary from a role",
        lee,
        "iam:DeleteRolePermissionsBoundary",
        Some(role),
        &[],
        IMPLICIT,
    );
    b.open(0)
}

fn scp_region_guardrail() -> Workspace {
    let mut b = Builder::new("scp-region-guardrail");
    b.describe(
        "The organization attaches FullAWSAccess at the root and the account, and a region guardrail at the Workloads OU. \
         SCPs never grant: every level must allow, and a Deny at any level is final, even for an administrator. \
         Global services such as IAM are exempted with NotAction, because their requests are made in us-east-1.",
    );
    // AWS's AdministratorAccess is the same document as the FullAWSAccess SCP.
    let admin = b.policy("AdministratorAccess", crate::model::state::FULL_ACCESS_SCP);
    let full = |b: &mut Builder| b.policy("FullAWSAccess", crate::model::state::FULL_ACCESS_SCP);
    let root_full = full(&mut b);
    let guardrail = b.policy(
        "DenyOutsideEURegions",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideEU",
      "Effect": "Deny",
      "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*"],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] }
      }
    }
  ]
}"#,
    );
    let ou_full = full(&mut b);
    let account_full = full(&mut b);
    b.workspace.organization = Organization {
        scps_enabled: true,
        scps: vec![
            LevelDef {
                name: String::from("Root"),
                policies: vec![root_full],
            },
            LevelDef {
                name: String::from("Workloads OU"),
                policies: vec![ou_full, guardrail],
            },
            LevelDef {
                name: String::from("Account 111111111111"),
                policies: vec![account_full],
            },
        ],
        ..Organization::default()
    };
    let admin_user = b.principal("arn:aws:iam::111111111111:user/admin", vec![admin]);
    let any = None;
    let user = b.resource("arn:aws:iam::111111111111:user/new-hire", "", &[], None);
    let eu = [("aws:RequestedRegion", ContextType::String, "eu-west-1")];
    let us = [("aws:RequestedRegion", ContextType::String, "us-east-1")];
    b.test(
        "launch in us-east-1",
        admin_user,
        "ec2:RunInstances",
        any,
        &us,
        EXPLICIT,
    );
    b.test(
        "launch in eu-west-1",
        admin_user,
        "ec2:RunInstances",
        any,
        &eu,
        ALLOWED,
    );
    b.test(
        "a request without a region",
        admin_user,
        "ec2:RunInstances",
        any,
        &[],
        EXPLICIT,
    );
    b.test(
        "IAM is global, so it is exempt",
        admin_user,
        "iam:CreateUser",
        Some(user),
        &us,
        ALLOWED,
    );
    b.open(0)
}

fn abac_tags() -> Workspace {
    let mut b = Builder::new("abac-tags");
    b.describe(
        "One policy for every engineer: an instance may be started or stopped when its team tag equals the caller's team principal tag. \
         New teams need no new policy, only tags. \
         The policy variable ${aws:PrincipalTag/team} is filled in from the caller; an untagged instance matches no one.",
    );
    let policy_text = r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StartStopOwnTeam",
      "Effect": "Allow",
      "Action": ["ec2:StartInstances", "ec2:StopInstances"],
      "Resource": "arn:aws:ec2:*:111111111111:instance/*",
      "Condition": {
        "StringEquals": { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" }
      }
    },
    {
      "Sid": "SeeEverything",
      "Effect": "Allow",
      "Action": "ec2:Describe*",
      "Resource": "*"
    }
  ]
}"#;
    let maria_policy = b.policy("EngineerABAC", policy_text);
    let maria = b.principal(
        "arn:aws:sts::111111111111:assumed-role/Engineer/maria",
        vec![maria_policy],
    );
    b.principal_mut(maria).role_arn = String::from("arn:aws:iam::111111111111:role/Engineer");
    b.principal_mut(maria).tags = tag_list(&[("team", "red")]);
    let sam_policy = b.policy("EngineerABAC", policy_text);
    let sam = b.principal(
        "arn:aws:sts::111111111111:assumed-role/Engineer/sam",
        vec![sam_policy],
    );
    b.principal_mut(sam).tags = tag_list(&[("team", "blue")]);
    let red = b.resource(
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0aaaaaaaaaaaaaaaa",
        "",
        &[("team", "red")],
        None,
    );
    let blue = b.resource(
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0bbbbbbbbbbbbbbbb",
        "",
        &[("team", "blue")],
        None,
    );
    let untagged = b.resource(
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0cccccccccccccccc",
        "",
        &[],
        None,
    );
    b.test(
        "maria stops a red instance",
        maria,
        "ec2:StopInstances",
        Some(red),
        &[],
        ALLOWED,
    );
    b.test(
        "maria cannot stop a blue instance",
        maria,
        "ec2:StopInstances",
        Some(blue),
        &[],
        IMPLICIT,
    );
    b.test(
        "nobody matches an untagged instance",
        maria,
        "ec2:StopInstances",
        Some(untagged),
        &[],
        IMPLICIT,
    );
    b.test(
        "sam starts a blue instance",
        sam,
        "ec2:StartInstances",
        Some(blue),
        &[],
        ALLOWED,
    );
    b.test(
        "sam cannot start a red instance",
        sam,
        "ec2:StartInstances",
        Some(red),
        &[],
        IMPLICIT,
    );
    b.test(
        "anyone may describe",
        sam,
        "ec2:DescribeInstances",
        None,
        &[],
        ALLOWED,
    );
    b.open(1)
}

fn kms_key_policy() -> Workspace {
    let mut b = Builder::new("kms-key-policy");
    b.describe(
        "Every KMS key has a key policy, and an identity policy alone never gives access to a key. \
         The orders key trusts its account (so the analyst's identity policy works) and names the app-server role directly. \
         The locked-down key names only the app-server role, so the analyst's identity policy is not enough there.",
    );
    let orders_key_policy = b.policy(
        "OrdersKeyPolicy",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableIAMPolicies",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowUseByTheAppRole",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:role/app-server" },
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
      "Resource": "*"
    }
  ]
}"#,
    );
    let locked_key_policy = b.policy(
        "LockedKeyPolicy",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheAppRole",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:role/app-server" },
      "Action": ["kms:Encrypt", "kms:Decrypt"],
      "Resource": "*"
    }
  ]
}"#,
    );
    let analyst_policy = b.policy(
        "UseKeys",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Decrypt", "kms:DescribeKey"],
      "Resource": "arn:aws:kms:eu-west-1:111111111111:key/*"
    }
  ]
}"#,
    );
    let app = b.principal(
        "arn:aws:sts::111111111111:assumed-role/app-server/i-0abc123def4567890",
        Vec::new(),
    );
    let analyst = b.principal(
        "arn:aws:iam::111111111111:user/analyst",
        vec![analyst_policy],
    );
    let intern = b.principal("arn:aws:iam::111111111111:user/intern", Vec::new());
    let orders_key = b.resource(
        "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "",
        &[],
        Some(orders_key_policy),
    );
    let locked_key = b.resource(
        "arn:aws:kms:eu-west-1:111111111111:key/9876fedc-98fe-76dc-54ba-0987654321fe",
        "",
        &[],
        Some(locked_key_policy),
    );
    b.test(
        "the app role decrypts (named by the key policy)",
        app,
        "kms:Decrypt",
        Some(orders_key),
        &[],
        ALLOWED,
    );
    b.test(
        "the app role cannot delete the key",
        app,
        "kms:ScheduleKeyDeletion",
        Some(orders_key),
        &[],
        IMPLICIT,
    );
    b.test(
        "the analyst decrypts (account trusted)",
        analyst,
        "kms:Decrypt",
        Some(orders_key),
        &[],
        ALLOWED,
    );
    b.test(
        "the intern has no identity policy",
        intern,
        "kms:Decrypt",
        Some(orders_key),
        &[],
        IMPLICIT,
    );
    b.test(
        "the locked key ignores identity policies",
        analyst,
        "kms:Decrypt",
        Some(locked_key),
        &[],
        IMPLICIT,
    );
    b.test(
        "the app role uses the locked key",
        app,
        "kms:Encrypt",
        Some(locked_key),
        &[],
        ALLOWED,
    );
    b.open(4)
}

fn role_trust_policy() -> Workspace {
    let mut b = Builder::new("role-trust-policy");
    b.describe(
        "A role's trust policy is its resource-based policy: it says who may assume the role. \
         Here EC2 may assume it for instances, and the partner account 222222222222 may, but only with the agreed external ID. \
         A user of the role's own account with an identity policy allowing sts:AssumeRole still needs the trust policy to name them or their account.",
    );
    let trust = b.policy(
        "DeployRoleTrust",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EC2Instances",
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com" },
      "Action": "sts:AssumeRole"
    },
    {
      "Sid": "PartnerWithExternalId",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": { "sts:ExternalId": "acme-7f3a91" }
      }
    }
  ]
}"#,
    );
    let assume_text = r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::111111111111:role/deploy"
    }
  ]
}"#;
    let partner_policy = b.policy("AssumeDeployRole", assume_text);
    let local_policy = b.policy("AssumeDeployRole", assume_text);
    let ec2 = b.principal("ec2.amazonaws.com", Vec::new());
    let partner = b.principal(
        "arn:aws:iam::222222222222:user/ci-bot",
        vec![partner_policy],
    );
    let local = b.principal("arn:aws:iam::111111111111:user/ops", vec![local_policy]);
    let role = b.resource(
        "arn:aws:iam::111111111111:role/deploy",
        "",
        &[],
        Some(trust),
    );
    let external_id = [("sts:ExternalId", ContextType::String, "acme-7f3a91")];
    let wrong_id = [("sts:ExternalId", ContextType::String, "guess")];
    b.test(
        "the partner without the external ID",
        partner,
        "sts:AssumeRole",
        Some(role),
        &[],
        IMPLICIT,
    );
    b.test(
        "the partner with the external ID",
        partner,
        "sts:AssumeRole",
        Some(role),
        &external_id,
        ALLOWED,
    );
    b.test(
        "the partner with a wrong external ID",
        partner,
        "sts:AssumeRole",
        Some(role),
        &wrong_id,
        IMPLICIT,
    );
    b.test(
        "EC2 assumes the role",
        ec2,
        "sts:AssumeRole",
        Some(role),
        &[],
        ALLOWED,
    );
    b.test(
        "an identity policy alone is not enough",
        local,
        "sts:AssumeRole",
        Some(role),
        &[],
        IMPLICIT,
    );
    b.open(0)
}

fn explicit_deny_wins() -> Workspace {
    let mut b = Builder::new("explicit-deny-wins");
    b.describe(
        "Pat has full S3 access from one policy and a second policy denies deleting anything in the production bucket. \
         The production bucket's own policy also denies every request that does not use TLS (aws:SecureTransport false). \
         Wherever a Deny applies (identity policy or bucket policy) it wins over every Allow.",
    );
    let full = b.policy(
        "S3FullAccess",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}"#,
    );
    let protect = b.policy(
        "ProtectProduction",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "NoDeletesInProd",
      "Effect": "Deny",
      "Action": ["s3:DeleteObject", "s3:DeleteBucket"],
      "Resource": ["arn:aws:s3:::acme-prod", "arn:aws:s3:::acme-prod/*"]
    }
  ]
}"#,
    );
    let tls = b.policy(
        "RequireTLS",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyPlainHTTP",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::acme-prod/*",
      "Condition": {
        "Bool": { "aws:SecureTransport": "false" }
      }
    }
  ]
}"#,
    );
    let pat = b.principal("arn:aws:iam::111111111111:user/pat", vec![full, protect]);
    let prod = b.resource("arn:aws:s3:::acme-prod/orders.csv", "", &[], Some(tls));
    let dev = b.resource("arn:aws:s3:::acme-dev/scratch.txt", "", &[], None);
    let bucket = b.resource("arn:aws:s3:::acme-prod", "", &[], None);
    let https = [("aws:SecureTransport", ContextType::Boolean, "true")];
    let http = [("aws:SecureTransport", ContextType::Boolean, "false")];
    b.test(
        "delete a production object",
        pat,
        "s3:DeleteObject",
        Some(prod),
        &https,
        EXPLICIT,
    );
    b.test(
        "read a production object",
        pat,
        "s3:GetObject",
        Some(prod),
        &https,
        ALLOWED,
    );
    b.test(
        "read production over plain HTTP",
        pat,
        "s3:GetObject",
        Some(prod),
        &http,
        EXPLICIT,
    );
    b.test(
        "delete a dev object",
        pat,
        "s3:DeleteObject",
        Some(dev),
        &https,
        ALLOWED,
    );
    b.test(
        "delete the production bucket",
        pat,
        "s3:DeleteBucket",
        Some(bucket),
        &[],
        EXPLICIT,
    );
    b.open(0)
}

fn source_ip_guardrail() -> Workspace {
    let mut b = Builder::new("source-ip-guardrail");
    b.describe(
        "Quinn may read the finance reports, but a Deny with NotIpAddress applies to any request from outside 203.0.113.0/24. \
         A negated operator holds when the key is missing, so a request without aws:SourceIp is denied too. \
         Add aws:SourceIp with one click (it starts inside the office range), then try another address.",
    );
    let policy = b.policy(
        "FinanceReportsFromOffice",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::acme-finance", "arn:aws:s3:::acme-finance/*"]
    },
    {
      "Sid": "OnlyFromTheOffice",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "NotIpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8:1234::/48"] }
      }
    }
  ]
}"#,
    );
    let quinn = b.principal("arn:aws:iam::111111111111:user/quinn", vec![policy]);
    let report = b.resource("arn:aws:s3:::acme-finance/2026/q1.pdf", "", &[], None);
    let office = [("aws:SourceIp", ContextType::Ip, "203.0.113.10")];
    let office_v6 = [("aws:SourceIp", ContextType::Ip, "2001:db8:1234::42")];
    let cafe = [("aws:SourceIp", ContextType::Ip, "198.51.100.7")];
    b.test(
        "a request without a source IP",
        quinn,
        "s3:GetObject",
        Some(report),
        &[],
        EXPLICIT,
    );
    b.test(
        "from the office",
        quinn,
        "s3:GetObject",
        Some(report),
        &office,
        ALLOWED,
    );
    b.test(
        "from the office over IPv6",
        quinn,
        "s3:GetObject",
        Some(report),
        &office_v6,
        ALLOWED,
    );
    b.test(
        "from a cafe",
        quinn,
        "s3:GetObject",
        Some(report),
        &cafe,
        EXPLICIT,
    );
    b.test(
        "the office does not grant writes",
        quinn,
        "s3:PutObject",
        Some(report),
        &office,
        IMPLICIT,
    );
    b.open(0)
}

fn rcp_data_perimeter() -> Workspace {
    let mut b = Builder::new("rcp-data-perimeter");
    b.describe(
        "The bucket's policy grants read access to account 333333333333, but an RCP at the organization root denies S3 requests from principals outside the organization o-acme12345. \
         RCPs apply to every caller of the organization's resources, and like SCPs they never grant. \
         A caller from another account of the same organization gives aws:PrincipalOrgID and gets through.",
    );
    let bucket_policy_text = r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadForPartnerAndSister",
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"] },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-datasets/*"
    }
  ]
}"#;
    let rcp = b.policy(
        "EnforceOrgPerimeter",
        r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyOurOrganization",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-acme12345" },
        "BoolIfExists": { "aws:PrincipalIsAWSService": "false" }
      }
    }
  ]
}"#,
    );
    b.workspace.organization = Organization {
        rcps_enabled: true,
        rcps: vec![LevelDef {
            name: String::from("Root"),
            policies: vec![rcp],
        }],
        ..Organization::default()
    };
    let read_text = r#"
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-datasets/*"
    }
  ]
}"#;
    let partner_policy = b.policy("ReadDatasets", read_text);
    let sister_policy = b.policy("ReadDatasets", read_text);
    let partner = b.principal(
        "arn:aws:iam::333333333333:user/external-analyst",
        vec![partner_policy],
    );
    let sister = b.principal(
        "arn:aws:iam::444444444444:user/data-team",
        vec![sister_policy],
    );
    let bucket_policy = b.policy("BucketPolicy", bucket_policy_text);
    let dataset = b.resource(
        "arn:aws:s3:::acme-datasets/sales.parquet",
        "111111111111",
        &[],
        Some(bucket_policy),
    );
    let in_org = [("aws:PrincipalOrgID", ContextType::String, "o-acme12345")];
    let other_org = [("aws:PrincipalOrgID", ContextType::String, "o-other99999")];
    b.test(
        "a principal outside the organization",
        partner,
        "s3:GetObject",
        Some(dataset),
        &other_org,
        EXPLICIT,
    );
    b.test(
        "an account of the organization",
        sister,
        "s3:GetObject",
        Some(dataset),
        &in_org,
        ALLOWED,
    );
    b.test(
        "the partner without an org id is outside too",
        partner,
        "s3:GetObject",
        Some(dataset),
        &[],
        EXPLICIT,
    );
    b.test(
        "the bucket policy grants no writes",
        sister,
        "s3:PutObject",
        Some(dataset),
        &in_org,
        IMPLICIT,
    );
    b.open(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::Analysis;
    use crate::model::checks::run_tests;

    #[test]
    fn every_example_passes_its_own_tests() {
        for example in &EXAMPLES {
            let workspace = (example.build)();
            let analysis = Analysis::new(&workspace);
            for (id, diagnostics) in &analysis.diagnostics {
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
            let workspace = (example.build)();
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
