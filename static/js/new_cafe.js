/* New-café form: one row (name, colour, languages spoken there) per table, following the
   "Tables" number; the texts in each other language of the café, grouped by language. */
(function () {
  'use strict';
  var form = document.getElementById('new-cafe');
  var count = document.getElementById('num_tables');
  var rows = document.getElementById('table-rows');
  var template = document.getElementById('table-row');
  if (!form || !count || !rows || !template) return;
  var T = JSON.parse(document.getElementById('catalogue').textContent);
  var NAMES = JSON.parse(form.dataset.languages || '{}');
  var typedSelect = document.getElementById('typed_language');
  // What the form held when it came back with a problem to correct: nothing typed is lost.
  var typed = JSON.parse(rows.dataset.typed || '[]');

  function text(node, value) { node.textContent = value; return node; }

  /* The café's languages as ticked, the typed one first (it is always one of them). */
  function cafeLanguages() {
    var first = typedSelect.value;
    var others = Array.prototype.filter.call(form.querySelectorAll('input[name="languages"]'),
      function (box) { return box.checked && box.value !== first; }).map(function (box) { return box.value; });
    return [first].concat(others);
  }

  function paint(row) {
    var select = row.querySelector('.t-colour');
    row.querySelector('.swatch').style.background = select.selectedOptions[0].dataset.hex;
  }

  /* The table's spoken-language boxes: one per café language (a table may speak several). */
  function syncSpoken(row, i, languages) {
    var box = row.querySelector('.t-langs');
    var ticked = {};
    box.querySelectorAll('input').forEach(function (input) { if (input.checked) ticked[input.value] = true; });
    if (row.dataset.restored !== 'yes' && typed[i]) {
      typed[i].languages.forEach(function (lang) { ticked[lang] = true; });
      row.dataset.restored = 'yes';
    }
    box.querySelectorAll('label').forEach(function (label) { box.removeChild(label); });
    box.hidden = languages.length < 2;
    languages.forEach(function (lang) {
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.name = 'table_languages_' + i;
      input.value = lang;
      input.checked = Boolean(ticked[lang]);
      input.disabled = languages.length < 2;
      var label = document.createElement('label');
      label.className = 'choice inline';
      label.appendChild(input);
      var name = text(document.createElement('span'), NAMES[lang] || lang);
      name.lang = lang;
      label.appendChild(name);
      box.appendChild(label);
    });
  }

  function tableName(i) {
    var input = rows.children[i] && rows.children[i].querySelector('.t-name');
    return (input && input.value.trim()) || String(i + 1);
  }

  /* In each language's fieldset, one box per table for its name in that language. */
  function syncVersions(set) {
    var lang = set.dataset.lang;
    var list = set.querySelector('.version-table-rows');
    var n = rows.children.length;
    while (list.children.length < n) {
      var i = list.children.length;
      var id = 'table_name_' + i + '_' + lang;
      var line = document.createElement('p');
      line.className = 'version-table';
      var label = document.createElement('label');
      label.htmlFor = id;
      var input = document.createElement('input');
      input.id = id;
      input.name = id;
      input.lang = lang;
      input.maxLength = rows.children[0].querySelector('.t-name').maxLength;
      if (typed[i] && typed[i].versions[lang]) input.value = typed[i].versions[lang];
      line.appendChild(label);
      line.appendChild(input);
      list.appendChild(line);
    }
    while (list.children.length > n) list.removeChild(list.lastElementChild);
    Array.prototype.forEach.call(list.children, function (line, i) {
      var name = tableName(i);
      text(line.querySelector('label'), (T.table || '%(table)s').split('%(table)s').join(name));
      line.querySelector('input').placeholder = name;
    });
    set.hidden = false;
  }

  /* Show the fieldsets of the café's other languages; the others send nothing. */
  function syncLanguages() {
    var languages = cafeLanguages();
    form.querySelectorAll('.lang-fields').forEach(function (set) {
      var on = languages.indexOf(set.dataset.lang) > 0;
      set.hidden = !on;
      set.disabled = !on;
      if (on) syncVersions(set.querySelector('.version-tables'));
    });
    Array.prototype.forEach.call(rows.children, function (row, i) { syncSpoken(row, i, languages); });
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
      if (typed[i]) {
        name.value = typed[i].name;
        if (typed[i].colour) colour.value = typed[i].colour;
      }
      colour.addEventListener('change', paint.bind(null, row));
      name.addEventListener('input', syncLanguages);
      paint(row);
      rows.appendChild(row);
    }
    while (rows.children.length > n) rows.removeChild(rows.lastElementChild);
    syncLanguages();
  }
  count.addEventListener('input', sync);
  typedSelect.addEventListener('change', syncLanguages);
  form.querySelectorAll('input[name="languages"]').forEach(function (box) {
    box.addEventListener('change', syncLanguages);
  });
  sync();
})();
