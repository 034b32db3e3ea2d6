//! The page a host serves for an unknown address (`404.html`).

use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::{PageType, Prepared};

/// The context of `404.html`.
pub(super) fn page(prepared: &Prepared<'_>, path: &str) -> NotFoundPage {
    let text = |key| prepared.text(key).to_owned();
    NotFoundPage {
        page: prepared.meta(
            PageType::NotFound,
            "",
            path,
            text(ui_key!("not_found_title")),
            text(ui_key!("not_found_text")),
        ),
    }
}
