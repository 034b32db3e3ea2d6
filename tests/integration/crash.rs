//! Crash safety: a build killed with SIGKILL at any moment leaves the previous output complete
//! and byte-identical, and the next build succeeds.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dossier::generate::{GenerateOptions, write_dossier};

/// Every file below `dir` with its bytes (folders as empty entries, so a left-over empty
/// folder counts too).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let key = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let bytes = if entry.file_type().is_file() {
                std::fs::read(entry.path()).unwrap()
            } else {
                Vec::new()
            };
            (key, bytes)
        })
        .collect()
}

fn build(root: &Path, output: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(["build", "--no-cache", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    command
}

fn build_ok(root: &Path, output: &Path) -> Duration {
    let started = Instant::now();
    let result = build(root, output).output().unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    started.elapsed()
}

/// The paths where two snapshots differ (for readable failures).
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            format!(
                "{k} ({} vs {} bytes)",
                a.get(k).map_or(-1, |v| v.len() as i64),
                b.get(k).map_or(-1, |v| v.len() as i64)
            )
        })
        .collect()
}

/// Sets the dossier's title, which appears on every page: the next build rewrites them all.
fn set_title(root: &Path, title: &str) {
    let path = root.join("dossier.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().find(|l| l.starts_with("title:")).unwrap().to_owned();
    std::fs::write(&path, text.replacen(&line, &format!("title: \"{title}\""), 1)).unwrap();
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("dossier");
    let output = tmp.path().join("public");
    write_dossier(&root, &GenerateOptions { sources: 20, seed: 7 }).unwrap();

    // The two sites the kills alternate between, each built once into its own folder.
    let titles = ["Erste Fassung", "Zweite Fassung"];
    let mut sites = Vec::new();
    let mut duration = Duration::ZERO;
    for title in titles {
        set_title(&root, title);
        let reference = tmp.path().join(format!("reference-{}", sites.len()));
        duration = duration.max(build_ok(&root, &reference));
        sites.push(snapshot(&reference));
    }
    assert_ne!(sites[0], sites[1]);
    set_title(&root, titles[0]);
    build_ok(&root, &output);
    let mut current = 0;
    assert_eq!(snapshot(&output), sites[current]);

    // Deterministic, so the kill moments are the same every run.
    let mut random = crate::rng::Rng::new(0x5eed_dead_beef);
    // Mostly before the swap near the end of a build; now and then after it.
    let span = u64::try_from(duration.as_micros()).unwrap().max(1000) * 9 / 10;
    // Until enough builds were killed while running (how many finish first depends on the
    // machine's load), at most 40 rounds.
    let mut killed = 0;
    for round in 0..40 {
        if round >= 10 && killed >= 3 {
            break;
        }
        let target = 1 - current;
        set_title(&root, titles[target]);
        let delay = Duration::from_micros(random.next() % span);
        let mut child = build(&root, &output).spawn().unwrap();
        std::thread::sleep(delay);
        // SIGKILL; a child that already finished is simply reaped below.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = snapshot(&output);
        if status.success() {
            assert!(
                now == sites[target],
                "round {round}: finished, but {:?}",
                differences(&now, &sites[target])
            );
            current = target;
        } else if now == sites[target] {
            // Killed after the swap, the build's commit point, on its way out: the new site
            // is complete, which is as good as the old one.
            current = target;
        } else {
            killed += 1;
            assert!(
                now == sites[current],
                "round {round}: killed after {delay:?}, neither the old nor the new site: {:?}",
                differences(&now, &sites[current])
            );
        }
    }
    assert!(killed >= 3, "most rounds should kill a running build, killed {killed}");

    // The next build succeeds and the site is exactly the one a clean build makes.
    set_title(&root, titles[1 - current]);
    build_ok(&root, &output);
    assert_eq!(snapshot(&output), sites[1 - current]);
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.contains("reference-") && name.as_str() != "dossier")
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(
        beside,
        [".public.cache", ".public.staging", "public"],
        "nothing else left beside the output"
    );
}
