//! Pane 1, who is calling: the principals, with their kind, ARN, tags and groups.

pub(crate) mod caller_pane;
pub(crate) mod principal_card;
