// Filters the marks of a page by level, problems and fact. The report
// works without it: every mark is drawn, every note is listed.
(function () {
  var texts = document.querySelectorAll("article.text");
  if (!texts.length) return;
  var levels = [["confirmed", "● confirmed"], ["source-says", "◐ source says"],
    ["could-not-confirm", "○ could not confirm"]];
  var facts = {};
  document.querySelectorAll("mark.q[data-fact]").forEach(function (m) { facts[m.dataset.fact] = 1; });
  var bar = document.createElement("form");
  bar.className = "filters";
  bar.setAttribute("aria-label", "Filter the marks");
  var html = "Show: ";
  levels.forEach(function (l) {
    html += '<label><input type="checkbox" checked data-level="' + l[0] + '"> ' + l[1] + "</label>";
  });
  html += '<label><input type="checkbox" data-problems> only quotes that need attention</label>';
  var names = Object.keys(facts).sort();
  if (names.length) {
    html += '<label>fact <select data-fact><option value="">all</option>';
    names.forEach(function (f) {
      var e = document.createElement("option");
      e.value = f; e.textContent = f;
      html += e.outerHTML;
    });
    html += "</select></label>";
  }
  bar.innerHTML = html;
  bar.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t.dataset.level) document.body.classList.toggle("hide-lvl-" + t.dataset.level, !t.checked);
    if (t.hasAttribute("data-problems")) document.body.classList.toggle("only-problems", t.checked);
    if (t.hasAttribute("data-fact")) {
      document.querySelectorAll("mark.q").forEach(function (m) {
        m.classList.toggle("dim", t.value !== "" && m.dataset.fact !== t.value);
      });
    }
  });
  texts[0].parentNode.parentNode.insertBefore(bar, texts[0].parentNode);
})();
