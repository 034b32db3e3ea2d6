// dossier search: a progressive enhancement. The search box in the page header keeps its place
// (hidden, not collapsed) until this script shows it, so nothing moves; without JavaScript a
// <noscript> style collapses it and the navigation's lists lead to everything.
//
// Reads the static index the build writes under search/ (see src/render/search.rs): meta.json
// (which term shards exist, the verdicts, the number of documents of each kind),
// terms/HEX.json (term -> document numbers, a title word's written as -1 - number, split by the
// first two characters of the term) and docs/N.json (title, kind, URL and a claim's verdict).
// Words are folded exactly as the index folds them. A result has, for every query word, a term
// starting with it; results are ranked: title words above body words, whole words above
// prefixes, then topics, origins, claims, sources. The first 20 are shown, "more" shows 20 more;
// Enter opens the first result.
(function () {
  "use strict";
  var box = document.querySelector("[data-search-root]");
  if (!box || !window.fetch || !window.Promise) return;
  var root = box.getAttribute("data-search-root");
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var list = box.querySelector("ol");
  var PAGE = 20;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  more.hidden = true;
  more.textContent = box.getAttribute("data-more") || "More";
  list.after(more);
  var FOLD = { "ä": "a", "á": "a", "à": "a", "â": "a", "ã": "a", "å": "a", "ö": "o", "ó": "o", "ò": "o",
    "ô": "o", "õ": "o", "ø": "o", "ü": "u", "ú": "u", "ù": "u", "û": "u", "é": "e", "è": "e", "ê": "e",
    "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ç": "c", "č": "c", "ñ": "n", "š": "s", "ž": "z",
    "ß": "ss" };
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var DIGIT = /[0-9]/;
  var SEPARATOR = /[.,'\u00a0\u202f]/;

  function fold(text) {
    var chars = Array.from(text), words = [], word = "";
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (WORD.test(c)) {
        var lower = c.toLowerCase();
        word += FOLD[lower] !== undefined ? FOLD[lower] : lower;
      } else if (SEPARATOR.test(c) && i > 0 && DIGIT.test(chars[i - 1]) && DIGIT.test(chars[i + 1] || "")) {
        // a thousands separator: the number stays one word
      } else if (word) {
        words.push(word);
        word = "";
      }
    }
    if (word) words.push(word);
    return words;
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + "search/" + path)
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[path];
  }

  // Per document that has a term starting with `word`: the best weight of such a term (a title
  // word 2, another 1; a whole word 1 more).
  function matches(meta, word) {
    var shard = hex(Array.from(word).slice(0, meta.prefix_chars).join(""));
    if (meta.shards.indexOf(shard) < 0) return Promise.resolve(new Map());
    return load("terms/" + shard + ".json").then(function (terms) {
      var found = new Map();
      Object.keys(terms || {}).forEach(function (term) {
        if (!term.startsWith(word)) return;
        var whole = term === word ? 1 : 0;
        terms[term].forEach(function (d) {
          var doc = d < 0 ? -1 - d : d, weight = (d < 0 ? 2 : 1) + whole;
          if (!(found.get(doc) >= weight)) found.set(doc, weight);
        });
      });
      return found;
    });
  }

  // Topics first on a tie, then origins, claims, sources.
  function kindOrder(meta, doc) {
    var k = meta.kinds, claims = k[0], sources = claims + k[1], topics = sources + k[2];
    if (doc < claims) return 2;
    if (doc < sources) return 3;
    if (doc < topics) return 0;
    return 1;
  }

  function render(meta, doc) {
    var item = document.createElement("li"), link = document.createElement("a"), kind = document.createElement("span");
    link.href = root + doc[2];
    link.textContent = doc[0];
    kind.className = "search-kind";
    kind.textContent = doc[1];
    item.append(link, " ", kind);
    var verdict = doc.length > 3 ? meta.verdicts[doc[3]] : null;
    if (verdict) {
      var badge = document.createElement("span");
      badge.className = "verdict search-verdict verdict-" + verdict[1];
      badge.setAttribute("data-rank", String(doc[3] + 1));
      badge.setAttribute("data-tone", String(verdict[2]));
      badge.textContent = verdict[0];
      item.append(" ", badge);
    }
    return item;
  }

  var latest = 0, ranked = [], shown = 0, current = null;

  function showMore() {
    var run = latest, meta = current, from = shown, next = ranked.slice(from, from + PAGE);
    return Promise.all(next.map(function (d) {
      return load("docs/" + Math.floor(d / meta.docs_per_shard) + ".json").then(function (docs) {
        return docs[d % meta.docs_per_shard];
      });
    })).then(function (docs) {
      if (run !== latest) return;
      list.append.apply(list, docs.map(function (doc) { return render(meta, doc); }));
      shown = from + docs.length;
      more.hidden = shown >= ranked.length;
      var count = box.getAttribute(ranked.length === 1 ? "data-one" : "data-other").replace("{n}", String(ranked.length));
      status.textContent = ranked.length > shown
        ? count + " (" + box.getAttribute("data-shown").replace("{n}", String(shown)) + ")"
        : count;
      if (from > 0 && list.children[from]) list.children[from].querySelector("a").focus();
    });
  }

  // Runs the query; resolves to the first result's address, if any.
  function search() {
    var query = input.value, run = ++latest;
    return load("meta.json").then(function (meta) {
      if (!meta) throw new Error("no index");
      var words = fold(query).filter(function (w) {
        return Array.from(w).length >= 2 && meta.stop_words.indexOf(w) < 0;
      });
      if (!words.length) {
        if (run !== latest) return null;
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "";
        ranked = [];
        return null;
      }
      return Promise.all(words.map(function (w) { return matches(meta, w); })).then(function (maps) {
        if (run !== latest) return null;
        var score = new Map();
        maps[0].forEach(function (weight, d) {
          var total = 0;
          for (var i = 0; i < maps.length; i++) {
            var w = maps[i].get(d);
            if (w === undefined) return;
            total += w;
          }
          score.set(d, total);
        });
        ranked = Array.from(score.keys()).sort(function (a, b) {
          return score.get(b) - score.get(a) || kindOrder(meta, a) - kindOrder(meta, b) || a - b;
        });
        current = meta;
        shown = 0;
        list.replaceChildren();
        return showMore().then(function () {
          var first = list.querySelector("a");
          return run === latest && first ? first.href : null;
        });
      });
    }).catch(function () {
      if (run === latest) status.textContent = box.getAttribute("data-unavailable");
      return null;
    });
  }

  box.hidden = false;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  more.addEventListener("click", function () { showMore(); });
  // Enter opens the first result (searching first if the typed query has not run yet).
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search().then(function (href) {
      if (href) window.location.href = href;
    });
  });
})();
