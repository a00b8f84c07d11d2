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
    root.querySelectorAll("[data-skill-picker]").forEach(skillPicker);
    root.querySelectorAll("[data-formset]").forEach(formsetAdd);
  }
  /* The skill picker: a combobox over the htmx search results; arrows move, Enter picks, Escape closes. */
  function skillPicker(box) {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "1";
    var input = box.querySelector("input[role=combobox]");
    var hidden = box.querySelector("[data-skill-value]");
    var list = box.querySelector("[role=listbox]");
    var active = -1;
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() { list.innerHTML = ""; active = -1; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      hidden.value = option.dataset.value;
      input.value = option.dataset.label;
      close();
    }
    input.addEventListener("input", function () { hidden.value = ""; });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0 && options()[active]) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(option); input.focus(); }
    });
    list.addEventListener("htmx:afterSwap", function () {
      active = -1;
      input.setAttribute("aria-expanded", options().length ? "true" : "false");
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }
  /* "Add another skill": a new row from the formset's empty form, up to its maximum. */
  function formsetAdd(fieldset) {
    if (fieldset.dataset.enhanced) return;
    fieldset.dataset.enhanced = "1";
    var prefix = fieldset.dataset.formset;
    var button = fieldset.querySelector("[data-formset-add]");
    var template = fieldset.querySelector("template[data-formset-template]");
    var total = fieldset.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var max = fieldset.querySelector("input[name=" + prefix + "-MAX_NUM_FORMS]");
    if (!button || !template || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      fieldset.querySelector("[data-formset-rows]").appendChild(row);
      total.value = String(index + 1);
      if (window.htmx) window.htmx.process(row);
      enhance(row);
      var first = row.querySelector("input[role=combobox]");
      if (first) first.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
