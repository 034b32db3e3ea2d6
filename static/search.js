// dossier search: a progressive enhancement. The search box in the page header is hidden until
// this script shows it; without JavaScript the navigation's lists lead to everything.
//
// Reads the static index the build writes under search/ (see src/render/search.rs): meta.json
// (which term shards exist), terms/HEX.json (term -> document numbers, split by the first two
// characters of the term) and docs/N.json (title, kind, URL of each document). Words are folded
// exactly as the index folds them. A result has, for every query word, a term starting with it.
(function () {
  "use strict";
  var box = document.querySelector("[data-search-root]");
  if (!box || !window.fetch || !window.Promise) return;
  var root = box.getAttribute("data-search-root");
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var list = box.querySelector("ol");
  var LIMIT = 20;
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

  function matches(meta, word) {
    var shard = hex(Array.from(word).slice(0, meta.prefix_chars).join(""));
    if (meta.shards.indexOf(shard) < 0) return Promise.resolve(new Set());
    return load("terms/" + shard + ".json").then(function (terms) {
      var found = new Set();
      Object.keys(terms || {}).forEach(function (term) {
        if (term.startsWith(word)) terms[term].forEach(function (d) { found.add(d); });
      });
      return found;
    });
  }

  var latest = 0;
  function search() {
    var query = input.value, run = ++latest;
    load("meta.json").then(function (meta) {
      if (!meta) throw new Error("no index");
      var words = fold(query).filter(function (w) {
        return Array.from(w).length >= 2 && meta.stop_words.indexOf(w) < 0;
      });
      if (!words.length) {
        if (run !== latest) return;
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      return Promise.all(words.map(function (w) { return matches(meta, w); })).then(function (sets) {
        var hits = Array.from(sets[0]).filter(function (d) {
          return sets.every(function (s) { return s.has(d); });
        }).sort(function (a, b) { return a - b; });
        var shown = hits.slice(0, LIMIT);
        return Promise.all(shown.map(function (d) {
          return load("docs/" + Math.floor(d / meta.docs_per_shard) + ".json").then(function (docs) {
            return docs[d % meta.docs_per_shard];
          });
        })).then(function (docs) {
          if (run !== latest) return;
          list.replaceChildren.apply(list, docs.map(function (doc) {
            var item = document.createElement("li"), link = document.createElement("a"), kind = document.createElement("span");
            link.href = root + doc[2];
            link.textContent = doc[0];
            kind.className = "search-kind";
            kind.textContent = doc[1];
            item.append(link, " ", kind);
            return item;
          }));
          status.textContent = box.getAttribute(hits.length === 1 ? "data-one" : "data-other")
            .replace("{n}", String(hits.length));
        });
      });
    }).catch(function () {
      if (run === latest) status.textContent = box.getAttribute("data-unavailable");
    });
  }

  box.hidden = false;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
})();
