//! Callers and the principals that policies name.
//!
//! A caller is classified once from its ARN (spec §1.1): IAM user, role
//! session, federated user, account root, service principal or anonymous.
//! Matching a policy's `Principal` entry against it yields a match class
//! (AWS: "AWS JSON policy elements: Principal"; spec §3.3), which the
//! decision logic uses to tell a direct grant from a delegation to a role or
//! an account.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::arn::Arn;
use crate::policy::{PrincipalEntry, PrincipalKey};

/// The kind of caller (the case format's `principal.type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
pub enum PrincipalKind {
    /// An IAM user.
    User,
    /// A session of an IAM role.
    RoleSession,
    /// A session made by `GetFederationToken`.
    FederatedUser,
    /// The account root user.
    Root,
    /// An AWS service acting as itself.
    Service,
    /// An unsigned request.
    Anonymous,
}

impl PrincipalKind {
    /// The case format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::RoleSession => "role-session",
            PrincipalKind::FederatedUser => "federated-user",
            PrincipalKind::Root => "root",
            PrincipalKind::Service => "service",
            PrincipalKind::Anonymous => "anonymous",
        }
    }

    /// Parses the case format's name.
    pub fn from_name(name: &str) -> Option<PrincipalKind> {
        match name {
            "user" => Some(PrincipalKind::User),
            "role-session" => Some(PrincipalKind::RoleSession),
            "federated-user" => Some(PrincipalKind::FederatedUser),
            "root" => Some(PrincipalKind::Root),
            "service" => Some(PrincipalKind::Service),
            "anonymous" => Some(PrincipalKind::Anonymous),
            _ => None,
        }
    }
}

/// How a resource-policy principal entry relates to the caller (spec §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum MatchClass {
    /// Names the caller's account: delegates to its identity policies.
    Account,
    /// Names the caller's role: limited by boundary and session policies.
    Role,
    /// Names the caller itself, or everyone.
    Direct,
}

/// A classified caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The ARN as given (or the service name, or `anonymous`).
    pub arn: String,
    /// The kind.
    pub kind: PrincipalKind,
    /// The partition, for callers with an ARN.
    pub partition: Option<String>,
    /// The account, for callers that belong to one.
    pub account: Option<String>,
    /// The IAM user name (without path), for users.
    pub user_name: Option<String>,
    /// The role's ARN (with its path when given), for role sessions.
    pub role_arn: Option<String>,
    /// Whether the role is a service-linked role (path `/aws-service-role/`).
    pub service_linked: bool,
    /// Whether the caller's user or role has a permissions boundary.
    pub has_boundary: bool,
}

/// Classifies a caller from its ARN, an optional declared kind and, for role
/// sessions, an optional role ARN. The error is a message for the user.
pub fn classify(
    arn: &str,
    declared: Option<PrincipalKind>,
    role_arn: Option<&str>,
) -> Result<Caller, String> {
    let mut caller = Caller {
        arn: String::from(arn),
        kind: PrincipalKind::Anonymous,
        partition: None,
        account: None,
        user_name: None,
        role_arn: None,
        service_linked: false,
        has_boundary: false,
    };
    if arn == "anonymous" || arn == "*" {
        caller.kind = PrincipalKind::Anonymous;
    } else if let Some(parsed) = Arn::parse(arn) {
        caller.partition = Some(String::from(parsed.partition));
        caller.account = Some(String::from(parsed.account));
        if !is_account_id(parsed.account) {
            return Err(format!("`{arn}` has no 12-digit account id"));
        }
        let resource = parsed.resource;
        match (parsed.service, resource) {
            ("iam", "root") => caller.kind = PrincipalKind::Root,
            ("iam", rest) if rest.starts_with("user/") => {
                caller.kind = PrincipalKind::User;
                let name = rest.rsplit('/').next().unwrap_or("");
                if name.is_empty() {
                    return Err(format!("`{arn}` names no user"));
                }
                caller.user_name = Some(String::from(name));
            }
            ("sts", rest) if rest.starts_with("assumed-role/") => {
                caller.kind = PrincipalKind::RoleSession;
                let mut parts = rest.splitn(3, '/').skip(1);
                let role = parts.next().unwrap_or("");
                let session = parts.next().unwrap_or("");
                if role.is_empty() || session.is_empty() {
                    return Err(format!(
                        "`{arn}` must be `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
                    ));
                }
                let derived = format!(
                    "arn:{}:iam::{}:role/{role}",
                    parsed.partition, parsed.account
                );
                caller.role_arn = Some(match role_arn {
                    Some(given) => {
                        let name_matches = given.rsplit('/').next() == Some(role);
                        if Arn::parse(given).is_none() || !given.contains(":role/") || !name_matches
                        {
                            return Err(format!(
                                "`roleArn` `{given}` is not the role of session `{arn}`"
                            ));
                        }
                        String::from(given)
                    }
                    None => derived,
                });
            }
            ("sts", rest) if rest.starts_with("federated-user/") => {
                caller.kind = PrincipalKind::FederatedUser;
            }
            ("iam", rest) if rest.starts_with("role/") => {
                return Err(format!(
                    "`{arn}` is a role, not a caller: use a session ARN such as `arn:aws:sts::{}:assumed-role/{}/SESSION`",
                    parsed.account,
                    rest.rsplit('/').next().unwrap_or("ROLE")
                ));
            }
            _ => {
                return Err(format!(
                    "`{arn}` is not a user, role session, federated user or root ARN"
                ));
            }
        }
    } else if arn.starts_with("arn:") {
        return Err(format!("`{arn}` is not a complete ARN"));
    } else if !arn.is_empty() && !arn.contains(char::is_whitespace) && arn.contains('.') {
        caller.kind = PrincipalKind::Service;
    } else {
        return Err(format!(
            "`{arn}` is not a principal: give an IAM ARN, a service principal such as `lambda.amazonaws.com`, or `anonymous`"
        ));
    }
    if let Some(declared) = declared
        && declared != caller.kind
    {
        return Err(format!(
            "`type` says `{}` but `{arn}` is a {}",
            declared.as_str(),
            caller.kind.as_str()
        ));
    }
    if role_arn.is_some() && caller.kind != PrincipalKind::RoleSession {
        return Err(String::from("`roleArn` is only for role sessions"));
    }
    caller.service_linked = caller
        .role_arn
        .as_deref()
        .and_then(|role| role.split_once(":role/"))
        .is_some_and(|(_, path)| path.starts_with("aws-service-role/"));
    Ok(caller)
}

/// Whether `text` is a 12-digit account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

impl Caller {
    /// The `aws:PrincipalArn` value: the role's ARN for a role session.
    pub fn principal_arn(&self) -> Option<&str> {
        match self.kind {
            PrincipalKind::Anonymous | PrincipalKind::Service => None,
            PrincipalKind::RoleSession => self.role_arn.as_deref(),
            _ => Some(&self.arn),
        }
    }

    /// How a resource-policy `Principal` entry relates to this caller.
    pub fn match_entry(&self, entry: &PrincipalEntry) -> Option<MatchClass> {
        match entry.key {
            PrincipalKey::Everyone => Some(MatchClass::Direct),
            PrincipalKey::Aws => self.match_aws(&entry.value),
            PrincipalKey::Service | PrincipalKey::Federated => {
                (self.kind == PrincipalKind::Service && self.arn.eq_ignore_ascii_case(&entry.value))
                    .then_some(MatchClass::Direct)
            }
            PrincipalKey::CanonicalUser => None,
        }
    }

    fn match_aws(&self, value: &str) -> Option<MatchClass> {
        if value == "*" {
            return Some(MatchClass::Direct);
        }
        let account_entry = if is_account_id(value) {
            Some(value)
        } else {
            Arn::parse(value)
                .filter(|arn| arn.service == "iam" && arn.resource == "root")
                .filter(|arn| Some(arn.partition) == self.partition.as_deref())
                .map(|arn| arn.account)
        };
        if let Some(account) = account_entry {
            if self.account.as_deref() != Some(account) {
                return None;
            }
            return match self.kind {
                PrincipalKind::Root => Some(MatchClass::Direct),
                PrincipalKind::User | PrincipalKind::RoleSession | PrincipalKind::FederatedUser => {
                    Some(MatchClass::Account)
                }
                PrincipalKind::Service | PrincipalKind::Anonymous => None,
            };
        }
        match self.kind {
            PrincipalKind::User | PrincipalKind::FederatedUser | PrincipalKind::RoleSession
                if value == self.arn =>
            {
                Some(MatchClass::Direct)
            }
            PrincipalKind::RoleSession if self.role_arn.as_deref() == Some(value) => {
                Some(MatchClass::Role)
            }
            _ => None,
        }
    }

    /// Whether a `NotPrincipal` list covers this caller under the strict
    /// rule: every identity in the caller's chain (session, role, account)
    /// is listed (spec §3.3, §10 #5).
    pub fn is_covered_strictly(&self, entries: &[PrincipalEntry]) -> bool {
        if entries.iter().any(is_everyone) {
            return true;
        }
        let chain = self.chain();
        if chain.is_empty() {
            return false;
        }
        chain.iter().all(|wanted| {
            entries
                .iter()
                .any(|entry| self.match_entry(entry) == Some(*wanted))
        })
    }

    /// Whether any entry names this caller at any level (the lenient rule).
    pub fn is_covered_leniently(&self, entries: &[PrincipalEntry]) -> bool {
        entries
            .iter()
            .any(|entry| self.match_entry(entry).is_some())
    }

    /// The identities a strict `NotPrincipal` list must name, as match classes.
    fn chain(&self) -> Vec<MatchClass> {
        match self.kind {
            PrincipalKind::User | PrincipalKind::FederatedUser => {
                alloc::vec![MatchClass::Direct, MatchClass::Account]
            }
            PrincipalKind::RoleSession => {
                alloc::vec![MatchClass::Direct, MatchClass::Role, MatchClass::Account]
            }
            PrincipalKind::Root | PrincipalKind::Service => alloc::vec![MatchClass::Direct],
            PrincipalKind::Anonymous => Vec::new(),
        }
    }
}

fn is_everyone(entry: &PrincipalEntry) -> bool {
    entry.key == PrincipalKey::Everyone || (entry.key == PrincipalKey::Aws && entry.value == "*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn entry(key: PrincipalKey, value: &str) -> PrincipalEntry {
        PrincipalEntry {
            key,
            value: String::from(value),
            span: Span::default(),
        }
    }

    #[test]
    fn classifies_callers() {
        let user = classify("arn:aws:iam::111111111111:user/ops/alice", None, None).unwrap();
        assert_eq!(user.kind, PrincipalKind::User);
        assert_eq!(user.user_name.as_deref(), Some("alice"));
        let session =
            classify("arn:aws:sts::111111111111:assumed-role/app/s1", None, None).unwrap();
        assert_eq!(
            session.role_arn.as_deref(),
            Some("arn:aws:iam::111111111111:role/app")
        );
        let slr = classify(
            "arn:aws:sts::111111111111:assumed-role/AWSServiceRoleForX/s",
            None,
            Some("arn:aws:iam::111111111111:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX"),
        )
        .unwrap();
        assert!(slr.service_linked);
        assert_eq!(
            classify("lambda.amazonaws.com", None, None).unwrap().kind,
            PrincipalKind::Service
        );
        assert_eq!(
            classify("anonymous", None, None).unwrap().kind,
            PrincipalKind::Anonymous
        );
        assert!(classify("arn:aws:iam::111111111111:role/app", None, None).is_err());
        assert!(classify("alice", None, None).is_err());
        assert!(classify("anonymous", Some(PrincipalKind::User), None).is_err());
    }

    #[test]
    fn principal_entries_have_match_classes() {
        let session = classify(
            "arn:aws:sts::111111111111:assumed-role/app/s1",
            None,
            Some("arn:aws:iam::111111111111:role/team/app"),
        )
        .unwrap();
        assert_eq!(
            session.match_entry(&entry(PrincipalKey::Aws, "111111111111")),
            Some(MatchClass::Account)
        );
        assert_eq!(
            session.match_entry(&entry(
                PrincipalKey::Aws,
                "arn:aws:iam::111111111111:role/team/app"
            )),
            Some(MatchClass::Role)
        );
        assert_eq!(
            session.match_entry(&entry(
                PrincipalKey::Aws,
                "arn:aws:iam::111111111111:role/app"
            )),
            None
        );
        assert_eq!(
            session.match_entry(&entry(
                PrincipalKey::Aws,
                "arn:aws:sts::111111111111:assumed-role/app/s1"
            )),
            Some(MatchClass::Direct)
        );
        let root = classify("arn:aws:iam::222222222222:root", None, None).unwrap();
        assert_eq!(
            root.match_entry(&entry(PrincipalKey::Aws, "222222222222")),
            Some(MatchClass::Direct)
        );
        let anonymous = classify("anonymous", None, None).unwrap();
        assert_eq!(
            anonymous.match_entry(&entry(PrincipalKey::Aws, "111111111111")),
            None
        );
        assert!(!anonymous.is_covered_strictly(&[entry(PrincipalKey::Aws, "111111111111")]));
        assert!(session.is_covered_strictly(&[
            entry(
                PrincipalKey::Aws,
                "arn:aws:sts::111111111111:assumed-role/app/s1"
            ),
            entry(PrincipalKey::Aws, "arn:aws:iam::111111111111:role/team/app"),
            entry(PrincipalKey::Aws, "111111111111"),
        ]));
        assert!(!session.is_covered_strictly(&[entry(
            PrincipalKey::Aws,
            "arn:aws:sts::111111111111:assumed-role/app/s1"
        )]));
    }
}
