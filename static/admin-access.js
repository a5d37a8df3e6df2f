/* The Django admin's widgets, named for assistive technology (issue 15: the admin passes
   axe-core like every other page). Django's widgets leave a few controls without a name:
   - the autocomplete (select2) box: its combobox and its textbox are named only by the choice;
   - the search box of a select2 multiple choice;
   - the date and the time box of a date-and-time field (their label names neither);
   - the inputs and Delete boxes of a tabular inline (their column heading is not a <label>);
   - the filter-horizontal's help icon (an aria-label on a <span> with no role).
   Each is given the name its field's label or column heading already shows. Runs when the
   page has loaded (after the admin's own scripts) and again when a row is added. */
(function () {
  "use strict";
  let next = 0;

  function labelId(label) {
    if (!label.id) {
      next += 1;
      label.id = "yardstick-label-" + next;
    }
    return label.id;
  }

  function text(element) {
    return element ? element.textContent.replace(/[:*]\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  function fieldLabel(input) {
    const row = input.closest(".form-row, .fieldBox");
    return row ? row.querySelector("label") : null;
  }

  function name(root) {
    root.querySelectorAll(".select2-selection[role='combobox']").forEach(function (box) {
      const container = box.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      if (!label || box.dataset.named) return;
      const own = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", labelId(label) + (own ? " " + own : ""));
      box.dataset.named = "1";
      const shown = box.querySelector(".select2-selection__rendered[role='textbox']");
      if (shown && !shown.getAttribute("aria-labelledby")) {
        shown.setAttribute("aria-labelledby", labelId(label)); // its text is the choice
      }
      const search = container.querySelector(".select2-search__field");
      if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", text(label));
    });
    root.querySelectorAll("p.datetime input").forEach(function (input) {
      if (input.getAttribute("aria-label")) return;
      const kind = input.classList.contains("vTimeField") ? "time" : "date";
      input.setAttribute("aria-label", (text(fieldLabel(input)) + " " + kind).trim());
    });
    root.querySelectorAll(".tabular td[class*='field-']").forEach(function (cell) {
      const field = Array.from(cell.classList).find((c) => c.startsWith("field-")).slice(6);
      const heading = cell.closest("table").querySelector("th.column-" + field);
      const row = cell.closest("tr");
      const number = row ? Array.from(row.parentNode.children).indexOf(row) + 1 : 0;
      cell.querySelectorAll("input:not([type='hidden']), select, textarea").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        if (input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) return;
        if (heading) input.setAttribute("aria-label", text(heading) + ", row " + number);
      });
    });
    root.querySelectorAll(".tabular td.delete input[type='checkbox']").forEach(function (box) {
      if (box.labels && box.labels.length) return;
      const row = box.closest("tr");
      const number = Array.from(row.parentNode.children).indexOf(row) + 1;
      if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", "Delete row " + number);
    });
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  let pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      name(document);
    });
  }
  window.addEventListener("load", function () {
    name(document);
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
})();
