// Public vote pages: copy the share link, and one tap sends one vote (the button waits for the answer).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-copy"));
    if (!input) return;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
    } else {
      // Chat apps' web views often lack the clipboard API: select the text for a long-press copy.
      input.focus();
      input.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* selected is enough */ }
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".vote-form");
    if (!form) return;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      if (button.disabled) { event.preventDefault(); return; }
      setTimeout(function () { button.disabled = true; }, 0);
    }
  });
})();
