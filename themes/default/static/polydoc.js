// polydoc: the theme toggle and the lazy loader of the token checker. Pages read fine without it.
(function () {
  "use strict";
  var root = document.documentElement;
  // Scripts run: the theme shows the checker's server-rendered form instead of its no-script text.
  root.classList.add("js");
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
  // Its form is in the page already (disabled until the wasm enables it). If the wasm fails to
  // load, or traps later (out of memory, a bug), each box shows its "the checker stopped" panel
  // with a reload button instead of a form stuck on "Checking…".
  function setupChecker() {
    var boxes = document.querySelectorAll(".token-checker[data-glue][data-wasm]");
    if (!boxes.length) return;
    var started = false;
    var glue = new URL(boxes[0].getAttribute("data-glue"), location.href).href;
    function stop() {
      boxes.forEach(function (b) {
        if (b.hasAttribute("data-stopped")) return;
        b.setAttribute("data-stopped", "true");
        var token = b.querySelector("input[type=password], #" + b.id + "-token");
        if (token) token.value = "";
        var panel = document.getElementById(b.id + "-stopped");
        if (panel) panel.hidden = false;
      });
    }
    function fromChecker(err, file) {
      return (window.WebAssembly && err instanceof WebAssembly.RuntimeError) || (file && file === glue);
    }
    window.addEventListener("error", function (e) { if (fromChecker(e.error, e.filename)) stop(); });
    window.addEventListener("unhandledrejection", function (e) { if (fromChecker(e.reason)) stop(); });
    boxes.forEach(function (b) {
      var retry = document.getElementById(b.id + "-retry");
      if (retry) retry.addEventListener("click", function () { location.reload(); });
    });
    function load() {
      if (started) return;
      started = true;
      import(glue)
        .then(function (m) { return m.default({ module_or_path: boxes[0].getAttribute("data-wasm") }); })
        .catch(function (e) {
          boxes.forEach(function (b) { b.setAttribute("data-load-error", "true"); });
          stop();
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
