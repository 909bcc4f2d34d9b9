//! Strict resource policies: role trust policies and KMS key policies, for
//! which an identity policy alone never grants (spec §7.5; AWS: "Policy
//! evaluation logic", "Update a role trust policy", "Key policies in AWS
//! KMS").
//!
//! This is the only place that knows which requests are strict; the decision
//! logic, the case loader's warnings and every front end ask here.

use crate::arn::Arn;

/// Why a request's resource policy is strict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum StrictResource {
    /// An `sts:AssumeRole*`-family action on a role: its trust policy decides.
    RoleTrust,
    /// A `kms:` action on a key: its key policy decides.
    KeyPolicy,
}

/// The STS actions a role's trust policy governs (lowercase names).
const TRUST_ACTIONS: [&str; 6] = [
    "assumerole",
    "assumerolewithsaml",
    "assumerolewithwebidentity",
    "tagsession",
    "setsourceidentity",
    "setcontext",
];

/// Whether `action` (any case) on `resource_arn` is governed by a strict
/// resource policy, and which kind.
pub fn strict_resource(action: &str, resource_arn: &str) -> Option<StrictResource> {
    let (service, name) = action.split_once(':')?;
    strict_for(service, name, strictness(&Arn::parse(resource_arn)?))
}

/// The kind of strict policy a resource has, whatever the action: a role's
/// trust policy or a KMS key's key policy. Read once per resource.
pub(crate) fn strictness(arn: &Arn<'_>) -> Option<StrictResource> {
    if is_role(arn) {
        Some(StrictResource::RoleTrust)
    } else if arn.service == "kms" && arn.resource.starts_with("key/") {
        Some(StrictResource::KeyPolicy)
    } else {
        None
    }
}

/// Whether the action `service:name` (any case) on a resource of the given
/// [`strictness`] is governed by its strict policy.
pub(crate) fn strict_for(
    service: &str,
    name: &str,
    strictness: Option<StrictResource>,
) -> Option<StrictResource> {
    match strictness? {
        StrictResource::RoleTrust => (service.eq_ignore_ascii_case("sts")
            && TRUST_ACTIONS
                .iter()
                .any(|trust| trust.eq_ignore_ascii_case(name)))
        .then_some(StrictResource::RoleTrust),
        StrictResource::KeyPolicy => service
            .eq_ignore_ascii_case("kms")
            .then_some(StrictResource::KeyPolicy),
    }
}

/// Whether an ARN names an IAM role (whose resource policy is its trust policy).
pub fn is_role(arn: &Arn<'_>) -> bool {
    arn.service == "iam" && arn.resource.starts_with("role/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(action: &str, resource: &str, expected: Option<StrictResource>) {
        assert_eq!(
            strict_resource(action, resource),
            expected,
            "{action} on {resource}"
        );
    }

    #[test]
    fn trust_actions_on_roles_and_kms_actions_on_keys_are_strict() {
        let role = "arn:aws:iam::111111111111:role/team/app";
        let key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        check("sts:AssumeRole", role, Some(StrictResource::RoleTrust));
        check(
            "STS:assumerolewithsaml",
            role,
            Some(StrictResource::RoleTrust),
        );
        check("sts:TagSession", role, Some(StrictResource::RoleTrust));
        check(
            "sts:SetSourceIdentity",
            role,
            Some(StrictResource::RoleTrust),
        );
        check("sts:SetContext", role, Some(StrictResource::RoleTrust));
        check("sts:DecodeAuthorizationMessage", role, None);
        check("sts:GetCallerIdentity", role, None);
        check("iam:GetRole", role, None);
        check("kms:Decrypt", key, Some(StrictResource::KeyPolicy));
        check(
            "kms:CreateGrant",
            "arn:aws:kms:us-east-1:111111111111:alias/app",
            None,
        );
        check("sts:AssumeRole", "*", None);
        check("s3:GetObject", "arn:aws:s3:::b/x", None);
    }
}
