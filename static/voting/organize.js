// Organizers' voting page: refresh the leaderboard every five seconds from board.json.
(function () {
  "use strict";

  var table = document.querySelector("[data-board-url]");
  if (!table || !window.fetch) return;
  var url = table.getAttribute("data-board-url");
  var stamp = document.querySelector("[data-board-updated]");

  function update(cell, value) {
    var text = value === null || value === undefined ? "–" : String(value);
    if (cell && cell.textContent !== text) {
      cell.textContent = text;
      cell.classList.add("is-updated");
      setTimeout(function () { cell.classList.remove("is-updated"); }, 1500);
    }
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.rows.forEach(function (row) {
          var line = table.querySelector('tr[data-code="' + row.code + '"]');
          if (!line) return;
          update(line.querySelector('[data-cell="rank"]'), row.rank);
          update(line.querySelector('[data-cell="votes"]'), row.votes);
          update(line.querySelector('[data-cell="flagged"]'), row.flagged);
          update(line.querySelector('[data-cell="invalid"]'), row.invalid);
        });
        if (stamp) stamp.textContent = new Date(data.updated_at).toLocaleTimeString();
      })
      .catch(function () { /* the next tick tries again */ });
  }

  setInterval(refresh, 5000);
})();
