//! The built-in theme compiled into the binary: the Tera templates of `templates/` and the
//! files of `static/`. A dossier's own `templates/` and `static/` files override these by name.
//!
//! Page templates extend `base.html`; `components.html` defines the shared components
//! (verdict badge, claim lists, origin chain, counts). The templates only lay out the
//! [contexts](crate::render::context); UI strings come from `site.t` ([`i18n`](super::i18n)).

/// Templates by name: one page template per [`PageType`](crate::render::PageType) (its
/// [`template`](crate::render::PageType::template)), and the layout and the components they use.
/// The tests of the templates are in `render/template_tests/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("components.html", include_str!("../../templates/components.html")),
    (
        "partials/provenance.html",
        include_str!("../../templates/partials/provenance.html"),
    ),
    (
        "partials/topic-provenance.html",
        include_str!("../../templates/partials/topic-provenance.html"),
    ),
    (
        "partials/timeline.html",
        include_str!("../../templates/partials/timeline.html"),
    ),
    (
        "partials/topic-as-of.html",
        include_str!("../../templates/partials/topic-as-of.html"),
    ),
    (
        "partials/claim-provenance.html",
        include_str!("../../templates/partials/claim-provenance.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("claim.html", include_str!("../../templates/claim.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("origin.html", include_str!("../../templates/origin.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("verdict.html", include_str!("../../templates/verdict.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("corrections.html", include_str!("../../templates/corrections.html")),
];

/// Static files by name, written under `static/`.
pub const STATIC_FILES: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];
