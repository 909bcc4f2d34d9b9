//! The first text of every policy the page creates: valid for its kind,
//! meaningful, and named for what it does.
//!
//! A new policy is where a student starts typing, so it must already be a
//! policy that AWS would accept and that does something visible: an empty
//! `"Action": ""` would open with a warning and teach nothing. A native test
//! lowers every template for its kind and requires no diagnostic at all.

use iamlab_core::arn::Arn;
use iamlab_core::eval::is_role;
use iamlab_core::policy::DocumentKind;

/// A policy's first name and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The name, which says what the policy does.
    pub name: String,
    /// The JSON text.
    pub text: String,
    /// The grammar it follows.
    pub kind: DocumentKind,
}

impl Template {
    fn new(name: &str, text: &str, kind: DocumentKind) -> Self {
        Template {
            name: name.to_owned(),
            text: text.to_owned(),
            kind,
        }
    }
}

/// An identity policy of a user or role.
pub fn identity() -> Template {
    Template::new(
        "ReadReports",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    }
  ]
}
"#,
        DocumentKind::Identity,
    )
}

/// A policy of an IAM group.
pub fn group() -> Template {
    Template::new(
        "ReadTeamDocs",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadTeamDocs",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::team-docs/*"
    }
  ]
}
"#,
        DocumentKind::Identity,
    )
}

/// A permissions boundary.
pub fn boundary() -> Template {
    Template::new(
        "BoundaryS3AndLogs",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AtMostS3AndLogs",
      "Effect": "Allow",
      "Action": ["s3:*", "logs:*"],
      "Resource": "*"
    }
  ]
}
"#,
        DocumentKind::PermissionsBoundary,
    )
}

/// A session policy.
pub fn session() -> Template {
    Template::new(
        "SessionReadReportsOnly",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
"#,
        DocumentKind::Session,
    )
}

/// AWS's default SCP, attached to every level until it is replaced.
pub fn full_access_scp() -> Template {
    Template::new(
        "FullAWSAccess",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
"#,
        DocumentKind::Scp,
    )
}

/// A guardrail SCP: no regional work outside eu-west-1.
pub fn scp() -> Template {
    Template::new(
        "DenyOutsideEuWest1",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideEuWest1",
      "Effect": "Deny",
      "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*"],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": { "aws:RequestedRegion": "eu-west-1" }
      }
    }
  ]
}
"#,
        DocumentKind::Scp,
    )
}

/// A guardrail RCP: S3 only over TLS.
pub fn rcp() -> Template {
    Template::new(
        "DenyInsecureTransport",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "BoolIfExists": { "aws:SecureTransport": "false" }
      }
    }
  ]
}
"#,
        DocumentKind::Rcp,
    )
}

/// A VPC endpoint policy: reads of the reports bucket, by anyone who can.
pub fn endpoint() -> Template {
    Template::new(
        "EndpointReadReports",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReportsThroughThisEndpoint",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    }
  ]
}
"#,
        DocumentKind::VpcEndpoint,
    )
}

/// The resource-based policy for a resource: a role's trust policy, a KMS
/// key's default key policy, or a policy that lets `account` use the
/// resource, naming the resource's own ARN.
pub fn resource_policy(resource_arn: &str, account: &str) -> Template {
    let account = if iamlab_core::principal::is_account_id(account) {
        account
    } else {
        "111111111111"
    };
    let parsed = Arn::parse(resource_arn);
    if parsed.is_some_and(|arn| is_role(&arn)) {
        return Template::new(
            "TrustEc2",
            r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Ec2MayAssumeThisRole",
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
"#,
            DocumentKind::RoleTrust,
        );
    }
    if parsed.is_some_and(|arn| arn.service == "kms") {
        let text = format!(
            r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "EnableIamPolicies",
      "Effect": "Allow",
      "Principal": {{ "AWS": "arn:aws:iam::{account}:root" }},
      "Action": "kms:*",
      "Resource": "*"
    }}
  ]
}}
"#
        );
        return Template {
            name: String::from("DefaultKeyPolicy"),
            text,
            kind: DocumentKind::Resource,
        };
    }
    let (name, action) = match parsed.map(|arn| arn.service) {
        Some("s3") => ("AllowAccountRead", "s3:GetObject"),
        Some("sqs") => ("AllowAccountSend", "sqs:SendMessage"),
        Some("sns") => ("AllowAccountPublish", "sns:Publish"),
        Some("secretsmanager") => ("AllowAccountRead", "secretsmanager:GetSecretValue"),
        Some("lambda") => ("AllowAccountInvoke", "lambda:InvokeFunction"),
        Some(service) => {
            return Template {
                name: String::from("AllowAccountRead"),
                text: account_policy(account, &format!("{service}:Get*"), resource_arn),
                kind: DocumentKind::Resource,
            };
        }
        None => ("AllowAccountRead", "s3:GetObject"),
    };
    let resource = if parsed.is_some() { resource_arn } else { "*" };
    Template {
        name: String::from(name),
        text: account_policy(account, action, resource),
        kind: DocumentKind::Resource,
    }
}

fn account_policy(account: &str, action: &str, resource: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "AllowAccount",
      "Effect": "Allow",
      "Principal": {{ "AWS": "{account}" }},
      "Action": "{action}",
      "Resource": "{resource}"
    }}
  ]
}}
"#
    )
}

/// A name not yet used among `taken`: `name`, else `name2`, `name3`…
pub fn fresh_name(name: &str, taken: &[&str]) -> String {
    if !taken.contains(&name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use iamlab_core::policy::{LowerOptions, parse_policy};
    use iamlab_core::source::SourceMap;

    use super::*;

    fn check(template: &Template) {
        let mut sources = SourceMap::new();
        let source = sources.add(template.name.clone(), template.text.clone());
        let options = LowerOptions {
            kind: template.kind,
            name: template.name.clone(),
        };
        let (policy, diagnostics) = parse_policy(&mut sources, source, &options);
        assert!(policy.is_some(), "{}: {diagnostics:?}", template.name);
        assert!(
            diagnostics.is_empty(),
            "{} must open without a diagnostic: {diagnostics:?}",
            template.name
        );
        assert!(
            !template.name.starts_with("Policy") && !template.name.starts_with("Scp"),
            "{} does not say what it does",
            template.name
        );
    }

    #[test]
    fn every_template_is_valid_for_its_kind_with_no_warning() {
        for template in [
            identity(),
            group(),
            boundary(),
            session(),
            full_access_scp(),
            scp(),
            rcp(),
            endpoint(),
        ] {
            check(&template);
        }
        for arn in [
            "arn:aws:s3:::reports/q1.csv",
            "arn:aws:s3:::reports",
            "arn:aws:iam::111111111111:role/app",
            "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:sqs:eu-west-1:111111111111:jobs",
            "arn:aws:sns:eu-west-1:111111111111:alerts",
            "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf",
            "arn:aws:lambda:eu-west-1:111111111111:function:app",
            "arn:aws:dynamodb:eu-west-1:111111111111:table/Books",
            "*",
        ] {
            let template = resource_policy(arn, "111111111111");
            check(&template);
        }
        assert_eq!(
            resource_policy("arn:aws:iam::111111111111:role/app", "").kind,
            DocumentKind::RoleTrust
        );
    }

    #[test]
    fn fresh_names_count_from_two() {
        assert_eq!(fresh_name("ReadReports", &[]), "ReadReports");
        assert_eq!(fresh_name("ReadReports", &["ReadReports"]), "ReadReports2");
        assert_eq!(
            fresh_name("ReadReports", &["ReadReports", "ReadReports2"]),
            "ReadReports3"
        );
    }
}
