//! iamlab for JavaScript: the core's results as plain JavaScript data.
//!
//! One WebAssembly module serves two front ends: the npm package `iamlab`
//! (`check`, `explain`, `lint`, `version`; built with the `catalog` feature)
//! and the documentation element `<iamlab-scenario>` (`view`; built
//! without it, to stay small). Every result is built by the core's report
//! model ([`iamlab_core::report`]), the same one `iamlab check --json`
//! prints, and serialized with `serde-wasm-bindgen`; the element's words
//! come from `iamlab-words`, as the CLI's and the page's do.
//!
//! Bad input is never thrown: a case file that does not read, or a case that
//! does not validate, comes back as data with its error located by line and
//! column. Only a programming error (an argument of the wrong type) throws a
//! `TypeError`.

#![allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen hands JavaScript values and strings to exported functions by value"
)]

mod view;

use iamlab_core::case::{CaseFile, load_case_file};
use iamlab_core::diagnostic::Diagnostic;
use iamlab_core::report::{CaseReport, DiagnosticReport, case_report, diagnostic_report};
use iamlab_core::source::SourceMap;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The data date of the catalog in this module, or `None` without one.
fn data_date() -> Option<String> {
    #[cfg(feature = "catalog")]
    {
        catalog().map(|catalog| catalog.data_date().to_owned())
    }
    #[cfg(not(feature = "catalog"))]
    {
        None
    }
}

/// The catalog, decoded on first use.
#[cfg(feature = "catalog")]
fn catalog() -> Option<&'static iamlab_catalog::Catalog> {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<Option<iamlab_catalog::Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| iamlab_catalog::Catalog::read_compressed(iamlab_catalog::CATALOG_FILE).ok())
        .as_ref()
}

/// Serializes a result as plain JavaScript data (objects, arrays, `null`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|error| JsValue::from(js_sys::Error::new(&error.to_string())))
}

/// A `TypeError` for an argument of the wrong type.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// The text of a case file given as a string, or as an object (written as
/// JSON with two-space indentation, so that locations point into that
/// text).
fn input_text(function: &str, input: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = input.as_string() {
        return Ok(text);
    }
    if input.is_object() && !js_sys::Array::is_array(input) {
        return js_sys::JSON::stringify_with_replacer_and_space(
            input,
            &JsValue::NULL,
            &JsValue::from(2),
        )
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            type_error(&format!(
                "iamlab.{function}: the object could not be written as JSON"
            ))
        });
    }
    Err(type_error(&format!(
        "iamlab.{function} expects a case file: a JSON string or an object, not {}",
        describe(input)
    )))
}

fn describe(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if js_sys::Array::is_array(value) {
        "an array"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else {
        "that value"
    }
}

/// A case file read into sources and cases, or why it could not be read.
struct Loaded {
    sources: SourceMap,
    file: Result<CaseFile, Vec<Diagnostic>>,
}

fn load(text: String) -> Loaded {
    let mut sources = SourceMap::new();
    let source = sources.add("input", text);
    let file = load_case_file(&mut sources, source);
    Loaded { sources, file }
}

/// The result for a file that could not be read: one entry, with no name
/// and the file's errors.
fn unreadable<'a>(sources: &SourceMap, diagnostics: &[Diagnostic]) -> CaseReport<'a> {
    let errors: Vec<DiagnosticReport> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| diagnostic_report(sources, d))
        .collect();
    CaseReport {
        name: "",
        decision: None,
        expected: None,
        pass: false,
        matched_statements: Vec::new(),
        missing_context_keys: Vec::new(),
        error: errors.first().cloned(),
        errors,
        warnings: Vec::new(),
        explanation: None,
    }
}

/// Runs every case of a case file: one result per case, with the fields of
/// `iamlab check --json` (`name`, `decision`, `expected`, `pass`,
/// `matchedStatements`, `missingContextKeys`, `warnings`, and `error` with
/// its line and column when there is no decision). A file that cannot be
/// read gives one result whose `name` is empty.
#[wasm_bindgen]
pub fn check(input: JsValue) -> Result<JsValue, JsValue> {
    let loaded = load(input_text("check", &input)?);
    match &loaded.file {
        Ok(file) => {
            let reports: Vec<CaseReport<'_>> = file
                .cases
                .iter()
                .map(|case| case_report(&loaded.sources, case, false))
                .collect();
            to_js(&reports)
        }
        Err(diagnostics) => to_js(&[unreadable(&loaded.sources, diagnostics)]),
    }
}

/// One case's whole trace.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Explained<'a> {
    #[serde(flatten)]
    report: CaseReport<'a>,
    /// The decision in plain words (`Allowed`).
    headline: Option<&'static str>,
    /// Why, in one or two sentences.
    reason: Option<String>,
}

/// The whole trace of one case (the named one, else the first): the fields
/// of `check` plus `explanation` (layers, policies, statements, each part
/// and condition with the policy's and the request's values), `headline`
/// and `reason`, in the words the page and the CLI use.
#[wasm_bindgen]
pub fn explain(input: JsValue, case_name: Option<String>) -> Result<JsValue, JsValue> {
    let loaded = load(input_text("explain", &input)?);
    let file = match &loaded.file {
        Ok(file) => file,
        Err(diagnostics) => {
            return to_js(&Explained {
                report: unreadable(&loaded.sources, diagnostics),
                headline: None,
                reason: None,
            });
        }
    };
    let case = match &case_name {
        Some(name) => file.cases.iter().find(|case| case.name == *name),
        None => file.cases.first(),
    };
    let Some(case) = case else {
        let message = match &case_name {
            Some(name) => format!("the case file has no case named `{name}`"),
            None => String::from("the case file has no cases"),
        };
        return Err(js_sys::Error::new(&message).into());
    };
    let report = case_report(&loaded.sources, case, true);
    let (headline, reason) = match &report.explanation {
        Some(explanation) => (
            Some(iamlab_words::decision_headline(explanation.decision)),
            Some(iamlab_words::reason_sentence(
                explanation,
                &iamlab_words::level_name,
            )),
        ),
        None => (None, None),
    };
    to_js(&Explained {
        report,
        headline,
        reason,
    })
}

/// Every case of a case file, put into words for the `<iamlab-scenario>`
/// element: decision, reason, deciding statements, and the layers with
/// their policies, statements and parts.
#[wasm_bindgen]
pub fn view(input: JsValue) -> Result<JsValue, JsValue> {
    let loaded = load(input_text("view", &input)?);
    to_js(&view::scenario(&loaded.sources, &loaded.file))
}

/// The versions: this package, the evaluator, and the catalog's data date
/// (`null` in a module built without the catalog).
#[wasm_bindgen]
pub fn version() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Version {
        package: &'static str,
        evaluator: &'static str,
        data_date: Option<String>,
    }
    to_js(&Version {
        package: env!("CARGO_PKG_VERSION"),
        evaluator: env!("CARGO_PKG_VERSION"),
        data_date: data_date(),
    })
}

/// Every lint finding of a case file or a bare policy (`kind`: `identity`,
/// `resource`, `trust`, `boundary`, `session`, `scp`, `rcp`, `endpoint`; a
/// bare policy without one is read as `iamlab lint` reads it).
#[cfg(feature = "catalog")]
#[wasm_bindgen]
pub fn lint(input: JsValue, kind: Option<String>) -> Result<JsValue, JsValue> {
    let text = input_text("lint", &input)?;
    let kind = match kind.as_deref() {
        None => None,
        Some(name) => Some(lint::kind(name).ok_or_else(|| {
            type_error(&format!(
                "iamlab.lint: `{name}` is not a policy type; use identity, resource, trust, boundary, session, scp, rcp or endpoint"
            ))
        })?),
    };
    let Some(catalog) = catalog() else {
        return Err(js_sys::Error::new("the catalog in this module is damaged").into());
    };
    let mut sources = SourceMap::new();
    let source = sources.add("input", text);
    let findings = lint::lint_source(catalog, &mut sources, source, kind);
    let reports: Vec<DiagnosticReport> = findings
        .iter()
        .map(|finding| diagnostic_report(&sources, finding))
        .collect();
    to_js(&reports)
}

#[cfg(feature = "catalog")]
mod lint;

/// For the benchmark only (`tests/pkg/bench.mjs`): a case file read and
/// compiled once, whose cases [`BenchCases::run`] decides on the fast path,
/// so that a caller times the evaluator in WebAssembly, and not the reading,
/// against `iamlab bench` (which times decisions only). Not part of the
/// package's API.
#[wasm_bindgen]
pub struct BenchCases {
    loaded: Loaded,
}

impl core::fmt::Debug for BenchCases {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let cases = self.loaded.file.as_ref().map_or(0, |file| file.cases.len());
        f.debug_struct("BenchCases").field("cases", &cases).finish()
    }
}

#[wasm_bindgen]
impl BenchCases {
    /// Reads and compiles a case file.
    #[wasm_bindgen(constructor)]
    pub fn new(input: JsValue) -> Result<BenchCases, JsValue> {
        Ok(BenchCases {
            loaded: load(input_text("BenchCases", &input)?),
        })
    }

    /// Decides every valid case `rounds` times on the fast path; returns how
    /// many decisions that was.
    pub fn run(&self, rounds: u32) -> u32 {
        let Ok(file) = &self.loaded.file else {
            return 0;
        };
        let mut decisions = 0u32;
        for _ in 0..rounds {
            for case in file.cases.iter().filter_map(|case| case.compiled.as_ref()) {
                std::hint::black_box(iamlab_core::eval::evaluate(&case.scenario, &case.request()));
                decisions += 1;
            }
        }
        decisions
    }
}
