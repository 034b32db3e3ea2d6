//! Fuzz target: the link handling of input reading. Each input is a list of operations that
//! build a dossier folder on disk: files, folders, FIFOs, and symbolic links to places inside
//! the dossier, outside it (a folder holding a secret), up the tree, into `/proc`, `/sys` and
//! `/dev`, or to a path the fuzzer spells. Then `InputFiles::read` reads it, and:
//! - no file's content is the secret, and every file read lies inside the dossier, resolved;
//! - with `--follow-outside-links`, nothing under `/proc`, `/sys` or `/dev` is read;
//! - re-reading every path the watcher could name gives exactly what a fresh read gives;
//! - no panic, hang or stack overflow (a FIFO would block a blocking read).
//!
//! Operations are 4 bytes: kind, folder, name, argument (`ops` below); the fuzzer's own link
//! targets take a length byte and up to 16 bytes of `./ab`. The harness creates entries only
//! below real folders (never through a link), so it cannot write outside its temporary folder.

#![no_main]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::load::{InputFiles, ReadOptions};
use libfuzzer_sys::fuzz_target;

/// The content of the file outside the dossier.
const SECRET: &str = "SECRET-OUTSIDE-THE-DOSSIER";

const FOLDERS: [&str; 10] = [
    "",
    "content",
    "content/pages",
    "content/sources",
    "seeds",
    "seeds/sub",
    "static",
    "static/a",
    "static/a/b",
    "templates",
];

const NAMES: [&str; 9] = ["a.txt", "b", "x.md", "s.yaml", "dossier.yaml", "content", "static", "sub", "a"];

/// Link targets; `{base}` is the temporary folder holding `d/` (the dossier) and `outside/`.
const TARGETS: [&str; 24] = [
    "{base}/outside/secret.txt",
    "{base}/outside",
    "{base}/outside/dir",
    "{base}/d",
    "{base}/d/seeds",
    "{base}/d/static/a.txt",
    "{base}",
    "/proc/self/environ",
    "/proc/self",
    "/dev/null",
    "/dev/zero",
    "/dev",
    "/sys/kernel",
    "/",
    ".",
    "..",
    "../..",
    "../../..",
    "../outside/secret.txt",
    "../../outside/secret.txt",
    "../../../outside",
    "a.txt",
    "../seeds",
    "no-such-file",
];

/// The temporary folder (one per fuzzing process), resolved.
fn base() -> &'static PathBuf {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dossier-fuzz-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("outside/dir")).unwrap();
        std::fs::write(dir.join("outside/secret.txt"), SECRET).unwrap();
        std::fs::write(dir.join("outside/dir/secret.txt"), SECRET).unwrap();
        dir.canonicalize().unwrap()
    })
}

/// Creates every folder of `folder` below `root` unless one of them is not a real folder (a
/// link, a file); returns the folder's path, or `None` to skip the operation.
fn real_folder(root: &Path, folder: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return None,
            Err(_) => std::fs::create_dir(&path).ok()?,
        }
    }
    Some(path)
}

/// Builds the dossier folder from `data`; returns the paths created.
fn build_tree(root: &Path, data: &[u8]) -> Vec<PathBuf> {
    let mut created = Vec::new();
    let mut i = 0;
    while i + 4 <= data.len() && created.len() < 24 {
        let (kind, folder, name, argument) = (data[i], data[i + 1], data[i + 2], data[i + 3]);
        i += 4;
        let spelled: String = if kind % 5 == 4 {
            let length = usize::from(argument % 17).min(data.len() - i);
            let text = data[i..i + length]
                .iter()
                .map(|b| ['.', '/', 'a', 'b'][usize::from(b % 4)])
                .collect();
            i += length;
            text
        } else {
            String::new()
        };
        let Some(parent) = real_folder(root, FOLDERS[usize::from(folder) % FOLDERS.len()]) else {
            continue;
        };
        let path = parent.join(NAMES[usize::from(name) % NAMES.len()]);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let made = match kind % 5 {
            0 => std::fs::write(&path, format!("inside {}", created.len())),
            1 => std::fs::create_dir(&path),
            2 => {
                let target = TARGETS[usize::from(argument) % TARGETS.len()]
                    .replace("{base}", &base().to_string_lossy());
                std::os::unix::fs::symlink(target, &path)
            }
            3 => rustix::fs::mkfifoat(rustix::fs::CWD, &path, rustix::fs::Mode::from_raw_mode(0o644))
                .map_err(std::io::Error::from),
            _ if spelled.is_empty() => continue,
            _ => std::os::unix::fs::symlink(&spelled, &path),
        };
        if made.is_ok() {
            created.push(path);
        }
    }
    created
}

fn under_system_folder(path: &Path) -> bool {
    ["/proc", "/sys", "/dev"].iter().any(|system| path.starts_with(system))
}

fn error_files(input: &InputFiles) -> BTreeSet<String> {
    input.read_errors.iter().map(|d| d.file.clone()).collect()
}

fuzz_target!(|data: &[u8]| {
    let root = base().join("d");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir(&root).unwrap();
    let created = build_tree(&root, data);

    let input = InputFiles::read(&root);
    for (key, content) in &input.files {
        let bytes: &[u8] = match content {
            dossier::load::FileContent::Text(text) => text.as_bytes(),
            dossier::load::FileContent::Bytes(bytes) => bytes,
        };
        assert!(!bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()), "{key}: the secret was read");
        let resolved = root.join(key).canonicalize().unwrap();
        assert!(resolved.starts_with(&root), "{key} read from {}", resolved.display());
    }

    // The watcher names created paths and folders, in any order: the result must equal a
    // fresh read.
    let mut reloaded = input.clone();
    for path in created.iter().rev().chain(FOLDERS.iter().map(|f| root.join(f)).collect::<Vec<_>>().iter()) {
        reloaded.reload_path(path);
    }
    assert_eq!(
        reloaded.files.keys().collect::<Vec<_>>(),
        input.files.keys().collect::<Vec<_>>(),
        "re-reading changed the files"
    );
    assert_eq!(reloaded.files, input.files, "re-reading changed a file's content");
    assert_eq!(error_files(&reloaded), error_files(&input), "re-reading changed the errors");

    // With the opt-in, when every link stays in the temporary folder or the system folders
    // (so the read cannot wander through the machine): never anything of /proc, /sys, /dev.
    let contained = created.iter().all(|path| match std::fs::read_link(path) {
        Ok(_) => match path.canonicalize() {
            Ok(resolved) => {
                (resolved.starts_with(base()) && resolved != *base()) || under_system_folder(&resolved)
            }
            Err(_) => true,
        },
        Err(_) => true,
    });
    if contained {
        let open = InputFiles::read_with(
            &root,
            ReadOptions {
                follow_outside_links: true,
            },
        );
        for key in open.files.keys() {
            let resolved = root.join(key).canonicalize().unwrap();
            assert!(!under_system_folder(&resolved), "{key} read from {}", resolved.display());
        }
    }
});
