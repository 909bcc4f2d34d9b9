//! The page around the panes: the header and its share panel, notices, the workspace's title and notes, and the examples gallery.

pub(crate) mod gallery;
pub(crate) mod notice_bar;
pub(crate) mod share_panel;
pub(crate) mod site_header;
pub(crate) mod workspace_intro;
