//! Reading the corrections log from the repository whose top folder is the dossier root, with
//! `gix` (pure Rust).
//!
//! Only a repository at the root itself is used (`ROOT/.git`); a repository further up is not
//! searched for, so nothing outside the dossier folder is read (a dossier kept in a sub-folder
//! of a larger repository has no corrections log). Only the blobs of `content/sources/**.yaml`
//! are read. Every commit reachable from `HEAD` with at most one parent is compared with its
//! parent (a merge brings no change of its own: its branches' commits are compared). A shallow
//! clone lacks older commits, so it counts as no history rather than a wrong one.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{ChangedField, ClaimChange, FieldChange, History, NoHistory, RecordedFigure};

/// Where the source files are, in the repository.
const SOURCES: &str = "content/sources";

/// The corrections log of the repository at `root` (see the module documentation).
pub fn read(root: &std::path::Path) -> Result<History, NoHistory> {
    if !root.join(".git").exists() {
        return Err(NoHistory::NotARepository);
    }
    let unreadable = |e: &dyn std::fmt::Display| NoHistory::Unreadable(e.to_string());
    let repo = gix::open(root).map_err(|e| unreadable(&e))?;
    if repo.is_shallow().map_err(|e| unreadable(&e))? {
        return Err(NoHistory::Shallow);
    }
    let head = match repo.head_id() {
        Ok(head) => head.detach(),
        // A repository without commits has no history yet, and nothing to correct.
        Err(_) if repo.head().is_ok_and(|h| h.is_unborn()) => return Ok(History::default()),
        Err(e) => return Err(unreadable(&e)),
    };
    let mut claims_of_blob: HashMap<gix::ObjectId, BTreeMap<String, ClaimFields>> = HashMap::new();
    let mut changes = Vec::new();
    let walk = repo.rev_walk([head]).all().map_err(|e| unreadable(&e))?;
    for info in walk {
        let info = info.map_err(|e| unreadable(&e))?;
        let parents: Vec<gix::ObjectId> = info.parent_ids().map(|id| id.detach()).collect();
        if parents.len() > 1 {
            continue;
        }
        let commit = info.object().map_err(|e| unreadable(&e))?;
        let files = source_blobs(&repo, commit.tree_id().map_err(|e| unreadable(&e))?.detach())?;
        let parent_files = match parents.first() {
            Some(&parent) => {
                let parent = repo.find_commit(parent).map_err(|e| unreadable(&e))?;
                source_blobs(&repo, parent.tree_id().map_err(|e| unreadable(&e))?.detach())?
            }
            None => BTreeMap::new(),
        };
        // The claims of the files this commit changed, before and after (a claim moved from
        // one changed file to another is the same claim).
        let mut before = BTreeMap::new();
        let mut after = BTreeMap::new();
        for path in files.keys().chain(parent_files.keys()) {
            let (old, new) = (parent_files.get(path), files.get(path));
            if old == new {
                continue;
            }
            for (blob, claims) in [(old, &mut before), (new, &mut after)] {
                if let Some(&blob) = blob {
                    claims.extend(claims_in(&repo, blob, &mut claims_of_blob)?);
                }
            }
        }
        let time = commit.time().map_err(|e| unreadable(&e))?.seconds;
        let message = commit.message().map(|m| m.summary().to_string()).unwrap_or_default();
        for (id, old) in &before {
            let Some(new) = after.get(id) else { continue };
            let fields = old.changes_to(new);
            if !fields.is_empty() {
                changes.push(ClaimChange {
                    claim: id.clone(),
                    commit: info.id.to_string(),
                    time,
                    message: message.clone(),
                    fields,
                });
            }
        }
    }
    changes.sort_by(|a, b| {
        b.time
            .cmp(&a.time)
            .then_with(|| a.commit.cmp(&b.commit))
            .then_with(|| a.claim.cmp(&b.claim))
    });
    Ok(History { changes })
}

/// The source files of a commit's tree: path → blob id.
fn source_blobs(repo: &gix::Repository, tree: gix::ObjectId) -> Result<BTreeMap<String, gix::ObjectId>, NoHistory> {
    let unreadable = |e: &dyn std::fmt::Display| NoHistory::Unreadable(e.to_string());
    let tree = repo.find_tree(tree).map_err(|e| unreadable(&e))?;
    let mut files = BTreeMap::new();
    let Some(entry) = tree.lookup_entry_by_path(SOURCES).map_err(|e| unreadable(&e))? else {
        return Ok(files);
    };
    let mut folders = vec![(SOURCES.to_owned(), entry.object_id())];
    while let Some((path, id)) = folders.pop() {
        let Ok(folder) = repo.find_tree(id) else { continue };
        for entry in folder.iter() {
            let entry = entry.map_err(|e| unreadable(&e))?;
            let name = format!("{path}/{}", entry.filename());
            if entry.mode().is_tree() {
                folders.push((name, entry.object_id()));
            } else if entry.mode().is_blob() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                files.insert(name, entry.object_id());
            }
        }
    }
    Ok(files)
}

/// The claims of one version of a source file (none when it is not valid YAML of a source).
fn claims_in(
    repo: &gix::Repository,
    blob: gix::ObjectId,
    cache: &mut HashMap<gix::ObjectId, BTreeMap<String, ClaimFields>>,
) -> Result<BTreeMap<String, ClaimFields>, NoHistory> {
    if let Some(claims) = cache.get(&blob) {
        return Ok(claims.clone());
    }
    let object = repo.find_blob(blob).map_err(|e| NoHistory::Unreadable(e.to_string()))?;
    let claims: BTreeMap<String, ClaimFields> = std::str::from_utf8(&object.data)
        .ok()
        .and_then(|text| serde_saphyr::from_str::<LooseSource>(text).ok())
        .map(|source| {
            source
                .claims
                .into_iter()
                .filter_map(|claim| Some((claim.id.clone()?, ClaimFields::of(claim))))
                .collect()
        })
        .unwrap_or_default();
    cache.insert(blob, claims.clone());
    Ok(claims)
}

/// A source file as far as the log needs it, whatever else it holds in that version.
#[derive(Deserialize)]
struct LooseSource {
    #[serde(default)]
    claims: Vec<LooseClaim>,
}

#[derive(Deserialize)]
struct LooseClaim {
    id: Option<String>,
    verdict: Option<String>,
    statement: Option<String>,
    quote: Option<String>,
    quantity: Option<RecordedFigure>,
}

/// The fields of a claim the log compares, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ClaimFields {
    verdict: String,
    figure: String,
    quantity: Option<RecordedFigure>,
    statement: String,
    quote: String,
}

impl ClaimFields {
    fn of(claim: LooseClaim) -> Self {
        Self {
            verdict: claim.verdict.unwrap_or_default(),
            figure: claim.quantity.as_ref().map(figure_text).unwrap_or_default(),
            quantity: claim.quantity,
            statement: claim.statement.unwrap_or_default().trim().to_owned(),
            quote: claim.quote.unwrap_or_default(),
        }
    }

    /// What differs from `new`, in the order of [`ChangedField`].
    fn changes_to(&self, new: &Self) -> Vec<FieldChange> {
        [
            (ChangedField::Verdict, &self.verdict, &new.verdict),
            (ChangedField::Figure, &self.figure, &new.figure),
            (ChangedField::Statement, &self.statement, &new.statement),
            (ChangedField::Quote, &self.quote, &new.quote),
        ]
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange {
            field,
            before: before.clone(),
            after: after.clone(),
            figures: (field == ChangedField::Figure).then(|| (self.quantity.clone(), new.quantity.clone())),
        })
        .collect()
    }
}

/// A figure as one line: `up-to 12000 Soldaten (geplant)`, `11000–12000`.
fn figure_text(quantity: &RecordedFigure) -> String {
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        }
    };
    let value = match (quantity.value, quantity.min, quantity.max) {
        (Some(v), _, _) => number(v),
        (None, Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
        (None, Some(low), None) => number(low),
        (None, None, Some(high)) => number(high),
        (None, None, None) => String::new(),
    };
    let mut parts: Vec<String> = Vec::new();
    parts.extend(quantity.wording.clone());
    parts.extend(quantity.qualifier.clone());
    parts.push(value);
    parts.extend(quantity.unit.clone());
    if let Some(measure) = &quantity.measure {
        parts.push(format!("({measure})"));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// Most commits [`version_with_sha256`] looks through.
const MAX_VERSION_COMMITS: usize = 10_000;

/// A committed version of the file `path` (relative to the dossier root, `/`-separated) whose
/// text has the SHA-256 `sha256` (lowercase hex), searched from `HEAD` back: the id of the
/// newest commit holding it, and the text. `None` outside a repository at the root, or when no
/// commit (of the last [`MAX_VERSION_COMMITS`]) holds it.
pub fn version_with_sha256(root: &std::path::Path, path: &str, sha256: &str) -> Option<(String, String)> {
    use sha2::Digest as _;
    if !root.join(".git").exists() {
        return None;
    }
    let repo = gix::open(root).ok()?;
    let head = repo.head_id().ok()?.detach();
    let mut seen = std::collections::HashSet::new();
    for info in repo.rev_walk([head]).all().ok()?.take(MAX_VERSION_COMMITS) {
        let Ok(info) = info else { break };
        let Ok(commit) = info.object() else { continue };
        let Ok(tree) = commit.tree() else { continue };
        let Ok(Some(entry)) = tree.lookup_entry_by_path(path) else {
            continue;
        };
        let blob = entry.object_id();
        if !entry.mode().is_blob() || !seen.insert(blob) {
            continue;
        }
        let Ok(object) = repo.find_blob(blob) else { continue };
        // The text as the dossier reads it: without a byte order mark.
        let data = object.data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&object.data);
        let digest = sha2::Sha256::digest(data);
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        if hex.eq_ignore_ascii_case(sha256.trim()) {
            let text = String::from_utf8(data.to_vec()).ok()?;
            return Some((info.id.to_string(), text));
        }
    }
    None
}

/// The version of the file `path` (relative to the dossier root, `/`-separated) in the commit at
/// `HEAD`: the commit's id and the text. `None` outside a repository at the root, or when
/// `HEAD` has no such file (or not as UTF-8 text).
pub fn version_at_head(root: &std::path::Path, path: &str) -> Option<(String, String)> {
    if !root.join(".git").exists() {
        return None;
    }
    let repo = gix::open(root).ok()?;
    let head = repo.head_id().ok()?.detach();
    let tree = repo.find_commit(head).ok()?.tree().ok()?;
    let entry = tree.lookup_entry_by_path(path).ok()??;
    if !entry.mode().is_blob() {
        return None;
    }
    let blob = repo.find_blob(entry.object_id()).ok()?;
    let data = blob.data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&blob.data);
    let text = String::from_utf8(data.to_vec()).ok()?;
    Some((head.to_string(), text))
}

/// What the corrections log of the repository at `root` is made from: the id of the commit at
/// `HEAD` and whether the clone is shallow ([`read`] reads nothing else: not the working tree).
/// `None` when there is no repository at the root or no commit. Cheap next to [`read`]: the
/// serve engine keeps the log while this is unchanged.
pub fn head_key(root: &std::path::Path) -> Option<String> {
    if !root.join(".git").exists() {
        return None;
    }
    let repo = gix::open(root).ok()?;
    let shallow = repo.is_shallow().ok()?;
    let head = repo.head_id().ok()?.detach();
    Some(format!("{head}{}", if shallow { " shallow" } else { "" }))
}
