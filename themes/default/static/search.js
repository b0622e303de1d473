// polydoc search: queries the build-time index of the reader's language (search/<lang>/), fetching only the
// shards of the typed words and the page files (sections' headings and leads) of the top results. Without scripts, the page list link stays.
(function () {
  "use strict";
  var box = document.querySelector(".site-search[data-index]");
  if (!box || !window.fetch) return;
  var base = box.getAttribute("data-index");
  var pageLang = box.getAttribute("data-lang");
  var MAX = 8;
  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path, { credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(s) {
    return s.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function hex(s) {
    return Array.from(new TextEncoder().encode(s)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  // The shard file of a folded word or stem: that of its longest prefix (two characters or more) that meta
  // lists; files are named by the hex of the prefix.
  function shardFor(w, meta) {
    if (!meta.set) meta.set = new Set(meta.shards);
    var chars = Array.from(w);
    for (var n = chars.length; n >= 2; n--) {
      var prefix = chars.slice(0, n).join("");
      if (meta.set.has(prefix)) return hex(prefix);
    }
    return null;
  }

  // Build the form in place of the page-list link.
  var fallback = box.querySelector(".search-fallback");
  var form = document.createElement("form");
  form.setAttribute("role", "search");
  form.className = "search-form";
  var id = "site-search-input";
  var label = document.createElement("label");
  label.className = "visually-hidden";
  label.htmlFor = id;
  label.textContent = box.getAttribute("data-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = id;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = box.getAttribute("data-placeholder");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "site-search-results");
  input.setAttribute("aria-autocomplete", "list");
  var list = document.createElement("ul");
  list.id = "site-search-results";
  list.className = "search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.getAttribute("data-label"));
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(list);
  form.appendChild(status);
  if (fallback) fallback.hidden = true;
  box.appendChild(form);

  var active = -1;
  var timer = null;
  var seq = 0;

  function setActive(i) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (el, n) { el.setAttribute("aria-selected", String(n === active)); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  // Postings of one query word (format 2, see crates/site/src/search.rs): its stem from the vocabulary (or
  // the word itself when it is a stem), else the longest indexed stem it starts with, else (while typing) stems
  // that start with it. Postings are flat [page delta, score, section] triples in page order; a page keeps the
  // section where the word weighs most.
  function lookup(word, meta) {
    var w = fold(word);
    if (Array.from(w).length < 2) return Promise.resolve(null);
    var shard = shardFor(w, meta);
    var none = { pages: {}, sections: {}, best: {}, stems: [] };
    if (!shard) return Promise.resolve(none);
    return get("t/" + shard + ".json").then(function (t) {
      var stems = [];
      var direct = t.w[w] || (Object.prototype.hasOwnProperty.call(t.s, w) ? w : "");
      if (direct) stems.push(direct);
      else {
        var best = "";
        Object.keys(t.s).forEach(function (s) {
          if (Array.from(s).length >= 3 && w.indexOf(s) === 0 && s.length > best.length) best = s;
        });
        if (best) stems.push(best);
        else Object.keys(t.s).forEach(function (s) { if (s.indexOf(w) === 0 && stems.length < 12) stems.push(s); });
      }
      // A word's stem may live in the shard of the stem.
      var stemShard = direct ? shardFor(direct, meta) : null;
      var other = stemShard && stemShard !== shard;
      return (other ? get("t/" + stemShard + ".json") : Promise.resolve(t)).then(function (st) {
        var found = { pages: {}, sections: {}, best: {}, stems: stems };
        stems.forEach(function (s) {
          var flat = (s === direct ? st : t).s[s] || [];
          for (var i = 0, p = 0; i + 2 < flat.length; i += 3) {
            p += flat[i];
            var score = flat[i + 1];
            found.pages[p] = (found.pages[p] || 0) + score;
            if (!(score <= (found.best[p] || 0))) { found.best[p] = score; found.sections[p] = flat[i + 2]; }
          }
        });
        return found;
      });
    });
  }

  // The text with the words that match a stem marked (leads are short: the build bounds them).
  function excerpt(text, stems) {
    var frag = document.createDocumentFragment();
    text.split(/([^\p{L}\p{N}]+)/u).forEach(function (part) {
      var f = fold(part);
      if (f && stems.some(function (s) { return f.indexOf(s) === 0; })) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        frag.appendChild(mark);
      } else if (part) {
        frag.appendChild(document.createTextNode(part));
      }
    });
    return frag;
  }

  function run(query) {
    var mine = ++seq;
    var ws = words(query);
    if (!ws.length) { list.textContent = ""; close(); return; }
    get("meta.json").then(function (meta) {
      return Promise.all(ws.map(function (w) { return lookup(w, meta); }));
    }).then(function (found) {
      found = found.filter(Boolean);
      var stems = [];
      var score = {};
      var section = {};
      var best = {};
      var all = null;
      found.forEach(function (f) {
        stems = stems.concat(f.stems);
        var ids = Object.keys(f.pages);
        all = all === null ? ids : all.filter(function (p) { return ids.indexOf(p) >= 0; });
        ids.forEach(function (p) {
          score[p] = (score[p] || 0) + f.pages[p];
          if (f.best[p] > (best[p] || 0)) { best[p] = f.best[p]; section[p] = f.sections[p]; }
        });
      });
      // Every word must match; if nothing does, rank pages matching any of them.
      var ids = all && all.length ? all : Object.keys(score);
      ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
      ids = ids.slice(0, MAX);
      return Promise.all(ids.map(function (p) { return get("p/" + p + ".json"); })).then(function (docs) {
        if (mine !== seq) return;
        render(docs.map(function (d, n) { return { d: d, s: d.s[section[ids[n]]] || ["", "", ""] }; }), stems);
      });
    }).catch(function () { /* offline or no index: the page list link still works */ });
  }

  // Each result: its page file `d` and the section `s` ([heading, anchor, lead]) it links to.
  function render(docs, stems) {
    list.textContent = "";
    active = -1;
    if (!docs.length) {
      var none = document.createElement("li");
      none.className = "search-empty";
      none.textContent = box.getAttribute("data-no-results");
      list.appendChild(none);
    }
    docs.forEach(function (r, n) {
      var d = r.d;
      var href = d.u + (r.s[1] ? "#" + r.s[1] : "");
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "site-search-result-" + n;
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = href;
      a.tabIndex = -1;
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = d.t;
      a.appendChild(title);
      if (r.s[0]) {
        var heading = document.createElement("span");
        heading.className = "search-section";
        heading.lang = d.l;
        heading.appendChild(excerpt(r.s[0], stems));
        a.appendChild(document.createTextNode(" "));
        a.appendChild(heading);
      }
      if (d.l !== pageLang) {
        var badge = document.createElement("span");
        badge.className = "badge search-lang";
        badge.lang = d.l;
        badge.textContent = d.n;
        a.appendChild(document.createTextNode(" "));
        a.appendChild(badge);
      }
      var ex = document.createElement("span");
      ex.className = "search-excerpt";
      ex.lang = d.l;
      ex.appendChild(excerpt(r.s[2], stems));
      a.appendChild(ex);
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = href; });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = docs.length ? String(docs.length) : box.getAttribute("data-no-results");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      var items = list.querySelectorAll("[role=option] a");
      var pick = items[active >= 0 ? active : 0];
      if (pick) location.href = pick.href;
    } else if (e.key === "Escape") { input.value = ""; list.textContent = ""; close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  input.addEventListener("focus", function () { if (list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  // "/" focuses the search box, as on many docs sites.
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement === document.body) { e.preventDefault(); input.focus(); }
  });
})();
