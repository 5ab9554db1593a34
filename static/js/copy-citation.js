// Adds a "Copy citation" button to citations. Without JavaScript the citation stays an
// ordinary paragraph that can be selected and copied by hand, and the button stays hidden.
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!target) {
      return;
    }
    var text = target.textContent.trim();
    var report = function (message) {
      if (status) {
        status.textContent = message;
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { report("Citation copied."); },
        function () { selectText(target); report("Press Ctrl+C (or ⌘C) to copy the selected citation."); }
      );
    } else {
      selectText(target);
      report("Press Ctrl+C (or ⌘C) to copy the selected citation.");
    }
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
