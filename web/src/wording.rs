//! Plain words for the core's trace: the decision, the reason, each layer's
//! verdict, the notes on principals and conditions.
//!
//! The sentences themselves live in `iamlab-words`, shared with the command
//! line; this module adds what only the page needs (icons, CSS classes, the
//! organization's level names). It reads the trace and never decides
//! anything: every function here is a `match` over a trace value.

use iamlab_core::trace::{Decision, Explanation, Layer, SkipReason, Verdict};

use crate::model::workspace::Organization;

/// How the page shows a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DecisionWords {
    /// A short headline.
    pub(crate) headline: &'static str,
    /// One sentence.
    pub(crate) sentence: &'static str,
    /// A symbol that carries the meaning without colour.
    pub(crate) icon: &'static str,
    /// The CSS modifier.
    pub(crate) class: &'static str,
}

/// The words for a decision.
pub(crate) fn decision_words(decision: Decision) -> DecisionWords {
    match decision {
        Decision::Allowed => DecisionWords {
            headline: iamlab_words::decision_headline(decision),
            sentence: iamlab_words::decision_sentence(decision),
            icon: "✓",
            class: "allowed",
        },
        Decision::ExplicitDeny => DecisionWords {
            headline: iamlab_words::decision_headline(decision),
            sentence: iamlab_words::decision_sentence(decision),
            icon: "✕",
            class: "explicit-deny",
        },
        Decision::ImplicitDeny => DecisionWords {
            headline: iamlab_words::decision_headline(decision),
            sentence: iamlab_words::decision_sentence(decision),
            icon: "∅",
            class: "implicit-deny",
        },
    }
}

/// The organization's name for a level: `level 2 (Workloads OU)`, or
/// `level 2` when the level has no name.
pub(crate) fn level_namer(org: &Organization) -> impl Fn(Layer) -> String + '_ {
    move |layer| match layer {
        Layer::Scp { level } => level_name(&org.scps, level),
        Layer::Rcp { level } => level_name(&org.rcps, level),
        other => iamlab_words::level_name(other),
    }
}

/// Why the decision came out as it did, with the organization's level names.
pub(crate) fn reason_text(explanation: &Explanation<'_>, org: &Organization) -> String {
    iamlab_words::reason_sentence(explanation, &level_namer(org))
}

fn level_name(levels: &[crate::model::workspace::LevelDef], level: usize) -> String {
    match levels
        .get(level)
        .map(|l| l.name.trim())
        .filter(|n| !n.is_empty())
    {
        Some(name) => format!("level {} ({name})", level + 1),
        None => format!("level {}", level + 1),
    }
}

/// A layer's name, with the organization's level names.
pub(crate) fn layer_name(layer: Layer, org: &Organization) -> String {
    iamlab_words::layer_name(layer, &level_namer(org))
}

/// How the page shows a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VerdictWords {
    /// The text.
    pub(crate) text: &'static str,
    /// A symbol.
    pub(crate) icon: &'static str,
    /// The CSS modifier.
    pub(crate) class: &'static str,
}

/// The words for a layer's verdict.
pub(crate) fn verdict_words(verdict: Verdict, skipped: Option<SkipReason>) -> VerdictWords {
    let text = iamlab_words::verdict_text(verdict, skipped);
    let (icon, class) = match (verdict, skipped) {
        (_, Some(_)) | (Verdict::Skipped, None) => ("–", "skipped"),
        (Verdict::Allow, None) => ("✓", "allow"),
        (Verdict::Deny, None) => ("✕", "deny"),
        (Verdict::NoMatch, None) => ("○", "no-match"),
        (Verdict::Restricted, None) => ("⊘", "restricted"),
    };
    VerdictWords { text, icon, class }
}

pub(crate) use iamlab_words::{
    condition_note_text, lacks, layer_note_text, match_class_text, part_words, policy_type_label,
    principal_note_text, skip_text, statement_label,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::workspace::LevelDef;

    #[test]
    fn levels_are_named_from_one_with_the_users_name() {
        let org = Organization {
            scps_enabled: true,
            scps: vec![
                LevelDef {
                    name: String::from("Root"),
                    policies: Vec::new(),
                },
                LevelDef::default(),
            ],
            ..Organization::default()
        };
        assert_eq!(
            layer_name(Layer::Scp { level: 0 }, &org),
            "SCPs, level 1 (Root)"
        );
        assert_eq!(layer_name(Layer::Scp { level: 1 }, &org), "SCPs, level 2");
        assert_eq!(layer_name(Layer::Rcp { level: 0 }, &org), "RCPs, level 1");
    }

    #[test]
    fn every_verdict_has_text_and_an_icon() {
        for verdict in [
            Verdict::Allow,
            Verdict::Deny,
            Verdict::NoMatch,
            Verdict::Skipped,
        ] {
            let words = verdict_words(verdict, None);
            assert!(!words.text.is_empty() && !words.icon.is_empty());
        }
        assert_eq!(
            verdict_words(Verdict::NoMatch, Some(SkipReason::RootUser)).text,
            "Skipped"
        );
    }

    #[test]
    fn statements_are_labelled_by_sid_or_place() {
        assert_eq!(statement_label(0, Some("ReadDocs")), "\"ReadDocs\"");
        assert_eq!(statement_label(2, None), "statement 3");
    }
}
