// Sort a table.sortable by the clicked column: numbers by data-v, text by data-v; cells without a
// value (missing or withheld) always last. A second click reverses the order.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.style.cursor = "pointer";
    th.title = "sorteer";
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var desc = th.dataset.dir !== "desc";
      th.dataset.dir = desc ? "desc" : "asc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
        if (x === undefined || y === undefined) return (x === undefined) - (y === undefined);
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = isNaN(nx) || isNaN(ny) ? x.localeCompare(y, "nl") : nx - ny;
        return desc ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
