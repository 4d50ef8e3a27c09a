/* The projector: a clock readable from the back of the room, the question, how to join,
   and a live count of people and notes per table (the seating itself while people move).

   A projector can't scroll: after each drawing `fit()` checks that the page fits the screen and,
   when it doesn't, leaves out what the room can do without, step by step (never shrinking names,
   table names or theme labels below 2.2% of the screen's height). */
(function () {
  'use strict';
  var C = window.Cafe, t = C.t, el = C.el;
  var socket = C.connect('projector');
  var clock = new C.ServerClock(socket);
  var $ = function (id) { return document.getElementById(id); };
  var state = null;
  C.showConnection(socket, $('connection'));

  function resync() { C.resync(socket, apply); }
  function apply(snap) { state = snap; clock.fromSnapshot(snap.cafe.server_now); render(); }

  socket.on('snapshot', apply);
  socket.on('cafe_changed', function (cafe) {
    if (!state) return;
    var changed = cafe.round !== state.cafe.round || cafe.phase !== state.cafe.phase;
    state.cafe = cafe;
    if (changed) resync(); else render();
  });
  socket.on('seating_changed', resync);
  socket.on('person_left', resync);
  function personUpdated(person) {
    if (!state) return;
    state.people = state.people.filter(function (p) { return p.id !== person.id; }).concat([person]);
    render();
  }
  socket.on('person_joined', personUpdated);
  socket.on('person_changed', personUpdated);     // a new phone language: the room's may change
  socket.on('note_added', function (note) {
    if (!state || note.round !== state.cafe.round) return;
    state.note_counts[note.table] = (state.note_counts[note.table] || 0) + 1;
    renderTableCount(note.table);
  });
  socket.on('note_hidden', resync);

  socket.on('themes_changed', function (harvest) { if (state) { state.harvest = harvest; render(); } });
  socket.on('tallies_changed', function (counts) {
    if (!state || !state.harvest) return;
    state.harvest.tallies = { tallies: counts.tallies, voters: counts.voters };
    state.harvest.tallies_visible = counts.visible;
    render();
  });
  socket.on('priorities_ready', resync);

  var cloudKey = null;
  $('proj-cloud').addEventListener('error', function () { $('proj-cloud').hidden = true; fit(); });
  $('proj-cloud').addEventListener('load', function () { $('proj-cloud').hidden = false; fit(); });
  window.addEventListener('resize', function () { fit(); });

  function votesText(count) { return C.tn('votes', count); }

  /* The languages people in the room read (their phones' language, and the one they need at
     their table), in the café's order; with nobody yet, the café's languages. */
  function roomLanguages() {
    var cafe = state.cafe, wanted = {};
    state.people.forEach(function (p) {
      if (p.left) return;
      if (p.language) wanted[p.language] = true;
      if (p.needs_language) wanted[p.needs_language] = true;
    });
    var ordered = cafe.languages.filter(function (lang) { return wanted[lang]; });
    Object.keys(wanted).sort().forEach(function (lang) { if (ordered.indexOf(lang) < 0) ordered.push(lang); });
    return ordered.length ? ordered : cafe.languages.slice();
  }
  /* Every version of a text the room reads: [{text, lang}], each wording once. */
  function versionsOf(typed, versions) {
    return C.allVersions(typed, versions, roomLanguages(), state.cafe.typed_language);
  }
  /* The first version in `node`, the others after it (separated by " · ") in smaller spans. */
  function showVersions(node, list, altClass) {
    node.textContent = '';
    C.setLocalized(node.appendChild(el('span')), list[0]);
    list.slice(1).forEach(function (version) {
      node.appendChild(document.createTextNode(' '));
      C.setLocalized(node.appendChild(el('span', { class: altClass })), version);
    });
    node.removeAttribute('lang');
    return node;
  }

  /* What the screen is for now: 'seating' while people find their tables, 'round' while they
     talk, 'themes' (between rounds, after the last), 'voting', 'results'. */
  function mode() {
    var cafe = state.cafe, harvest = state.harvest;
    var hs = harvest ? harvest.state : 'none';
    if (cafe.phase === 'finished' && hs === 'results' && harvest.priorities) return 'results';
    if (cafe.phase === 'finished' && hs === 'voting') return 'voting';
    if (cafe.phase === 'lobby' || cafe.phase === 'break') return 'seating';
    if (cafe.phase === 'review' || cafe.phase === 'finished') return 'themes';
    return 'round';
  }

  function renderHarvest(screen) {
    var cafe = state.cafe, harvest = state.harvest;
    var show = screen === 'themes' || screen === 'voting' || screen === 'results';
    $('proj-harvest').hidden = !show;
    if (!show) { cloudKey = null; return; }
    var cloudWanted = screen === 'themes';
    if (!cloudWanted) { $('proj-cloud').hidden = true; cloudKey = null; }
    var key = [cafe.phase, cafe.round, harvest ? harvest.state : '', harvest && harvest.round].join(':');
    if (cloudWanted && key !== cloudKey) {   // a new cloud each time the café moves on (the server caches it)
      cloudKey = key;
      $('proj-cloud').src = $('proj-cloud').dataset.src + '?v=' + Date.now();
    }
    var list = $('proj-themes');
    list.textContent = '';
    var themes = harvest && harvest.state !== 'none' ? harvest.themes.filter(function (th) { return !th.hidden; }) : [];
    $('proj-themes-box').hidden = !themes.length;
    list.classList.toggle('many', themes.length > 6);
    if (!themes.length) return;
    if (screen === 'results') {
      $('proj-harvest-title').textContent = t('priorities_title');
      harvest.priorities.forEach(function (p) {
        list.appendChild(el('li', {}, [themeLabel(p.label, p.label_versions),
          el('span', { class: 'proj-theme-votes', text: votesText(p.votes) })]));
      });
      return;
    }
    var voting = screen === 'voting';
    $('proj-harvest-title').textContent = t(voting ? 'vote_on_phone_or_paper' : 'themes_so_far');
    var tallies = voting && harvest.tallies_visible && harvest.tallies ? harvest.tallies.tallies : null;
    themes.forEach(function (theme) {
      var spread = t('raised_at', { tables: theme.tables, total: theme.table_total });
      // Each theme keeps the number printed on the paper ballots, so people can vote with a pen.
      list.appendChild(el('li', { value: String(theme.number) }, [themeLabel(theme.label, theme.label_versions),
        el('span', { class: 'proj-theme-votes', text: tallies ? votesText(tallies[String(theme.theme_id)] || 0) : spread })]));
    });
  }

  /* A theme's label in every language of the room: the first bold, the others below it. */
  function themeLabel(label, versions) {
    return showVersions(el('span', { class: 'proj-theme-label' }), versionsOf(label, versions), 'proj-alt');
  }

  var PHASE_TEXT = { draft: 'draft', lobby: 'waiting_start', paused: 'paused', review: 'round_over',
                     break: 'moving', finished: 'finished' };

  function seatedAt(index) {
    return state.people.filter(function (p) { return !p.left && p.table === index; });
  }

  function tableCount(table, seated) {
    return t('table_count', { people: seated.length, notes: state.note_counts[table.index] || 0 });
  }

  /* A new note changes one tile's count: redraw that line only (and check the page still fits). */
  function renderTableCount(index) {
    var line = $('proj-tables').querySelector('[data-table="' + index + '"] .proj-table-count');
    var table = state.cafe.tables.filter(function (tb) { return tb.index === index; })[0];
    if (!line || !table) { render(); return; }
    line.textContent = tableCount(table, seatedAt(index));
    fit();
  }

  function render() {
    if (!state) return;
    var cafe = state.cafe, screen = mode();
    document.body.dataset.screen = screen;
    $('round-label').textContent = t('round_of', { round: cafe.round, rounds: cafe.rounds });
    var questions = versionsOf(cafe.question, cafe.question_versions);
    C.setLocalized($('question'), questions[0]);
    var others = $('question-versions');
    others.textContent = '';
    questions.slice(1).forEach(function (version) {
      others.appendChild(C.setLocalized(el('p', { class: 'proj-question-alt' }), version));
    });
    showVersions($('proj-title'), versionsOf(cafe.title, cafe.title_versions), 'proj-title-alt');
    $('join-code').textContent = state.join_code;
    $('join-base').textContent = state.join_url.replace(/\/j\/.*$/, '/join');
    var active = state.people.filter(function (p) { return !p.left; });
    $('people-count').textContent = C.tn('joined', active.length);
    // How to join while joining is open (until voting closes); the results page's code after.
    var results = screen === 'results' && state.harvest && state.harvest.results_url;
    $('proj-join').hidden = !cafe.joining_open || Boolean(results);
    $('proj-results-join').hidden = !results;
    if (results && !$('results-qr').getAttribute('src')) $('results-qr').src = $('results-qr').dataset.src;

    var seating = screen === 'seating';
    var box = $('proj-tables');
    box.hidden = screen === 'themes' && cafe.phase === 'finished' || screen === 'voting' || screen === 'results';
    box.textContent = '';
    cafe.tables.forEach(function (table) {
      var seated = active.filter(function (p) { return p.table === table.index; });
      var names = versionsOf(table.name, table.name_versions);
      var tile = el('div', { class: 'proj-table', 'data-table': String(table.index) }, [
        C.fillTableLabel(el('p', { class: 'proj-table-name' }), table, names[0].lang, cafe.typed_language),
        names.length > 1 ? showVersions(el('p', { class: 'proj-table-alt' }), names.slice(1), 'proj-alt') : null,
        el('p', { class: 'proj-table-count', text: tableCount(table, seated) })]);
      if (seating && seated.length) {
        // Everyone, phone or not, so people without one find their table on the wall.
        tile.appendChild(el('p', { class: 'proj-table-people', text: seated.map(function (p) { return p.name; }).join(', ') }));
        tile.classList.add('with-names');     // the names say who sits there: the count can go
      }
      tile.style.background = table.colour;
      tile.style.color = table.text_colour;
      box.appendChild(tile);
    });
    renderHarvest(screen);
    tick();
    fit();
  }

  // Steps taken, in order, while the page is taller or wider than the screen.
  var STEPS = ['fit-compact', 'fit-no-cloud', 'fit-no-alt-names', 'fit-no-names', 'fit-no-spread', 'fit-tight',
               'fit-dense'];
  function overflows() {
    var doc = document.documentElement;
    return doc.scrollHeight > window.innerHeight + 1 || doc.scrollWidth > window.innerWidth + 1;
  }
  function fit() {
    var body = document.body;
    STEPS.forEach(function (step) { body.classList.remove(step); });
    var seatingNames = document.querySelector('.proj-table-people') !== null;
    $('proj-check-phone').hidden = true;
    for (var i = 0; i < STEPS.length && overflows(); i++) {
      body.classList.add(STEPS[i]);
      // Without the names, people are told where to look instead.
      if (STEPS[i] === 'fit-no-names' && seatingNames) $('proj-check-phone').hidden = false;
    }
  }

  function tick() {
    if (!state) return;
    var left = C.secondsLeft(state.cafe, clock);
    var shown = C.formatClock(left);
    if ($('clock').textContent !== shown) $('clock').textContent = shown;
    var key = state.cafe.phase === 'running' && left === 0 ? 'time_up' : PHASE_TEXT[state.cafe.phase];
    var text = key ? t(key) : '';
    if ($('phase-text').textContent !== text) $('phase-text').textContent = text;
  }
  setInterval(tick, 250);
})();
