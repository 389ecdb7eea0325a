// tiepnhan — live deadline countdowns and keyboard use of the inbox. No
// framework; the pages work without it.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var W = lang === "en"
    ? { left: "in", late: "overdue by", d: "days", h: "hours", m: "minutes" }
    : { left: "còn", late: "quá hạn", d: "ngày", h: "giờ", m: "phút" };
  function words(ms) {
    var late = ms < 0; if (late) ms = -ms;
    var m = Math.floor(ms / 60000), h = Math.floor(m / 60), d = Math.floor(h / 24);
    var s = d > 0 ? d + " " + W.d + " " + (h % 24) + " " + W.h
      : h > 0 ? h + " " + W.h + " " + (m % 60) + " " + W.m : m + " " + W.m;
    return (late ? W.late : W.left) + " " + s;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.countdown[datetime]").forEach(function (t) {
      var due = Date.parse(t.getAttribute("datetime"));
      if (isNaN(due)) return;
      t.textContent = words(due - now);
      var row = t.closest("tr");
      if (row) row.classList.toggle("late", due < now);
    });
  }
  tick();
  setInterval(tick, 30000);

  // Inbox keys: j/k select a row, Enter or o opens it, / goes to the filters.
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.list tbody tr[data-href]"));
  var sel = -1;
  function select(i) {
    if (!rows.length) return;
    if (sel >= 0) rows[sel].classList.remove("sel");
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows[sel].classList.add("sel");
    rows[sel].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") { select(sel + 1); e.preventDefault(); }
    else if (e.key === "k") { select(sel - 1); e.preventDefault(); }
    else if ((e.key === "Enter" || e.key === "o") && sel >= 0) { location.href = rows[sel].getAttribute("data-href"); }
    else if (e.key === "/") { var f = document.getElementById("q") || document.querySelector("form.filters select, form.filters input"); if (f) { f.focus(); e.preventDefault(); } }
  });
  rows.forEach(function (r, i) { r.addEventListener("click", function (e) { if (e.target.tagName !== "A") { select(i); } }); });
})();
