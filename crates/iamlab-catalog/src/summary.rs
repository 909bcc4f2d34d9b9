//! A policy summary like the IAM console's: per service, which access
//! levels the policy allows (or denies), on which resources, and under which
//! conditions.
//!
//! Every action entry is expanded against the catalog, so `s3:Get*` counts
//! as the Read and List actions it covers, and `NotAction` as every action
//! it leaves out. A service whose every action is covered is "Full access";
//! otherwise the summary lists the levels it touches with counts ("Limited:
//! Read 12 of 71, List 3 of 9").

use alloc::collections::{BTreeMap, BTreeSet};
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

#[derive(Default)]
struct Gathered<'c> {
    /// Keyed by lowercase service prefix and action name.
    actions: BTreeMap<(&'c str, &'c str), Action<'c>>,
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
}

/// Summarizes `policy`.
pub fn summarize(catalog: &Catalog, policy: &Policy) -> PolicySummary {
    let mut allow: BTreeMap<String, Gathered<'_>> = BTreeMap::new();
    let mut deny: BTreeMap<String, Gathered<'_>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for statement in &policy.statements {
        let target = match statement.effect {
            Effect::Allow => &mut allow,
            Effect::Deny => &mut deny,
        };
        let covered = covered_actions(catalog, statement, &mut unknown);
        let resources: Vec<String> = match &statement.resource {
            None => alloc::vec![String::from("(the resource the policy is attached to)")],
            Some(clause) if clause.negated => clause
                .patterns
                .iter()
                .map(|p| alloc::format!("all but {}", p.text))
                .collect(),
            Some(clause) => clause.patterns.iter().map(|p| p.text.clone()).collect(),
        };
        let conditions: Vec<String> = statement.conditions.iter().map(|c| c.key.clone()).collect();
        for action in covered {
            let service = action.service();
            let entry = target.entry(String::from(service.prefix())).or_default();
            entry.actions.insert(
                (service.rec.prefix.as_str(), action.rec.lower.as_str()),
                action,
            );
            entry.resources.extend(resources.iter().cloned());
            entry.conditions.extend(conditions.iter().cloned());
        }
    }
    unknown.sort();
    unknown.dedup();
    PolicySummary {
        allow: finish(catalog, allow),
        deny: finish(catalog, deny),
        unknown,
    }
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

fn finish(catalog: &Catalog, gathered: BTreeMap<String, Gathered<'_>>) -> Vec<ServiceSummary> {
    gathered
        .into_iter()
        .filter_map(|(prefix, gathered)| {
            let service = catalog.service(&prefix)?;
            let total = service.rec.actions.len();
            let levels = AccessLevels::ALL
                .iter()
                .filter_map(|&level| {
                    let of_level = |action: &Action<'_>| action.levels().contains(level);
                    let covered = gathered.actions.values().filter(|a| of_level(a)).count();
                    let total = service.actions().filter(|a| of_level(a)).count();
                    (covered > 0).then_some(LevelCount {
                        level,
                        covered,
                        total,
                    })
                })
                .collect();
            Some(ServiceSummary {
                prefix: String::from(service.prefix()),
                name: String::from(service.name()),
                full: gathered.actions.len() == total,
                levels,
                resources: gathered.resources.into_iter().collect(),
                conditions: gathered.conditions.into_iter().collect(),
                actions: gathered.actions.len(),
            })
        })
        .collect()
}
