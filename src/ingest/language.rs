//! The language of an article, detected from its text with `whatlang` (trigram statistics over
//! 70 languages, no model files), as the shortest tag a source's `language:` takes (`de`,
//! `en`; ISO 639-1 where the language has such a code, else ISO 639-3).

/// A language detected in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// The tag for `language:`, e.g. `de`.
    pub tag: String,
    /// The language's English name, e.g. `German`.
    pub name: &'static str,
    /// `whatlang`'s confidence, 0 to 1.
    pub confidence: f64,
    /// Whether `whatlang` counts the detection as reliable (enough text, a clear lead over the
    /// next language).
    pub reliable: bool,
}

/// The language of `text`, or `None` when the text gives no clue (too short, no letters).
pub fn detect(text: &str) -> Option<Detected> {
    let info = whatlang::detect(text)?;
    let lang = info.lang();
    let code = lang.code();
    let tag = isolang::Language::from_639_3(code)
        .and_then(|language| language.to_639_1())
        .unwrap_or(code);
    Some(Detected {
        tag: tag.to_owned(),
        name: lang.eng_name(),
        confidence: info.confidence(),
        reliable: info.is_reliable(),
    })
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn german_and_english_news_text() {
        let german = detect(
            "Nach Angaben des Verteidigungsministeriums sind inzwischen etwa 11.000 nordkoreanische \
             Soldaten in der russischen Region Kursk eingetroffen. Die Regierung in Kiew warnte vor \
             einer weiteren Eskalation des Krieges.",
        )
        .expect("German is detected");
        assert_eq!((german.tag.as_str(), german.reliable), ("de", true));
        let english = detect(
            "According to the defence ministry, about 11,000 North Korean soldiers have arrived in \
             Russia's Kursk region. The government in Kyiv warned of a further escalation of the war.",
        )
        .expect("English is detected");
        assert_eq!((english.tag.as_str(), english.reliable), ("en", true));
    }

    #[test]
    fn too_little_text_is_not_reliable() {
        assert!(detect("").is_none());
        assert!(detect("12 345").is_none());
        assert!(detect("Kursk").is_none_or(|d| !d.reliable));
    }
}
