//! The Tera engine: the built-in templates overridden by the dossier's `templates/`, compiled
//! once ([`Renderer::new`]) and rendering one page at a time; and the static files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{FileContent, InputFiles, STATIC_DIR, TEMPLATES_DIR};
use crate::render::context::Site;
use crate::render::pages::{PageData, page_context};
use crate::render::tera_errors::{diagnostics as template_diagnostics, template_diagnostic};
use crate::render::{OutputFile, PagePlan, PageType, Prepared, embedded, markdown};

/// A user template with its file, for messages.
#[derive(Debug, Clone)]
pub(super) struct TemplateSource {
    pub(super) text: String,
    pub(super) file: Option<String>,
}

/// The compiled templates, ready to render pages.
pub struct Renderer {
    tera: tera::Tera,
    templates: BTreeMap<String, TemplateSource>,
}

impl Renderer {
    /// Compiles the built-in templates, overridden by the dossier's `templates/*.html`.
    pub fn new(input: &InputFiles, site: &Site) -> Result<Self, Diagnostics> {
        let mut templates: BTreeMap<String, TemplateSource> = embedded::TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_owned(),
                    TemplateSource {
                        text: (*text).to_owned(),
                        file: None,
                    },
                )
            })
            .collect();
        let mut diagnostics = Diagnostics::new();
        for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
            let Some(name) = key.strip_prefix(TEMPLATES_DIR) else {
                break;
            };
            match content {
                FileContent::Text(text) => {
                    templates.insert(
                        name.to_owned(),
                        TemplateSource {
                            text: text.to_string(),
                            file: Some(key.clone()),
                        },
                    );
                }
                FileContent::Bytes(_) => diagnostics
                    .push(Diagnostic::error(key, None, "template is not UTF-8 text").with_help("save it as UTF-8")),
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        let pairs: Vec<(&str, &str)> = templates
            .iter()
            .map(|(name, t)| (name.as_str(), t.text.as_str()))
            .collect();
        if let Err(error) = tera.add_raw_templates(pairs) {
            for diagnostic in template_diagnostics(&error, &templates) {
                diagnostics.push(diagnostic);
            }
        }
        for required in PageType::ALL.map(PageType::template) {
            if !templates.contains_key(required) {
                diagnostics.push(Diagnostic::error(
                    format!("{TEMPLATES_DIR}{required}"),
                    None,
                    format!("template `{required}` is missing"),
                ));
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        tera.global_context().insert("site", site);
        Ok(Self { tera, templates })
    }

    /// Renders one page.
    pub fn render(&self, prepared: &Prepared<'_>, page: &PagePlan) -> Result<String, Diagnostic> {
        let (template, data) = page_context(prepared, page);
        self.render_data(&page.path, template, &data)
    }

    /// Renders the page at `path` from its template and context, as [`page_context`] gives them.
    pub fn render_data(&self, path: &str, template: &str, data: &PageData) -> Result<String, Diagnostic> {
        let context = to_context(data).map_err(|e| Diagnostic::error(path, None, e))?;
        self.tera.render(template, &context).map_err(|error| {
            let mut diagnostic = template_diagnostic(&error, &self.templates);
            diagnostic.message = format!("{} (rendering {path})", diagnostic.message);
            diagnostic
        })
    }
}

/// The text of every template [`Renderer::new`] compiles, by name: the built-in ones, overridden
/// by the dossier's `templates/` files (those that are not UTF-8 are left out; the renderer
/// reports them).
pub fn template_texts(input: &InputFiles) -> BTreeMap<String, &str> {
    let mut texts: BTreeMap<String, &str> = embedded::TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), *text))
        .collect();
    for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
        let Some(name) = key.strip_prefix(TEMPLATES_DIR) else {
            break;
        };
        if let FileContent::Text(text) = content {
            texts.insert(name.to_owned(), text);
        }
    }
    texts
}

/// The static files: built-in defaults, the highlighting stylesheet, and the dossier's own
/// `static/` files (which override defaults of the same name), all under `static/`.
pub fn static_files(input: &InputFiles) -> Vec<OutputFile> {
    let mut files: BTreeMap<String, Vec<u8>> = embedded::STATIC_FILES
        .iter()
        .map(|(name, bytes)| (format!("{STATIC_DIR}{name}"), bytes.to_vec()))
        .collect();
    files.insert(
        format!("{STATIC_DIR}highlight.css"),
        markdown::highlight_css().into_bytes(),
    );
    // The favicon for browsers without SVG icons, drawn from the built-in SVG (a dossier's own
    // `static/favicon.png` replaces it below).
    if let Ok(png) = crate::render::share::favicon_png() {
        files.insert(format!("{STATIC_DIR}favicon.png"), png);
    }
    for (key, content) in input.files.range(STATIC_DIR.to_owned()..) {
        if !key.starts_with(STATIC_DIR) {
            break;
        }
        let bytes = match content {
            FileContent::Text(text) => text.as_bytes().to_vec(),
            FileContent::Bytes(bytes) => bytes.to_vec(),
        };
        files.insert(key.clone(), bytes);
    }
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

/// The Tera context of a page: its fields, and `has_code` (whether the page shows highlighted
/// code), read from the one value the fields are made into.
pub(crate) fn to_context<T: Serialize + ?Sized>(value: &T) -> Result<tera::Context, String> {
    let value = tera::Value::try_from_serializable(value).map_err(|e| format!("cannot build the page context: {e}"))?;
    // The code stylesheet only where there is code (`base.html` links it then).
    let has_code = markdown::holds_highlighted_code(&value);
    let Some(fields) = value.into_map() else {
        return Err("cannot build the page context: it is not a map of fields".to_owned());
    };
    let mut context = tera::Context::new();
    for (key, field) in fields {
        context.insert_value(key.to_string(), field);
    }
    context.insert("has_code", &has_code);
    Ok(context)
}
