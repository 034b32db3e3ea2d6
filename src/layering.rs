//! The layering rule of `ARCHITECTURE.md` ("Boundaries"), kept by a test: data flows load →
//! model → render → write, and no module reaches up or sideways past its layer.
//!
//! The test reads every source file of a module (`src/NAME.rs` or `src/NAME/**.rs`, tests
//! included) and lists the top-level modules it names through `crate::` paths (also inside
//! `use crate::{a, b::c}` groups) and through `super::` chains that climb out of the module.
//! Comments and string literals are skipped, so a doc link or a message may name any module.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Per module: the modules it must never name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "diagnostic",
        &[
            "anchor",
            "load",
            "model",
            "render",
            "serve",
            "write",
            "build",
            "linkcheck",
        ],
    ),
    (
        "anchor",
        &[
            "diagnostic",
            "load",
            "model",
            "render",
            "serve",
            "write",
            "build",
            "linkcheck",
        ],
    ),
    (
        "load",
        &["model", "render", "serve", "write", "build", "linkcheck", "cli"],
    ),
    ("model", &["render", "serve", "write", "build", "linkcheck", "cli"]),
    ("render", &["serve", "write", "cli"]),
    ("write", &["load", "model", "render", "serve", "build", "cli"]),
    ("history", &["render", "serve", "write", "build", "linkcheck", "cli"]),
    ("verify", &["render", "serve", "write", "build", "linkcheck", "cli"]),
];

/// What a glob import of the crate root (`use crate::*`) or an alias of it (`use crate as x`)
/// names: every module, so it is forbidden wherever any module is.
const EVERY_MODULE: &str = "* (the crate root, by glob or alias)";

/// A module's source files: `src/NAME.rs`, or every `.rs` file under `src/NAME/`.
fn module_files(src: &Path, module: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(module)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `text` with comments, string literals and character literals blanked out (lifetimes kept).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars[..i].last().is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string `r#"…"#`: ends at a quote followed by as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#'))) {
                j += 1;
            }
            i = j + 1 + hashes;
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier at the start of `text` (after spaces), if any.
fn leading_ident(text: &str) -> &str {
    let text = text.trim_start();
    let end = text.find(|c: char| !is_ident(c)).unwrap_or(text.len());
    &text[..end]
}

/// The first segment of each path in a `{…}` group at the start of `text`, nested groups
/// included only at their top level (`{a, b::{c, d}}` gives `a`, `b`).
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (index, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                at_item_start = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => at_item_start = true,
            c if at_item_start && depth == 1 && is_ident(c) => {
                heads.push(leading_ident(&text[index..]).to_owned());
                at_item_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The top-level modules `code` names through `crate::` paths, and through `super::` chains
/// that climb above the module when the file sits `depth` modules below it (`src/model/mod.rs`
/// is 0, `src/model/lint.rs` is 1, `src/model.rs` is 0).
fn named_modules(code: &str, depth: usize) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut whole_crate = false;
    let starts = |at: usize| at == 0 || !code[..at].ends_with(|c: char| is_ident(c) || c == ':' || c == '$');
    let mut add_path = |rest: &str| {
        let rest = rest.trim_start();
        if rest.starts_with('{') {
            named.extend(group_heads(rest));
        } else {
            named.insert(leading_ident(rest).to_owned());
        }
    };
    for (at, _) in code.match_indices("crate") {
        let rest = code[at + "crate".len()..].trim_start();
        if !starts(at) {
            continue;
        }
        if let Some(path) = rest.strip_prefix("::") {
            if path.trim_start().starts_with('*') {
                // `use crate::*`: every module becomes nameable without `crate::`.
                whole_crate = true;
            } else {
                add_path(path);
            }
        } else if leading_ident(rest) == "as" {
            // `use crate as x`: `x::render` names `render` without `crate::`.
            whole_crate = true;
        }
    }
    for (at, _) in code.match_indices("super") {
        if !starts(at) {
            continue;
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(after) = rest.strip_prefix("super").map(str::trim_start)
            && let Some(after) = after.strip_prefix("::")
        {
            climbs += 1;
            rest = after.trim_start();
        }
        if climbs > depth {
            add_path(rest);
        }
    }
    named.remove("");
    if whole_crate {
        named.insert(EVERY_MODULE.to_owned());
    }
    named
}

/// How many modules below the top-level module `file` is.
fn depth_below(module_root: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(module_root).unwrap_or(file);
    let folders = relative.components().count().saturating_sub(1);
    let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
    if module_root.extension().is_some() {
        0
    } else if is_mod {
        folders
    } else {
        folders + 1
    }
}

/// Every forbidden import in the crate, as `FILE: MODULE → FORBIDDEN` lines.
fn violations(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        let files = module_files(src, module);
        assert!(
            !files.is_empty(),
            "module `{module}` has no source files under {}",
            src.display()
        );
        let root = if src.join(format!("{module}.rs")).is_file() {
            src.join(format!("{module}.rs"))
        } else {
            src.join(module)
        };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let named = named_modules(&code_only(&text), depth_below(&root, &file));
            for name in named
                .iter()
                .filter(|name| forbidden.contains(&name.as_str()) || *name == EVERY_MODULE)
            {
                let shown = file.strip_prefix(src.parent().unwrap_or(src)).unwrap_or(&file);
                found.push(format!("{}: {module} → {name}", shown.display()));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_layer_it_must_not() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "forbidden imports (see ARCHITECTURE.md, Boundaries):\n  {}\nmove the shared code down a layer (into the lower module or `diagnostic`) instead",
        found.join("\n  ")
    );
}

#[test]
fn finds_crate_paths_groups_and_super_escapes_but_not_comments_or_strings() {
    let code = code_only(
        r##"
        use crate::anchor::{self, FoldedText};
        use crate::{diagnostic::Position, load::{Parsed, schema}};
        // use crate::render::markdown;
        /* crate::serve */ /// [`crate::write`]
        let s = "crate::build"; let r = r#"crate::cli "x" "#; let c = '"'; let l: &'a str;
        fn f() { super::super::linkcheck::check(); super::sibling(); my_crate::render::x(); }
        "##,
    );
    let named: Vec<String> = named_modules(&code, 1).into_iter().collect();
    assert_eq!(named, ["anchor", "diagnostic", "linkcheck", "load"]);
    let at_top: Vec<String> = named_modules(&code, 0).into_iter().collect();
    assert_eq!(at_top, ["anchor", "diagnostic", "linkcheck", "load", "sibling"]);
}

/// A source tree in a temporary folder with every module the rule names, each importing only
/// what it may, plus `extra` files (relative path, text).
fn tree_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    let files = [
        ("diagnostic.rs", "pub struct Diagnostic;\n"),
        ("anchor.rs", "pub fn find() {}\n"),
        ("load/mod.rs", "use crate::diagnostic::Diagnostic;\nmod schema;\n"),
        ("load/schema.rs", "use super::super::anchor::find;\n"),
        ("model/mod.rs", "use crate::{load, diagnostic::Diagnostic};\n"),
        ("render/mod.rs", "use crate::model::Dossier;\n"),
        ("write.rs", "use crate::diagnostic;\n"),
        ("history/mod.rs", "use crate::model::Dossier;\n"),
        ("verify.rs", "use crate::{load, history};\n"),
    ];
    for (path, text) in files.iter().chain(extra) {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[test]
fn a_forbidden_import_in_a_source_tree_is_reported() {
    let clean = tree_with(&[]);
    assert_eq!(violations(&clean.path().join("src")), Vec::<String>::new());
    let broken = tree_with(&[
        ("model/lint.rs", "use crate::render::markdown;\n"),
        ("load/links.rs", "fn f() { super::super::model::resolve(); }\n"),
        ("write.rs", "use crate::{diagnostic, serve::Server};\n"),
    ]);
    assert_eq!(
        violations(&broken.path().join("src")),
        [
            "src/load/links.rs: load → model",
            "src/model/lint.rs: model → render",
            "src/write.rs: write → serve",
        ]
    );
}

#[test]
fn a_glob_import_or_alias_of_the_crate_root_is_reported() {
    for text in ["use crate::*;\n", "use crate as root;\nfn f() { root::render::x(); }\n"] {
        let broken = tree_with(&[("model/lint.rs", text)]);
        assert_eq!(
            violations(&broken.path().join("src")),
            [format!("src/model/lint.rs: model → {EVERY_MODULE}")],
            "{text}"
        );
    }
}
