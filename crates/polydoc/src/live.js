// polydoc serve: reload the page after each successful build; show the build's errors over the page until fixed.
// Served and injected only by `polydoc serve`, never part of a built site.
(function () {
  "use strict";
  var shown = null;
  var seen = null;
  function css() {
    if (document.getElementById("polydoc-live-css")) return;
    var link = document.createElement("link");
    link.id = "polydoc-live-css";
    link.rel = "stylesheet";
    link.href = "/__polydoc/live.css";
    document.head.appendChild(link);
  }
  function showErrors(text) {
    css();
    if (!shown) {
      shown = document.createElement("div");
      shown.id = "polydoc-build-error";
      shown.setAttribute("role", "alert");
      var h = document.createElement("p");
      h.className = "polydoc-build-error-title";
      h.textContent = "polydoc: the last build failed; this page shows the previous build until it is fixed.";
      var pre = document.createElement("pre");
      shown.appendChild(h);
      shown.appendChild(pre);
      document.body.appendChild(shown);
    }
    shown.querySelector("pre").textContent = text;
  }
  function apply(state) {
    if (seen === null) {
      seen = state.version;
      if (!state.ok) showErrors(state.errors);
      return;
    }
    if (state.version === seen) return;
    seen = state.version;
    if (state.ok) location.reload();
    else showErrors(state.errors);
  }
  fetch("/__polydoc/state", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (state) {
      apply(state);
      var es = new EventSource("/__polydoc/events");
      es.onopen = function () { document.documentElement.setAttribute("data-polydoc-live", "connected"); };
      es.addEventListener("build", function (e) { apply(JSON.parse(e.data)); });
    })
    .catch(function () { /* the server stopped */ });
})();
