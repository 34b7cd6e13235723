/* infusion-coder review report: selection on note pages; filter, sort, search on the index.
 *
 * Data from notes (text, ids, messages) only ever reaches the page through textContent or
 * attribute values built here from generated keys; never through innerHTML.
 */
(function () {
  "use strict";

  var IC = (window.ICReport = window.ICReport || {});
  var store = (IC.rows = IC.rows || []);
  IC.addRows = function (rows) {
    for (var i = 0; i < rows.length; i++) store.push(rows[i]);
  };

  var KEY = /^[alf][0-9]+$/;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  /* ---------------------------------------------------------------- note page */
  function initNote() {
    var current = null;

    function clear() {
      all(".is-sel").forEach(function (n) { n.classList.remove("is-sel"); });
      all(".is-active, .is-cited").forEach(function (n) {
        n.classList.remove("is-active");
        n.classList.remove("is-cited");
      });
      all(".pick[aria-pressed='true']").forEach(function (n) { n.setAttribute("aria-pressed", "false"); });
      current = null;
    }

    function owner(key) {
      return document.querySelector(".card[data-key='" + key + "'], tr.admin[data-key='" + key + "']");
    }

    function select(key, at, toggle) {
      if (!KEY.test(key)) return;
      if (toggle && current === key && at === undefined) {
        clear();
        if (window.history && history.replaceState) history.replaceState(null, "", "#");
        return;
      }
      clear();
      current = key;
      var spans = all("#note-text [data-refs~='" + key + "']");
      spans.forEach(function (n) { n.classList.add("is-sel"); });
      var card = owner(key);
      var bars = [key];
      if (card) {
        card.classList.add("is-active");
        var pick = card.querySelector(".pick");
        if (pick) pick.setAttribute("aria-pressed", "true");
        bars = (card.getAttribute("data-bars") || "").split(" ").filter(Boolean);
        if (key.charAt(0) === "a") bars.push(key);
      }
      bars.forEach(function (ref) {
        if (!KEY.test(ref)) return;
        all(".tl-row[data-refs~='" + ref + "'], tr.admin[data-refs~='" + ref + "']").forEach(
          function (n) { n.classList.add("is-sel"); }
        );
      });
      var target = spans[0];
      if (at !== undefined) {
        for (var i = 0; i < spans.length; i++) {
          if (Number(spans[i].getAttribute("data-e")) > at) { target = spans[i]; break; }
        }
      }
      if (target) target.scrollIntoView({ block: "center", inline: "nearest", behavior: "smooth" });
      if (window.history && history.replaceState) history.replaceState(null, "", "#" + key);
    }

    function cite(refs) {
      refs.forEach(function (ref) {
        if (!KEY.test(ref)) return;
        var card = document.querySelector(".card[data-key='" + ref + "']");
        if (card) card.classList.add("is-cited");
      });
    }

    document.addEventListener("click", function (event) {
      var el = event.target.closest ? event.target.closest("[data-key], #note-text [data-refs]") : null;
      if (!el) return;
      if (el.matches("#note-text [data-refs]")) {
        var refs = (el.getAttribute("data-refs") || "").split(" ").filter(Boolean);
        var admin = refs.filter(function (r) { return r.charAt(0) === "a"; })[0];
        select(admin || refs[0], undefined, false);
        cite(refs);
        return;
      }
      var key = el.getAttribute("data-key");
      if (el.classList.contains("ev")) select(key, Number(el.getAttribute("data-at")), false);
      else select(key, undefined, true);
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { clear(); return; }
      if (event.key !== "Enter" && event.key !== " ") return;
      var el = event.target;
      if (el && el.matches && el.matches(".tl-row, tr.admin")) {
        event.preventDefault();
        select(el.getAttribute("data-key"), undefined, true);
      }
    });

    var hash = (location.hash || "").slice(1);
    if (KEY.test(hash)) select(hash, undefined, false);
  }

  /* ---------------------------------------------------------------- index */
  var PAGE = 100;
  var HREF = /^notes\/[0-9]{6,}-[A-Za-z0-9_-]+\.html$/;

  function initIndex() {
    var rows = store;
    var state = { q: "", code: "", category: "", severity: "", status: "", sort: "seq", dir: 1, page: 0 };
    var form = document.getElementById("filters");
    var tbody = document.getElementById("rows");
    var shown = document.getElementById("shown");
    var prev = document.getElementById("prev");
    var next = document.getElementById("next");
    var pageLabel = document.getElementById("page");
    var view = rows.slice();
    var SEV = { error: 0, warning: 1, info: 2 };

    function text(tag, value, cls) {
      var n = document.createElement(tag);
      if (cls) n.className = cls;
      n.textContent = value == null ? "" : String(value);
      return n;
    }

    function matches(r) {
      if (state.code && r.c.indexOf(state.code) < 0) return false;
      if (state.category && r.g.indexOf(state.category) < 0) return false;
      if (state.severity && !(r.v[SEV[state.severity]] > 0)) return false;
      if (state.status && r.s !== state.status) return false;
      if (state.q) {
        var hay = (r.i + " " + r.c.join(" ") + " " + r.g.join(" ") + " " + r.s + " " + (r.x || "")).toLowerCase();
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return false;
      }
      return true;
    }

    var KEYS = {
      seq: function (r) { return r.n; },
      id: function (r) { return r.i.toLowerCase(); },
      status: function (r) { return r.s === "ok" ? 1 : 0; },
      lines: function (r) { return -r.l; },
      errors: function (r) { return -r.v[0]; },
      warnings: function (r) { return -r.v[1]; },
      info: function (r) { return -r.v[2]; },
      findings: function (r) { return -(r.v[0] + r.v[1] + r.v[2]); }
    };

    function apply(resetPage) {
      if (resetPage) state.page = 0;
      var key = KEYS[state.sort] || KEYS.seq;
      view = rows.filter(matches);
      view.sort(function (a, b) {
        var ka = key(a), kb = key(b);
        if (ka < kb) return -state.dir;
        if (ka > kb) return state.dir;
        return a.n - b.n;
      });
      render();
    }

    function render() {
      var pages = Math.max(1, Math.ceil(view.length / PAGE));
      if (state.page >= pages) state.page = pages - 1;
      var start = state.page * PAGE;
      var slice = view.slice(start, start + PAGE);
      var frag = document.createDocumentFragment();
      slice.forEach(function (r) {
        var tr = document.createElement("tr");
        if (r.s !== "ok") tr.className = "row-error";
        tr.appendChild(text("td", r.n, "num"));
        var cell = document.createElement("td");
        if (HREF.test(r.h)) {
          var a = text("a", r.i);
          a.setAttribute("href", r.h);
          cell.appendChild(a);
        } else {
          cell.textContent = r.i;
        }
        tr.appendChild(cell);
        var st = text("td", "");
        st.appendChild(text("span", r.s, "badge status-" + (r.s === "ok" ? "ok" : "error")));
        tr.appendChild(st);
        tr.appendChild(text("td", r.u || "—"));
        tr.appendChild(text("td", r.v[0] || "", "num"));
        tr.appendChild(text("td", r.v[1] || "", "num"));
        tr.appendChild(text("td", r.v[2] || "", "num"));
        tr.appendChild(
          r.x ? text("td", r.x, "err-text") : text("td", r.g.map(function (g) { return g.replace(/_/g, " "); }).join(", "), "cats")
        );
        frag.appendChild(tr);
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      var total = rows.length.toLocaleString();
      shown.textContent = view.length
        ? "Showing " + (start + 1).toLocaleString() + "–" + (start + slice.length).toLocaleString() +
          " of " + view.length.toLocaleString() + " matching notes (" + total + " in the run)"
        : "No note matches (" + total + " in the run).";
      pageLabel.textContent = "Page " + (state.page + 1) + " of " + pages;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      all("th[data-sort]").forEach(function (th) {
        var k = th.getAttribute("data-sort");
        th.setAttribute("aria-sort", k === state.sort ? (state.dir === 1 ? "ascending" : "descending") : "none");
      });
    }

    function readForm() {
      state.q = document.getElementById("flt-q").value.trim();
      ["code", "category", "severity", "status", "sort"].forEach(function (name) {
        state[name] = document.getElementById("flt-" + name).value;
      });
      if (!state.sort) state.sort = "seq";
    }

    form.addEventListener("input", function () { readForm(); apply(true); });
    form.addEventListener("change", function () { readForm(); state.dir = 1; apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { readForm(); state.dir = 1; apply(true); }, 0);
    });
    prev.addEventListener("click", function () { state.page -= 1; render(); });
    next.addEventListener("click", function () { state.page += 1; render(); });
    all("button.sort").forEach(function (b) {
      b.addEventListener("click", function () {
        var k = b.getAttribute("data-sort");
        if (state.sort === k) state.dir = -state.dir;
        else { state.sort = k; state.dir = 1; }
        var sel = document.getElementById("flt-sort");
        sel.value = Array.prototype.some.call(sel.options, function (o) { return o.value === k; }) ? k : sel.value;
        apply(true);
      });
    });
    all("button[data-filter]").forEach(function (b) {
      b.addEventListener("click", function () {
        var field = b.getAttribute("data-filter");
        var sel = document.getElementById("flt-" + field);
        if (!sel) return;
        sel.value = b.getAttribute("data-value");
        readForm();
        apply(true);
        document.getElementById("h-notes").scrollIntoView({ block: "start" });
      });
    });
    apply(true);
  }

  ready(function () {
    var cls = document.body.classList;
    if (cls.contains("page-note")) initNote();
    if (cls.contains("page-index")) initIndex();
  });
})();
