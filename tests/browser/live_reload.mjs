// Live reload in a real browser, run by tests/serve.rs against a running `dossier serve --watch`.
//
// Environment: DOSSIER_URL (a claim page), DOSSIER_SOURCE_FILE (the YAML that holds the claim),
// DOSSIER_OLD_TEXT (the claim's statement), CHROMIUM (the browser; default /usr/bin/chromium).
// Uses the system Chromium through playwright-core; never downloads a browser.
//
// 1. Opens the page and scrolls down; edits the statement on disk; waits, with no user action,
//    for the new text and for the scroll position to come back. Prints the save-to-reload time.
// 2. Breaks the YAML (an unknown topic whose name is an HTML tag); waits for the overlay; checks
//    it shows file:line:column and the message as text (no element injected, no script run).
// 3. Fixes the YAML; waits for the overlay to go and the fixed text to show.
// Prints "live reload ok" on success; exits non-zero on failure.

import fs from "node:fs";
import { launchChromium } from "./chromium.mjs";

const url = process.env.DOSSIER_URL;
const file = process.env.DOSSIER_SOURCE_FILE;
const oldText = process.env.DOSSIER_OLD_TEXT;
if (!url || !file || !oldText) {
  console.error("DOSSIER_URL, DOSSIER_SOURCE_FILE and DOSSIER_OLD_TEXT must be set");
  process.exit(2);
}
const TIMEOUT = 20000;

const browser = await launchChromium();

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  const page = await browser.newPage({ viewport: { width: 640, height: 240 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));

  // When the server's messages arrive (to tell the server's part of the latency from the browser's).
  let reloadMessageAt = null;
  page.on("websocket", (socket) =>
    socket.on("framereceived", (frame) => {
      if (reloadMessageAt === null && String(frame.payload).includes('"type":"reload"')) reloadMessageAt = performance.now();
    }),
  );

  // Open the page and wait until its live connection said hello.
  const connected = page.waitForEvent("websocket", { timeout: TIMEOUT }).then((socket) =>
    socket.waitForEvent("framereceived", { timeout: TIMEOUT }),
  );
  await page.goto(url);
  await connected;

  const maxScroll = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert(maxScroll > 20, `the page is too short to scroll (${maxScroll} px)`);
  const scrollTo = Math.floor(Math.min(300, maxScroll));
  await page.evaluate((y) => window.scrollTo(0, y), scrollTo);
  await page
    .waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, scrollTo, { timeout: 5000 })
    .catch(async () => {
      const at = await page.evaluate(() => [window.scrollY, document.documentElement.scrollHeight, window.innerHeight]);
      throw new Error(`cannot scroll to ${scrollTo} (max ${maxScroll}): scrollY, scrollHeight, innerHeight = ${at}`);
    });

  // 1. An edit on disk appears by itself.
  const original = fs.readFileSync(file, "utf8");
  assert(original.includes(oldText), "the statement is not in the file");
  const newText = `Edited while the browser watched ${Date.now()}`;
  const edited = original.replace(oldText, newText);
  const reloaded = page.waitForEvent("load", { timeout: TIMEOUT });
  const savedAt = performance.now();
  fs.writeFileSync(file, edited);
  await reloaded;
  await page.waitForFunction((text) => document.body && document.body.innerText.includes(text), newText, { timeout: TIMEOUT });
  const latency = performance.now() - savedAt;
  // Restored, not reset to the top; the browser's scroll anchoring may shift it by as much as
  // the edited text above it grew.
  await page.waitForFunction((y) => window.scrollY > 0 && Math.abs(window.scrollY - y) <= 60, scrollTo, { timeout: TIMEOUT }).catch(async () => {
    const at = await page.evaluate(() => [window.scrollY, document.documentElement.scrollHeight, window.innerHeight]);
    throw new Error(`scroll position not restored to ${scrollTo}: scrollY, scrollHeight, innerHeight = ${at}`);
  });
  const scrolled = await page.evaluate(() => window.scrollY);
  const serverPart = reloadMessageAt === null ? "?" : (reloadMessageAt - savedAt).toFixed(0);
  console.log(
    `save to reloaded page: ${latency.toFixed(0)} ms (reload message after ${serverPart} ms); scroll position ${scrolled} px (was ${scrollTo} px)`,
  );

  // 2. A broken file shows the overlay, as text.
  const hostile = '"<img src=x onerror=window.__pwned=1>"';
  const broken = edited.replace(/topic: [a-z0-9-]+/, `topic: ${hostile}`);
  assert(broken !== edited, "no topic line to break");
  fs.writeFileSync(file, broken);
  const overlay = page.locator("#dossier-error-overlay");
  await overlay.waitFor({ state: "attached", timeout: TIMEOUT });
  const location = await page.locator("#dossier-error-overlay .location").first().textContent();
  assert(/content\/sources\/[^:]+\.yaml:\d+:\d+$/.test(location), `overlay location: ${location}`);
  // The error comes first, before any warning of other files.
  assert(file.endsWith("/" + location.split(":")[0]), `the overlay's first problem is in ${location}, not in the broken file`);
  const heading = await page.locator("#dossier-error-overlay h2").textContent();
  assert(/\b1\b/.test(heading), `overlay heading: ${heading}`);
  const overlayText = await page.locator("#dossier-error-overlay .panel").innerText();
  assert(overlayText.includes("<img src=x onerror=window.__pwned=1>"), `overlay shows the message as text: ${overlayText}`);
  const injected = await page.evaluate(() => {
    const host = document.getElementById("dossier-error-overlay");
    return host.shadowRoot.querySelectorAll("img").length + (window.__pwned ? 100 : 0);
  });
  assert(injected === 0, "the overlay created elements from the message or ran its script");
  assert((await page.evaluate(() => document.body.innerText)).includes(newText), "the last good page stays");
  console.log(`overlay shows ${location}`);

  // A page opened while the build is broken shows the overlay too.
  const second = await browser.newPage();
  await second.goto(url);
  await second.locator("#dossier-error-overlay").waitFor({ state: "attached", timeout: TIMEOUT });
  await second.close();

  // 3. The fix removes it.
  const fixedText = `${newText} and fixed`;
  fs.writeFileSync(file, original.replace(oldText, fixedText));
  await page.waitForFunction((text) => document.body.innerText.includes(text), fixedText, { timeout: TIMEOUT });
  await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
  console.log("live reload ok");
} catch (error) {
  console.error(error && error.stack ? error.stack : String(error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
