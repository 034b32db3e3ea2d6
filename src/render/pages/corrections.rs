//! The corrections log (`corrections/index.html`): every correction from the dossier's git
//! history, newest first.

use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::{PageType, Prepared, corrections, root_from};

/// The context of `corrections/index.html`.
pub(super) fn page(prepared: &Prepared<'_>, path: &str) -> CorrectionsPage {
    let text = |key| prepared.text(key).to_owned();
    CorrectionsPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Corrections,
                section: "corrections",
                title: text(ui_key!("corrections_title")),
                description: text(ui_key!("corrections_intro")),
            },
        ),
        entries: corrections::all(prepared, &root_from(path)),
        has_feed: prepared.base_url.is_some(),
    }
}
