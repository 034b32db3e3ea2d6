// Live reload for `dossier serve`: injected into every HTML page at serve time, never into the
// output of `dossier build`. Connects to the server by WebSocket; reloads the page when a rebuild
// changed it (keeping the scroll position), shows build errors in an overlay until the next good
// build, and reconnects when the server restarts. Every text from the server is set with
// textContent, never parsed as HTML.
(() => {
  "use strict";
  const stateElement = document.getElementById("dossier-live-state");
  let state = { session: "", version: 0, watch: [], errors: null, text: null };
  try {
    state = Object.assign(state, JSON.parse(stateElement ? stateElement.textContent : "{}"));
  } catch (_) {
    // A page without a readable state still reloads on every change.
  }
  // The overlay's words, in the dossier's language as the server sends them (`{n}`: the count).
  let text = Object.assign(
    {
      errors_one: "Build failed: {n} error",
      errors_other: "Build failed: {n} errors",
      hint: "The page shows the last good build. It reloads when the errors are fixed.",
      error: "error",
      warning: "warning",
      help: "help",
      close: "Close",
      not_shown: "{n} more not shown: `dossier check` lists every one.",
    },
    state.text || {},
  );
  function setText(words) {
    if (words && typeof words === "object") text = Object.assign(text, words);
  }
  const scrollKey = "dossier-scroll:" + location.pathname;

  // Restore the scroll position saved before a reload.
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    let position = null;
    try {
      position = JSON.parse(saved);
    } catch (_) {
      position = null;
    }
    if (position && typeof position.y === "number") {
      const restore = () => window.scrollTo(position.x || 0, position.y);
      if (document.readyState === "complete") {
        restore();
      } else {
        document.addEventListener("DOMContentLoaded", restore);
        window.addEventListener("load", restore);
      }
    }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    location.reload();
  }

  // The error overlay, in a shadow root so that the site's styles do not reach it.
  const overlayId = "dossier-error-overlay";

  function hideErrors() {
    const host = document.getElementById(overlayId);
    if (host) host.remove();
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // `problems`: a message or the page's state, with `errors` (errors first, then warnings; the
  // list may be cut short), `error_count` and `not_shown`.
  function showErrors(problems) {
    const errors = problems.errors || [];
    hideErrors();
    const host = element("div");
    host.id = overlayId;
    host.setAttribute("role", "alert");
    const root = host.attachShadow({ mode: "open" });
    const style = element("style");
    style.textContent = [
      ":host { all: initial; }",
      ".backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto; background: rgba(20, 20, 24, 0.92);",
      "  color: #f4f4f5; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: 2rem; }",
      ".panel { max-width: 60rem; margin: 0 auto; }",
      "h2 { font: 600 1.25rem/1.3 system-ui, sans-serif; color: #fca5a5; margin: 0 0 1rem; }",
      ".hint { font-family: system-ui, sans-serif; color: #d4d4d8; margin: 0 0 1.5rem; }",
      ".diagnostic { border-left: 4px solid #ef4444; background: #27272a; padding: 0.75rem 1rem; margin: 0 0 1rem; }",
      ".diagnostic.warning { border-left-color: #eab308; }",
      ".location { color: #93c5fd; font-weight: 600; }",
      ".message { white-space: pre-wrap; margin: 0.25rem 0; }",
      ".code { white-space: pre; overflow-x: auto; color: #e4e4e7; margin: 0.5rem 0; }",
      ".help { color: #86efac; white-space: pre-wrap; }",
      "button { position: absolute; top: 1rem; right: 1rem; font: inherit; background: #3f3f46; color: #fafafa;",
      "  border: 0; padding: 0.25rem 0.75rem; cursor: pointer; }",
    ].join("\n");
    root.appendChild(style);
    const backdrop = element("div", "backdrop");
    const panel = element("div", "panel");
    const errorCount =
      typeof problems.error_count === "number" ? problems.error_count : errors.filter((e) => e.severity === "error").length;
    const heading = (errorCount === 1 ? text.errors_one : text.errors_other).replace("{n}", String(errorCount));
    panel.appendChild(element("h2", null, heading));
    panel.appendChild(element("p", "hint", text.hint));
    for (const diagnostic of errors) {
      const block = element("div", "diagnostic " + diagnostic.severity);
      block.appendChild(element("div", "location", diagnostic.location));
      const label = diagnostic.severity === "warning" ? text.warning : text.error;
      block.appendChild(element("div", "message", label + ": " + diagnostic.message));
      if (diagnostic.line_text !== null && diagnostic.line_text !== undefined && diagnostic.line) {
        const gutter = String(diagnostic.line);
        // `marker`: the column within `line_text`, a window of a long line.
        const marker = " ".repeat(Math.max(0, diagnostic.marker ?? (diagnostic.column || 1) - 1)) + "^";
        const code = gutter + " | " + diagnostic.line_text + "\n" + " ".repeat(gutter.length) + " | " + marker;
        block.appendChild(element("div", "code", code));
      }
      if (diagnostic.help) block.appendChild(element("div", "help", text.help + ": " + diagnostic.help));
      panel.appendChild(block);
    }
    if (problems.not_shown > 0) panel.appendChild(element("p", "hint", text.not_shown.replace("{n}", String(problems.not_shown))));
    const close = element("button", null, "×");
    close.setAttribute("aria-label", text.close);
    close.addEventListener("click", hideErrors);
    backdrop.appendChild(close);
    backdrop.appendChild(panel);
    root.appendChild(backdrop);
    (document.body || document.documentElement).appendChild(host);
  }

  // Assets a page may use; data files (exports, the search index) do not reload pages.
  const assetPattern = /\.(css|js|mjs|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf)$/i;

  function affectsThisPage(changed) {
    if (!Array.isArray(changed)) return true;
    return changed.some((path) => state.watch.includes(path) || assetPattern.test(path));
  }

  function onMessage(message) {
    setText(message.text);
    if (message.type === "hello") {
      if (message.session !== state.session || message.version !== state.version) {
        reload();
      } else if (message.errors) {
        showErrors(message);
      } else {
        hideErrors();
      }
    } else if (message.type === "errors") {
      showErrors(message);
    } else if (message.type === "reload") {
      if (message.from !== state.version || affectsThisPage(message.changed)) {
        reload();
      } else {
        state.version = message.version;
        hideErrors();
      }
    } else if (message.type === "ok") {
      hideErrors();
    }
  }

  if (state.errors) {
    if (document.body) showErrors(state);
    else document.addEventListener("DOMContentLoaded", () => showErrors(state));
  }

  let retryDelay = 200;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    let socket;
    try {
      socket = new WebSocket(scheme + location.host + "/__dossier/ws");
    } catch (_) {
      setTimeout(connect, retryDelay);
      return;
    }
    socket.addEventListener("open", () => {
      retryDelay = 200;
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      onMessage(message);
    });
    socket.addEventListener("close", () => {
      // The server stopped or restarted: try again, more slowly each time, up to every 2 s.
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 2000);
    });
  }
  connect();
})();
