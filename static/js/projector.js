/* The projector: a clock readable from the back of the room, the question, how to join,
   and a live count of people and notes per table (the seating itself while people move). */
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
  socket.on('person_joined', function (person) {
    if (!state) return;
    state.people = state.people.filter(function (p) { return p.id !== person.id; }).concat([person]);
    render();
  });
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

  // Between rounds and at the harvest: the whole café's word cloud, to listen together for
  // patterns, and the themes, the live tallies (unless the facilitator hides them) or the priorities.
  var BETWEEN = { review: 1, break: 1, finished: 1 };
  var cloudKey = null;
  $('proj-cloud').addEventListener('error', function () { $('proj-cloud').hidden = true; });
  $('proj-cloud').addEventListener('load', function () { $('proj-cloud').hidden = false; });

  function votesText(count) { return count === 1 ? t('vote_one') : t('votes_n', { count: count }); }

  function renderHarvest() {
    var cafe = state.cafe, harvest = state.harvest;
    var between = Boolean(BETWEEN[cafe.phase]);
    $('proj-harvest').hidden = !between;
    // Once the rounds are over the harvest is what the room looks at, not the tables.
    $('proj-tables').hidden = cafe.phase === 'finished' && Boolean(harvest) && harvest.state !== 'none';
    if (!between) { cloudKey = null; return; }
    var key = [cafe.phase, cafe.round, harvest ? harvest.state : '', harvest && harvest.round].join(':');
    if (key !== cloudKey) {        // a new cloud each time the café moves on (the server caches it)
      cloudKey = key;
      $('proj-cloud').src = $('proj-cloud').dataset.src + '?v=' + Date.now();
    }
    var list = $('proj-themes');
    list.textContent = '';
    var themes = harvest && harvest.state !== 'none' ? harvest.themes.filter(function (th) { return !th.hidden; }) : [];
    $('proj-themes-box').hidden = !themes.length;
    if (!themes.length) return;
    if (harvest.state === 'results' && harvest.priorities) {
      $('proj-harvest-title').textContent = t('priorities_title');
      harvest.priorities.forEach(function (p) {
        list.appendChild(el('li', {}, [el('span', { class: 'proj-theme-label', text: p.label }),
          el('span', { class: 'proj-theme-votes', text: votesText(p.votes) })]));
      });
      return;
    }
    var voting = harvest.state === 'voting';
    $('proj-harvest-title').textContent = t(voting ? 'vote_on_phone_or_paper' : 'themes_so_far');
    var tallies = voting && harvest.tallies_visible && harvest.tallies ? harvest.tallies.tallies : null;
    themes.forEach(function (theme) {
      var spread = t('raised_at', { tables: theme.tables, total: theme.table_total });
      // Each theme keeps the number printed on the paper ballots, so people can vote with a pen.
      list.appendChild(el('li', { value: String(theme.number) }, [el('span', { class: 'proj-theme-label', text: theme.label }),
        el('span', { class: 'proj-theme-votes', text: tallies ? votesText(tallies[String(theme.theme_id)] || 0) : spread })]));
    });
  }

  var PHASE_TEXT = { draft: 'draft', lobby: 'waiting_start', paused: 'paused', review: 'round_over',
                     break: 'moving', finished: 'finished' };

  function seatedAt(index) {
    return state.people.filter(function (p) { return !p.left && p.table === index; });
  }

  function tableCount(table, seated) {
    return t('table_count', { people: seated.length, notes: state.note_counts[table.index] || 0 });
  }

  /* A new note changes one tile's count: redraw that line only. */
  function renderTableCount(index) {
    var line = $('proj-tables').querySelector('[data-table="' + index + '"] .proj-table-count');
    var table = state.cafe.tables.filter(function (tb) { return tb.index === index; })[0];
    if (!line || !table) { render(); return; }
    line.textContent = tableCount(table, seatedAt(index));
  }

  function render() {
    if (!state) return;
    var cafe = state.cafe;
    $('round-label').textContent = t('round_of', { round: cafe.round, rounds: cafe.rounds });
    $('question').textContent = cafe.question;
    $('join-code').textContent = state.join_code;
    $('join-base').textContent = state.join_url.replace(/\/j\/.*$/, '/join');
    var active = state.people.filter(function (p) { return !p.left; });
    $('people-count').textContent = t('joined', { count: active.length });
    var moving = cafe.phase === 'break' || cafe.phase === 'lobby';
    var box = $('proj-tables');
    box.textContent = '';
    cafe.tables.forEach(function (table) {
      var seated = active.filter(function (p) { return p.table === table.index; });
      var tile = el('div', { class: 'proj-table', 'data-table': String(table.index) }, [
        el('p', { class: 'proj-table-name', text: C.tableLabel(table) }),
        el('p', { class: 'proj-table-count', text: tableCount(table, seated) })]);
      if (moving && seated.length) {
        // Everyone, phone or not, so people without one find their table on the wall.
        tile.appendChild(el('p', { class: 'proj-table-people', text: seated.map(function (p) { return p.name; }).join(', ') }));
      }
      tile.style.background = table.colour;
      tile.style.color = table.text_colour;
      box.appendChild(tile);
    });
    renderHarvest();
    tick();
  }
  function tick() {
    if (!state) return;
    var left = C.secondsLeft(state.cafe, clock);
    $('clock').textContent = C.formatClock(left);
    var key = state.cafe.phase === 'running' && left === 0 ? 'time_up' : PHASE_TEXT[state.cafe.phase];
    $('phase-text').textContent = key ? t(key) : '';
  }
  setInterval(tick, 250);
})();
