//! The render stage's pages: each page and share image made (or kept by the serve engine's or
//! the build cache's keys) and given to the sink, and the links of kept pages read back for
//! the link check.

use super::*;

impl PageStage<'_> {
    /// Makes one page (or, with caches, keeps it when its inputs are unchanged) and gives it to
    /// `sink`.
    pub(super) fn page(&self, page: &PagePlan, sink: &dyn Sink) -> Result<PageDone, Failure> {
        if let PageKind::ShareImage(claim) = page.kind {
            return self.image(page, claim, sink);
        }
        if let Some(disk) = &self.disk {
            return self.page_with_build_cache(disk, page, sink);
        }
        let Some(memo) = &self.memo else {
            let html = self.renderer.render(self.prepared, page).map_err(Failure::Content)?;
            let links = Arc::new(linkcheck::extract(&html));
            sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
            return Ok(PageDone {
                links,
                links_known: true,
                outcome: Outcome::RenderedWithNewLinks,
                looked_at: true,
                cached: None,
                record: None,
            });
        };
        let kept = |cached: RenderedPage, looked_at: bool| -> Result<Option<PageDone>, Failure> {
            // Taken from the last site as it is, when that site still has it.
            let taken = sink
                .keep_unchanged(&page.path, cached.content)
                .map_err(Failure::Output)?;
            Ok(taken.then(|| PageDone {
                links: self.unknown_links.clone(),
                links_known: false,
                outcome: Outcome::Kept,
                looked_at,
                cached: Some(cached),
                record: None,
            }))
        };
        let (input_key, by_key) = memo.by_key(self.dossier, page);
        if let Some(done) = by_key.map(|cached| kept(cached, false)).transpose()?.flatten() {
            return Ok(done);
        }
        let (template, data) = render::page_context(self.prepared, page);
        let (fingerprint, by_fingerprint) = memo.by_fingerprint(page, input_key, (template, &data));
        if let Some(done) = by_fingerprint.map(|cached| kept(cached, true)).transpose()?.flatten() {
            return Ok(done);
        }
        let html = self
            .renderer
            .render_data(&page.path, template, &data)
            .map_err(Failure::Content)?;
        let links = linkcheck::extract(&html);
        let (cached, outcome) = memo.rendered(page, (input_key, fingerprint), html.as_bytes(), &links);
        sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
        Ok(PageDone {
            links: Arc::new(links),
            links_known: true,
            outcome,
            looked_at: true,
            cached: Some(cached),
            record: None,
        })
    }

    /// Makes one page with the build cache: kept (taken from the last output by `sink`) when
    /// its neighbourhood key or its fingerprint is the one recorded and the output still holds
    /// its bytes; rendered otherwise.
    pub(super) fn page_with_build_cache(
        &self,
        disk: &DiskMemo<'_>,
        page: &PagePlan,
        sink: &dyn Sink,
    ) -> Result<PageDone, Failure> {
        let output = disk.run.output;
        let old = disk.recorded(&page.path);
        let kept = |record: CachedPage, looked_at: bool| PageDone {
            links: disk.unknown_links.clone(),
            links_known: false,
            outcome: Outcome::Kept,
            looked_at,
            cached: None,
            record: Some(record),
        };
        let input_key = disk.neighbourhoods.page_key(self.dossier, page);
        // What the output still holds (a sink that discards files needs no bytes: it keeps
        // on the record's word, see `NullSink::keep`).
        let held = match sink.discards() {
            true => old,
            false => old.filter(|old| output.holds(&page.path, old.content)),
        };
        // `held` was looked up in the output just now: one lookup there per kept page, and
        // one in the staging tree (`sink.keep`).
        if let (Some(old), Some(key)) = (held, input_key)
            && old.input_key == Some(key)
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(kept(old, false));
        }
        let (template, data) = render::page_context(self.prepared, page);
        let fingerprint = keys::page_fingerprint(disk.site_hash, disk.template_hashes.get(template).copied(), &data);
        if let (Some(old), Some(print)) = (held, fingerprint)
            && old.fingerprint == Some(print)
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(kept(CachedPage { input_key, ..old }, true));
        }
        let html = self
            .renderer
            .render_data(&page.path, template, &data)
            .map_err(Failure::Content)?;
        let links = linkcheck::extract(&html);
        let record = CachedPage::of(input_key, fingerprint, &html, &links);
        sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
        let outcome = match old {
            Some(old) if (old.links, old.ids) == (record.links, record.ids) => Outcome::Rendered,
            Some(old) if old.ids != record.ids => Outcome::RenderedWithNewIds,
            _ => Outcome::RenderedWithNewLinks,
        };
        Ok(PageDone {
            links: Arc::new(links),
            links_known: true,
            outcome,
            looked_at: true,
            cached: None,
            record: Some(record),
        })
    }
}

/// Reads back (`read`: from the last output, or the serve engine's last site) the links and ids
/// of the kept pages the link check needs: all (`wanted` is `None`), or those a checked page
/// links to with a fragment.
pub(super) fn read_back_links(
    site: &SiteStage<'_>,
    made: &mut Made<'_>,
    wanted: Option<&std::collections::HashSet<String>>,
    read: &(dyn Fn(&PagePlan, &PageDone) -> Option<Vec<u8>> + Sync),
) -> Result<(), BuildError> {
    let Some(wanted) = wanted else {
        let all: std::collections::HashSet<&str> = site.plan.iter().map(|page| page.path.as_str()).collect();
        return read_pages(site, made, &all, read);
    };
    // The checked pages themselves first (the serve engine checks kept pages again when a file
    // they link to went away), then the pages they link to with a fragment.
    let checked: std::collections::HashSet<&str> = wanted.iter().map(String::as_str).collect();
    read_pages(site, made, &checked, read)?;
    let base_path = site.prepared.base_path();
    let mut targets = std::collections::HashSet::new();
    for (page, done) in site.plan.iter().zip(&made.pages) {
        if !wanted.contains(&page.path) {
            continue;
        }
        for link in &done.links.links {
            if let linkcheck::Target::Internal {
                path,
                fragment: Some(_),
            } = linkcheck::resolve(&page.path, link, &base_path)
            {
                targets.insert(path);
            }
        }
    }
    let needed: std::collections::HashSet<&str> = site
        .plan
        .iter()
        .map(|page| page.path.as_str())
        .filter(|path| targets.contains(*path))
        .collect();
    read_pages(site, made, &needed, read)
}

/// Reads back the links and ids of the pages in `needed` whose links are not known.
pub(super) fn read_pages(
    site: &SiteStage<'_>,
    made: &mut Made<'_>,
    needed: &std::collections::HashSet<&str>,
    read: &(dyn Fn(&PagePlan, &PageDone) -> Option<Vec<u8>> + Sync),
) -> Result<(), BuildError> {
    let read: Vec<Result<(), String>> = site
        .plan
        .par_iter()
        .zip(made.pages.par_iter_mut())
        .filter(|(page, done)| !done.links_known && needed.contains(page.path.as_str()))
        .map(|(page, done)| {
            let bytes = read(page, done).ok_or_else(|| page.path.clone())?;
            done.links = Arc::new(linkcheck::extract(&String::from_utf8_lossy(&bytes)));
            done.links_known = true;
            Ok(())
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    for path in read.into_iter().filter_map(Result::err) {
        diagnostics.push(
            Diagnostic::error(
                "",
                None,
                format!("{path} changed in the output folder while the site was being built"),
            )
            .with_help("build again; do not edit the output folder, it is replaced by every build"),
        );
    }
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    Ok(())
}

impl PageStage<'_> {
    /// Draws claim `claim`'s share image (or, with caches, keeps it while its key holds) and
    /// gives it to `sink`. It has no links or ids.
    pub(super) fn image(&self, page: &PagePlan, claim: ClaimId, sink: &dyn Sink) -> Result<PageDone, Failure> {
        let draw = || {
            render::share::claim_png(self.prepared, claim)
                .map_err(|problem| Failure::Content(Diagnostic::error(page.path.as_str(), None, problem)))
        };
        if let Some(disk) = &self.disk {
            return self.image_with_build_cache(disk, page, draw, sink);
        }
        let Some(memo) = &self.memo else {
            sink.write(&page.path, &draw()?).map_err(Failure::Output)?;
            return Ok(PageDone {
                links: Arc::new(PageLinks::default()),
                links_known: true,
                outcome: Outcome::RenderedWithNewLinks,
                looked_at: true,
                cached: None,
                record: None,
            });
        };
        let (input_key, kept) = memo.by_key(self.dossier, page);
        let links = Arc::new(PageLinks::default());
        if let Some(kept) = kept
            && sink.keep_unchanged(&page.path, kept.content).map_err(Failure::Output)?
        {
            return Ok(PageDone {
                links,
                links_known: true,
                outcome: Outcome::Kept,
                looked_at: false,
                cached: Some(kept),
                record: None,
            });
        }
        // The key is the image's fingerprint too: it covers all the image shows.
        let png = draw()?;
        let (cached, outcome) = memo.rendered(page, (input_key, input_key), &png, &links);
        sink.write(&page.path, &png).map_err(Failure::Output)?;
        Ok(PageDone {
            links,
            links_known: true,
            outcome,
            looked_at: true,
            cached: Some(cached),
            record: None,
        })
    }

    /// A share image with the build cache: kept while its key (all the image shows) is the
    /// recorded one and the output still holds its bytes, else drawn. An image has no links.
    pub(super) fn image_with_build_cache(
        &self,
        disk: &DiskMemo<'_>,
        page: &PagePlan,
        draw: impl Fn() -> Result<Vec<u8>, Failure>,
        sink: &dyn Sink,
    ) -> Result<PageDone, Failure> {
        let output = disk.run.output;
        let old = disk.recorded(&page.path);
        let input_key = disk.neighbourhoods.page_key(self.dossier, page);
        let done = |outcome: Outcome, record| PageDone {
            links: Arc::new(PageLinks::default()),
            links_known: true,
            outcome,
            looked_at: outcome != Outcome::Kept,
            cached: None,
            record: Some(record),
        };
        if let (Some(old), Some(key)) = (old, input_key)
            && old.input_key == Some(key)
            && (sink.discards() || output.holds(&page.path, old.content))
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(done(Outcome::Kept, old));
        }
        let png = draw()?;
        let record = CachedPage::of_bytes(input_key, &png);
        sink.write(&page.path, &png).map_err(Failure::Output)?;
        Ok(done(Outcome::Rendered, record))
    }
}

/// The file a page's content comes from when a user wrote it (a Markdown page), for messages.
pub(super) fn page_source_file(dossier: &Dossier, page: &PagePlan) -> Option<String> {
    match page.kind {
        PageKind::Markdown(index) => dossier.pages.get(index.index()).map(|p| p.file.clone()),
        _ => None,
    }
}
