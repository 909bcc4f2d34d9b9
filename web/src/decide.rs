//! Pane 3, request and decision: the request, the decision with the waterfall from the core's trace, and the tests panel.

pub(crate) mod context_row;
pub(crate) mod decision_panel;
pub(crate) mod endpoint_card;
pub(crate) mod request_pane;
pub(crate) mod test_row;
pub(crate) mod tests_panel;
pub(crate) mod trace_view;
