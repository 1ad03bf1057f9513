// The HTML diff report's only script, inlined at the end of the page: collapsing module subtrees
// and the search box. It scales to thousands of rows by reading the rows once into arrays, using
// one delegated click listener and one input listener (never one per row), and touching a row's
// `hidden` only when it changes. The page is complete without it: sections are native <details>
// and what is collapsed on load is already rendered (html-modules.ts).
//
// Kept as a string (not a function's source text) so what ships is exactly what is written here,
// whatever a bundler or test transform does to functions. It contains no "</script".

export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var body = document.getElementById("module-rows");
  var rows = body ? Array.prototype.slice.call(body.rows) : [];
  var n = rows.length;
  var depth = new Array(n), parent = new Array(n), kids = new Array(n);
  var collapsed = new Array(n), onLoad = new Array(n), text = new Array(n);
  var stack = [];
  for (var i = 0; i < n; i++) {
    var r = rows[i];
    depth[i] = Number(r.getAttribute("data-d"));
    text[i] = r.getAttribute("data-s") || "";
    kids[i] = r.classList.contains("k");
    collapsed[i] = onLoad[i] = r.classList.contains("c");
    while (stack.length && depth[stack[stack.length - 1]] >= depth[i]) stack.pop();
    parent[i] = stack.length ? stack[stack.length - 1] : -1;
    stack.push(i);
  }
  var others = Array.prototype.slice.call(document.querySelectorAll(".filterable tbody tr[data-s]"));
  var otherText = others.map(function (r) { return r.getAttribute("data-s") || ""; });
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  var query = "";

  function show(row, visible) { if (row.hidden === visible) row.hidden = !visible; }
  function mark(row, on) { if (row.classList.contains("hit") !== on) row.classList.toggle("hit", on); }
  function openAround(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }

  // The tree as its collapsed flags say: a row shows when its parent shows and is expanded.
  function applyTree() {
    var visible = new Array(n);
    for (var i = 0; i < n; i++) {
      var p = parent[i];
      visible[i] = p < 0 || (visible[p] && !collapsed[p]);
      show(rows[i], visible[i]);
      mark(rows[i], false);
      rows[i].classList.toggle("c", collapsed[i]);
    }
    for (var k = 0; k < others.length; k++) { show(others[k], true); mark(others[k], false); }
    if (status) status.textContent = "";
  }

  // Matches and their ancestors, whatever is collapsed; other filterable rows by their own text.
  function applySearch() {
    var visible = new Array(n), hits = 0, otherHits = 0;
    for (var i = n - 1; i >= 0; i--) {
      var hit = text[i].indexOf(query) >= 0;
      if (hit) hits++;
      mark(rows[i], hit);
      if (hit || visible[i]) { visible[i] = true; if (parent[i] >= 0) visible[parent[i]] = true; }
    }
    // A shown row with children, none of them shown, reads as folded.
    var childShown = new Array(n);
    for (var j = 0; j < n; j++) {
      show(rows[j], !!visible[j]);
      if (visible[j] && parent[j] >= 0) childShown[parent[j]] = true;
    }
    for (var c = 0; c < n; c++) rows[c].classList.toggle("c", kids[c] && !childShown[c]);
    if (hits && body) openAround(body);
    for (var k = 0; k < others.length; k++) {
      var on = otherText[k].indexOf(query) >= 0;
      show(others[k], on);
      mark(others[k], on);
      if (on) { otherHits++; openAround(others[k]); }
    }
    if (status) {
      status.textContent = hits + otherHits === 0 ? "no matches" :
        hits + (hits === 1 ? " module" : " modules") + ", " + otherHits + (otherHits === 1 ? " other row" : " other rows");
    }
  }

  function apply() { if (query) applySearch(); else applyTree(); }

  // "expand", "collapse" (all but the model's own row) or "changes" (back to the folds on load).
  function foldAll(mode) {
    for (var i = 0; i < n; i++) collapsed[i] = mode === "changes" ? onLoad[i] : mode === "collapse" && kids[i] && depth[i] > 0;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var link = target.closest('a[href^="#"]');
    if (link) {
      // The table of contents opens the section it jumps to.
      var section = document.getElementById(link.getAttribute("href").slice(1));
      if (section && section.tagName === "DETAILS") section.open = true;
      return;
    }
    var action = target.closest("button[data-act]");
    if (action) {
      foldAll(action.getAttribute("data-act"));
      if (query && search) { search.value = ""; query = ""; }
      apply();
      return;
    }
    var cell = target.closest("#module-rows tr.k > td.tree");
    if (!cell) return;
    var index = rows.indexOf(cell.parentElement);
    if (index < 0) return;
    if (query) {
      // Leaving search through a click: keep the matches' paths open and go back to the tree.
      for (var i = 0; i < n; i++) collapsed[i] = kids[i] && rows[i].classList.contains("c");
      if (search) search.value = "";
      query = "";
    }
    collapsed[index] = !collapsed[index];
    apply();
  });

  if (search) {
    search.addEventListener("input", function () { query = search.value.trim().toLowerCase(); apply(); });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { search.value = ""; query = ""; apply(); }
    });
  }
  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if (event.key === "/" && search && active !== search && !(active instanceof HTMLInputElement)) {
      event.preventDefault();
      search.focus();
    }
  });
})();
`;
