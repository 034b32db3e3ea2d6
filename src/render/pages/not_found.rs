//! The page a host serves for an unknown address (`404.html`).

use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::{PageType, Prepared};

/// The context of `404.html`.
pub(super) fn page(prepared: &Prepared<'_>, path: &str) -> NotFoundPage {
    let text = |key| prepared.text(key).to_owned();
    NotFoundPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::NotFound,
                section: "",
                title: text(ui_key!("not_found_title")),
                description: text(ui_key!("not_found_text")),
            },
        ),
    }
}
