/* hrmatch: small progressive enhancements; every page works without them (CSP: script-src 'self'). */
(function () {
  "use strict";
  function enhance(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      select.addEventListener("change", function () { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); });
    });
    if (window.matchMedia("(min-width: 900px)").matches) {
      root.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
    root.querySelectorAll(".js-hide").forEach(function (el) { el.classList.add("visually-hidden"); });
    /* A chosen occupation suggestion fills the code field. */
    root.querySelectorAll("input[data-fill]").forEach(function (input) {
      if (input.dataset.enhanced) return;
      input.dataset.enhanced = "1";
      input.addEventListener("change", function () {
        var target = document.getElementById(input.dataset.fill);
        if (target && input.checked) target.value = input.value;
      });
    });
    /* Compare: at most three candidates. */
    root.querySelectorAll("form[data-max-checked]").forEach(function (form) {
      if (form.dataset.enhanced) return;
      form.dataset.enhanced = "1";
      var max = parseInt(form.dataset.maxChecked, 10);
      document.addEventListener("change", function () {
        var boxes = Array.prototype.filter.call(form.elements, function (el) { return el.type === "checkbox" && el.name === "w"; });
        var checked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
        boxes.forEach(function (b) { if (!b.checked) b.disabled = checked >= max; });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
