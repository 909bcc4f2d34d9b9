use iamlab_core::policy::{
    DocumentKind, LowerOptions, StatementCache, parse_policy, parse_policy_cached,
};
use iamlab_core::source::SourceMap;
fn main() {
    let mut statements = vec![r#"{"Sid": "TypedInto", "Effect": "Allow", "Action": "s3:GetObjec", "Resource": "arn:aws:s3:::bench/*"}"#.to_owned()];
    for i in 1..300 {
        statements.push(format!(
            r#"{{
      "Sid": "Statement{i:03}",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::team-{i}*",
      "Condition": {{
        "StringEquals": {{
          "aws:RequestedRegion": "eu-west-1",
          "aws:PrincipalTag/team": "team-{}"
        }}
      }}
    }}"#,
            i % 3
        ));
    }
    let before = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}",
        statements.join(",\n")
    );
    let after = before.replacen("s3:GetObjec", "s3:GetObject", 1);
    let options = LowerOptions {
        kind: DocumentKind::Identity,
        name: "big".to_owned(),
    };
    let mut cache = StatementCache::default();
    let rounds: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    for i in 0..rounds {
        let text = if i % 2 == 0 { &after } else { &before };
        let mut sources = SourceMap::new();
        let source = sources.add("big.json", text.as_str());
        let out = if std::env::args().nth(2).is_some() {
            parse_policy(&mut sources, source, &options)
        } else {
            parse_policy_cached(&mut sources, source, &options, &mut cache)
        };
        std::hint::black_box(out);
    }
}
