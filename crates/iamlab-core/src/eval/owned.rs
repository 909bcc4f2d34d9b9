//! Resources that AWS owns and no customer policy can change (spec §7.6):
//! AWS managed policies, service-linked and `aws-reserved` roles, and the
//! `alias/aws/` aliases of AWS managed KMS keys.
//!
//! AWS refuses these changes whatever the caller's policies say (IAM User
//! Guide: "AWS managed policies" — "You cannot change the permissions
//! defined in AWS managed policies"; "Using service-linked roles" — only the
//! service can edit or delete its role; AWS KMS Developer Guide: "Aliases in
//! AWS KMS" — you cannot create, update or delete aliases that begin with
//! `alias/aws/`). iamlab reports them as an implicit deny with its own
//! reason, after explicit denies, which still win.

use crate::arn::Arn;

/// What kind of AWS-owned resource a request would change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum AwsOwned {
    /// An AWS managed policy (`arn:aws:iam::aws:policy/…`).
    ManagedPolicy,
    /// A service-linked role (path `/aws-service-role/`).
    ServiceLinkedRole,
    /// A role AWS reserves (path `/aws-reserved/`, such as IAM Identity
    /// Center's).
    ReservedRole,
    /// An alias of an AWS managed KMS key (`alias/aws/…`).
    AwsKeyAlias,
}

/// IAM actions that change a managed policy.
const POLICY_CHANGES: [&str; 6] = [
    "createpolicyversion",
    "deletepolicy",
    "deletepolicyversion",
    "setdefaultpolicyversion",
    "tagpolicy",
    "untagpolicy",
];

/// IAM actions that change a role's permissions, trust or existence.
///
/// Not here, because AWS allows them on these roles: `iam:PassRole` (EC2
/// Auto Scaling documents passing a service-linked role with a custom
/// suffix, and creating a service-linked role needs it), editing the
/// description (`iam:UpdateRoleDescription`, `iam:UpdateRole`: "You can edit
/// the description of a service-linked role using IAM"), and
/// `iam:DeleteServiceLinkedRole`, the one way to delete such a role.
const ROLE_CHANGES: [&str; 8] = [
    "deleterole",
    "putrolepolicy",
    "deleterolepolicy",
    "attachrolepolicy",
    "detachrolepolicy",
    "updateassumerolepolicy",
    "putrolepermissionsboundary",
    "deleterolepermissionsboundary",
];

/// KMS actions that change an alias.
const ALIAS_CHANGES: [&str; 3] = ["createalias", "updatealias", "deletealias"];

/// Whether `action` (any case) on `resource_arn` would change a resource that
/// AWS owns, and which kind.
pub fn aws_owned(action: &str, resource_arn: &str) -> Option<AwsOwned> {
    let (service, name) = action.split_once(':')?;
    let arn = Arn::parse(resource_arn)?;
    let is = |list: &[&str]| list.iter().any(|known| known.eq_ignore_ascii_case(name));
    if service.eq_ignore_ascii_case("iam") && arn.service == "iam" {
        if arn.account == "aws" && arn.resource.starts_with("policy/") && is(&POLICY_CHANGES) {
            return Some(AwsOwned::ManagedPolicy);
        }
        if let Some(path) = arn.resource.strip_prefix("role/")
            && is(&ROLE_CHANGES)
        {
            if path.starts_with("aws-service-role/") {
                return Some(AwsOwned::ServiceLinkedRole);
            }
            if path.starts_with("aws-reserved/") {
                return Some(AwsOwned::ReservedRole);
            }
        }
    }
    if service.eq_ignore_ascii_case("kms")
        && arn.service == "kms"
        && arn.resource.starts_with("alias/aws/")
        && is(&ALIAS_CHANGES)
    {
        return Some(AwsOwned::AwsKeyAlias);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(action: &str, resource: &str, expected: Option<AwsOwned>) {
        assert_eq!(
            aws_owned(action, resource),
            expected,
            "{action} on {resource}"
        );
    }

    #[test]
    fn aws_owned_resources_are_recognised() {
        let managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        check(
            "iam:CreatePolicyVersion",
            managed,
            Some(AwsOwned::ManagedPolicy),
        );
        check("IAM:deletepolicy", managed, Some(AwsOwned::ManagedPolicy));
        check("iam:GetPolicy", managed, None);
        check(
            "iam:CreatePolicyVersion",
            "arn:aws:iam::111111111111:policy/Mine",
            None,
        );
        let slr = "arn:aws:iam::111111111111:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk";
        check("iam:DeleteRole", slr, Some(AwsOwned::ServiceLinkedRole));
        check(
            "iam:AttachRolePolicy",
            slr,
            Some(AwsOwned::ServiceLinkedRole),
        );
        check("iam:PassRole", slr, None);
        check("iam:UpdateRoleDescription", slr, None);
        check("iam:DeleteServiceLinkedRole", slr, None);
        check("iam:CreateServiceLinkedRole", slr, None);
        check(
            "iam:PutRolePolicy",
            "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123",
            Some(AwsOwned::ReservedRole),
        );
        check("iam:DeleteRole", "arn:aws:iam::111111111111:role/app", None);
        check(
            "kms:CreateAlias",
            "arn:aws:kms:eu-west-1:111111111111:alias/aws/s3",
            Some(AwsOwned::AwsKeyAlias),
        );
        check(
            "kms:CreateAlias",
            "arn:aws:kms:eu-west-1:111111111111:alias/mine",
            None,
        );
    }
}
