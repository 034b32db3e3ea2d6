//! `dossier init DIR`: create a new, buildable dossier that uses the built-in templates.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Failure;
use dossier::model::Language;
use dossier::scaffold;

/// Flags of `dossier init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new dossier (created if absent; must be empty if present).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Title of the new dossier [default: "My fact-check dossier", German "Mein Faktencheck-Dossier"].
    #[arg(long)]
    title: Option<String>,
    /// Language of the site and of the sample content, verdict scale and Methodology page.
    #[arg(long, value_enum, default_value_t = InitLanguage::En)]
    language: InitLanguage,
}

/// The languages `init` writes a dossier in (those of the site's UI strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InitLanguage {
    /// German.
    De,
    /// English.
    En,
}

/// Runs `dossier init`.
pub fn execute(args: &InitArgs) -> Result<(), Failure> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Failure::Usage(format!(
                "`{}` exists and is not an empty folder; `init` never overwrites anything",
                dir.display()
            )));
        }
    }
    let language = match args.language {
        InitLanguage::De => Language::De,
        InitLanguage::En => Language::En,
    };
    let title = args.title.as_deref().unwrap_or(scaffold::default_title(language));
    for (path, content) in scaffold::new_dossier_files_in(title, language) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, content)
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", target.display())))?;
    }
    // The next steps speak about the content just written: in its language.
    let shown = dir.display();
    match language {
        Language::De => {
            println!(
                "Neues Dossier in {shown} angelegt (Beispielartikel, Thema, Ursprung, Bewertungsskala, Methodik)."
            );
            println!("Weiter:");
            println!("  dossier serve --watch --root {shown}              Vorschau, die sich beim Speichern erneuert");
            println!("  dossier add-source ARTIKEL.txt --root {shown}     einen Artikel aufnehmen");
            println!("  dossier add-claim QUELLE \"genaue Worte\" --root {shown}   eine Behauptung anlegen");
            println!("Das Beispiel (content/sources/beispiel.yaml, seeds/beispiel.txt) kann danach weg.");
        }
        Language::En => {
            println!("Created a new dossier in {shown} (a sample article, topic, origin, verdict scale, Methodology).");
            println!("Next:");
            println!("  dossier serve --watch --root {shown}            preview that refreshes on every save");
            println!("  dossier add-source ARTICLE.txt --root {shown}   add an article");
            println!("  dossier add-claim SOURCE \"exact words\" --root {shown}   add a claim");
            println!("The sample (content/sources/example.yaml, seeds/example.txt) can go once you have your own.");
        }
    }
    Ok(())
}
