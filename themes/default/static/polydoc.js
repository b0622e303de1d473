// polydoc: the theme toggle and the lazy loader of the token checker. Pages read fine without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "polydoc-theme";
  try {
    var saved = localStorage.getItem(KEY);
    if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be blocked; the system setting applies */ }

  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) return t === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function setupToggle() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    btn.hidden = false;
    btn.setAttribute("aria-pressed", String(isDark()));
    btn.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      btn.setAttribute("aria-pressed", String(next === "dark"));
      try { localStorage.setItem(KEY, next); } catch (e) { /* not saved: fine */ }
    });
  }

  // The checker widget loads only on pages that have one, when it comes into view or gets focus.
  function setupChecker() {
    var boxes = document.querySelectorAll(".token-checker[data-glue][data-wasm]");
    if (!boxes.length) return;
    var started = false;
    function load() {
      if (started) return;
      started = true;
      var box = boxes[0];
      import(box.getAttribute("data-glue"))
        .then(function (m) { return m.default({ module_or_path: box.getAttribute("data-wasm") }); })
        .catch(function (e) {
          started = false;
          boxes.forEach(function (b) { b.setAttribute("data-load-error", "true"); });
          if (window.console) console.error("token checker failed to load", e && e.message);
        });
    }
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { io.disconnect(); load(); }
      }, { rootMargin: "200px" });
      boxes.forEach(function (b) { io.observe(b); });
    } else {
      load();
    }
    boxes.forEach(function (b) {
      b.addEventListener("focusin", load, { once: true });
      b.addEventListener("pointerenter", load, { once: true });
    });
  }

  function ready() { setupToggle(); setupChecker(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
