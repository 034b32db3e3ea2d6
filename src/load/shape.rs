//! Every shape problem of a YAML file at once, each at its own line and column.
//!
//! serde stops at a file's first error. When a file does not deserialise, this module reads it
//! again as a plain YAML tree (serde-saphyr's parser, with the position of every key and
//! value), turns the tree into JSON and checks it against the JSON Schema that `schemars`
//! derives from the [`super::schema`] types (the schema `dossier schema` writes): every
//! missing field, unknown key, wrong type and unknown value is then one diagnostic at the key
//! or value concerned. Only the failure path pays for this; a file that deserialises is never
//! read twice.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Number, Value};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::{Diagnostic, Language, Position};
use crate::say;

/// Which kind of file a text is (for its schema and for naming what is wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `dossier.yaml`.
    Config,
    /// `content/sources/*.yaml`.
    Source,
    /// `content/topics.yaml`.
    Topics,
    /// `content/origins.yaml`.
    Origins,
    /// Front matter of `content/pages/*.md`.
    Page,
}

impl FileKind {
    /// Every kind, in the order `dossier schema` writes them.
    pub const ALL: [FileKind; 5] = [
        FileKind::Config,
        FileKind::Source,
        FileKind::Topics,
        FileKind::Origins,
        FileKind::Page,
    ];

    /// The schema's file name (`dossier schema` writes it; `$schema` lines name it).
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::Config => "dossier.schema.json",
            FileKind::Source => "source.schema.json",
            FileKind::Topics => "topics.schema.json",
            FileKind::Origins => "origins.schema.json",
            FileKind::Page => "page.schema.json",
        }
    }

    /// The JSON Schema of this kind of file, derived from the [`super::schema`] types.
    pub fn json_schema(self) -> Value {
        let schema = match self {
            FileKind::Config => schemars::schema_for!(super::schema::ConfigFile),
            FileKind::Source => schemars::schema_for!(super::schema::SourceFile),
            FileKind::Topics => schemars::schema_for!(Vec<super::schema::TopicFile>),
            FileKind::Origins => schemars::schema_for!(Vec<super::schema::OriginFile>),
            FileKind::Page => schemars::schema_for!(super::schema::PageFrontMatter),
        };
        schema.to_value()
    }

    fn index(self) -> usize {
        self as usize
    }

    /// What the whole file is called in messages (in German in the dative: "in der Quelle").
    fn top_name(self, language: Language) -> &'static str {
        match self {
            FileKind::Config => "dossier.yaml",
            FileKind::Source => language.pick("the source", "der Quelle"),
            FileKind::Topics => "topics.yaml",
            FileKind::Origins => "origins.yaml",
            FileKind::Page => language.pick("the front matter", "dem Front Matter"),
        }
    }

    /// What an entry of the top-level list is called (topics and origins files).
    fn item_name(self, language: Language) -> &'static str {
        match self {
            FileKind::Topics => language.pick("topic", "Thema"),
            FileKind::Origins => language.pick("origin", "Ursprung"),
            _ => language.pick("entry", "Eintrag"),
        }
    }
}

/// The `# yaml-language-server` line for a file of `kind` at `depth` folders below the dossier
/// root, pointing at the schema `init` writes into `schema/`.
pub fn schema_comment(kind: FileKind, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}schema/{}\n",
        "../".repeat(depth),
        kind.schema_file()
    )
}

/// Every schema as a file: name and pretty-printed JSON (for `dossier schema`, `init` and the
/// build's `schema/` folder).
pub fn schema_files() -> Vec<(&'static str, String)> {
    FileKind::ALL
        .iter()
        .map(|kind| {
            let mut schema = kind.json_schema();
            if let Some(object) = schema.as_object_mut() {
                object.insert("$id".to_owned(), Value::String(kind.schema_file().to_owned()));
            }
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            (kind.schema_file(), text)
        })
        .collect()
}

/// The field reference of the README, made from the same schemas: per file and per nested
/// entry, every key with required/optional, its type and its description.
pub fn field_reference() -> String {
    let mut out = String::new();
    for kind in FileKind::ALL {
        let schema = kind.json_schema();
        let title = match kind {
            FileKind::Config => "`dossier.yaml`",
            FileKind::Source => "A source file, `content/sources/*.yaml`",
            FileKind::Topics => "A topic, an entry of `content/topics.yaml`",
            FileKind::Origins => "An origin, an entry of `content/origins.yaml`",
            FileKind::Page => "The front matter of a page, `content/pages/*.md`",
        };
        let top = if matches!(kind, FileKind::Topics | FileKind::Origins) {
            schema.get("items").cloned().unwrap_or(Value::Null)
        } else {
            schema.clone()
        };
        let mut seen = Vec::new();
        reference_table(&mut out, &schema, &top, title, &mut seen);
    }
    out
}

fn reference_table(out: &mut String, root: &Value, node: &Value, title: &str, seen: &mut Vec<String>) {
    let Some(object) = resolved(root, node).into_iter().find(|c| c.get("properties").is_some()) else {
        return;
    };
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    out.push_str(&format!("**{title}**\n\n| key | | type | what |\n|---|---|---|---|\n"));
    let mut nested: Vec<(String, &Value)> = Vec::new();
    for (key, property) in object
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let needed = if required.contains(&key.as_str()) {
            "required"
        } else {
            "optional"
        };
        let description = property
            .get("description")
            .or_else(|| resolved(root, property).into_iter().find_map(|c| c.get("description")))
            .and_then(Value::as_str)
            .unwrap_or("")
            .replace('\n', " ")
            .replace('|', "\\|");
        out.push_str(&format!(
            "| `{key}` | {needed} | {} | {description} |\n",
            type_of(root, property)
        ));
        for candidate in resolved(root, property) {
            let inner = candidate.get("items").unwrap_or(candidate);
            if let Some(reference) = inner.get("$ref").and_then(Value::as_str)
                && !seen.iter().any(|s| s == reference)
                && resolved(root, inner).iter().any(|c| c.get("properties").is_some())
            {
                seen.push(reference.to_owned());
                nested.push((key.clone(), inner));
            }
        }
    }
    out.push('\n');
    for (key, inner) in nested {
        reference_table(out, root, inner, &format!("{title}: each `{key}`"), seen);
    }
}

/// A property's type in words: "text", "number", "list of text", "`a`, `b`", "date".
fn type_of(root: &Value, property: &Value) -> String {
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let target = root.pointer(reference.trim_start_matches('#')).unwrap_or(&Value::Null);
        let choices: Vec<String> = target
            .get("oneOf")
            .or_else(|| target.get("anyOf"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|b| b.get("const").or_else(|| b.get("enum")?.get(0)).and_then(Value::as_str))
                    .map(|c| format!("`{c}`"))
                    .collect()
            })
            .unwrap_or_default();
        if !choices.is_empty() && choices.len() > 1 {
            return format!("one of {}", choices.join(", "));
        }
        if let Some(values) = target.get("enum").and_then(Value::as_array) {
            return format!(
                "one of {}",
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        return match name {
            "Date" => "date".to_owned(),
            "Rating" => "whole number or `none`".to_owned(),
            "Lines" => "line or range".to_owned(),
            _ if target.get("properties").is_some() => "keys (below)".to_owned(),
            _ => name.to_owned(),
        };
    }
    if let Some(branches) = property.get("anyOf").and_then(Value::as_array) {
        let types: Vec<String> = branches
            .iter()
            .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            .map(|b| match b.get("const").and_then(Value::as_str) {
                Some(constant) => format!("`{constant}`"),
                None => type_of(root, b),
            })
            .collect();
        return types.join(" or ");
    }
    let types: Vec<&str> = match property.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => Vec::new(),
    };
    match types.first().copied() {
        Some("array") => format!(
            "list of {}",
            property.get("items").map(|i| type_of(root, i)).unwrap_or_default()
        ),
        Some("string") => "text".to_owned(),
        Some("number") => "number".to_owned(),
        Some("integer") => "whole number".to_owned(),
        Some("boolean") => "`true` or `false`".to_owned(),
        Some(other) => other.to_owned(),
        None => "value".to_owned(),
    }
}

static VALIDATORS: LazyLock<Vec<jsonschema::Validator>> = LazyLock::new(|| {
    FileKind::ALL
        .iter()
        .map(|kind| jsonschema::validator_for(&kind.json_schema()).expect("the derived schemas are valid"))
        .collect()
});

/// A YAML text read as JSON, with where each value and each key stands.
#[derive(Debug, Default)]
pub struct Tree {
    /// The document as JSON (YAML 1.2 core schema: plain `12` a number, quoted `"12"` text).
    pub value: Value,
    /// Position of the value at each JSON pointer (`/claims/0/quote`).
    values: HashMap<String, Position>,
    /// Position of the key of each mapping entry, by the JSON pointer of its value.
    keys: HashMap<String, Position>,
    /// Nested deeper than [`MAX_DEPTH`]: not built further, and not checked (a dossier file
    /// nests a few levels; serde's own error stands).
    pub too_deep: bool,
}

/// Deepest nesting the tree is built for.
const MAX_DEPTH: usize = 64;

impl Tree {
    /// Reads `text` as a YAML tree. A syntax error is returned as the parser's error.
    pub fn read(text: &str) -> Result<Tree, ScanError> {
        let mut tree = Tree::default();
        let mut parser = Parser::new_from_str(text);
        let mut builder = Builder::default();
        while let Some(event) = parser.next_event() {
            let (event, span) = event?;
            if builder.stack.len() > MAX_DEPTH {
                tree.too_deep = true;
                return Ok(tree);
            }
            let at = Position::new(
                u32::try_from(span.start.line()).unwrap_or(u32::MAX),
                u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
            );
            builder.event(&mut tree, event, at);
        }
        tree.value = builder.root.unwrap_or(Value::Null);
        Ok(tree)
    }

    /// Where the value at `pointer` stands (its nearest located ancestor if it has none).
    pub fn value_at(&self, pointer: &str) -> Option<Position> {
        let mut pointer = pointer;
        loop {
            if let Some(position) = self.values.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// Where the key of the entry at `pointer` stands, else its value.
    pub fn key_at(&self, pointer: &str) -> Option<Position> {
        self.keys.get(pointer).copied().or_else(|| self.value_at(pointer))
    }
}

/// One open collection while the tree is built.
enum Open {
    Sequence(Vec<Value>, String),
    /// A mapping, its pointer and the key whose value comes next.
    Mapping(Map<String, Value>, String, Option<String>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Value>,
}

impl Builder {
    /// The JSON pointer of the next value.
    fn next_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Open::Sequence(items, pointer)) => format!("{pointer}/{}", items.len()),
            Some(Open::Mapping(_, pointer, Some(key))) => format!("{pointer}/{}", escape_pointer(key)),
            Some(Open::Mapping(_, pointer, None)) => pointer.clone(),
        }
    }

    fn awaiting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Mapping(_, _, None)))
    }

    fn event(&mut self, tree: &mut Tree, event: Event<'_>, at: Position) {
        match event {
            Event::Scalar(text, style, ..) => {
                if self.awaiting_key() {
                    let key = text.into_owned();
                    if let Some(Open::Mapping(_, pointer, next)) = self.stack.last_mut() {
                        tree.keys.insert(format!("{pointer}/{}", escape_pointer(&key)), at);
                        *next = Some(key);
                    }
                    return;
                }
                let pointer = self.next_pointer();
                tree.values.insert(pointer, at);
                self.finish(scalar(&text, style));
            }
            Event::SequenceStart(..) => {
                let pointer = self.open_pointer(tree, at);
                self.stack.push(Open::Sequence(Vec::new(), pointer));
            }
            Event::MappingStart(..) => {
                let pointer = self.open_pointer(tree, at);
                self.stack.push(Open::Mapping(Map::new(), pointer, None));
            }
            Event::SequenceEnd => {
                if let Some(Open::Sequence(items, _)) = self.stack.pop() {
                    self.finish(Value::Array(items));
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Mapping(map, _, _)) = self.stack.pop() {
                    self.finish(Value::Object(map));
                }
            }
            Event::Alias(_) => self.finish(Value::Null),
            _ => {}
        }
    }

    /// The pointer of a collection that opens here; a collection used as a key is keyed by
    /// its JSON text.
    fn open_pointer(&mut self, tree: &mut Tree, at: Position) -> String {
        if self.awaiting_key()
            && let Some(Open::Mapping(_, _, next)) = self.stack.last_mut()
        {
            // A complex key: never valid in a dossier, so any name that no schema knows.
            *next = Some("?".to_owned());
        }
        let pointer = self.next_pointer();
        tree.values.insert(pointer.clone(), at);
        pointer
    }

    fn finish(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Open::Sequence(items, _)) => items.push(value),
            Some(Open::Mapping(map, _, next)) => {
                let key = next.take().unwrap_or_default();
                map.insert(key, value);
            }
        }
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A scalar as YAML 1.2's core schema reads it.
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = text.parse::<i64>()
    {
        return Value::Number(n.into());
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float
        && let Ok(n) = text.parse::<f64>()
        && let Some(number) = Number::from_f64(n)
    {
        return Value::Number(number);
    }
    Value::String(text.to_owned())
}

/// Checks `tree` against the schema of `kind`: one diagnostic per problem, in file order.
/// Messages are in the file's language.
pub fn check(file: &super::YamlText<'_>, tree: &Tree) -> Vec<Diagnostic> {
    let super::YamlText {
        key,
        text,
        kind,
        line_offset,
        language,
    } = *file;
    let validator = &VALIDATORS[kind.index()];
    let mut found: Vec<Diagnostic> = Vec::new();
    for error in validator.iter_errors(&tree.value) {
        let pointer = error.instance_path().as_str().to_owned();
        for (position, message, help) in describe(kind, tree, &pointer, error.kind(), language) {
            let position = position.map(|p| Position::new(p.line + line_offset, p.column));
            found.push(
                Diagnostic::error(key, position, message)
                    .with_help(help)
                    .with_source(text),
            );
        }
    }
    found.sort_by_key(|d| d.position.map(|p| (p.line, p.column)));
    found.dedup_by(|a, b| a.position == b.position && a.message == b.message);
    found
}

type Problem = (Option<Position>, String, String);

/// The problem or problems one schema error stands for.
fn describe(
    kind: FileKind,
    tree: &Tree,
    pointer: &str,
    error: &jsonschema::error::ValidationErrorKind,
    language: Language,
) -> Vec<Problem> {
    use jsonschema::error::ValidationErrorKind as K;
    let owner = owner_name(kind, tree, pointer, language);
    let value = shown(tree, pointer, language);
    let field = field_name(pointer, &owner);
    let not_allowed = || {
        say!(
            language,
            "{value} is not allowed for {field}",
            "{value} ist bei {field} nicht erlaubt"
        )
    };
    let wrong_form = || {
        say!(
            language,
            "{value} has the wrong form for {field}",
            "{value} hat bei {field} die falsche Form"
        )
    };
    let one_of = |choices: &[String]| {
        let choices = choices.join(", ");
        say!(
            language,
            "use one of {choices}",
            "Verwenden Sie einen dieser Werte: {choices}"
        )
    };
    match error {
        K::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            if misspelt_as(kind, tree, pointer, field) {
                // The unknown key's error says "did you mean `field`?": one problem, one error.
                return Vec::new();
            }
            vec![(
                tree.value_at(pointer),
                say!(language, "missing field `{field}` in {owner}", "Feld `{field}` fehlt in {owner}"),
                say!(
                    language,
                    "add `{field}:` to {owner}; the README's field reference lists what every field takes",
                    "Ergänzen Sie `{field}:` in {owner}; die Feldreferenz im README nennt, was jedes Feld erwartet"
                ),
            )]
        }
        K::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|name| {
                let at = tree.key_at(&format!("{pointer}/{}", escape_pointer(name)));
                let allowed = allowed_keys(kind, pointer);
                let allowed_refs: Vec<&str> = allowed.iter().map(String::as_str).collect();
                let parent_allowed = parent_keys(kind, tree, pointer);
                let help = if parent_allowed.iter().any(|k| k == name) {
                    say!(
                        language,
                        "`{name}` belongs one level up: indent it like the keys of the enclosing entry, not like those of {owner}",
                        "`{name}` gehört eine Ebene höher: Rücken Sie es ein wie die Schlüssel des umgebenden Eintrags, nicht wie die von {owner}"
                    )
                } else {
                    match crate::diagnostic::closest_name(name, &allowed_refs) {
                        Some(near) => say!(
                            language,
                            "did you mean `{near}`? Keys are never ignored, so a typo cannot vanish silently",
                            "Meinten Sie `{near}`? Schlüssel werden nie übergangen, damit kein Tippfehler unbemerkt bleibt"
                        ),
                        None => {
                            let allowed = allowed.join(", ");
                            say!(
                                language,
                                "remove it or fix its spelling; allowed here: {allowed}",
                                "Entfernen Sie es oder korrigieren Sie die Schreibweise; erlaubt sind hier: {allowed}"
                            )
                        }
                    }
                };
                (
                    at,
                    say!(language, "unknown field `{name}` in {owner}", "unbekanntes Feld `{name}` in {owner}"),
                    help,
                )
            })
            .collect(),
        K::Enum { options } => {
            let listed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(|s| format!("`{s}`"))).collect())
                .unwrap_or_default();
            vec![(tree.value_at(pointer), not_allowed(), one_of(&listed))]
        }
        K::Type { kind: expected } => {
            let (message, help) = wrong_type(tree, pointer, &type_names(expected), &owner, language);
            vec![(tree.value_at(pointer), message, help)]
        }
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            // An optional group (`quantity`) is "the group or nothing": when exactly one branch
            // got past the value's type, its own errors say what is wrong, each at its place.
            let deeper: Vec<&Vec<jsonschema::ValidationError<'static>>> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().all(|e| {
                        matches!(e.kind(), K::Type { .. } | K::Constant { .. }) && e.instance_path().as_str() == pointer
                    })
                })
                .collect();
            let choices = constants(context);
            if !choices.is_empty() && tree.value.pointer(pointer).is_some_and(Value::is_string) {
                return vec![(tree.value_at(pointer), not_allowed(), one_of(&choices))];
            }
            if let [branch] = deeper.as_slice() {
                return branch
                    .iter()
                    .flat_map(|inner| describe(kind, tree, inner.instance_path().as_str(), inner.kind(), language))
                    .collect();
            }
            // The branch that got furthest says best what is wrong (`null` branches of optional
            // fields say nothing useful).
            let mut expected: Vec<String> = Vec::new();
            for branch in context {
                for inner in branch {
                    match inner.kind() {
                        K::Type { kind } => expected.extend(type_names(kind)),
                        K::Pattern { .. } => expected.push("pattern".to_owned()),
                        K::Constant { expected_value } => {
                            expected.push(format!("`{}`", expected_value.as_str().unwrap_or_default()));
                        }
                        _ => {}
                    }
                }
            }
            let basic = ["number", "integer", "array", "object", "string", "boolean"];
            if form_hint(pointer, language).is_none() && expected.iter().any(|e| basic.contains(&e.as_str())) {
                let (message, help) = wrong_type(tree, pointer, &expected, &owner, language);
                return vec![(tree.value_at(pointer), message, help)];
            }
            let help = form_hint(pointer, language).unwrap_or_else(|| see_reference(language));
            vec![(tree.value_at(pointer), wrong_form(), help)]
        }
        K::Pattern { .. } => vec![(
            tree.value_at(pointer),
            wrong_form(),
            form_hint(pointer, language).unwrap_or_else(|| see_reference(language)),
        )],
        K::Minimum { limit } | K::ExclusiveMinimum { limit } => vec![(
            tree.value_at(pointer),
            say!(language, "{value} is too small for {field}", "{value} ist bei {field} zu klein"),
            say!(
                language,
                "use a number of at least {limit}",
                "Verwenden Sie eine Zahl von mindestens {limit}"
            ),
        )],
        _ => vec![(tree.value_at(pointer), not_allowed(), see_reference(language))],
    }
}

/// The constant values the branches of an `anyOf`/`oneOf` accept (an enum's variants).
fn constants(context: &[Vec<jsonschema::ValidationError<'static>>]) -> Vec<String> {
    use jsonschema::error::ValidationErrorKind as K;
    let mut found = Vec::new();
    for inner in context.iter().flatten() {
        match inner.kind() {
            K::Constant { expected_value } => {
                if let Some(text) = expected_value.as_str() {
                    found.push(format!("`{text}`"));
                }
            }
            K::Enum { options } => {
                found.extend(
                    options
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(|s| format!("`{s}`"))),
                );
            }
            K::AnyOf { context } | K::OneOfNotValid { context } => found.extend(constants(context)),
            _ => {}
        }
    }
    found
}

fn type_names(kind: &jsonschema::error::TypeKind) -> Vec<String> {
    match kind {
        jsonschema::error::TypeKind::Single(one) => vec![one.as_str().to_owned()],
        jsonschema::error::TypeKind::Multiple(set) => set.iter().map(|t| t.as_str().to_owned()).collect(),
    }
}

/// "see the README's field reference": the help when nothing more precise is known.
fn see_reference(language: Language) -> String {
    say!(
        language,
        "see the README's field reference for what it takes",
        "Was hier stehen kann, nennt die Feldreferenz im README"
    )
}

/// The value at `pointer` as a short quotation for a message.
fn shown(tree: &Tree, pointer: &str, language: Language) -> String {
    match tree.value.pointer(pointer) {
        Some(Value::String(text)) => {
            let short: String = text.chars().take(40).collect();
            let more = if text.chars().count() > 40 { "…" } else { "" };
            format!("`{short}{more}`")
        }
        Some(Value::Null) => language.pick("an empty value", "ein leerer Wert").to_owned(),
        Some(Value::Array(_)) => language.pick("a list", "eine Liste").to_owned(),
        Some(Value::Object(_)) => language
            .pick("a group of keys", "eine Gruppe von Schlüsseln")
            .to_owned(),
        Some(other) => format!("`{other}`"),
        None => language.pick("this value", "dieser Wert").to_owned(),
    }
}

/// Message and help for a value of the wrong type, in the annotator's words and `language`.
fn wrong_type(tree: &Tree, pointer: &str, expected: &[String], owner: &str, language: Language) -> (String, String) {
    let field = field_name(pointer, owner);
    let value = tree.value.pointer(pointer);
    let quoted = shown(tree, pointer, language);
    let wants = |t: &str| expected.iter().any(|e| e == t);
    if (wants("number") || wants("integer"))
        && let Some(Value::String(text)) = value
    {
        let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
        let plain: String = text.chars().filter(char::is_ascii_digit).collect();
        let help = if text.contains([' ', '\u{a0}', '\u{202f}', ',', '\'']) && !plain.is_empty() {
            say!(
                language,
                "write the number without spaces, commas or thousands separators: `{plain}` (the quote keeps the article's own spelling)",
                "Schreiben Sie die Zahl ohne Leerzeichen, Kommas oder Tausenderpunkte: `{plain}` (das Zitat behält die Schreibweise des Artikels)"
            )
        } else if !digits.is_empty() {
            say!(
                language,
                "write the number alone, without quotes or words: e.g. `{digits}`",
                "Schreiben Sie nur die Zahl, ohne Anführungszeichen oder Wörter: z. B. `{digits}`"
            )
        } else {
            say!(
                language,
                "write a number (digits only, a `.` for decimals)",
                "Schreiben Sie eine Zahl (nur Ziffern, ein `.` vor Nachkommastellen)"
            )
        };
        return (
            say!(
                language,
                "{quoted} is not a number, but {field} must be one",
                "{quoted} ist keine Zahl, bei {field} muss aber eine stehen"
            ),
            help,
        );
    }
    if wants("array") {
        let help = match value {
            Some(Value::String(text)) => say!(
                language,
                "write a list: `[{text}]` on one line, or each item on its own line starting with `- `",
                "Schreiben Sie eine Liste: `[{text}]` in einer Zeile, oder jeden Eintrag in eine eigene Zeile, die mit `- ` beginnt"
            ),
            _ => say!(
                language,
                "write a list: each item on its own line starting with `- `, or `[a, b]`",
                "Schreiben Sie eine Liste: jeden Eintrag in eine eigene Zeile, die mit `- ` beginnt, oder `[a, b]`"
            ),
        };
        return (
            say!(
                language,
                "{field} must be a list, not {quoted}",
                "bei {field} muss eine Liste stehen, nicht {quoted}"
            ),
            help,
        );
    }
    if wants("object") {
        let help = match value {
            Some(Value::Array(_)) => say!(
                language,
                "remove the `- ` in front: it makes a list, but this takes keys (`name: value`) directly",
                "Entfernen Sie das `- ` davor: Es macht eine Liste daraus, hier stehen aber direkt Schlüssel (`name: wert`)"
            ),
            _ => say!(
                language,
                "write its keys on the lines below, each indented by two more spaces: `key: value`",
                "Schreiben Sie die Schlüssel in die Zeilen darunter, jeweils zwei Leerzeichen weiter eingerückt: `key: wert`"
            ),
        };
        return (
            say!(
                language,
                "{field} must be a group of keys, not {quoted}",
                "bei {field} muss eine Gruppe von Schlüsseln stehen, nicht {quoted}"
            ),
            help,
        );
    }
    if wants("string") {
        let help = match value {
            Some(Value::Object(_)) => say!(
                language,
                "the text contains `: ` (colon and space), which YAML reads as a key: put the whole text in double quotes",
                "der Text enthält `: ` (Doppelpunkt und Leerzeichen), was YAML als Schlüssel liest: Setzen Sie den ganzen Text in doppelte Anführungszeichen"
            ),
            Some(Value::Null) => say!(
                language,
                "write the text after the colon, or remove the line",
                "Schreiben Sie den Text hinter den Doppelpunkt, oder entfernen Sie die Zeile"
            ),
            Some(Value::Array(_)) => say!(
                language,
                "write one text, not a list: remove the `- ` or the brackets",
                "Schreiben Sie einen Text, keine Liste: Entfernen Sie das `- ` oder die Klammern"
            ),
            _ => say!(
                language,
                "put the text in double quotes",
                "Setzen Sie den Text in doppelte Anführungszeichen"
            ),
        };
        return (
            say!(
                language,
                "{field} must be text, not {quoted}",
                "bei {field} muss ein Text stehen, nicht {quoted}"
            ),
            help,
        );
    }
    if wants("boolean") {
        return (
            say!(
                language,
                "{field} must be `true` or `false`, not {quoted}",
                "bei {field} muss `true` oder `false` stehen, nicht {quoted}"
            ),
            say!(language, "write `true` or `false`", "Schreiben Sie `true` oder `false`"),
        );
    }
    (
        say!(
            language,
            "{quoted} has the wrong form for {field}",
            "{quoted} hat bei {field} die falsche Form"
        ),
        form_hint(pointer, language).unwrap_or_else(|| see_reference(language)),
    )
}

/// A hint for fields whose form is special.
fn form_hint(pointer: &str, language: Language) -> Option<String> {
    let last = pointer.rsplit('/').next()?;
    Some(match last {
        "published" | "reviewed" | "as_of" => say!(
            language,
            "write a date as `2024-11-18`, `2024-11` or `2024`",
            "Schreiben Sie ein Datum als `2024-11-18`, `2024-11` oder `2024`"
        ),
        "rating" => say!(
            language,
            "write a whole number (higher means truer) or `none`",
            "Schreiben Sie eine ganze Zahl (höher heißt zutreffender) oder `none`"
        ),
        "lines" => say!(
            language,
            "write a line number like `3` or a range like `3-5`",
            "Schreiben Sie eine Zeilennummer wie `3` oder einen Bereich wie `3-5`"
        ),
        _ => return None,
    })
}

/// "`quote` of claim `nk-1`": the field at `pointer`, named for messages.
fn field_name(pointer: &str, owner: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    if last.is_empty() || last.bytes().all(|b| b.is_ascii_digit()) {
        return owner.to_owned();
    }
    format!("`{}`", unescape_pointer(last))
}

/// What the mapping at (or holding) `pointer` is, for messages: "claim `nk-1`", "the source".
fn owner_name(kind: FileKind, tree: &Tree, pointer: &str, language: Language) -> String {
    let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer).collect();
    // The innermost object: drop a trailing field name when the pointer names a field's value.
    let mut depth = segments.len();
    while depth > 0 {
        let here = format!(
            "/{}",
            segments[..depth]
                .iter()
                .map(|s| escape_pointer(s))
                .collect::<Vec<_>>()
                .join("/")
        );
        if tree.value.pointer(&here).is_some_and(Value::is_object) {
            break;
        }
        depth -= 1;
    }
    let path = &segments[..depth];
    let id_of = |depth: usize| {
        let here: String = path[..depth]
            .iter()
            .map(|s| format!("/{}", escape_pointer(s)))
            .collect();
        tree.value
            .pointer(&format!("{here}/id"))
            .and_then(Value::as_str)
            .map(|id| format!(" `{id}`"))
    };
    match path {
        [] => kind.top_name(language).to_owned(),
        [index] if index.bytes().all(|b| b.is_ascii_digit()) => {
            let n: usize = index.parse().unwrap_or(0);
            format!(
                "{}{}",
                kind.item_name(language),
                id_of(1).unwrap_or_else(|| format!(" {}", n + 1))
            )
        }
        _ => {
            let last = &path[path.len() - 1];
            if last.bytes().all(|b| b.is_ascii_digit()) {
                let list = &path[path.len() - 2];
                let n: usize = last.parse().unwrap_or(0);
                let name = match list.as_str() {
                    "claims" => language.pick("claim", "Behauptung"),
                    "verdicts" => language.pick("verdict", "Bewertung"),
                    "measures" => language.pick("measure", "Messgröße"),
                    "related" => language.pick("related entry", "`related`-Eintrag"),
                    "exclude" => language.pick("exclude entry", "`exclude`-Eintrag"),
                    "unannotated" => language.pick("unannotated entry", "`unannotated`-Eintrag"),
                    _ => language.pick("entry", "Eintrag"),
                };
                format!("{name}{}", id_of(path.len()).unwrap_or_else(|| format!(" {}", n + 1)))
            } else {
                format!("`{last}`")
            }
        }
    }
}

/// Whether the object at `pointer` has an unknown key whose closest allowed name is `field`.
fn misspelt_as(kind: FileKind, tree: &Tree, pointer: &str, field: &str) -> bool {
    let Some(object) = tree.value.pointer(pointer).and_then(Value::as_object) else {
        return false;
    };
    let allowed = allowed_keys(kind, pointer);
    let allowed_refs: Vec<&str> = allowed.iter().map(String::as_str).collect();
    object
        .keys()
        .filter(|key| !allowed.contains(key))
        .any(|key| crate::diagnostic::closest_name(key, &allowed_refs) == Some(field))
}

/// The keys the schema allows in the object at `pointer`.
fn allowed_keys(kind: FileKind, pointer: &str) -> Vec<String> {
    let schema = schema_of(kind);
    let mut node = schema;
    for segment in pointer.split('/').skip(1) {
        let Some(next) = step(schema, node, segment) else {
            return Vec::new();
        };
        node = next;
    }
    properties(schema, node)
}

/// The keys allowed in the object that holds the object at `pointer` (for indentation hints).
fn parent_keys(kind: FileKind, tree: &Tree, pointer: &str) -> Vec<String> {
    let mut parent = pointer;
    loop {
        let Some(cut) = parent.rfind('/') else {
            return Vec::new();
        };
        parent = &parent[..cut];
        if !tree.value.pointer(parent).is_some_and(Value::is_array) {
            break;
        }
    }
    allowed_keys(kind, parent)
}

static SCHEMAS: LazyLock<Vec<Value>> = LazyLock::new(|| FileKind::ALL.iter().map(|k| k.json_schema()).collect());

fn schema_of(kind: FileKind) -> &'static Value {
    &SCHEMAS[kind.index()]
}

/// Follows `$ref`, `anyOf` and `allOf` to the schema that has `properties` or `items`.
fn resolved<'a>(root: &'a Value, node: &'a Value) -> Vec<&'a Value> {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        return root
            .pointer(reference.trim_start_matches('#'))
            .map(|target| resolved(root, target))
            .unwrap_or_default();
    }
    let mut out = vec![node];
    for combinator in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = node.get(combinator).and_then(Value::as_array) {
            for branch in list {
                out.extend(resolved(root, branch));
            }
        }
    }
    out
}

fn step<'a>(root: &'a Value, node: &'a Value, segment: &str) -> Option<&'a Value> {
    let key = unescape_pointer(segment);
    resolved(root, node).into_iter().find_map(|candidate| {
        candidate.get("properties").and_then(|p| p.get(&key)).or_else(|| {
            segment
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| candidate.get("items"))
                .flatten()
        })
    })
}

fn properties(root: &Value, node: &Value) -> Vec<String> {
    resolved(root, node)
        .into_iter()
        .filter_map(|candidate| candidate.get("properties").and_then(Value::as_object))
        .flat_map(|props| props.keys().cloned())
        .collect()
}

/// The source id a source file declares, read even when it does not deserialise (so links to it
/// from other files are not reported as missing): from its tree, or, when it is not even valid
/// YAML, from an `id:` line at the start of a line.
pub fn declared_source_id(text: &str) -> Option<String> {
    if let Ok(tree) = Tree::read(text) {
        return tree.value.get("id").and_then(Value::as_str).map(str::to_owned);
    }
    text.lines()
        .find_map(|line| line.strip_prefix("id:"))
        .map(|id| id.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|id| !id.is_empty())
}

/// The claim ids a source file declares, read even when it does not deserialise: from its
/// tree, or, when it is not even valid YAML, from its `- id:` lines.
pub fn declared_claim_ids(text: &str) -> Vec<String> {
    if let Ok(tree) = Tree::read(text) {
        return tree
            .value
            .get("claims")
            .and_then(Value::as_array)
            .map(|claims| {
                claims
                    .iter()
                    .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
    }
    text.lines()
        .filter(|line| line.starts_with([' ', '-']))
        .filter_map(|line| line.trim_start().strip_prefix("- ")?.trim_start().strip_prefix("id:"))
        .map(|id| id.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|id| !id.is_empty())
        .collect()
}
