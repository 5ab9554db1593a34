/* Live preview of Markdown fields in the admin.
 *
 * Enhances any <textarea data-preview-url="..."> (set by MarkdownPreviewMixin): once the
 * editor is focused, and then as the text changes, it is POSTed (with the page's CSRF token)
 * to the staff-only preview endpoint, which answers with HTML rendered and sanitised on the
 * server by render_markdown. Nothing is requested before a field is focused: an instrument
 * with fifty provisions would otherwise send fifty requests each time its page opens. The
 * page works without this script: the change form also shows the saved text rendered.
 */
(function () {
  "use strict";

  function csrfToken(textarea) {
    var form = textarea.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(textarea) {
    if (textarea.dataset.previewAttached || textarea.closest(".empty-form")) {
      return;
    }
    textarea.dataset.previewAttached = "1";
    textarea.addEventListener("focus", function () { start(textarea); }, { once: true });
  }

  function start(textarea) {
    var region = document.createElement("div");
    region.className = "markdown-preview";
    region.setAttribute("role", "region");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-label", "Preview of the text as it will appear on the site");
    region.tabIndex = 0; // it scrolls when long: keyboard users must be able to scroll it
    var title = document.createElement("p");
    title.className = "markdown-preview-title";
    title.textContent = "Preview";
    var body = document.createElement("div");
    region.appendChild(title);
    region.appendChild(body);
    textarea.insertAdjacentElement("afterend", region);

    var timer = null;
    var latest = 0;
    function update() {
      var request = ++latest;
      var data = new URLSearchParams();
      data.append("text", textarea.value);
      fetch(textarea.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "X-CSRFToken": csrfToken(textarea),
          "Content-Type": "application/x-www-form-urlencoded"
        },
        body: data
      })
        .then(function (response) {
          return response.json().then(function (json) {
            return { ok: response.ok, json: json };
          });
        })
        .then(function (result) {
          if (request !== latest) {
            return; // an older answer arriving late
          }
          if (result.ok) {
            body.innerHTML = result.json.html; // sanitised on the server by nh3
          } else {
            body.textContent = result.json.error || "Preview unavailable.";
          }
        })
        .catch(function () {
          body.textContent = "Preview unavailable.";
        });
    }
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  function attachAll(root) {
    root.querySelectorAll("textarea[data-preview-url]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // Rows added to an inline by the admin's "Add another" link.
  document.addEventListener("formset:added", function (event) {
    attachAll(event.target);
  });
})();
