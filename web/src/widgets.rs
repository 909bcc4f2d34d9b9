//! Small widgets that more than one pane uses.

pub(crate) mod arn_field;
pub(crate) mod combo;
pub(crate) mod tag_list;
