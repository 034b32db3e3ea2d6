//! The files for crawlers and feed readers: `robots.txt`, `sitemap.xml` (each page dated by
//! its newest review) and `feed.xml` (the claims by review date).

use super::*;

/// `robots.txt`: every path allowed, and the sitemap named when there is a base URL.
pub(super) fn robots(prepared: &Prepared<'_>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &prepared.base_url {
        text.push_str(&format!("\nSitemap: {base}sitemap.xml\n"));
    }
    text
}

/// The later of two partial dates: the one whose period ends later; of two ending together,
/// the less precise (`2024-11` over `2024-11-30`), which claims no more than is known.
pub(super) fn later(a: PartialDate, b: PartialDate) -> PartialDate {
    let precision = |d: &PartialDate| usize::from(d.month.is_some()) + usize::from(d.day.is_some());
    match a.last_day().cmp(&b.last_day()) {
        std::cmp::Ordering::Greater => a,
        std::cmp::Ordering::Less => b,
        std::cmp::Ordering::Equal if precision(&a) <= precision(&b) => a,
        std::cmp::Ordering::Equal => b,
    }
}

/// The newest review date of `claims` (`None` when none has one).
pub(super) fn newest_review(dossier: &Dossier, claims: impl IntoIterator<Item = ClaimId>) -> Option<PartialDate> {
    claims
        .into_iter()
        .filter_map(|c| dossier.claims[c].reviewed)
        .reduce(later)
}

/// A page's `<lastmod>`: the newest review date of the claims it shows (a claim, a source's,
/// a topic's, an origin's claims), as precise as known; W3C Datetime allows `2024-11` and
/// `2024`, so no day is made up. Other pages have none.
pub(super) fn lastmod(dossier: &Dossier, kind: &PageKind) -> Option<PartialDate> {
    match *kind {
        PageKind::Claim(c) => dossier.claims[c].reviewed,
        PageKind::Source(s) => newest_review(dossier, dossier.sources[s].claims.iter().copied()),
        PageKind::Topic(t) => newest_review(dossier, dossier.topics[t].claims.iter().copied()),
        PageKind::Origin(o) => {
            let origin = &dossier.origins[o];
            newest_review(dossier, origin.claims.iter().chain(&origin.relayed).copied())
        }
        _ => None,
    }
}

pub(super) fn sitemap(prepared: &Prepared<'_>, base: &str, pages: &[PagePlan]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Pages only: a share image is found through its page's `og:image`.
    for page in pages
        .iter()
        .filter(|p| p.kind.is_page() && p.kind != PageKind::NotFound)
    {
        let path = page.path.strip_suffix("index.html").unwrap_or(&page.path);
        let lastmod = lastmod(prepared.dossier, &page.kind)
            .map(|date| format!("<lastmod>{}</lastmod>", date.iso()))
            .unwrap_or_default();
        xml.push_str(&format!(
            "<url><loc>{}</loc>{lastmod}</url>\n",
            escape::xml(&format!("{base}{path}"))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A date known to the day as an RFC 3339 timestamp (midnight UTC). `None` for a month or a
/// year: Atom needs a full timestamp, and none is made up (no `2024-11` becomes `2024-11-01`).
pub(super) fn atom_date(date: &PartialDate) -> Option<String> {
    Some(format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year, date.month?, date.day?
    ))
}

/// One claim's Atom `<entry>`, dated by its review; `None` when that is not known to the day.
pub(super) fn feed_entry(prepared: &Prepared<'_>, base: &str, c: ClaimId) -> Option<String> {
    let dossier = prepared.dossier;
    let e = escape::xml;
    let claim = &dossier.claims[c];
    let summary = &prepared.claim(c);
    let url = format!("{base}{}", entity_url("claims", &claim.id));
    let date = atom_date(claim.reviewed.as_ref()?)?;
    Some(format!(
        "<entry>\n<id>{url}</id>\n<title>{title}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
         <published>{date}</published>\n<updated>{date}</updated>\n<category term=\"{verdict_id}\" label=\"{verdict}\"/>\n\
         <summary>{verdict}: {text}{figure} ({outlet}, {published})</summary>\n</entry>\n",
        url = e(&url),
        title = e(&claim.statement),
        verdict_id = e(&summary.verdict.id),
        verdict = e(&summary.verdict.label),
        text = e(&claim.summary),
        figure = summary
            .figure
            .as_ref()
            .map(|f| format!(" – {}", e(f)))
            .unwrap_or_default(),
        outlet = e(&summary.source_outlet),
        published = e(&summary.published),
    ))
}

/// The feed's claims: those reviewed on a known day, newest review first, then newest source,
/// then claim id.
pub fn feed_order(dossier: &Dossier) -> Vec<ClaimId> {
    let dated = |c: &crate::model::Claim| c.reviewed.filter(|d| d.day.is_some());
    let mut order: Vec<ClaimId> = (0..dossier.claims.len())
        .map(ClaimId::new)
        .filter(|&c| dated(&dossier.claims[c]).is_some())
        .collect();
    order.sort_by(|&a, &b| {
        let (ca, cb) = (&dossier.claims[a], &dossier.claims[b]);
        dated(cb)
            .cmp(&dated(ca))
            .then_with(|| {
                dossier.sources[cb.source]
                    .published
                    .cmp(&dossier.sources[ca.source].published)
            })
            .then_with(|| ca.id.cmp(&cb.id))
    });
    order
}

/// The start of `feed.xml`, before its entries (`order`: [`feed_order`]).
pub(super) fn feed_head(prepared: &Prepared<'_>, base: &str, order: &[ClaimId]) -> String {
    let dossier = prepared.dossier;
    // The newest entry's review; a feed without entries says it was never updated.
    let updated = order
        .first()
        .and_then(|&c| atom_date(dossier.claims[c].reviewed.as_ref()?))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let e = escape::xml;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{base}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <author><name>{org}</name></author>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n",
        lang = e(&prepared.site.lang),
        base = e(base),
        title = e(&dossier.config.title),
        org = e(if dossier.config.organization_name.is_empty() {
            &dossier.config.title
        } else {
            &dossier.config.organization_name
        }),
        feed = e(&format!("{base}feed.xml")),
    )
}
