//! The 404 page.

use super::*;

#[test]
fn not_found_page_works_at_any_depth() {
    let html = render(Language::De, "404.html", &not_found_page());
    let doc = check_page(&html, Language::De, "404");
    assert_eq!(text(one(&doc, "h1")), "Seite nicht gefunden");
    assert_eq!(
        one(&doc, "link[rel=stylesheet][href$='style.css']").attr("href"),
        Some("/dossier/static/style.css")
    );
    assert_eq!(one(&doc, "main a").attr("href"), Some("/dossier/"));
    assert_eq!(all(&doc, "nav a")[0].attr("href"), Some("/dossier/topics/"));
    assert!(all(&doc, "nav [aria-current], link[rel=canonical]").is_empty());
}
