//! One saved test in the tests panel: its request, what it expects, what
//! it got, and whether that passes.

use web_sys::HtmlSelectElement;
use yew::{Callback, Event, Html, Properties, TargetCast, classes, component, html};

use crate::model::state::Action;
use crate::store::use_dispatch;

/// The expectations a test can have, with their labels.
pub(crate) const EXPECTATIONS: [(&str, &str); 5] = [
    ("allowed", "allowed"),
    ("explicitDeny", "explicitDeny"),
    ("implicitDeny", "implicitDeny"),
    ("error", "error"),
    ("", "(anything)"),
];

/// Props of [`TestRow`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct TestRowProps {
    /// Its place in the workspace's tests.
    pub(crate) index: usize,
    /// The test's name.
    pub(crate) name: String,
    /// Who calls, in short.
    pub(crate) caller: String,
    /// The action.
    pub(crate) action: String,
    /// The resource, in short.
    pub(crate) resource: String,
    /// What sets this test apart from the others (context values…).
    #[prop_or_default]
    pub(crate) differs: Vec<String>,
    /// What it expects (empty: anything).
    pub(crate) expect: String,
    /// The decision it got, or `error`.
    pub(crate) decision: &'static str,
    /// Why there is no decision, when there is none.
    pub(crate) error: Option<String>,
    /// Whether it passes.
    pub(crate) pass: bool,
    /// Whether it is the request shown above.
    pub(crate) is_current: bool,
}

/// A row of the tests panel.
#[component]
pub(crate) fn TestRow(props: &TestRowProps) -> Html {
    let dispatch = use_dispatch();
    let index = props.index;
    let on_open = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::OpenTest(index)))
    };
    let on_expect = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatch.dispatch(Action::SetTestExpect {
                index,
                expect: select.value(),
            });
        })
    };
    let on_remove = Callback::from(move |_| dispatch.dispatch(Action::RemoveTest(index)));
    let (status_class, icon, word) = if props.pass {
        ("pass", "✓", "Pass")
    } else {
        ("fail", "✕", "Fail")
    };
    let expect_id = format!("test-{index}-expect");
    html! {
        <li
            class={classes!("test-row", status_class, props.is_current.then_some("is-current"))}
            data-testid="case-result"
            data-name={props.name.clone()}
            data-decision={props.decision}
            data-pass={props.pass.to_string()}
        >
            <span class={classes!("test-status", status_class)}>
                <span aria-hidden="true">{ icon }</span>{ " " }{ word }
            </span>
            <div class="test-main">
                <button type="button" class="test-name" onclick={on_open} aria-label={format!("Open test {} as the current request", props.name)}>
                    { props.name.clone() }
                </button>
                <span class="test-detail">
                    { props.caller.clone() }{ " · " }<code>{ props.action.clone() }</code>{ " · " }{ props.resource.clone() }
                </span>
                if !props.differs.is_empty() {
                    <span class="test-differs" data-testid="test-differs">
                        { for props.differs.iter().map(|part| html! { <code class="test-key">{ part.clone() }</code> }) }
                    </span>
                }
                if let Some(error) = &props.error {
                    <span class="test-error">{ error.clone() }</span>
                }
            </div>
            <div class="test-outcome">
                <span class="test-got">{ "got " }<code>{ props.decision }</code></span>
                <label for={expect_id.clone()} class="test-expect-label">{ "expects" }</label>
                <select id={expect_id} class="test-expect" onchange={on_expect}>
                    { for EXPECTATIONS.iter().map(|(value, label)| html! {
                        <option value={*value} selected={props.expect == *value}>{ *label }</option>
                    }) }
                </select>
            </div>
            <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove test {}", props.name)}>{ "✕" }</button>
        </li>
    }
}
