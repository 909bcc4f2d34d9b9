//! `iamlab expand PATTERN... [--levels]`: every action the patterns match.

use std::collections::BTreeMap;

/// Runs `expand`; returns the exit code.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut levels = false;
    let mut patterns = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--levels" => levels = true,
            flag if flag.starts_with("--") => {
                eprintln!("error: unknown option `{flag}` for `iamlab expand`");
                return 2;
            }
            pattern => patterns.push(pattern),
        }
    }
    if patterns.is_empty() {
        eprintln!("error: `iamlab expand` needs at least one action pattern, such as `s3:Get*`");
        return 2;
    }
    let Some(catalog) = crate::catalog::catalog() else {
        eprintln!("error: the embedded action catalog is damaged");
        return 2;
    };
    // Sorted as AWS's reference sorts, without regard to case; each action
    // once, however many patterns match it.
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut empty = Vec::new();
    for pattern in &patterns {
        let actions = catalog.expand(pattern);
        if actions.is_empty() {
            empty.push(*pattern);
        }
        for action in actions {
            let name = action.full_name();
            found.insert(
                name.to_ascii_lowercase(),
                (name, action.levels().names().join(", ")),
            );
        }
    }
    for (name, level) in found.values() {
        if levels {
            outln!("{name}\t{level}");
        } else {
            outln!("{name}");
        }
    }
    for pattern in &empty {
        eprintln!("warning: `{pattern}` matches no action");
    }
    if found.is_empty() { 1 } else { 0 }
}
