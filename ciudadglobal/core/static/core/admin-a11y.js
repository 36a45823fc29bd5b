"use strict";
// Accessible names for what the Django admin and its select2 widgets leave unnamed, so that
// axe-core finds no violation: select2 comboboxes and search fields get their field's label,
// the clear button leaves the list it does not belong in, labelled icons get a role, inline
// delete boxes and empty inline table headers get text.
(function () {
  const script = document.currentScript;
  const recordLabel = script ? script.dataset.recordLabel : "Record";

  function nameOf(select) {
    const named = select.getAttribute("aria-label");
    if (named) {
      return named;
    }
    const label = document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function mend() {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      const name = nameOf(select);
      container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach((el) => {
        if (el.getAttribute("aria-label") !== name) {
          el.setAttribute("aria-label", name);
        }
      });
      container.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear")
        .forEach((clear) => clear.parentElement.before(clear));
    });
    document.querySelectorAll(".select2-container--open .select2-search__field").forEach((el) => {
      if (!el.getAttribute("aria-label")) {
        el.setAttribute("aria-label", recordLabel);
      }
    });
    // The icons of the admin's two-list selector carry an aria-label but no role.
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    // The "delete?" checkbox of a tabular inline row is named by its column header.
    document.querySelectorAll("td.delete input[type=checkbox]:not([aria-label])").forEach((box) => {
      const header = box.closest("table").querySelector("thead th:last-child");
      box.setAttribute("aria-label", header ? header.textContent.trim() : recordLabel);
    });
    document.querySelectorAll("th.original:empty").forEach((th) => {
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = recordLabel;
      th.append(hidden);
    });
  }

  let pending = false;
  const observer = new MutationObserver(() => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        mend();
      });
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    mend();
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
