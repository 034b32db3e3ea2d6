// A static file server for built output, used by the publishing checks (axe.mjs, search.mjs):
// serves OUTPUT_DIR at BASE_PATH on 127.0.0.1 (a free port), folders as their index.html, and
// 404.html for anything missing, as a static host would.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Starts the server; resolves to { server, origin }. */
export async function serveStatic(outputDir, basePath) {
  const root = path.resolve(outputDir);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    let relative = decodeURIComponent(url.pathname);
    if (!relative.startsWith(basePath)) {
      response.writeHead(404).end();
      return;
    }
    relative = relative.slice(basePath.length);
    if (relative === "" || relative.endsWith("/")) relative += "index.html";
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(fs.readFileSync(path.join(root, "404.html")));
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    response.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
