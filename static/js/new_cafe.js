/* New-café form: one row (name + colour) per table, following the "Tables" number. */
(function () {
  'use strict';
  var count = document.getElementById('num_tables');
  var rows = document.getElementById('table-rows');
  var template = document.getElementById('table-row');
  if (!count || !rows || !template) return;

  function paint(row) {
    var select = row.querySelector('.t-colour');
    row.querySelector('.swatch').style.background = select.selectedOptions[0].dataset.hex;
  }

  function sync() {
    var n = Math.max(1, Math.min(Number(count.max) || 60, Number(count.value) || 1));
    while (rows.children.length < n) {
      var i = rows.children.length;
      var row = template.content.firstElementChild.cloneNode(true);
      var name = row.querySelector('.t-name');
      var colour = row.querySelector('.t-colour');
      name.name = 'table_name_' + i;
      name.placeholder = String(i + 1);
      colour.name = 'table_colour_' + i;
      colour.selectedIndex = i % colour.options.length;
      colour.addEventListener('change', paint.bind(null, row));
      paint(row);
      rows.appendChild(row);
    }
    while (rows.children.length > n) rows.removeChild(rows.lastElementChild);
  }
  count.addEventListener('input', sync);
  sync();
})();
