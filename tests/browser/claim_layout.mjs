// The top of every claim page in a real browser, run by tests/integration/reader_claim.rs.
//
// Usage: node claim_layout.mjs OUTPUT_DIR
// Environment: BASE_PATH (default /dossier/), CHROMIUM (default /usr/bin/chromium).
//
// Serves OUTPUT_DIR and opens every claims/ID/index.html at 390 × 844 and 1280 × 800 px, in the
// light and the dark colour scheme. On each it measures the verdict badge, the conclusion and
// the review date: each must be present, visible and inside the first viewport (its bottom
// above the fold, nothing cut off sideways), and the page must not scroll sideways. Prints one
// JSON object: { "checked": n, "failures": [{ page, width, scheme, problem }] }.
// Uses the system Chromium through playwright-core; never downloads a browser.

import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const [outputDir] = process.argv.slice(2);
if (!outputDir) {
  console.error("usage: node claim_layout.mjs OUTPUT_DIR");
  process.exit(2);
}
const basePath = process.env.BASE_PATH || "/dossier/";
const claims = readdirSync(join(outputDir, "claims"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(outputDir, "claims", entry.name, "index.html")))
  .map((entry) => entry.name)
  .filter((name) => name !== "page")
  .sort();
const viewports = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const parts = [
  ["verdict", ".claim-header .verdict-line .verdict"],
  ["conclusion", ".claim-header .conclusion"],
  ["review date", ".claim-header .reviewed-line time"],
];
const { server, origin } = await serveStatic(outputDir, basePath);
const browser = await launchChromium();
const report = { checked: 0, failures: [] };
try {
  for (const viewport of viewports) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme });
      const page = await context.newPage();
      for (const id of claims) {
        await page.goto(`${origin}${basePath}claims/${id}/`, { waitUntil: "load" });
        const measured = await page.evaluate((parts) => {
          const found = {};
          for (const [name, css] of parts) {
            const element = document.querySelector(css);
            if (!element) {
              found[name] = null;
              continue;
            }
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            found[name] = {
              top: box.top,
              bottom: box.bottom,
              left: box.left,
              right: box.right,
              visible: box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none",
            };
          }
          return { found, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth };
        }, parts);
        report.checked += 1;
        const fail = (problem) => report.failures.push({ page: id, width: viewport.width, scheme, problem });
        for (const [name] of parts) {
          const box = measured.found[name];
          if (!box) fail(`no ${name}`);
          else if (!box.visible) fail(`${name} is not visible`);
          else if (box.bottom > viewport.height) fail(`${name} ends at ${Math.round(box.bottom)} px, below the first viewport (${viewport.height} px)`);
          else if (box.left < 0 || box.right > viewport.width) fail(`${name} is cut off sideways`);
        }
        if (measured.scrollWidth > measured.innerWidth) {
          fail(`the page scrolls sideways (${measured.scrollWidth} px > ${measured.innerWidth} px)`);
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report));
