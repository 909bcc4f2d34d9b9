//! The workspace as JSON: what local storage keeps, what a share link
//! carries, and how the examples are stored.
//!
//! Written by hand over the core's JSON reader and printer rather than with
//! serde: the page's `.wasm` must stay under its size budget, and serde's
//! generated code for these types, with serde_json behind it, measured 25 KB
//! of the gzipped module. The format is the one the earlier serde version
//! wrote (camelCase names, `null` for an absent optional value), so saved
//! workspaces and share links made before keep opening.
//!
//! Reading is forgiving: a missing member takes its default, and an unknown
//! member is ignored, so a workspace saved by a newer page still opens.
//! A member of the wrong type is an error naming it, which lets storage
//! recovery keep every member that still reads.

use iamlab_core::json::{self, Kind, Limits, Member, Value};
use iamlab_core::source::SourceId;

use super::workspace::{
    BlockPublicAccessDef, ContextEntryDef, ContextType, EndpointDef, GroupDef, LevelDef,
    Organization, PolicyDoc, PrincipalDef, RequestDef, ResourceDef, Tag, TestDef, Workspace,
};

/// A type the workspace's JSON holds.
pub trait Codec: Sized {
    /// As a JSON value.
    fn encode(&self) -> Value;
    /// From a JSON value; the error says what did not fit.
    fn decode(value: &Value) -> Result<Self, String>;
}

/// Reads a workspace from JSON text.
pub fn workspace_from_json(text: &str) -> Result<Workspace, String> {
    let (value, diagnostics) = json::parse(text, SourceId(0), Limits::default());
    if let Some(error) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(error.message.clone());
    }
    let value = value.ok_or_else(|| String::from("there is no JSON value"))?;
    Workspace::decode(&value)
}

/// Writes a workspace as compact JSON text.
pub fn workspace_to_json(workspace: &Workspace) -> String {
    json::to_string(&workspace.encode())
}

fn member(key: &str, value: Value) -> Member {
    Member {
        key: key.to_owned(),
        key_span: Default::default(),
        value,
    }
}

/// An object from its members.
pub fn object(members: Vec<Member>) -> Value {
    Value::synthetic(Kind::Object(members))
}

impl Codec for String {
    fn encode(&self) -> Value {
        Value::synthetic(Kind::String(self.clone()))
    }

    fn decode(value: &Value) -> Result<Self, String> {
        match &value.kind {
            Kind::String(text) => Ok(text.clone()),
            Kind::Null => Ok(String::new()),
            _ => Err(format!("expected a string, found {}", value.type_name())),
        }
    }
}

impl Codec for bool {
    fn encode(&self) -> Value {
        Value::synthetic(Kind::Bool(*self))
    }

    fn decode(value: &Value) -> Result<Self, String> {
        match value.kind {
            Kind::Bool(flag) => Ok(flag),
            Kind::Null => Ok(false),
            _ => Err(format!(
                "expected true or false, found {}",
                value.type_name()
            )),
        }
    }
}

macro_rules! number_codec {
    ($($ty:ty),*) => {$(
        impl Codec for $ty {
            fn encode(&self) -> Value {
                Value::synthetic(Kind::Number(self.to_string()))
            }

            fn decode(value: &Value) -> Result<Self, String> {
                match &value.kind {
                    Kind::Number(text) => text
                        .parse()
                        .map_err(|_| format!("`{text}` is not a whole number in range")),
                    Kind::Null => Ok(0),
                    _ => Err(format!("expected a number, found {}", value.type_name())),
                }
            }
        }
    )*};
}

number_codec!(u32, usize);

impl<T: Codec> Codec for Option<T> {
    fn encode(&self) -> Value {
        match self {
            Some(inner) => inner.encode(),
            None => Value::synthetic(Kind::Null),
        }
    }

    fn decode(value: &Value) -> Result<Self, String> {
        if value.is_null() {
            Ok(None)
        } else {
            T::decode(value).map(Some)
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn encode(&self) -> Value {
        Value::synthetic(Kind::Array(self.iter().map(Codec::encode).collect()))
    }

    fn decode(value: &Value) -> Result<Self, String> {
        match &value.kind {
            // A plain loop: collecting into a `Result` compiles an adapter
            // per element type, which the page's `.wasm` pays for.
            Kind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (idx, item) in items.iter().enumerate() {
                    out.push(T::decode(item).map_err(|e| format!("[{idx}]: {e}"))?);
                }
                Ok(out)
            }
            Kind::Null => Ok(Vec::new()),
            _ => Err(format!("expected a list, found {}", value.type_name())),
        }
    }
}

/// Decodes one member into its field. Not inlined, so that each record's
/// decoder is a short list of calls (one copy of this per field type)
/// rather than every nested decoder written out again: that saved the
/// page's `.wasm` several kilobytes (measured with twiggy).
#[inline(never)]
fn set_field<T: Codec>(slot: &mut T, value: &Value, key: &str) -> Result<(), String> {
    *slot = T::decode(value).map_err(|e| format!("`{key}`: {e}"))?;
    Ok(())
}

impl<T: Codec> Codec for Box<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }

    fn decode(value: &Value) -> Result<Self, String> {
        T::decode(value).map(Box::new)
    }
}

/// A struct as an object of camelCase members; reading starts from the
/// default and sets each member that is present.
macro_rules! record_codec {
    ($ty:ident { $($field:ident: $key:literal),* $(,)? }) => {
        impl Codec for $ty {
            fn encode(&self) -> Value {
                object(vec![$(member($key, self.$field.encode())),*])
            }

            fn decode(value: &Value) -> Result<Self, String> {
                let Some(members) = value.as_object() else {
                    return Err(format!("expected an object, found {}", value.type_name()));
                };
                let mut out = $ty::default();
                for found in members {
                    match found.key.as_str() {
                        $($key => set_field(&mut out.$field, &found.value, $key)?,)*
                        _ => {}
                    }
                }
                Ok(out)
            }
        }
    };
}

// By hand, so that `arn` is written only for an AWS managed policy, and
// workspaces without one stay as they were.
impl Codec for PolicyDoc {
    fn encode(&self) -> Value {
        let mut members = vec![
            member("id", self.id.encode()),
            member("name", self.name.encode()),
            member("text", self.text.encode()),
        ];
        if self.is_managed() {
            members.push(member("arn", self.arn.encode()));
        }
        object(members)
    }

    fn decode(value: &Value) -> Result<Self, String> {
        let Some(members) = value.as_object() else {
            return Err(format!("expected an object, found {}", value.type_name()));
        };
        let mut out = PolicyDoc::default();
        for found in members {
            match found.key.as_str() {
                "id" => set_field(&mut out.id, &found.value, "id")?,
                "name" => set_field(&mut out.name, &found.value, "name")?,
                "text" => set_field(&mut out.text, &found.value, "text")?,
                "arn" => set_field(&mut out.arn, &found.value, "arn")?,
                _ => {}
            }
        }
        Ok(out)
    }
}
record_codec!(Tag {
    key: "key",
    value: "value"
});
record_codec!(GroupDef {
    name: "name",
    policies: "policies"
});
record_codec!(PrincipalDef {
    arn: "arn",
    role_arn: "roleArn",
    tags: "tags",
    groups: "groups",
    policies: "policies",
    boundary: "boundary",
    session_policies: "sessionPolicies",
    organization: "organization",
});
record_codec!(Organization {
    scps_enabled: "scpsEnabled",
    scps: "scps",
    rcps_enabled: "rcpsEnabled",
    rcps: "rcps",
});
record_codec!(LevelDef {
    name: "name",
    policies: "policies"
});
record_codec!(ResourceDef {
    arn: "arn",
    account: "account",
    tags: "tags",
    policy: "policy",
    block_public_access: "blockPublicAccess",
});
record_codec!(BlockPublicAccessDef {
    restrict_public_buckets: "restrictPublicBuckets",
    ignore_public_acls: "ignorePublicAcls",
    block_public_policy: "blockPublicPolicy",
});
record_codec!(EndpointDef {
    id: "id",
    vpc: "vpc",
    account: "account",
    source_ip: "sourceIp",
    policy: "policy",
});
record_codec!(ContextEntryDef {
    key: "key",
    kind: "type",
    value: "value"
});
record_codec!(RequestDef {
    action: "action",
    resource: "resource",
    endpoint: "endpoint",
    context: "context",
});
record_codec!(TestDef {
    name: "name",
    caller: "caller",
    request: "request",
    expect: "expect",
});
record_codec!(Workspace {
    version: "version",
    title: "title",
    description: "description",
    principals: "principals",
    caller: "caller",
    organization: "organization",
    resources: "resources",
    endpoints: "endpoints",
    request: "request",
    tests: "tests",
    next_id: "nextId",
});

impl Codec for ContextType {
    fn encode(&self) -> Value {
        let name = match self {
            ContextType::String => "string",
            ContextType::List => "list",
            ContextType::Number => "number",
            ContextType::Boolean => "boolean",
            ContextType::Date => "date",
            ContextType::Ip => "ip",
        };
        Value::synthetic(Kind::String(name.to_owned()))
    }

    fn decode(value: &Value) -> Result<Self, String> {
        match &value.kind {
            Kind::Null => Ok(ContextType::String),
            Kind::String(name) => match name.as_str() {
                "string" => Ok(ContextType::String),
                "list" => Ok(ContextType::List),
                "number" => Ok(ContextType::Number),
                "boolean" => Ok(ContextType::Boolean),
                "date" => Ok(ContextType::Date),
                "ip" => Ok(ContextType::Ip),
                other => Err(format!("`{other}` is not a context type")),
            },
            _ => Err(format!(
                "expected a context type, found {}",
                value.type_name()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_round_trips() {
        for example in crate::examples::EXAMPLES.iter() {
            let workspace = example.workspace();
            let text = workspace_to_json(&workspace);
            assert_eq!(
                workspace_from_json(&text).unwrap(),
                workspace,
                "{}",
                example.id
            );
        }
    }

    #[test]
    fn missing_members_take_their_default_and_unknown_ones_are_ignored() {
        let workspace = workspace_from_json(r#"{"title": "t", "later": [1, 2]}"#).unwrap();
        assert_eq!(workspace.title, "t");
        assert_eq!(workspace.next_id, 1);
        assert!(workspace.principals.is_empty());
    }

    #[test]
    fn a_member_of_the_wrong_type_is_named() {
        let error = workspace_from_json(r#"{"principals": [{"arn": 3}]}"#).unwrap_err();
        assert_eq!(
            error,
            "`principals`: [0]: `arn`: expected a string, found a number"
        );
    }
}
