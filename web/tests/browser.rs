//! Browser smoke tests: the app mounts in a real Chromium, shows a decision, and reacts to a click.
//!
//! They run under wasm-bindgen-test-runner through chromedriver (see `cargo xtask test wasm`),
//! so they exist only on wasm32; the native test run never sees them.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// How many scheduler turns a render may take before the test gives up.
const MAX_TURNS: usize = 200;

/// A case file like the MFA example: carol may manage EC2, but a Deny applies
/// to everything but MFA set-up while `aws:MultiFactorAuthPresent` is absent
/// or false. (The test server has no `examples/` to fetch, so the tests open
/// the page with this file in a `#case=` link, which loads at once.)
const MFA_CASES: &str = r#"{
  "defaults": {
    "principal": {
      "arn": "arn:aws:iam::111111111111:user/carol",
      "policies": [{"name": "RequireMFA", "document": {"Version": "2012-10-17", "Statement": [
        {"Sid": "ManageEC2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
        {"Sid": "DenyWithoutMFA", "Effect": "Deny", "NotAction": ["iam:*", "sts:GetSessionToken"], "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
      ]}}]
    },
    "resource": {"arn": "arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0"}
  },
  "cases": [
    {"name": "stop an instance without MFA", "action": "ec2:StopInstances", "expect": "explicitDeny"},
    {"name": "stop an instance with MFA", "action": "ec2:StopInstances",
     "context": {"aws:MultiFactorAuthPresent": true}, "expect": "allowed"},
    {"name": "MFA present but false", "action": "ec2:StopInstances",
     "context": {"aws:MultiFactorAuthPresent": false}, "expect": "explicitDeny"},
    {"name": "IAM actions are not denied", "action": "iam:ListUsers", "expect": "implicitDeny"}
  ]
}"#;

/// Mounts a fresh app (no saved workspace) opened on [`MFA_CASES`] into a new element of the page.
fn mount() -> (Element, yew::AppHandle<iamlab_web::App>) {
    let window = gloo::utils::window();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let fragment = format!(
        "#case={}",
        iamlab_web::model::share::base64url_encode(MFA_CASES.as_bytes())
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment))
        .unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    gloo::utils::body().append_child(&root).unwrap();
    let app = yew::Renderer::<iamlab_web::App>::with_root(root.clone()).render();
    (root, app)
}

#[wasm_bindgen_test]
async fn app_renders_its_heading_into_the_given_element() {
    let (root, app) = mount();
    let heading = first_match(&root, "h1").await;
    assert_eq!(heading.text_content().as_deref(), Some("iamlab"));
    let tagline = first_match(&root, ".tagline").await;
    assert_eq!(
        tagline.text_content().as_deref(),
        Some("AWS IAM policy simulator that runs entirely in your browser")
    );
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_decision_is_shown_with_a_valid_data_decision() {
    let (root, app) = mount();
    let decision = first_match(&root, "[data-testid=decision]").await;
    let value = decision.get_attribute("data-decision").unwrap();
    assert!(
        ["allowed", "explicitDeny", "implicitDeny"].contains(&value.as_str()),
        "{value}"
    );
    // Every saved test of the linked case file passes.
    let rows = root
        .query_selector_all("[data-testid=case-result]")
        .unwrap();
    assert!(rows.length() >= 4);
    for idx in 0..rows.length() {
        let row: Element = rows.get(idx).unwrap().dyn_into().unwrap();
        assert_eq!(row.get_attribute("data-pass").as_deref(), Some("true"));
    }
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn adding_the_missing_mfa_key_flips_the_decision() {
    let (root, app) = mount();
    let decision = first_match(&root, "[data-testid=decision]").await;
    assert_eq!(
        decision.get_attribute("data-decision").as_deref(),
        Some("explicitDeny")
    );
    let add: HtmlElement = first_match(
        &root,
        "[data-testid=add-missing-key][data-key='aws:MultiFactorAuthPresent']",
    )
    .await
    .dyn_into()
    .unwrap();
    add.click();
    let allowed = first_match(&root, "[data-testid=decision][data-decision=allowed]").await;
    assert!(allowed.text_content().unwrap().contains("Allowed"));
    let entry = first_match(
        &root,
        "[data-testid=context-entry][data-key='aws:MultiFactorAuthPresent']",
    )
    .await;
    assert!(entry.query_selector("select").unwrap().is_some());
    app.destroy();
    root.remove();
}

/// The first element under `root` that matches `selector`, once Yew's scheduler has rendered it.
///
/// Yew renders on a later turn of the event loop, so this yields a turn at a time, a bounded number of times.
async fn first_match(root: &Element, selector: &str) -> Element {
    for _ in 0..MAX_TURNS {
        if let Some(element) = root.query_selector(selector).unwrap() {
            return element;
        }
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    panic!("nothing matched `{selector}` after {MAX_TURNS} turns");
}
