//! Checks that a reason sentence agrees with the layer verdicts shown beside
//! it.
//!
//! Students read the reason and believe it, so a sentence that says "no
//! resource-based policy grants it" above a resource policy marked "Allows"
//! is as wrong as a wrong decision. Each claim a sentence can make is listed
//! here with the layer verdicts it needs; [`check`] finds every claim in a
//! sentence and tests it against the explanation. The CLI's and the page's
//! tests run it on every case of the corpus, through their own words.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use iamlab_core::trace::{Decision, Explanation, Layer, LayerTrace, Verdict};

/// What a phrase in a reason sentence claims about the layers.
#[derive(Clone, Copy, Debug)]
enum Claim {
    /// The identity layer does not allow (or is absent).
    IdentityDoesNotAllow,
    /// The identity layer allows.
    IdentityAllows,
    /// The resource layer does not allow (or is absent).
    ResourceDoesNotAllow,
    /// The resource layer allows.
    ResourceAllows,
    /// There is no resource layer.
    NoResourcePolicy,
    /// The boundary layer exists and does not allow.
    BoundaryDoesNotAllow,
    /// The session layer exists and does not allow.
    SessionDoesNotAllow,
    /// There is no session layer.
    NoSessionPolicy,
    /// Some layer denies.
    SomeLayerDenies,
    /// No layer denies.
    NoLayerDenies,
    /// The SCP level named in the sentence does not allow.
    ScpLevelDoesNotAllow,
    /// The endpoint layer exists and does not allow.
    EndpointDoesNotAllow,
    /// The resource layer's grants are held back by Block Public Access.
    ResourceRestricted,
}

/// Phrases and what they claim. A phrase is matched as a substring, in any
/// letter case.
const PHRASES: &[(&str, Claim)] = &[
    (
        "no identity-based policy allows",
        Claim::IdentityDoesNotAllow,
    ),
    ("none of them allows", Claim::IdentityDoesNotAllow),
    ("an identity-based policy allows it", Claim::IdentityAllows),
    (
        "no resource-based policy grants",
        Claim::ResourceDoesNotAllow,
    ),
    ("has no resource-based policy", Claim::NoResourcePolicy),
    ("the resource has none", Claim::NoResourcePolicy),
    ("the case gives no", Claim::NoResourcePolicy),
    ("the resource-based policy allows", Claim::ResourceAllows),
    ("the resource-based policy names", Claim::ResourceAllows),
    ("the resource-based policy trusts", Claim::ResourceAllows),
    (
        "must grant access too, and it does not",
        Claim::ResourceDoesNotAllow,
    ),
    ("names none of them", Claim::ResourceDoesNotAllow),
    (
        "permissions boundary does not allow",
        Claim::BoundaryDoesNotAllow,
    ),
    ("session policies do not allow", Claim::SessionDoesNotAllow),
    ("has no session policy", Claim::NoSessionPolicy),
    ("a deny statement applies", Claim::SomeLayerDenies),
    ("nothing denies it", Claim::NoLayerDenies),
    ("no scp at", Claim::ScpLevelDoesNotAllow),
    (
        "no statement of the endpoint policy allows",
        Claim::EndpointDoesNotAllow,
    ),
    (
        "block public access (restrict public buckets) restricts",
        Claim::ResourceRestricted,
    ),
];

/// Checks `sentence` (the reason shown for `explanation`) against the
/// layers. Returns every disagreement, or an error when the sentence makes
/// no claim this module knows (so a new sentence cannot slip by unchecked),
/// unless it is one of the special rules that involve no layer.
pub fn check(explanation: &Explanation<'_>, sentence: &str) -> Result<(), String> {
    let lower = sentence.to_lowercase();
    let claims: Vec<Claim> = PHRASES
        .iter()
        .filter(|(phrase, _)| lower.contains(phrase))
        .map(|(_, claim)| *claim)
        .collect();
    let special = [
        "getcalleridentity",
        "getsessiontoken",
        "partitions",
        "cannot assume roles",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase));
    if claims.is_empty() && !special {
        return Err(format!(
            "the sentence makes no claim that can be checked: {sentence}"
        ));
    }
    let mut problems = Vec::new();
    for claim in claims {
        if let Err(problem) = holds(claim, explanation, &lower) {
            problems.push(problem);
        }
    }
    if explanation.decision == Decision::ExplicitDeny
        && !explanation
            .layers
            .iter()
            .any(|l| l.verdict == Verdict::Deny)
    {
        problems.push(String::from("explicitDeny, but no layer denies"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{sentence}\n  {}", problems.join("\n  ")))
    }
}

fn layer<'e, 'a>(explanation: &'e Explanation<'a>, wanted: Layer) -> Option<&'e LayerTrace<'a>> {
    explanation.layers.iter().find(|l| l.layer == wanted)
}

fn allows(layer: Option<&LayerTrace<'_>>) -> bool {
    layer.is_some_and(|l| l.verdict == Verdict::Allow && l.skipped.is_none())
}

/// The level number (counted from 1) that follows `after` in the sentence.
fn level_in(sentence: &str, after: &str) -> Option<usize> {
    let rest = sentence.split_once(after)?.1;
    let rest = rest.split_once("level ")?.1;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn holds(claim: Claim, explanation: &Explanation<'_>, sentence: &str) -> Result<(), String> {
    let ok = match claim {
        Claim::IdentityDoesNotAllow => !allows(layer(explanation, Layer::Identity)),
        Claim::IdentityAllows => allows(layer(explanation, Layer::Identity)),
        Claim::ResourceDoesNotAllow => !allows(layer(explanation, Layer::Resource)),
        Claim::ResourceAllows => allows(layer(explanation, Layer::Resource)),
        Claim::NoResourcePolicy => layer(explanation, Layer::Resource).is_none(),
        Claim::BoundaryDoesNotAllow => layer(explanation, Layer::PermissionsBoundary)
            .is_some_and(|l| l.verdict != Verdict::Allow),
        Claim::SessionDoesNotAllow => {
            layer(explanation, Layer::Session).is_some_and(|l| l.verdict != Verdict::Allow)
        }
        Claim::NoSessionPolicy => layer(explanation, Layer::Session).is_none(),
        Claim::SomeLayerDenies => explanation
            .layers
            .iter()
            .any(|l| l.verdict == Verdict::Deny),
        Claim::NoLayerDenies => !explanation
            .layers
            .iter()
            .any(|l| l.verdict == Verdict::Deny),
        Claim::EndpointDoesNotAllow => {
            layer(explanation, Layer::VpcEndpoint).is_some_and(|l| l.verdict != Verdict::Allow)
        }
        Claim::ResourceRestricted => {
            layer(explanation, Layer::Resource).is_some_and(|l| l.verdict == Verdict::Restricted)
        }
        Claim::ScpLevelDoesNotAllow => level_in(sentence, "no scp at").is_some_and(|number| {
            !allows(layer(
                explanation,
                Layer::Scp {
                    level: number.saturating_sub(1),
                },
            ))
        }),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("the claim {claim:?} contradicts the layers"))
    }
}
