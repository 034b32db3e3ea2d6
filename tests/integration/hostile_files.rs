//! The security review's findings on files (F1, F2, F3, F9, F11, F15, F16, F17), each as its
//! reproduction: symbolic links and special files in a stranger's dossier, links and hard
//! links planted in the staging or output folder, `add-source` and dangling links, tampered
//! output, Windows device names as ids. Each failed on the code before the fix.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, Instant};

use dossier::load::InputFiles;

use crate::fixture::{Fixture, Run, tree};

/// Runs `dossier ARGS` in the fixture with `env`, killed after 60 s (see `Fixture::run_bounded`).
fn run_bounded(fixture: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    fixture.run_bounded(args, fixture.root(), env)
}

/// A run that failed with content errors (exit 1), without a crash; returns stderr.
fn content_errors(run: &Run) -> &str {
    let stderr = run.fails();
    assert!(!stderr.contains("overflow"), "{stderr}");
    stderr
}

fn mkfifo(path: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, path, rustix::fs::Mode::from_raw_mode(0o644)).unwrap();
}

/// The process's umask (from /proc/self/status: reading it with umask(2) would change it).
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).unwrap()
}

#[test]
fn f1_a_link_to_proc_self_environ_in_static_fails_the_build_and_publishes_nothing() {
    let fixture = Fixture::new();
    std::fs::create_dir_all(fixture.path("static")).unwrap();
    symlink("/proc/self/environ", fixture.path("static/env.txt")).unwrap();
    let env = [("SECRET_DEPLOY_TOKEN", "ghp_SECRET123")];
    let run = run_bounded(&fixture, &["build"], &env);
    let stderr = content_errors(&run);
    assert!(stderr.contains("static/env.txt"), "located at the link: {stderr}");
    assert!(
        stderr.contains("files under /proc, /sys and /dev are never read"),
        "{stderr}"
    );
    assert!(!fixture.path("public").exists(), "nothing published");
    assert!(!stderr.contains("ghp_SECRET123"), "{stderr}");

    // Not even with the opt-in for outside links.
    let run = run_bounded(&fixture, &["build", "--follow-outside-links"], &env);
    content_errors(&run);
    assert!(!fixture.path("public").exists(), "nothing published");

    // After a good build, the failed one leaves the previous output as it was.
    std::fs::remove_file(fixture.path("static/env.txt")).unwrap();
    run_bounded(&fixture, &["build"], &[]).succeeds();
    let before = tree(&fixture.path("public"));
    symlink("/proc/self/environ", fixture.path("static/env.txt")).unwrap();
    content_errors(&run_bounded(&fixture, &["build"], &env));
    assert_eq!(tree(&fixture.path("public")), before);
    assert!(!fixture.path("public/static/env.txt").exists());
}

#[test]
fn f1_links_out_of_the_dossier_are_located_errors_everywhere_unless_allowed() {
    let fixture = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "Geheim: bis zu 100.000 Soldaten zu entsenden.\n").unwrap();
    std::fs::create_dir_all(outside.path().join("ssh")).unwrap();
    std::fs::write(outside.path().join("ssh/id_ed25519"), "PRIVATE KEY").unwrap();
    for dir in ["static", "templates"] {
        std::fs::create_dir_all(fixture.path(dir)).unwrap();
    }
    symlink(&secret, fixture.path("static/shadow.txt")).unwrap();
    symlink(outside.path().join("ssh"), fixture.path("static/ssh")).unwrap();
    symlink(&secret, fixture.path("templates/404.html")).unwrap();
    // A relative link climbing out, in seeds/ (the seed of source b).
    std::fs::remove_file(fixture.path("seeds/b.txt")).unwrap();
    let climb = format!("../../{}", "../".repeat(20));
    symlink(format!("{climb}{}", secret.display()), fixture.path("seeds/b.txt")).unwrap();
    symlink(&secret, fixture.path("content/pages/x.md")).unwrap();

    let run = run_bounded(&fixture, &["build"], &[]);
    let stderr = content_errors(&run);
    for link in [
        "static/shadow.txt",
        "static/ssh",
        "templates/404.html",
        "seeds/b.txt",
        "content/pages/x.md",
    ] {
        assert!(stderr.contains(&format!("--> {link}\n")), "{link} located: {stderr}");
    }
    assert!(stderr.contains("outside the dossier folder: not read"), "{stderr}");
    assert!(
        stderr.contains("--follow-outside-links"),
        "the help names the opt-in: {stderr}"
    );
    assert!(!fixture.path("public").exists());
    assert!(
        !stderr.contains("Geheim") && !stderr.contains("PRIVATE KEY"),
        "{stderr}"
    );

    // The same with `check` and `serve`'s reading (the library, as the watcher re-reads).
    content_errors(&run_bounded(&fixture, &["check"], &[]));
    let mut input = InputFiles::read(fixture.root());
    for key in input.files.keys() {
        assert!(
            !key.starts_with("static/ssh") && key != "static/shadow.txt",
            "{key} read"
        );
    }
    input.reload_path(&fixture.path("static/ssh"));
    input.reload_path(&fixture.path("static/shadow.txt"));
    input.reload_path(&fixture.path("static"));
    assert!(
        input.files.keys().all(|key| !key.starts_with("static/")),
        "{:?}",
        input.files.keys()
    );
    assert!(input.read_errors.iter().any(|d| d.file == "static/ssh"));

    // Opted in, they are read (the page and template links removed: not valid content).
    std::fs::remove_file(fixture.path("content/pages/x.md")).unwrap();
    std::fs::remove_file(fixture.path("templates/404.html")).unwrap();
    run_bounded(&fixture, &["build", "--follow-outside-links"], &[]).succeeds();
    assert_eq!(
        fixture.read("public/static/ssh/id_ed25519"),
        "PRIVATE KEY",
        "the opt-in reads links out of the dossier"
    );
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "Geheim: bis zu 100.000 Soldaten zu entsenden.\n"
    );
}

#[test]
fn f1_links_inside_the_dossier_are_read_and_outputs_get_ordinary_permissions() {
    let fixture = Fixture::new();
    // The seed of source b lives elsewhere in the dossier; static/ links a folder of it.
    std::fs::create_dir_all(fixture.path("archive/static")).unwrap();
    std::fs::rename(fixture.path("seeds/b.txt"), fixture.path("archive/b.txt")).unwrap();
    symlink("../archive/b.txt", fixture.path("seeds/b.txt")).unwrap();
    std::fs::write(fixture.path("archive/static/logo.svg"), "<svg/>").unwrap();
    std::fs::write(fixture.path("archive/static/private.txt"), "for everyone").unwrap();
    std::fs::set_permissions(
        fixture.path("archive/static/private.txt"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::create_dir_all(fixture.path("static")).unwrap();
    symlink(fixture.path("archive/static"), fixture.path("static/assets")).unwrap();
    run_bounded(&fixture, &["build"], &[]).succeeds();
    assert_eq!(fixture.read("public/static/assets/logo.svg"), "<svg/>");
    let mode = |path: &str| std::fs::metadata(fixture.path(path)).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode("public/static/assets/private.txt"),
        0o644 & !umask(),
        "not the source's 0600"
    );
    assert_eq!(mode("public/static/assets"), 0o755 & !umask());
    assert_eq!(mode("public/index.html"), 0o644 & !umask());
    let page = fixture.page("sources/artikel-b/index.html");
    assert!(
        page.texts("main p").concat().contains("Nordkorea erwägt"),
        "the linked seed is read"
    );
}

#[test]
fn f9_links_to_dev_null_fifos_and_devices_are_located_errors_never_a_crash_or_a_hang() {
    let fixture = Fixture::english();
    std::fs::create_dir_all(fixture.path("static")).unwrap();
    std::fs::create_dir_all(fixture.path("templates")).unwrap();
    symlink("/dev/null", fixture.path("seeds/null.txt")).unwrap();
    mkfifo(&fixture.path("seeds/p.txt"));
    symlink("/dev/zero", fixture.path("static/zero")).unwrap();
    symlink("/dev/null", fixture.path("content/pages/null.md")).unwrap();
    mkfifo(&fixture.path("templates/fifo.html"));
    // The opt-in changes nothing for special files.
    for args in [&["check"][..], &["build"][..], &["check", "--follow-outside-links"][..]] {
        let run = run_bounded(&fixture, args, &[]);
        let stderr = content_errors(&run);
        for located in [
            "--> seeds/null.txt\n",
            "--> seeds/p.txt\n",
            "--> static/zero\n",
            "--> content/pages/null.md\n",
            "--> templates/fifo.html\n",
        ] {
            assert!(stderr.contains(located), "{args:?} {located}: {stderr}");
        }
        assert!(
            stderr.contains("this is a FIFO (named pipe), not a regular file"),
            "{stderr}"
        );
    }
    assert!(!fixture.path("public").exists());

    // The watcher's re-reading (`serve --watch`): a folder or a path that is not a regular
    // file gives the same errors, and no endless recursion.
    let mut input = InputFiles::read(fixture.root());
    let errors = input.read_errors.len();
    input.reload_path(&fixture.path("seeds"));
    input.reload_path(&fixture.path("seeds/p.txt"));
    input.reload_path(&fixture.path("static/zero"));
    assert_eq!(input.read_errors.len(), errors, "{:?}", input.read_errors);

    // dossier.yaml itself as a link to /dev/null.
    let config = fixture.read("dossier.yaml");
    std::fs::write(fixture.path("real.yaml"), config).unwrap();
    std::fs::remove_file(fixture.path("dossier.yaml")).unwrap();
    symlink("/dev/null", fixture.path("dossier.yaml")).unwrap();
    let run = run_bounded(&fixture, &["check"], &[]);
    assert!(content_errors(&run).contains("--> dossier.yaml\n"), "{}", run.stderr);
}

#[test]
fn f2_a_link_planted_in_the_reused_staging_folder_is_replaced_never_written_through() {
    let fixture = Fixture::new();
    let shared = tempfile::tempdir().unwrap();
    let victim = shared.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let staging = shared.path().join(".site.staging");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(
        staging.join(".dossier-output"),
        "dossier output folder: generated, replaced on every build\n",
    )
    .unwrap();
    symlink(&victim, staging.join("robots.txt")).unwrap();
    symlink(shared.path(), staging.join("static")).unwrap();
    let output = shared.path().join("site").to_string_lossy().into_owned();

    // Writable by everyone: refused (someone else may plant links between two builds).
    std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = run_bounded(&fixture, &["build", "--output", &output], &[]);
    assert!(
        run.usage_error().contains("is writable by other users"),
        "{}",
        run.stderr
    );
    assert!(!shared.path().join("site").exists());

    // Our own folder with links in it: the links are replaced.
    std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o755)).unwrap();
    run_bounded(&fixture, &["build", "--output", &output], &[]).succeeds();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !shared.path().join("style.css").exists(),
        "nothing written through static/"
    );
    let site = shared.path().join("site");
    for file in ["robots.txt", "static", "static/style.css"] {
        let meta = std::fs::symlink_metadata(site.join(file)).unwrap();
        assert!(!meta.file_type().is_symlink(), "{file} is a link");
    }

    // A staging folder that is itself a link is refused.
    let elsewhere = tempfile::tempdir().unwrap();
    let second = shared.path().join("two").to_string_lossy().into_owned();
    symlink(elsewhere.path(), shared.path().join(".two.staging")).unwrap();
    let run = run_bounded(&fixture, &["build", "--output", &second], &[]);
    assert!(run.usage_error().contains("is a symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn f2_links_and_hard_links_planted_in_the_output_never_carry_a_write_out() {
    let fixture = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    let assets = outside.path().join("shared-assets");
    std::fs::create_dir(&assets).unwrap();
    let victim = outside.path().join("bashrc");
    std::fs::write(&victim, "export PATH=/usr/bin\n").unwrap();
    run_bounded(&fixture, &["build"], &[]).succeeds();
    // A second full build leaves the first one's output as the staging folder (a build of the
    // same inputs with the cache would replay the first and write nothing).
    run_bounded(&fixture, &["build", "--no-cache"], &[]).succeeds();
    // public/static is replaced by a link to a shared folder; the staging folder's
    // index.html becomes a hard link to a file elsewhere.
    std::fs::remove_dir_all(fixture.path("public/static")).unwrap();
    symlink(&assets, fixture.path("public/static")).unwrap();
    std::fs::remove_file(fixture.path(".public.staging/index.html")).unwrap();
    std::fs::hard_link(&victim, fixture.path(".public.staging/index.html")).unwrap();
    // Every page changes (the title is on all of them), so every file is written.
    fixture.edit("dossier.yaml", "title: \"Test-Dossier\"", "title: \"Test-Dossier 2\"");
    for _ in 0..3 {
        run_bounded(&fixture, &["build"], &[]).succeeds();
        assert_eq!(
            std::fs::read_dir(&assets).unwrap().count(),
            0,
            "nothing written into the link"
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "export PATH=/usr/bin\n");
        let meta = std::fs::symlink_metadata(fixture.path("public/static")).unwrap();
        assert!(meta.is_dir(), "the published site has its static/ folder");
        assert!(fixture.path("public/static/style.css").is_file());
        assert!(fixture.read("public/index.html").contains("Test-Dossier 2"));
    }
}

#[test]
fn f3_add_source_never_follows_a_dangling_link_out_of_the_dossier() {
    let fixture = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    let created = outside.path().join("outside-created.txt");
    symlink(&created, fixture.path("seeds/report.txt")).unwrap();
    let article = outside.path().join("report.txt");
    std::fs::write(&article, "ssh-ed25519 AAAA attacker@evil\n").unwrap();
    let root = fixture.root().to_string_lossy().into_owned();
    let file = article.to_string_lossy().into_owned();
    let run = run_bounded(&fixture, &["add-source", &file, "--root", &root], &[]);
    assert!(run.usage_error().contains("seeds/report.txt"), "{}", run.stderr);
    assert!(!created.exists(), "nothing created outside");
    assert!(!fixture.path("content/sources/report.yaml").exists());

    // A dangling link in place of the YAML stub.
    std::fs::remove_file(fixture.path("seeds/report.txt")).unwrap();
    let stub = outside.path().join("stub.yaml");
    symlink(&stub, fixture.path("content/sources/report.yaml")).unwrap();
    let run = run_bounded(&fixture, &["add-source", &file, "--root", &root], &[]);
    assert!(run.usage_error().contains("already exists"), "{}", run.stderr);
    assert!(!stub.exists());
    assert!(
        !fixture.path("seeds/report.txt").exists(),
        "checked before anything is written"
    );
    std::fs::remove_file(fixture.path("content/sources/report.yaml")).unwrap();

    // seeds/ itself a link out of the dossier.
    std::fs::rename(fixture.path("seeds"), fixture.path("old-seeds")).unwrap();
    symlink(outside.path(), fixture.path("seeds")).unwrap();
    let other = fixture.path("other.txt");
    std::fs::write(&other, "Ein Artikel.\n").unwrap();
    let other = other.to_string_lossy().into_owned();
    let before = tree(outside.path());
    let run = run_bounded(&fixture, &["add-source", &other, "--root", &root], &[]);
    assert!(
        run.usage_error().contains("leads out of the dossier folder"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(outside.path()), before, "nothing new outside");
    // A file of that name behind the link is neither read nor overwritten.
    std::fs::write(outside.path().join("other.txt"), "Ein Artikel.\n").unwrap();
    let run = run_bounded(&fixture, &["add-source", &other, "--root", &root], &[]);
    assert!(
        run.usage_error().contains("leads out of the dossier folder"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(outside.path().join("other.txt")).unwrap();

    // Inside the dossier it still works, and is idempotent for the same text.
    std::fs::remove_file(fixture.path("seeds")).unwrap();
    std::fs::rename(fixture.path("old-seeds"), fixture.path("seeds")).unwrap();
    run_bounded(&fixture, &["add-source", &file, "--root", &root], &[]).succeeds();
    assert_eq!(fixture.read("seeds/report.txt"), "ssh-ed25519 AAAA attacker@evil\n");
    assert!(fixture.path("content/sources/report.yaml").is_file());
}

#[test]
fn f17_add_source_refuses_special_files_and_inputs_over_the_size_limit() {
    let fixture = Fixture::new();
    let root = fixture.root().to_string_lossy().into_owned();
    let big = fixture.path("big.txt");
    std::fs::File::create(&big).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let fifo = fixture.path("pipe.txt");
    mkfifo(&fifo);
    let link_to_zero = fixture.path("zero.txt");
    symlink("/dev/zero", &link_to_zero).unwrap();
    let started = Instant::now();
    for (input, expected) in [
        ("/dev/zero".to_owned(), "/proc, /sys and /dev are never read".to_owned()),
        (
            link_to_zero.to_string_lossy().into_owned(),
            "/proc, /sys and /dev are never read".to_owned(),
        ),
        (fifo.to_string_lossy().into_owned(), "not a regular file".to_owned()),
        (
            big.to_string_lossy().into_owned(),
            format!(
                "too large (104857600 bytes; input files are limited to {} bytes)",
                dossier::load::MAX_FILE_BYTES
            ),
        ),
    ] {
        let run = run_bounded(&fixture, &["add-source", &input, "--root", &root], &[]);
        assert!(run.usage_error().contains(&expected), "{input}: {}", run.stderr);
    }
    assert!(started.elapsed() < Duration::from_secs(20), "nothing read");
    let help = run_bounded(&fixture, &["add-source", "--help"], &[]);
    assert!(help.stdout.contains("at most 64 MiB"), "{}", help.stdout);
}

#[test]
fn f15_the_output_cannot_go_into_a_source_folder_reached_through_a_link() {
    let fixture = Fixture::new();
    std::fs::create_dir_all(fixture.path("data")).unwrap();
    std::fs::rename(fixture.path("seeds"), fixture.path("data/seeds")).unwrap();
    symlink("data/seeds", fixture.path("seeds")).unwrap();
    run_bounded(&fixture, &["check"], &[]).succeeds();
    let output = fixture.path("seeds/out").to_string_lossy().into_owned();
    let run = run_bounded(&fixture, &["build", "--output", &output], &[]);
    assert!(run.usage_error().contains("inside seeds/"), "{}", run.stderr);
    assert!(!fixture.path("data/seeds/out").exists());
}

#[test]
fn f11_a_file_tampered_with_in_the_output_is_restored() {
    let fixture = Fixture::new();
    run_bounded(&fixture, &["build"], &[]).succeeds();
    run_bounded(&fixture, &["build"], &[]).succeeds();
    let clean = fixture.read("public/index.html");
    let tamper = |text: &str| {
        let path = fixture.path("public/index.html");
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, text).unwrap();
        // Set the modification time back, as a careful intruder would.
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    };
    // Appended, and (separately) replaced with a text of the same size.
    let same_size = format!("{}defaced", &clean[..clean.len() - "defaced".len()]);
    for (round, defaced) in [format!("{clean}<script>alert(\"defaced\")</script>"), same_size]
        .into_iter()
        .enumerate()
    {
        tamper(&defaced);
        for build in 0..4 {
            run_bounded(&fixture, &["build"], &[]).succeeds();
            assert_eq!(
                fixture.read("public/index.html"),
                clean,
                "build {build} published the defaced file"
            );
        }
        // The builds after the repairing one replay it and write nothing, so the staging
        // folder still holds the defaced file the repair moved out of the output. A build of
        // changed inputs that keeps index.html must not take that copy for the kept page.
        let config = fixture.read("dossier.yaml");
        fixture.write("dossier.yaml", &format!("{config}\n# round {round}\n"));
        run_bounded(&fixture, &["build"], &[]).succeeds();
        assert_eq!(
            fixture.read("public/index.html"),
            clean,
            "a kept page taken from the defaced copy"
        );
        assert_eq!(
            fixture.read(".public.staging/index.html"),
            clean,
            "repaired in both trees"
        );
    }
}

#[test]
fn f16_windows_device_names_are_refused_as_ids_and_slugs() {
    let fixture = Fixture::english();
    fixture.edit("content/sources/a.yaml", "id: nk-11000", "id: con");
    fixture.edit("content/sources/b.yaml", "id: artikel-b", "id: nul");
    fixture.edit("content/origins.yaml", "id: putin", "id: com1");
    fixture.edit("content/topics.yaml", "id: ru-staerke", "id: lpt9");
    fixture.write("content/pages/aux.md", "---\ntitle: \"Gerät\"\n---\nText\n");
    fixture.write(
        "content/pages/drucker.md",
        "---\ntitle: \"Drucker\"\nslug: prn\n---\nText\n",
    );
    let run = run_bounded(&fixture, &["check"], &[]);
    let stderr = content_errors(&run);
    for expected in [
        "claim id `con` is the Windows device name CON",
        "source id `nul` is the Windows device name NUL",
        "origin id `com1` is the Windows device name COM1",
        "topic id `lpt9` is the Windows device name LPT9",
        "page file name `aux` is the Windows device name AUX",
        "page slug `prn` is the Windows device name PRN",
        "content/pages/drucker.md:3:7",
        "could not be copied to, checked out or served from Windows",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    for (name, reserved) in [
        ("con", true),
        ("CON", true),
        ("Con.txt", true),
        ("nul.tar.gz", true),
        ("com9", true),
        ("lpt1", true),
        ("com0", false),
        ("com10", false),
        ("console", false),
        ("icon", false),
        ("lpt", false),
    ] {
        assert_eq!(
            dossier::model::windows_reserved_name(name).is_some(),
            reserved,
            "{name}"
        );
    }
    let root = fixture.root().to_string_lossy().into_owned();
    let article = fixture.path("aux.txt");
    std::fs::write(&article, "Ein Artikel.\n").unwrap();
    let article = article.to_string_lossy().into_owned();
    let run = run_bounded(&fixture, &["add-source", &article, "--root", &root], &[]);
    assert!(run.usage_error().contains("Windows device name AUX"), "{}", run.stderr);
}

#[test]
fn a_file_where_a_watched_folder_belongs_is_ignored_by_reads_and_rereads_alike() {
    // Found by the `links` fuzz target: the watcher's re-read took the file, a full read not.
    let fixture = Fixture::new();
    std::fs::write(fixture.path("static"), "not a folder").unwrap();
    mkfifo(&fixture.path("templates"));
    let input = InputFiles::read(fixture.root());
    let mut reread = input.clone();
    reread.reload_path(&fixture.path("static"));
    reread.reload_path(&fixture.path("templates"));
    assert_eq!(reread.files, input.files);
    assert_eq!(reread.read_errors, input.read_errors);
    assert!(!input.files.contains_key("static"));
}
