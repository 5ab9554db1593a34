/* Accessible names for the widgets the admin builds with JavaScript (see instruments/admin_a11y.py).
 *
 * - select2 hides the real <select> and shows a combobox named only by the value it
 *   displays, so an empty one has no accessible name at all. This names the combobox, and the
 *   box that shows the value, after the select's <label> (or its aria-label in a tabular
 *   inline), and keeps doing so for rows added later. In a multiple select2 the "remove all"
 *   cross sits in the list of choices, where only list items may be; it is mouse-only (the
 *   keyboard removes choices with Backspace), so it is hidden from assistive technology.
 * - filter_horizontal's search icon is a <span> with an aria-label, which a span without a
 *   role may not carry: it becomes an image.
 * Without JavaScript neither widget exists: the plain select keeps its label.
 */
(function () {
  "use strict";

  function fieldName(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    return select.getAttribute("aria-label") || "";
  }

  function nameWidget(container) {
    var select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") {
      return;
    }
    var name = fieldName(select);
    if (!name) {
      return;
    }
    container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (element) {
      if (element.getAttribute("aria-label") !== name) {
        element.setAttribute("aria-label", name);
        // The value is still announced: it is the combobox's content.
        element.removeAttribute("aria-labelledby");
      }
    });
    container.querySelectorAll("input.select2-search__field").forEach(function (input) {
      input.setAttribute("aria-label", name);
    });
    container.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
      cross.setAttribute("aria-hidden", "true");
    });
  }

  function nameAll(root) {
    root.querySelectorAll("span.select2-container").forEach(nameWidget);
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    // select2 builds (and rebuilds) its widgets after the page has loaded, e.g. in added rows.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) {
            return;
          }
          var container = node.closest("span.select2-container");
          if (container) {
            nameWidget(container); // a widget built, or its list of choices redrawn
          } else {
            nameAll(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
