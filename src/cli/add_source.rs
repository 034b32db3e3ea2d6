//! `dossier add-source FILE|URL`: put an article's text into `seeds/` and write a source YAML
//! stub with what can be read from it, each guess marked for the annotator to confirm.
//!
//! The article is a UTF-8 text file, a saved HTML page (`.html`, `.htm`, or a file that starts
//! like one) or an `http(s)://` address to fetch (`dossier::ingest::fetch`). From a page, the
//! article text is extracted (`dossier::ingest::html`) into `seeds/ID.txt` and the page itself
//! kept as its snapshot `seeds/ID.html`, with the SHA-256 of both (and the time of the fetch)
//! in the YAML.
//!
//! It only ever creates new files inside the dossier: each file is created with `create_new`
//! (`O_EXCL`, which fails on any existing name, a dangling symbolic link included, instead of
//! following it), and every folder on the way is checked to be a real folder or a link that
//! stays inside the dossier. When a later file cannot be written, the files this run created are
//! removed again. The input is read only if it is a regular file of at most
//! [`dossier::load::MAX_FILE_BYTES`], the limit of every input file (a bigger seed could not be built).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failure, RootArg};
use dossier::ingest::{self, Capture, Guesses, fetch, html};
use dossier::load::{InputFiles, SEEDS_DIR, SOURCES_DIR};
use dossier::scaffold;

/// Flags of `dossier add-source`.
#[derive(Debug, Args)]
pub struct AddSourceArgs {
    /// The article: a UTF-8 text file, a saved web page (.html), or an http:// or https://
    /// address to fetch. A file must be a regular file of at most 64 MiB (67108864 bytes), the
    /// limit of every input file, since a build would not read a bigger seed.
    #[arg(value_name = "FILE|URL")]
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
    /// Id of the new source [default: from the file name or the address].
    #[arg(long)]
    id: Option<String>,
    /// The headline (instead of the guess).
    #[arg(long)]
    title: Option<String>,
    /// The outlet that published it (instead of the guess).
    #[arg(long)]
    outlet: Option<String>,
    /// Publication date: 2024-11-18, 2024-11 or 2024 (instead of the guess).
    #[arg(long)]
    published: Option<String>,
    /// The original URL (instead of the fetched address).
    #[arg(long)]
    url: Option<String>,
    /// The article's language tag, e.g. de or en (instead of the detected one).
    #[arg(long)]
    language: Option<String>,
}

/// The article as read: its text, and the page it came from if it did.
struct Article {
    /// The seed's file name, e.g. `artikel.txt`.
    seed_name: String,
    /// The text for `seeds/`.
    text: String,
    /// The page, if the text was extracted from one.
    page: Option<Page>,
    /// A name to derive the id from.
    id_hint: String,
}

/// A page the article came from.
struct Page {
    /// The page's bytes, kept as the snapshot.
    bytes: Vec<u8>,
    /// What the page says about itself.
    meta: ingest::PageMeta,
    /// The fetch, for an address.
    fetched: Option<fetch::Page>,
}

/// Runs `dossier add-source`.
pub fn execute(args: &AddSourceArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let address = args.file.to_str().filter(|text| fetch::is_address(text));
    let mut article = match address {
        Some(address) => fetched_article(address)?,
        None => file_article(&args.file)?,
    };
    let id = args.id.clone().unwrap_or_else(|| scaffold::source_id(&article.id_hint));
    if !dossier::model::is_url_safe_id(&id) {
        return Err(Failure::Usage(format!(
            "source id `{id}` is not URL-safe; pass --id with a-z, 0-9 and hyphens"
        )));
    }
    if let Some(device) = dossier::model::windows_reserved_name(&id) {
        return Err(Failure::Usage(format!(
            "source id `{id}` is the Windows device name {device}: the site could not be copied to Windows; pass another --id"
        )));
    }
    if article.page.is_some() {
        article.seed_name = format!("{id}.txt");
    }
    let seed_key = format!("{SEEDS_DIR}{}", article.seed_name);
    let text = &article.text;
    let dossier_files = InputFiles::read(&root);
    if let Some(existing) = same_text_in_seeds(&dossier_files, text) {
        let source = source_of_seed(&dossier_files, &existing);
        let (named, sourced) = (existing.as_str(), source.as_deref());
        if sourced.is_some_and(|s| s != id) || named != seed_key {
            return Err(Failure::Usage(match sourced {
                Some(source) => format!(
                    "this text is already in the dossier as {named}, the article of source `{source}` ({SOURCES_DIR}{source}.yaml); annotate it there"
                ),
                None => {
                    format!("this text is already in the dossier as {named}; add that file's source instead of a copy")
                }
            }));
        }
    }
    let yaml_key = format!("{SOURCES_DIR}{id}.yaml");
    if std::fs::symlink_metadata(root.join(&yaml_key)).is_ok() {
        return Err(Failure::Usage(format!(
            "{} already exists; choose another --id",
            root.join(&yaml_key).display()
        )));
    }
    let snapshot_key = format!("{SEEDS_DIR}{id}.html");
    // Folders leading out of the dossier are refused before anything is looked at in them.
    folder_inside(&root, &seed_key, false)?;
    folder_inside(&root, &yaml_key, false)?;
    let guesses = ingest::guess(text, article.page.as_ref().map(|page| &page.meta));
    let capture = article.page.as_ref().map(|page| Capture {
        snapshot: snapshot_key.clone(),
        snapshot_sha256: ingest::sha256_hex(&page.bytes),
        text_sha256: ingest::sha256_hex(text.as_bytes()),
        fetched: page.fetched.as_ref().map(|fetched| ingest::Fetch {
            url: fetched.url.to_string(),
            redirected_from: (fetched.url != fetched.requested).then(|| fetched.requested.to_string()),
            at: ingest::utc_timestamp(fetched.fetched_at),
        }),
    });
    let known = scaffold::KnownFields {
        title: args.title.clone(),
        outlet: args.outlet.clone(),
        published: args.published.clone(),
        url: args.url.clone(),
        language: args.language.clone(),
    };
    let yaml = ingest::source_yaml(&ingest::Draft {
        id: &id,
        seed_path: &seed_key,
        guesses: &guesses,
        known: &known,
        capture: capture.as_ref(),
    });
    let mut created = Created::default();
    let written = (|| {
        created.write_or_reuse(&root, &seed_key, text.as_bytes())?;
        if let Some(page) = &article.page {
            created.write_or_reuse(&root, &snapshot_key, &page.bytes)?;
        }
        created.write_new(&root, &yaml_key, yaml.as_bytes())
    })();
    if let Err(failure) = written {
        created.remove();
        return Err(failure);
    }
    report(&Report {
        seed_key: &seed_key,
        yaml_key: &yaml_key,
        snapshot_key: article.page.as_ref().map(|_| snapshot_key.as_str()),
        guesses: &guesses,
        known: &known,
    });
    Ok(())
}

/// The article of a file: a saved page is read as HTML, anything else as UTF-8 text.
fn file_article(file: &Path) -> Result<Article, Failure> {
    let bytes = dossier::load::read_regular_file(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.starts_with('.'))
        .ok_or_else(|| Failure::Usage(format!("{} has no usable file name", file.display())))?
        .to_owned();
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
    let stem = stem.to_owned();
    let is_page =
        matches!(extension.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml") || html::looks_like_html(&bytes);
    if is_page {
        let source = html::decode(&bytes, None);
        let extracted = html::extract(&source, None).map_err(|e| {
            Failure::Usage(format!(
                "{}: {e}; copy the article's text into a .txt file instead",
                file.display()
            ))
        })?;
        return Ok(Article {
            seed_name: String::new(),
            text: extracted.text,
            page: Some(Page {
                bytes,
                meta: extracted.meta,
                fetched: None,
            }),
            id_hint: stem,
        });
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Usage(format!("{} is not UTF-8 text; convert it first", file.display())))?;
    Ok(Article {
        seed_name: name,
        text,
        page: None,
        id_hint: stem,
    })
}

/// The article at a web address: fetched, decoded, extracted.
fn fetched_article(address: &str) -> Result<Article, Failure> {
    let fetched = fetch::fetch(address, &fetch::Limits::default()).map_err(|e| match e {
        // Addresses add-source cannot fetch at all: the command line is wrong.
        fetch::FetchError::NotAUrl(_) | fetch::FetchError::Scheme(_) => Failure::Usage(e.to_string()),
        // The network, the server or the page: the command was right, the fetch failed.
        _ => Failure::Failed(e.to_string()),
    })?;
    let is_html = fetched.content_type.is_some() || html::looks_like_html(&fetched.bytes);
    if !is_html {
        return Err(Failure::Failed(
            fetch::FetchError::NotHtml {
                url: fetched.url.to_string(),
                content_type: "a file without a type that does not look like HTML".to_owned(),
            }
            .to_string(),
        ));
    }
    let source = html::decode(&fetched.bytes, fetched.content_type.as_deref());
    let extracted = html::extract(&source, Some(&fetched.url)).map_err(|e| {
        Failure::Failed(format!(
            "{}: {e}; save the page from the browser (as .html) or copy its text into a .txt file and add that",
            fetched.url
        ))
    })?;
    Ok(Article {
        seed_name: String::new(),
        text: extracted.text,
        id_hint: id_hint_of(&fetched.url),
        page: Some(Page {
            bytes: fetched.bytes.clone(),
            meta: extracted.meta,
            fetched: Some(fetched),
        }),
    })
}

/// A name for the id from an address: its last path segment without extension, else its host.
fn id_hint_of(url: &url::Url) -> String {
    let segment = url
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .map(|s| s.rsplit_once('.').map_or(s, |(stem, _)| stem))
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .filter(|s| s.chars().any(char::is_alphanumeric));
    segment.unwrap_or_else(|| url.host_str().unwrap_or("article").to_owned())
}

/// What to tell the annotator after the files are written.
struct Report<'a> {
    seed_key: &'a str,
    yaml_key: &'a str,
    snapshot_key: Option<&'a str>,
    guesses: &'a Guesses,
    known: &'a scaffold::KnownFields,
}

/// Prints what was written, what was guessed and from where, and what to check.
fn report(r: &Report<'_>) {
    match r.snapshot_key {
        Some(snapshot) => println!(
            "Wrote the article's text to {}, the page to {snapshot} and {}.",
            r.seed_key, r.yaml_key
        ),
        None => println!("Copied the article to {} and wrote {}.", r.seed_key, r.yaml_key),
    }
    let g = r.guesses;
    let k = r.known;
    let mut lines: Vec<String> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut line = |name: &'static str, given: bool, guess: Option<(String, String)>, missing: &mut Vec<&str>| match (
        given, guess,
    ) {
        (true, _) => lines.push(format!("  {name:<10} as given")),
        (false, Some((value, from))) => lines.push(format!("  {name:<10} {value}  ({from})")),
        (false, None) => missing.push(name),
    };
    let shown = |value: &str| format!("\"{}\"", value.chars().filter(|c| !c.is_control()).collect::<String>());
    line(
        "title",
        k.title.is_some(),
        g.title.as_ref().map(|t| (shown(&t.value), t.from.to_string())),
        &mut missing,
    );
    line(
        "outlet",
        k.outlet.is_some(),
        g.outlet.as_ref().map(|t| (shown(&t.value), t.from.to_string())),
        &mut missing,
    );
    line(
        "published",
        k.published.is_some(),
        g.published.as_ref().map(|t| (t.value.iso(), t.from.to_string())),
        &mut missing,
    );
    line(
        "language",
        k.language.is_some(),
        g.language.as_ref().map(|t| (t.value.clone(), t.from.to_string())),
        &mut missing,
    );
    if let Some(author) = &g.author {
        lines.push(format!(
            "  {:<10} {}  ({})",
            "author",
            shown(&author.value),
            author.from
        ));
    }
    println!(
        "Read from the article (each marked `# TODO confirm` in {}):",
        r.yaml_key
    );
    for text in &lines {
        println!("{text}");
    }
    if !g.clutter.is_empty() {
        let parts: Vec<String> = g
            .clutter
            .iter()
            .map(|part| {
                let lines = if part.first == part.last {
                    format!("line {}", part.first)
                } else {
                    format!("lines {}-{}", part.first, part.last)
                };
                format!("{lines} ({})", part.kind.reason())
            })
            .collect();
        println!("  exclude    {}", parts.join(", "));
    }
    for note in &g.notes {
        println!("  note: {note}");
    }
    if !missing.is_empty() {
        println!(
            "Not found, marked TODO: {} (write them in the file, or pass --{} next time).",
            missing.join(", "),
            missing[0]
        );
    }
    println!(
        "Check each guess against the article, delete its TODO mark, and look through {} for lines the exclude list missed or took wrongly; `dossier check` lists every TODO left.",
        r.seed_key
    );
}

/// Files this run created, removed again if a later one fails.
#[derive(Default)]
struct Created(Vec<PathBuf>);

impl Created {
    /// Writes `relative` as a new file; an identical existing file (a rerun) is kept.
    fn write_or_reuse(&mut self, root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = root.join(relative);
        match std::fs::symlink_metadata(&path) {
            Err(_) => self.write_new(root, relative, bytes),
            Ok(meta) if meta.file_type().is_symlink() => Err(Failure::Usage(format!(
                "{} is a symbolic link; add-source never writes through links — remove it, or rename the file",
                path.display()
            ))),
            Ok(_) => {
                // Read like every file of the dossier (never through a link out of it).
                let mut input = InputFiles::new(root);
                input.reload_path(&path);
                if let Some(problem) = input.read_errors.first() {
                    return Err(Failure::Usage(format!("{}: {}", path.display(), problem.message)));
                }
                let same = match input.files.get(relative) {
                    Some(dossier::load::FileContent::Text(existing)) => existing.as_bytes() == bytes,
                    Some(dossier::load::FileContent::Bytes(existing)) => **existing == *bytes,
                    None => false,
                };
                if same {
                    Ok(())
                } else {
                    Err(Failure::Usage(format!(
                        "{} already exists with other content; seeds are never overwritten — rename the file or pass another --id",
                        path.display()
                    )))
                }
            }
        }
    }

    /// Creates `relative`, which must not exist.
    fn write_new(&mut self, root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = create_new_inside(root, relative, bytes)?;
        self.0.push(path);
        Ok(())
    }

    /// Removes the files created.
    fn remove(self) {
        for path in self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Creates the new file `relative` (a `/`-separated path) inside `root`: folders on the way
/// are created or must be real folders or links that stay inside the root; the file must not
/// exist in any form (a dangling link included).
fn create_new_inside(root: &Path, relative: &str, bytes: &[u8]) -> Result<PathBuf, Failure> {
    let folder = folder_inside(root, relative, true)?;
    let name = relative.rsplit_once('/').map_or(relative, |(_, name)| name);
    let path = folder.join(name);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Failure::Usage(format!(
                "{} already exists (as a file or a symbolic link); add-source never overwrites anything",
                path.display()
            )),
            _ => Failure::Usage(format!("cannot write {}: {e}", path.display())),
        })?;
    if let Err(e) = file.write_all(bytes) {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(Failure::Usage(format!("cannot write {}: {e}", path.display())));
    }
    Ok(path)
}

/// The folder of the file `relative` inside `root`, checked: every folder on the way is a real
/// folder or a link that stays inside the root; missing ones are created with `create` (and
/// are no problem without).
fn folder_inside(root: &Path, relative: &str, create: bool) -> Result<PathBuf, Failure> {
    let real_root = root
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", root.display())))?;
    let folders = relative.rsplit_once('/').map_or("", |(folders, _)| folders);
    let mut folder = root.to_path_buf();
    for part in folders.split('/').filter(|part| !part.is_empty()) {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => {
                let inside = folder
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&real_root) && target.is_dir());
                if !inside {
                    return Err(Failure::Usage(format!(
                        "{} is a symbolic link that leads out of the dossier folder; add-source writes only inside it — replace the link with a folder",
                        folder.display()
                    )));
                }
            }
            Ok(_) => {
                return Err(Failure::Usage(format!(
                    "{} is not a folder; move it away",
                    folder.display()
                )));
            }
            Err(_) if !create => break,
            Err(_) => std::fs::create_dir(&folder)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", folder.display())))?,
        }
    }
    Ok(folder)
}

/// The seed (`seeds/…`, in any folder below it) whose text is `text`, if one is. The dossier
/// is read as every command reads it (never through a link out of it).
fn same_text_in_seeds(input: &InputFiles, text: &str) -> Option<String> {
    input.files.iter().find_map(|(key, content)| {
        let same = match content {
            dossier::load::FileContent::Text(existing) => existing.as_bytes() == text.as_bytes(),
            dossier::load::FileContent::Bytes(existing) => **existing == *text.as_bytes(),
        };
        (key.starts_with(SEEDS_DIR) && same).then(|| key.clone())
    })
}

/// The id of the source (in any folder below `content/sources/`) whose `file:` is `seed_key`,
/// if one is. Read line by line: a source file with errors still names its article.
fn source_of_seed(input: &InputFiles, seed_key: &str) -> Option<String> {
    let value = |line: &str, key: &str| -> Option<String> {
        let rest = line.strip_prefix(key)?;
        let rest = rest.split(" #").next().unwrap_or(rest);
        Some(rest.trim().trim_matches(['"', '\'']).to_owned())
    };
    input
        .files
        .iter()
        .filter(|(key, _)| key.starts_with(SOURCES_DIR) && (key.ends_with(".yaml") || key.ends_with(".yml")))
        .find_map(|(_, content)| {
            let dossier::load::FileContent::Text(text) = content else {
                return None;
            };
            let named = text
                .lines()
                .filter_map(|line| value(line, "file:"))
                .any(|file| file.strip_prefix("./").unwrap_or(&file) == seed_key);
            named
                .then(|| text.lines().find_map(|line| value(line, "id:")))
                .flatten()
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_help_states_the_size_limit() {
        assert_eq!(
            dossier::load::MAX_FILE_BYTES,
            64 * 1024 * 1024,
            "update the --help text of FILE"
        );
    }
}
