//! The data release: SQLite database, XLSX workbook, German CSV, Frictionless data package,
//! licence and the index page's `Dataset`.

use super::fixture::{CONFIG, Fixture};

const LICENSE: &str =
    "license:\n  id: CC-BY-4.0\n  title: \"CC BY 4.0\"\n  url: \"https://creativecommons.org/licenses/by/4.0/\"\n";

fn licensed_fixture() -> Fixture {
    let fixture = Fixture::new();
    fixture.write("dossier.yaml", &format!("{CONFIG}{LICENSE}"));
    fixture.build();
    fixture
}

#[test]
fn sqlite_answers_a_join_of_claims_by_topic_and_origin_and_its_keys_hold() {
    let fixture = licensed_fixture();
    let db = rusqlite::Connection::open(fixture.path("public/dossier.sqlite")).unwrap();
    let mut query = db
        .prepare(
            "SELECT c.id, t.title, o.name, c.quantity_low, typeof(c.quantity_low) FROM claims c \
             JOIN topics t ON t.id = c.topic JOIN origins o ON o.id = c.origin \
             WHERE t.id = 'ru-staerke' ORDER BY c.id",
        )
        .unwrap();
    let rows: Vec<(String, String, String, i64, String)> = query
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, ["ru-nypost", "ru-putin"]);
    assert_eq!(rows[1].3, 1_600_000);
    assert_eq!(rows[1].4, "integer", "whole figures are integers");
    let violations: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(violations, 0);
    // Every table the issue names is there and filled where the dossier has data.
    for (table, at_least) in [
        ("claims", 4),
        ("sources", 2),
        ("topics", 2),
        ("origins", 3),
        ("measures", 3),
        ("relations", 2),
        ("verdicts", 3),
        ("corrections", 0),
    ] {
        let count: i64 = db
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(count >= at_least, "{table}: {count}");
    }
    // Full-text search over statements and quotes.
    let found: Vec<String> = db
        .prepare("SELECT c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid WHERE claims_fts MATCH 'Putin' ORDER BY c.id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(found, ["ru-putin"]);
    let license: String = db
        .query_row("SELECT value FROM metadata WHERE key = 'license'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(license, "CC-BY-4.0");
}

#[test]
fn xlsx_holds_figures_as_numbers_and_the_licence() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let fixture = licensed_fixture();
    let mut book: Xlsx<_> = open_workbook(fixture.path("public/claims.xlsx")).unwrap();
    let sheet = book.worksheet_range("Claims").unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let putin = sheet
        .rows()
        .find(|row| row[0] == Data::String("ru-putin".into()))
        .expect("row of ru-putin");
    assert!(
        matches!(putin[column("quantity_low")], Data::Float(v) if v == 1_600_000.0)
            || matches!(putin[column("quantity_low")], Data::Int(1_600_000)),
        "{:?}",
        putin[column("quantity_low")]
    );
    assert!(matches!(putin[column("quote_start")], Data::Float(_) | Data::Int(_)));
    assert_eq!(putin[column("license")], Data::String("CC-BY-4.0".into()));
    let info = book.worksheet_range("Info").unwrap();
    assert!(info.rows().any(|row| row[1] == Data::String("CC-BY-4.0".into())));
}

#[test]
fn the_release_is_the_same_bytes_on_every_build_and_quantities_are_whole() {
    let fixture = licensed_fixture();
    let first = super::fixture::tree(&fixture.path("public"));
    std::fs::remove_dir_all(fixture.path("public")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    fixture.build();
    let second = super::fixture::tree(&fixture.path("public"));
    for file in [
        "dossier.sqlite",
        "claims.xlsx",
        "claims.de.csv",
        "datapackage.json",
        "claims.csv",
    ] {
        assert!(first.contains_key(file), "{file} is written");
        assert!(first[file] == second[file], "{file} differs between two builds");
    }
    let csv = fixture.read("public/claims.csv");
    assert!(csv.contains(",1600000,1600000,"), "{csv}");
    assert!(!csv.contains("1600000.0"));
    let json: serde_json::Value = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    assert!(json.as_array().unwrap().iter().any(|c| c["quantity_low"].is_i64()));
}

#[test]
fn german_csv_has_semicolons_a_byte_order_mark_and_decimal_commas() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "{ value: 1600000, measure: aktiv }",
        "{ value: 1.5, unit: \"%\", measure: aktiv, derived: true }\n    note: \"Berechnet.\"",
    );
    fixture.build();
    let bytes = std::fs::read(fixture.path("public/claims.de.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    let low = header.iter().position(|h| h == "quantity_low").unwrap();
    let putin = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "ru-putin")
        .unwrap();
    assert_eq!(&putin[low], "1,5");
}

#[test]
fn the_licence_is_in_the_footer_and_the_index_describes_the_dataset() {
    let fixture = licensed_fixture();
    let page = fixture.page("index.html");
    assert!(page.text("footer .license").contains("CC BY 4.0"));
    let claim = fixture.page("claims/ru-putin/index.html");
    assert!(claim.text("footer .license").contains("CC BY 4.0"));
    let json_ld = page
        .texts("script[type='application/ld+json']")
        .into_iter()
        .find(|s| s.contains("Dataset"))
        .expect("Dataset JSON-LD");
    let dataset: serde_json::Value = serde_json::from_str(&json_ld).unwrap();
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(dataset["license"], "https://creativecommons.org/licenses/by/4.0/");
    let urls: Vec<&str> = dataset["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contentUrl"].as_str().unwrap())
        .collect();
    for file in [
        "claims.csv",
        "claims.json",
        "claims.xlsx",
        "dossier.sqlite",
        "datapackage.json",
        "claims.de.csv",
    ] {
        assert!(
            urls.contains(&format!("https://example.org/dossier/{file}").as_str()),
            "{file}"
        );
        assert!(fixture.path(&format!("public/{file}")).is_file(), "{file}");
    }
    let package: serde_json::Value = serde_json::from_str(&fixture.read("public/datapackage.json")).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
}

/// `frictionless validate` on the package: the descriptor against the Frictionless schema, every
/// CSV against its table schema. Skipped without the tool, except in CI.
#[test]
fn datapackage_and_csvs_validate_with_frictionless() {
    let available = std::process::Command::new("frictionless")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "frictionless is missing, and CI is set: run .ci/run's installation steps"
        );
        eprintln!("SKIPPED: frictionless is missing (pip install frictionless; CI fails instead of skipping)");
        return;
    }
    let fixture = licensed_fixture();
    let output = std::process::Command::new("frictionless")
        .args(["validate", "--json"])
        .arg(fixture.path("public/datapackage.json"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    assert_eq!(report["valid"], true, "{report:#}");
    let tasks = report["tasks"].as_array().unwrap();
    let names: Vec<&str> = tasks.iter().filter_map(|t| t["name"].as_str()).collect();
    for name in ["claims", "claims-de", "topic-nk-truppen"] {
        assert!(names.contains(&name), "{name} validated: {names:?}");
    }
}
