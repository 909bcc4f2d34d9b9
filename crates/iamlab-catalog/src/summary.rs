//! A policy summary like the IAM console's: per service, which access
//! levels the policy allows (or denies), on which resources, and under which
//! conditions.
//!
//! Every action entry is expanded against the catalog, so `s3:Get*` counts
//! as the Read and List actions it covers, and `NotAction` as every action
//! it leaves out. A service whose every action is covered is "Full access";
//! otherwise the summary lists the levels it touches with counts ("Limited:
//! Read 12 of 71, List 3 of 9").

use alloc::string::String;
use alloc::vec::Vec;

use iamlab_core::policy::{ActionMatcher, Effect, Policy, Statement};

use crate::{AccessLevels, Action, Catalog};

/// The summary of one policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySummary {
    /// Services the policy allows actions of, sorted by prefix.
    pub allow: Vec<ServiceSummary>,
    /// Services the policy denies actions of, sorted by prefix.
    pub deny: Vec<ServiceSummary>,
    /// Action entries naming nothing in the catalog (`s4:GetObject`).
    pub unknown: Vec<String>,
}

/// What a policy allows (or denies) of one service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceSummary {
    /// The prefix (`s3`).
    pub prefix: String,
    /// The name (`Amazon S3`).
    pub name: String,
    /// Whether every action of the service is covered.
    pub full: bool,
    /// Per access level, in the console's order: how many of the level's
    /// actions are covered, and how many it has. Levels with none covered
    /// are left out.
    pub levels: Vec<LevelCount>,
    /// The resources, as written (`*` for all); sorted, without repeats.
    pub resources: Vec<String>,
    /// The condition keys that limit it; sorted, without repeats.
    pub conditions: Vec<String>,
    /// How many actions are covered.
    pub actions: usize,
}

/// One access level's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelCount {
    /// The level (one bit).
    pub level: AccessLevels,
    /// Covered actions of that level.
    pub covered: usize,
    /// All actions of that level in the service.
    pub total: usize,
}

impl ServiceSummary {
    /// The console's words: `Full access`, or `Limited: List, Read`.
    pub fn access_words(&self) -> String {
        if self.full {
            return String::from("Full access");
        }
        let names: Vec<&str> = self
            .levels
            .iter()
            .flat_map(|count| count.level.names())
            .collect();
        alloc::format!("Limited: {}", names.join(", "))
    }

    /// Whether the resources are every resource.
    pub fn all_resources(&self) -> bool {
        self.resources.iter().any(|r| r == "*")
    }
}

/// One covered action, with what its statement says.
struct Covered<'c> {
    deny: bool,
    action: Action<'c>,
    statement: usize,
}

/// Summarizes `policy`.
///
/// Written with vectors, sorted once, rather than maps: the page's `.wasm`
/// carries this code, and every map type costs it kilobytes.
pub fn summarize(catalog: &Catalog, policy: &Policy) -> PolicySummary {
    let mut covered: Vec<Covered<'_>> = Vec::new();
    let mut unknown = Vec::new();
    for (at, statement) in policy.statements.iter().enumerate() {
        let deny = statement.effect == Effect::Deny;
        for action in covered_actions(catalog, statement, &mut unknown) {
            covered.push(Covered {
                deny,
                action,
                statement: at,
            });
        }
    }
    iamlab_core::sort::sort_by(&mut covered, |a, b| {
        (
            a.deny,
            a.action.service().prefix(),
            a.action.rec.lower.as_str(),
        )
            .cmp(&(
                b.deny,
                b.action.service().prefix(),
                b.action.rec.lower.as_str(),
            ))
    });
    iamlab_core::sort::sort(&mut unknown);
    unknown.dedup();
    let mut summary = PolicySummary {
        unknown,
        ..PolicySummary::default()
    };
    let mut rest = covered.as_slice();
    while let Some(first) = rest.first() {
        let prefix = first.action.service().prefix();
        let end = rest
            .iter()
            .position(|c| c.deny != first.deny || c.action.service().prefix() != prefix)
            .unwrap_or(rest.len());
        let (group, after) = rest.split_at(end);
        rest = after;
        let service = finish(policy, first.action.service(), group);
        if first.deny {
            summary.deny.push(service);
        } else {
            summary.allow.push(service);
        }
    }
    summary
}

fn covered_actions<'c>(
    catalog: &'c Catalog,
    statement: &Statement,
    unknown: &mut Vec<String>,
) -> Vec<Action<'c>> {
    let clause = &statement.action;
    if clause.negated {
        return catalog
            .services()
            .flat_map(|service| service.actions())
            .filter(|action| {
                let service = action.service().rec.prefix.as_str();
                let name = action.rec.lower.as_str();
                !clause.patterns.iter().any(|p| p.is_match(service, name))
            })
            .collect();
    }
    let mut out = Vec::new();
    for pattern in &clause.patterns {
        if matches!(pattern.matcher, ActionMatcher::Nothing) {
            continue;
        }
        let found = catalog.expand(&pattern.text);
        if found.is_empty() {
            unknown.push(pattern.text.clone());
        }
        out.extend(found);
    }
    out
}

/// The summary of one service from its covered actions (sorted by name,
/// perhaps repeated when several statements cover one).
fn finish(policy: &Policy, service: crate::Service<'_>, group: &[Covered<'_>]) -> ServiceSummary {
    let mut names: Vec<&str> = group.iter().map(|c| c.action.rec.lower.as_str()).collect();
    names.dedup();
    let actions = names.len();
    let total = service.rec.actions.len();
    let levels = AccessLevels::ALL
        .iter()
        .filter_map(|&level| {
            let mut covered: Vec<&str> = group
                .iter()
                .filter(|c| c.action.levels().contains(level))
                .map(|c| c.action.rec.lower.as_str())
                .collect();
            covered.dedup();
            let total = service
                .actions()
                .filter(|a| a.levels().contains(level))
                .count();
            (!covered.is_empty()).then_some(LevelCount {
                level,
                covered: covered.len(),
                total,
            })
        })
        .collect();
    let mut statements: Vec<usize> = group.iter().map(|c| c.statement).collect();
    iamlab_core::sort::sort(&mut statements);
    statements.dedup();
    let mut resources: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    for statement in statements
        .iter()
        .filter_map(|at| policy.statements.get(*at))
    {
        match &statement.resource {
            None => resources.push(String::from("(the resource the policy is attached to)")),
            Some(clause) => {
                for pattern in &clause.patterns {
                    resources.push(if clause.negated {
                        alloc::format!("all but {}", pattern.text)
                    } else {
                        pattern.text.clone()
                    });
                }
            }
        }
        conditions.extend(statement.conditions.iter().map(|c| c.key.clone()));
    }
    iamlab_core::sort::sort(&mut resources);
    resources.dedup();
    iamlab_core::sort::sort(&mut conditions);
    conditions.dedup();
    ServiceSummary {
        prefix: String::from(service.prefix()),
        name: String::from(service.name()),
        full: actions == total,
        levels,
        resources,
        conditions,
        actions,
    }
}
