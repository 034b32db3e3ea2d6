// Layout of topic pages (and the other reader-topic findings) in headless Chromium, run by
// tests/integration/reader_topic.rs.
//
// Usage: node topic_layout.mjs OUTPUT_DIR
// Environment: BASE_PATH (default /dossier/), CHROMIUM (default /usr/bin/chromium).
//
// Serves OUTPUT_DIR and opens, at 390 and 1280 px wide in the light and the dark colour scheme:
// - every topic page (topics/*/index.html): whether the page, a comparison table or a chart
//   runs wider than the window or out of its box, whether each table row's verdict badge lies
//   within the window and its table's box, the rendered length of every chart bar with its
//   value and unit (from `g.chart-marks[data-value]` in the visible SVG), the smallest chart
//   text;
// - on every topic page, the provenance graph (its box inside the window, its crossings from
//   `data-crossings`, whether it scrolls in its box, its smallest text) and the timelines shown
//   (their layout) with their key inside the window;
// - every Markdown page (folders with a .prose table): words of table cells broken across
//   lines, tables wider than the window;
// - the index: whether each source's outlet and date sit under its title.
// Then each topic page printed (print media): which chart layout shows, whether the page's
// address is printed, the break rules of charts, tables and measure headings.
// Prints one JSON object: { checked, problems: [text], bars: [{ page, width, scheme, unit,
// value, length, group }], graphs: [{ page, width, scheme, crossings, scrolls, smallest_text }],
// timelines: [{ page, width, scheme, shown: [class] }], smallest_chart_text: { "390": px, "1280": px }, print: [...] }.
// Uses the system Chromium through playwright-core; never downloads a browser.

import fs from "node:fs";
import path from "node:path";
import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static_server.mjs";

const [outputDir] = process.argv.slice(2);
if (!outputDir) {
  console.error("usage: node topic_layout.mjs OUTPUT_DIR");
  process.exit(2);
}
const basePath = process.env.BASE_PATH || "/dossier/";
const topics = fs
  .readdirSync(path.join(outputDir, "topics"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `topics/${entry.name}/`);
const proses = fs
  .readdirSync(outputDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `${entry.name}/`)
  .filter((dir) => {
    const file = path.join(outputDir, dir, "index.html");
    return fs.existsSync(file) && /class="prose"[\s\S]*<table/.test(fs.readFileSync(file, "utf8"));
  });

const { server, origin } = await serveStatic(outputDir, basePath);
const browser = await launchChromium();
const report = { checked: [], problems: [], bars: [], graphs: [], timelines: [], smallest_chart_text: {}, print: [] };

/** Runs in the page: the topic page's layout facts. */
function topicFacts() {
  const problems = [];
  const width = window.innerWidth;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`page is ${root.scrollWidth} px wide in ${root.clientWidth}`);
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  for (const table of document.querySelectorAll("table.comparison")) {
    const box = table.closest(".table-scroll");
    const caption = table.querySelector("caption")?.textContent.trim();
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`table "${caption}" scrolls sideways (${box.scrollWidth} in ${box.clientWidth})`);
    if (table.getBoundingClientRect().right > width + 0.5) problems.push(`table "${caption}" runs out of the window`);
    const limit = Math.min(width, box.getBoundingClientRect().right);
    table.querySelectorAll("tbody tr").forEach((row, i) => {
      const badges = [...row.querySelectorAll(".verdict")];
      if (badges.length === 0) problems.push(`table "${caption}" row ${i + 1}: no verdict`);
      for (const badge of badges) {
        const r = badge.getBoundingClientRect();
        if (!visible(badge) || r.width === 0 || r.left < -0.5 || r.right > limit + 0.5) {
          problems.push(`table "${caption}" row ${i + 1}: verdict at ${Math.round(r.left)}–${Math.round(r.right)} px, outside 0–${Math.round(limit)}`);
        }
      }
    });
  }
  const bars = [];
  let smallest = Infinity;
  const charts = [...document.querySelectorAll("svg.chart")].filter(visible);
  if (document.querySelectorAll("figure.chart-figure").length !== charts.length) {
    problems.push(`${charts.length} charts visible for ${document.querySelectorAll("figure.chart-figure").length} figures`);
  }
  for (const svg of charts) {
    const r = svg.getBoundingClientRect();
    if (r.right > width + 0.5 || r.left < -0.5) problems.push(`chart "${svg.querySelector("title").textContent}" runs out of the window`);
    const figure = svg.closest("figure");
    if (figure.scrollWidth > figure.clientWidth + 1) problems.push(`chart "${svg.querySelector("title").textContent}" overflows its figure`);
    // The rendered font size: the SVG's font size times its scale on screen.
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll("text")) smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    for (const marks of svg.querySelectorAll("g.chart-marks")) {
      const row = marks.closest(".chart-row");
      let group = null;
      for (let e = row.previousElementSibling; e; e = e.previousElementSibling) {
        if (e.matches("text.chart-group")) {
          group = e.textContent;
          for (let p = e.previousElementSibling; p && p.matches("text.chart-group"); p = p.previousElementSibling) group = `${p.textContent} ${group}`;
          break;
        }
      }
      bars.push({
        chart: svg.querySelector("title").textContent,
        unit: svg.dataset.unit,
        value: Number(marks.dataset.value),
        length: marks.getBoundingClientRect().width,
        label: row.querySelector(".chart-label")?.textContent ?? "",
        group,
      });
    }
  }
  // The provenance graph keeps its size and scrolls in its own box; the box stays in the window.
  const graphs = [];
  for (const wrap of document.querySelectorAll(".graph-wrap")) {
    const svg = wrap.querySelector("svg.provenance-graph");
    if (wrap.getBoundingClientRect().right > width + 0.5) problems.push("the provenance graph's box runs out of the window");
    const scale = svg.getScreenCTM().a;
    let text = Infinity;
    for (const t of svg.querySelectorAll("text")) text = Math.min(text, parseFloat(getComputedStyle(t).fontSize) * scale);
    graphs.push({ crossings: Number(svg.dataset.crossings), scrolls: wrap.scrollWidth > wrap.clientWidth + 1, smallest_text: text });
  }
  // Timelines: the layout shown, and their key (text) inside the window.
  const timelines = [...document.querySelectorAll("svg.timeline")].filter(visible).map((svg) => svg.getAttribute("class"));
  for (const key of document.querySelectorAll(".timeline-key")) {
    if (key.getBoundingClientRect().right > width + 0.5) problems.push("a timeline's key runs out of the window");
  }
  return { problems, bars, graphs, timelines, smallest: charts.length ? smallest : null };
}

/** Runs in the page: words of Markdown table cells broken across lines; wide tables. */
function proseFacts() {
  const problems = [];
  for (const cell of document.querySelectorAll(".prose td, .prose th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\s\u2013\u2014/-]+/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`word "${match[0]}" broken over ${tops.size} lines`);
      }
    }
  }
  // A table wider than the column scrolls in its own box; the box stays in the window.
  for (const table of document.querySelectorAll(".prose table")) {
    const box = table.closest(".table-scroll");
    if (!box) problems.push("a Markdown table without its scroll box");
    else if (box.getBoundingClientRect().right > window.innerWidth + 0.5) problems.push("a Markdown table's box runs out of the window");
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`page is ${root.scrollWidth} px wide in ${root.clientWidth}`);
  return problems;
}

/** Runs in the page: sources whose outlet and date are not under their title. */
function sourceListFacts() {
  return [...document.querySelectorAll(".source-list > li")]
    .filter((li) => {
      const title = li.querySelector(".entry-title").getBoundingClientRect();
      const meta = li.querySelector(".entry-meta").getBoundingClientRect();
      return meta.top < title.bottom - 1;
    })
    .map((li) => `source "${li.querySelector(".entry-title").textContent}": outlet and date beside the title`);
}

/** Runs in the page under print media. */
function printFacts() {
  const style = (selector, property) => {
    const e = document.querySelector(selector);
    return e ? getComputedStyle(e)[property] : null;
  };
  const url = document.querySelector(".print-url");
  return {
    wide_chart: style(".chart-wide", "display"),
    narrow_chart: style(".chart-narrow", "display"),
    chart_break: style(".chart-figure", "breakInside"),
    table_break: style(".table-scroll", "breakInside"),
    measure_head_break: style(".measure-head", "breakInside"),
    heading_break: style(".measure h2", "breakAfter"),
    header_group: style("table.comparison thead", "display"),
    url: url && getComputedStyle(url).display !== "none" ? url.textContent.trim() : null,
  };
}

try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      const where = `${width} px, ${scheme}`;
      for (const relative of topics) {
        await page.goto(origin + basePath + relative, { waitUntil: "load" });
        const facts = await page.evaluate(topicFacts);
        report.checked.push({ page: relative, width, scheme });
        report.problems.push(...facts.problems.map((p) => `${relative} (${where}): ${p}`));
        for (const bar of facts.bars) report.bars.push({ page: relative, width, scheme, ...bar });
        for (const graph of facts.graphs) report.graphs.push({ page: relative, width, scheme, ...graph });
        report.timelines.push({ page: relative, width, scheme, shown: facts.timelines });
        if (facts.smallest !== null) {
          report.smallest_chart_text[width] = Math.min(report.smallest_chart_text[width] ?? Infinity, facts.smallest);
        }
      }
      for (const relative of proses) {
        await page.goto(origin + basePath + relative, { waitUntil: "load" });
        report.checked.push({ page: relative, width, scheme });
        report.problems.push(...(await page.evaluate(proseFacts)).map((p) => `${relative} (${where}): ${p}`));
      }
      await page.goto(origin + basePath, { waitUntil: "load" });
      report.checked.push({ page: "index.html", width, scheme });
      report.problems.push(...(await page.evaluate(sourceListFacts)).map((p) => `index (${where}): ${p}`));
      await context.close();
    }
  }
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  for (const relative of topics) {
    await page.goto(origin + basePath + relative, { waitUntil: "load" });
    report.print.push({ page: relative, ...(await page.evaluate(printFacts)) });
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report));
