//! Markdown pages.

use super::*;

#[test]
fn markdown_page_keeps_its_html() {
    let doc = check_page(
        &render(Language::De, "page.html", &markdown_page()),
        Language::De,
        "page",
    );
    assert_eq!(text(one(&doc, "article .prose h2")), "Quellen");
    let ratings: Vec<String> = all(&doc, ".rating-scale tbody tr")
        .iter()
        .map(|row| format!("{} {}", text(one_in(*row, "td.num")), text(one_in(*row, ".verdict"))))
        .collect();
    assert_eq!(ratings, ["4 Belegt", "keine Unbelegt"]);
    assert_eq!(text(one(&doc, "nav [aria-current=page]")), "Methode");
}
