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
    render();
  });
  socket.on('note_hidden', resync);

  var PHASE_TEXT = { draft: 'draft', lobby: 'waiting_start', paused: 'paused', review: 'round_over',
                     break: 'moving', finished: 'finished' };

  function render() {
    if (!state) return;
    var cafe = state.cafe;
    $('round-label').textContent = t('round_of', { round: cafe.round, rounds: cafe.rounds });
    $('question').textContent = cafe.question;
    $('join-code').textContent = state.join_code;
    $('join-base').textContent = state.join_url.replace(/\/j\/.*$/, '/join');
    var active = state.people.filter(function (p) { return !p.left; });
    $('people-count').textContent = active.length + ' joined';
    var moving = cafe.phase === 'break' || cafe.phase === 'lobby';
    var box = $('proj-tables');
    box.textContent = '';
    cafe.tables.forEach(function (table) {
      var seated = active.filter(function (p) { return p.table === table.index; });
      var tile = el('div', { class: 'proj-table' }, [
        el('p', { class: 'proj-table-name', text: C.tableLabel(table) }),
        el('p', { class: 'proj-table-count', text: seated.length + (seated.length === 1 ? ' person · ' : ' people · ') + (state.note_counts[table.index] || 0) + ' notes' })]);
      if (moving && seated.length) {
        tile.appendChild(el('p', { class: 'proj-table-people', text: seated.map(function (p) { return p.name; }).join(', ') }));
      }
      tile.style.background = table.colour;
      tile.style.color = table.text_colour;
      box.appendChild(tile);
    });
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
