//! The page around the panes: the header and its share panel, notices, the workspace's title and notes, the examples and exercises gallery, exercise mode and teacher mode.

#[cfg(feature = "exercise")]
pub(crate) mod exercise_panel;
pub(crate) mod gallery;
pub(crate) mod notice_bar;
pub(crate) mod share_panel;
pub(crate) mod site_header;
#[cfg(feature = "exercise")]
pub(crate) mod teacher_panel;
pub(crate) mod workspace_intro;
