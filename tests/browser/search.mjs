// The search box in a real browser, run by tests/integration/publish.rs.
//
// Usage: node search.mjs OUTPUT_DIR PAGE QUERY [BROAD_QUERY]
// Environment: BASE_PATH (default /dossier/), CHROMIUM (default /usr/bin/chromium).
//
// Serves OUTPUT_DIR, opens PAGE (e.g. claims/x/index.html), measures where <main> starts with
// the script held back and after it shows the search box, types QUERY into the search box and waits for
// results; with BROAD_QUERY, searches that too, notes the results, clicks "more" and notes them
// again, then presses Enter and notes where the browser went. Then opens PAGE again with
// JavaScript off. Prints one JSON object:
// { "results": [{ text, href, kind, verdict }], "status": "...", "visible_with_js": bool,
//   "main_top_before": y, "main_top_after": y, "broad": { "before_more": n,
//   "after_more": n, "more_visible_after": bool, "status": "...", "first": href,
//   "entered": url }, "visible_without_js": bool, "nav_links_without_js": n }.
// Uses the system Chromium through playwright-core; never downloads a browser.

import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const [outputDir, relative, query, broad] = process.argv.slice(2);
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
  // Where <main> starts before the script shows the box (the script held back) and after.
  const held = await browser.newPage();
  await held.route("**/static/search.js", (route) => route.abort());
  await held.goto(url, { waitUntil: "load" });
  report.main_top_before = await held.evaluate(() => document.querySelector("main").getBoundingClientRect().top);
  await held.close();
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.locator(".site-search:not([hidden])").waitFor({ timeout: 10000 });
  report.main_top_after = await page.evaluate(() => document.querySelector("main").getBoundingClientRect().top);
  report.visible_with_js = await page.locator(".site-search").isVisible();
  await page.getByRole("searchbox").fill(query);
  await page.locator(".search-results li a").first().waitFor({ timeout: 10000 });
  report.results = await page.$$eval(".search-results li", (items) =>
    items.map((li) => ({
      text: li.querySelector("a").textContent,
      href: li.querySelector("a").href,
      kind: (li.querySelector(".search-kind") || {}).textContent || null,
      verdict: (li.querySelector(".verdict") || {}).textContent || null,
    })),
  );
  report.status = await page.locator(".search-status").textContent();

  if (broad) {
    const box = page.getByRole("searchbox");
    await box.fill(broad);
    await page.waitForFunction((q) => {
      const s = document.querySelector(".search-status").textContent;
      return document.querySelectorAll(".search-results li").length > 0 && s && document.querySelector("#search-input").value === q;
    }, broad, { timeout: 10000 });
    await page.waitForTimeout(400);
    const b = {};
    b.before_more = await page.locator(".search-results li").count();
    b.status = await page.locator(".search-status").textContent();
    b.more_visible = await page.locator(".search-more").isVisible();
    if (b.more_visible) {
      await page.locator(".search-more").click();
      await page.waitForFunction((n) => document.querySelectorAll(".search-results li").length > n, b.before_more, { timeout: 10000 });
    }
    b.after_more = await page.locator(".search-results li").count();
    b.more_visible_after = await page.locator(".search-more").isVisible();
    b.first = await page.locator(".search-results li a").first().evaluate((a) => a.href);
    await box.focus();
    const start = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== start, { timeout: 10000 }), box.press("Enter")]);
    b.entered = page.url();
    report.broad = b;
  }

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
