// WCAG 2.1 AA check of built pages with axe-core in headless Chromium, run by
// tests/integration/publish.rs.
//
// Usage: node axe.mjs OUTPUT_DIR PAGE... (PAGE relative to OUTPUT_DIR, e.g. claims/x/index.html)
// Environment: BASE_PATH (where the site is served, default /dossier/, as the 404 page's
// absolute links expect), CHROMIUM (default /usr/bin/chromium), SEARCH_QUERY (typed into the
// search box of index.html before the check, so the results are checked as well).
//
// Serves OUTPUT_DIR over HTTP on 127.0.0.1, opens every page in the light and the dark colour
// scheme, runs axe with the WCAG 2.0/2.1 A and AA rules, and prints one JSON object:
// { "checked": [{ page, scheme }], "violations": [{ page, scheme, id, impact, help, targets }] }.
// Exits non-zero only when the check itself could not run. Uses the system Chromium through
// playwright-core; never downloads a browser.

import fs from "node:fs";
import { createRequire } from "node:module";
import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const require = createRequire(import.meta.url);
const [outputDir, ...pages] = process.argv.slice(2);
if (!outputDir || pages.length === 0) {
  console.error("usage: node axe.mjs OUTPUT_DIR PAGE...");
  process.exit(2);
}
const basePath = process.env.BASE_PATH || "/dossier/";
const { server, origin } = await serveStatic(outputDir, basePath);

const browser = await launchChromium();
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const report = { checked: [], violations: [] };
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const relative of pages) {
      const target = relative === "404.html" ? `${basePath}no-such-page/` : basePath + relative.replace(/index\.html$/, "");
      await page.goto(origin + target, { waitUntil: "load" });
      if (relative === "index.html" && process.env.SEARCH_QUERY) {
        // Show the search box's results too, so their colours and roles are checked.
        await page.getByRole("searchbox").fill(process.env.SEARCH_QUERY);
        await page.locator(".search-results li a").first().waitFor({ timeout: 10000 });
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      report.checked.push({ page: relative, scheme });
      for (const violation of result.violations) {
        report.violations.push({
          page: relative,
          scheme,
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(" ")).slice(0, 10),
        });
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report));
