/*
 * A live character counter under every text area that has a maxlength: "120 / 2000".
 * The limit is the one the model and the database enforce; the form renders it as maxlength,
 * so this script only reads it. Without the script the browser still stops at the limit.
 */
(function () {
  "use strict";

  function length(text) {
    // Code points, as the server counts them (an emoji is one character, not two).
    return Array.from(text).length;
  }

  function attach(area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit || area.hasAttribute("data-counter-attached")) {
      return;
    }
    area.setAttribute("data-counter-attached", "");
    var out = document.createElement("p");
    out.className = "char-counter";
    out.setAttribute("aria-live", "polite");
    if (!area.id) {
      area.id = "field-" + Math.random().toString(36).slice(2);
    }
    out.id = area.id + "-counter";
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);

    function update() {
      var used = length(area.value);
      out.textContent = used + " / " + limit;
      out.classList.toggle("is-near", used >= limit * 0.9);
    }

    area.addEventListener("input", update);
    area.insertAdjacentElement("afterend", out);
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[maxlength]"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
