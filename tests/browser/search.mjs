// The search box in a real browser, run by tests/integration/publish.rs.
//
// Usage: node search.mjs OUTPUT_DIR PAGE QUERY
// Environment: BASE_PATH (default /dossier/), CHROMIUM (default /usr/bin/chromium).
//
// Serves OUTPUT_DIR, opens PAGE (e.g. claims/x/index.html), types QUERY into the search box and
// waits for results; then opens PAGE again with JavaScript off. Prints one JSON object:
// { "results": [{ text, href }], "status": "...", "visible_with_js": bool,
//   "visible_without_js": bool, "nav_links_without_js": n }.
// Uses the system Chromium through playwright-core; never downloads a browser.

import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const [outputDir, relative, query] = process.argv.slice(2);
if (!outputDir || !relative || !query) {
  console.error("usage: node search.mjs OUTPUT_DIR PAGE QUERY");
  process.exit(2);
}
const basePath = process.env.BASE_PATH || "/dossier/";
const { server, origin } = await serveStatic(outputDir, basePath);
const url = origin + basePath + relative.replace(/index\.html$/, "");
const browser = await launchChromium();
const report = {};
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  report.visible_with_js = await page.locator(".site-search").isVisible();
  await page.getByRole("searchbox").fill(query);
  await page.locator(".search-results li a").first().waitFor({ timeout: 10000 });
  report.results = await page.$$eval(".search-results li a", (links) =>
    links.map((a) => ({ text: a.textContent, href: a.href })),
  );
  report.status = await page.locator(".search-status").textContent();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(url, { waitUntil: "load" });
  report.visible_without_js = await plain.locator(".site-search").isVisible();
  report.nav_links_without_js = await plain.locator(".site-nav a").count();
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report));
