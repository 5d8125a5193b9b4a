/*
 * Makes the server-rendered countdown on the home page tick. Without this script the page
 * still says how long remains (coarsely) and when the deadline is.
 *
 * Markup: an element with data-deadline (ISO instant), data-now (the server's clock when it
 * rendered the page), data-label-day / data-label-days, holding [data-countdown-value].
 */
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function start(box) {
    var deadline = Date.parse(box.getAttribute("data-deadline"));
    var serverNow = Date.parse(box.getAttribute("data-now"));
    var out = box.querySelector("[data-countdown-value]");
    if (isNaN(deadline) || !out) {
      return;
    }
    // Phones in the field often have a wrong clock; count from the server's time instead.
    var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
    var one = box.getAttribute("data-label-day") || "day";
    var many = box.getAttribute("data-label-days") || "days";
    var timer = null;

    function tick() {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var days = Math.floor(left / 86400);
      var clock = [Math.floor((left % 86400) / 3600), Math.floor((left % 3600) / 60), left % 60].map(pad).join(":");
      out.textContent = days + " " + (days === 1 ? one : many) + " " + clock;
      if (left === 0 && timer !== null) {
        window.clearInterval(timer);
        box.classList.add("is-over");
      }
    }

    tick();
    timer = window.setInterval(tick, 1000);
  }

  var boxes = document.querySelectorAll("[data-deadline]");
  for (var i = 0; i < boxes.length; i++) {
    start(boxes[i]);
  }
})();
