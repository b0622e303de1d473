// polydoc: on the site root, send the browser to its preferred language. Without scripts the page lists the languages.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll(".language-list a[hreflang]"));
  if (!links.length) return;
  var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  function find(code) {
    code = String(code || "").toLowerCase();
    if (!code) return null;
    var exact = links.filter(function (a) { return a.hreflang.toLowerCase() === code; })[0];
    if (exact) return exact;
    var primary = code.split("-")[0];
    return links.filter(function (a) { return a.hreflang.toLowerCase().split("-")[0] === primary; })[0] || null;
  }
  for (var i = 0; i < wanted.length; i++) {
    var hit = find(wanted[i]);
    if (hit) { location.replace(hit.href); return; }
  }
})();
