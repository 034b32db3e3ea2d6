// Screenshots of built pages for the README (docs/screenshots/), in headless Chromium.
//
// Usage: node screenshot.mjs OUTPUT_DIR DEST_DIR PREFIX PAGE[@SELECTOR]...
// Environment: BASE_PATH (default /dossier/), CHROMIUM (default /usr/bin/chromium),
// HEIGHT_390 / HEIGHT_1280 (how much of the page each capture shows; default 1600 / 1100).
//
// Serves OUTPUT_DIR, opens every PAGE (relative to OUTPUT_DIR, e.g. topics/x/index.html) at
// 390 and 1280 px in the light colour scheme and writes DEST_DIR/PREFIX-NAME-WIDTH.png, NAME
// being the page's folder name. With @SELECTOR the capture starts at that element (e.g. the
// first chart of a topic page) instead of the top of the page. Captures are viewport-sized
// strips, so the PNGs stay small (quantise them afterwards, e.g. with ImageMagick).
// Uses the system Chromium through playwright-core; never downloads a browser.

import path from "node:path";
import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const [outputDir, destDir, prefix, ...pages] = process.argv.slice(2);
if (!outputDir || !destDir || !prefix || pages.length === 0) {
  console.error("usage: node screenshot.mjs OUTPUT_DIR DEST_DIR PREFIX PAGE[@SELECTOR]...");
  process.exit(2);
}
const basePath = process.env.BASE_PATH || "/dossier/";
const heights = { 390: Number(process.env.HEIGHT_390 || 1600), 1280: Number(process.env.HEIGHT_1280 || 1100) };
const { server, origin } = await serveStatic(outputDir, basePath);
const browser = await launchChromium();
try {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: heights[width] }, colorScheme: "light" });
    for (const spec of pages) {
      const [relative, selector] = spec.split("@");
      await page.goto(origin + basePath + relative.replace(/index\.html$/, ""), { waitUntil: "load" });
      let top = 0;
      if (selector) {
        top = await page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY - 12);
      }
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      const height = Math.min(heights[width], full - top);
      const name = path.basename(path.dirname(relative));
      const file = path.join(destDir, `${prefix}-${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width, height } });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
