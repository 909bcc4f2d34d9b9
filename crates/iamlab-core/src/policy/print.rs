//! Printing a lowered policy back to JSON.
//!
//! The printed document is the canonical form of the policy: statements
//! always in an array, every element in AWS's order, lists kept as lists.
//! Lowering the printed text gives the same policy again (a property test
//! checks this), which the editor's formatter and semantic diffs rely on.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Effect, Policy, PrincipalKey, Statement, Version};
use crate::json::{Kind, Member, Value};

/// The policy as a JSON value.
pub fn policy_to_json(policy: &Policy) -> Value {
    let mut members = Vec::new();
    match policy.version {
        Version::V2012 => members.push(member("Version", string("2012-10-17"))),
        Version::V2008 => members.push(member("Version", string("2008-10-17"))),
        Version::Missing => {}
    }
    let statements = policy.statements.iter().map(statement_to_json).collect();
    members.push(member(
        "Statement",
        Value::synthetic(Kind::Array(statements)),
    ));
    Value::synthetic(Kind::Object(members))
}

fn statement_to_json(statement: &Statement) -> Value {
    let mut members = Vec::new();
    if let Some(sid) = &statement.sid {
        members.push(member("Sid", string(sid)));
    }
    let effect = match statement.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    members.push(member("Effect", string(effect)));
    if let Some(principal) = &statement.principal {
        let name = if principal.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let value = if principal.entries.len() == 1
            && principal
                .entries
                .iter()
                .all(|e| e.key == PrincipalKey::Everyone)
        {
            string("*")
        } else {
            let mut groups: Vec<Member> = Vec::new();
            for entry in &principal.entries {
                let key = entry.key.as_str();
                let value = string(&entry.value);
                match groups.iter_mut().find(|m| m.key == key) {
                    Some(group) => {
                        if let Kind::Array(items) = &mut group.value.kind {
                            items.push(value);
                        }
                    }
                    None => groups.push(member(
                        key,
                        Value::synthetic(Kind::Array(alloc::vec![value])),
                    )),
                }
            }
            Value::synthetic(Kind::Object(groups))
        };
        members.push(member(name, value));
    }
    let action_name = if statement.action.negated {
        "NotAction"
    } else {
        "Action"
    };
    let actions = statement
        .action
        .patterns
        .iter()
        .map(|p| string(&p.text))
        .collect();
    members.push(member(action_name, Value::synthetic(Kind::Array(actions))));
    if let Some(resource) = &statement.resource {
        let name = if resource.negated {
            "NotResource"
        } else {
            "Resource"
        };
        let resources = resource.patterns.iter().map(|p| string(&p.text)).collect();
        members.push(member(name, Value::synthetic(Kind::Array(resources))));
    }
    if !statement.conditions.is_empty() {
        let mut blocks: Vec<Member> = Vec::new();
        for condition in &statement.conditions {
            let values = condition.values.iter().map(|v| string(&v.text)).collect();
            let key = member(&condition.key, Value::synthetic(Kind::Array(values)));
            match blocks.iter_mut().find(|b| b.key == condition.operator_text) {
                Some(block) => {
                    if let Kind::Object(keys) = &mut block.value.kind {
                        keys.push(key);
                    }
                }
                None => blocks.push(member(
                    &condition.operator_text,
                    Value::synthetic(Kind::Object(alloc::vec![key])),
                )),
            }
        }
        members.push(member("Condition", Value::synthetic(Kind::Object(blocks))));
    }
    Value::synthetic(Kind::Object(members))
}

fn member(key: &str, value: Value) -> Member {
    Member {
        key: String::from(key),
        key_span: crate::source::Span::default(),
        value,
    }
}

fn string(text: &str) -> Value {
    Value::synthetic(Kind::String(String::from(text)))
}
