//! Pane 2, the policies: identity policies, boundary, session policies, the organization's levels and the resources with their policies, each in a JSON editor.

pub(crate) mod managed_picker;
pub(crate) mod org_levels;
pub(crate) mod policies_pane;
pub(crate) mod policy_card;
pub(crate) mod policy_editor;
pub(crate) mod policy_summary;
pub(crate) mod resource_card;
