/*
 * Score form helpers: the weighted total as the judge types, a note on which comments are
 * required (a score at either end of its range), and a confirmation before submitting.
 * The server checks all of it again; this only saves a round trip.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-score-form]");
  if (!form) {
    return;
  }
  var totalLine = form.querySelector("[data-total]");
  var inputs = form.querySelectorAll("input[data-weight]");

  function update() {
    var total = 0;
    var complete = true;
    inputs.forEach(function (input) {
      var weight = Number(input.dataset.weight);
      var min = Number(input.dataset.min);
      var max = Number(input.dataset.max);
      var hint = input.closest("fieldset").querySelector("[data-comment-hint]");
      var raw = input.value.trim();
      if (raw === "" || isNaN(Number(raw))) {
        complete = complete && weight === 0;
        hint.hidden = true;
        return;
      }
      var value = Number(raw);
      hint.hidden = !(value === min || value === max);
      if (value >= min && value <= max) {
        total += (weight * (value - min)) / (max - min);
      }
    });
    totalLine.textContent = complete ? form.dataset.totalText.replace("%(total)s", total.toFixed(2)) : "";
  }

  inputs.forEach(function (input) {
    input.addEventListener("input", update);
  });
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "submit" && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  update();
})();
