(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("entity-data").textContent);
  var PAGE = 200;
  var state = { text: "", scorecard: "", level: "", team: "", failing: false,
                key: "entity", dir: 1, limit: PAGE };
  var tbody = document.querySelector("#entity-table tbody");
  var countLine = document.getElementById("entity-count");
  var more = document.getElementById("show-more");

  function fill(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v; option.textContent = v; select.appendChild(option);
    });
  }
  function distinct(key) {
    var seen = {};
    rows.forEach(function (r) { seen[r[key]] = true; });
    return Object.keys(seen).sort();
  }
  fill("f-scorecard", distinct("scorecard"));
  fill("f-level", distinct("level"));
  fill("f-team", distinct("team"));
  rows.forEach(function (r) {
    r.haystack = [r.entity, r.title, r.team, r.scorecard, r.level, r.source]
      .concat(r.failing.map(function (f) { return f[0]; })).join("\n").toLowerCase();
  });

  function matches(r) {
    return (!state.text || r.haystack.indexOf(state.text) !== -1) &&
      (!state.scorecard || r.scorecard === state.scorecard) &&
      (!state.level || r.level === state.level) &&
      (!state.team || r.team === state.team) &&
      (!state.failing || r.failing.length > 0);
  }
  function compare(a, b) {
    var x = a[state.key], y = b[state.key];
    var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
    if (order === 0 && state.key !== "entity") { order = a.entity.localeCompare(b.entity); }
    if (order === 0) { order = a.scorecard.localeCompare(b.scorecard); }
    return order * state.dir;
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function failingCell(tr, r) {
    var td = cell(tr, "");
    if (!r.failing.length) { td.textContent = "none"; return; }
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = r.failing.length + " failing";
    details.appendChild(summary);
    var list = document.createElement("ul");
    r.failing.forEach(function (f) {
      var item = document.createElement("li");
      item.textContent = f[0] + " (" + f[1] + "): " + f[2];
      if (f[3]) {
        var fix = document.createElement("div");
        fix.className = "fix"; fix.textContent = "fix: " + f[3];
        item.appendChild(fix);
      }
      list.appendChild(item);
    });
    details.appendChild(list);
    td.appendChild(details);
  }
  function draw() {
    var shown = rows.filter(matches).sort(compare);
    var fragment = document.createDocumentFragment();
    shown.slice(0, state.limit).forEach(function (r) {
      var tr = document.createElement("tr");
      var name = cell(tr, r.entity);
      if (r.title && r.title !== r.entity) {
        var small = document.createElement("div");
        small.className = "fix"; small.textContent = r.title; name.appendChild(small);
      }
      cell(tr, r.scorecard); cell(tr, r.team);
      var level = cell(tr, "");
      var chip = document.createElement("span");
      chip.className = "chip"; chip.textContent = r.level;
      chip.style.background = r.bg; chip.style.color = r.fg;
      level.appendChild(chip);
      cell(tr, r.passed + "/" + r.tested, "num");
      failingCell(tr, r);
      fragment.appendChild(tr);
    });
    tbody.replaceChildren(fragment);
    var visible = Math.min(shown.length, state.limit);
    countLine.textContent = "Showing " + visible + " of " + shown.length + " matching rows (" +
      rows.length + " in all).";
    more.hidden = shown.length <= state.limit;
  }
  function listen(id, event, key, read) {
    document.getElementById(id).addEventListener(event, function (e) {
      state[key] = read(e.target); state.limit = PAGE; draw();
    });
  }
  listen("f-text", "input", "text", function (t) { return t.value.trim().toLowerCase(); });
  listen("f-scorecard", "change", "scorecard", function (t) { return t.value; });
  listen("f-level", "change", "level", function (t) { return t.value; });
  listen("f-team", "change", "team", function (t) { return t.value; });
  listen("f-failing", "change", "failing", function (t) { return t.checked; });
  more.addEventListener("click", function () { state.limit += PAGE; draw(); });
  document.querySelectorAll("#entity-table th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-key");
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      document.querySelectorAll("#entity-table th[aria-sort]").forEach(function (th) {
        th.setAttribute("aria-sort", "none");
      });
      button.parentNode.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
      draw();
    });
  });
  window.addEventListener("beforeprint", function () { state.limit = rows.length; draw(); });
  draw();
})();
