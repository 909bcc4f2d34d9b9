//! A list of tags (key and value) of a principal or a resource.

use web_sys::HtmlInputElement;
use yew::{Callback, Html, InputEvent, Properties, TargetCast, component, html};

use crate::model::state::{Action, TagOwner};
use crate::model::workspace::Tag;
use crate::store::use_dispatch;

/// Props of [`TagList`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct TagListProps {
    /// Whose tags.
    pub(crate) owner: TagOwner,
    /// The tags.
    pub(crate) tags: Vec<Tag>,
    /// The condition key the tags give, such as `aws:PrincipalTag`.
    pub(crate) key_prefix: &'static str,
    /// A unique prefix for element ids.
    pub(crate) id_prefix: String,
}

/// Editable rows of tags, with an Add button.
#[component]
pub(crate) fn TagList(props: &TagListProps) -> Html {
    let dispatch = use_dispatch();
    let owner = props.owner;
    let rows = props.tags.iter().enumerate().map(|(index, tag)| {
        let on_key = {
            let dispatch = dispatch.clone();
            let tag = tag.clone();
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                dispatch.dispatch(Action::SetTag {
                    owner,
                    index,
                    tag: Tag {
                        key: input.value(),
                        value: tag.value.clone(),
                    },
                });
            })
        };
        let on_value = {
            let dispatch = dispatch.clone();
            let tag = tag.clone();
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                dispatch.dispatch(Action::SetTag {
                    owner,
                    index,
                    tag: Tag {
                        key: tag.key.clone(),
                        value: input.value(),
                    },
                });
            })
        };
        let on_remove = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::RemoveTag { owner, index }))
        };
        let key_id = format!("{}-tag-{index}-key", props.id_prefix);
        let value_id = format!("{}-tag-{index}-value", props.id_prefix);
        html! {
            <li class="tag-row" key={index}>
                <label class="visually-hidden" for={key_id.clone()}>{ format!("Tag {} key", index + 1) }</label>
                <input id={key_id} class="tag-key" type="text" placeholder="key" value={tag.key.clone()} oninput={on_key} />
                <span class="tag-eq" aria-hidden="true">{ "=" }</span>
                <label class="visually-hidden" for={value_id.clone()}>{ format!("Tag {} value", index + 1) }</label>
                <input id={value_id} class="tag-value" type="text" placeholder="value" value={tag.value.clone()} oninput={on_value} />
                <button type="button" class="icon-button" onclick={on_remove} aria-label={format!("Remove tag {}", tag.key)}>{ "✕" }</button>
            </li>
        }
    }).collect::<Vec<Html>>();
    let on_add = Callback::from(move |_| dispatch.dispatch(Action::AddTag(owner)));
    html! {
        <div class="tags">
            <div class="field-label">
                { "Tags" }
                <span class="hint">{ format!(" give {}/KEY", props.key_prefix) }</span>
            </div>
            if !props.tags.is_empty() {
                <ul class="tag-list">{ for rows }</ul>
            }
            <button type="button" class="button small add" onclick={on_add}>{ "+ Tag" }</button>
        </div>
    }
}
