/* The facilitator's dashboard: round controls, seating, hosts and live notes with moderation.
   Every button sends the café version it saw, so a double click makes one transition. */
(function () {
  'use strict';
  var C = window.Cafe, el = C.el;
  var socket = C.connect('facilitator');
  var clock = new C.ServerClock(socket);
  var $ = function (id) { return document.getElementById(id); };
  var state = null;
  var roundFilter = null;          // null: follow the current round
  C.showConnection(socket, $('connection'));

  var PHASES = { draft: 'Not open yet', lobby: 'Open: people are joining', running: 'Round running',
                 paused: 'Paused', review: 'Round ended: review the rotation', break: 'People are moving',
                 finished: 'All rounds done' };

  function say(text, isError) {
    var node = $('message');
    node.textContent = text || '';
    node.className = 'status' + (isError ? ' error' : '');
  }

  function send(event, data, done) {
    socket.timeout(15000).emit(event, data || {}, function (err, ack) {
      if (err) { say('No answer from the server; check the connection and try again.', true); return; }
      if (!ack.ok) { say(C.errorText(ack), true); resync(); return; }
      say('');
      if (done) done(ack);
    });
  }
  function transition(event, extra) {
    return function () {
      var data = Object.assign({ version: state.cafe.version }, extra || {});
      send(event, data);
    };
  }

  function resync() { C.resync(socket, apply); }
  function apply(snap) {
    state = snap;
    clock.fromSnapshot(snap.cafe.server_now);
    render();
  }

  socket.on('snapshot', apply);
  socket.on('cafe_changed', function (cafe) {
    if (!state) return;
    var changed = cafe.phase !== state.cafe.phase || cafe.round !== state.cafe.round;
    state.cafe = cafe;
    if (changed) resync(); else render();
  });
  socket.on('seating_changed', resync);
  socket.on('person_joined', function (person) {
    if (!state) return;
    state.people = state.people.filter(function (p) { return p.id !== person.id; });
    state.people.push(person);
    render();
  });
  socket.on('person_left', function () { resync(); });
  socket.on('note_added', function (note) {
    if (!state) return;
    if (!state.notes.some(function (n) { return n.id === note.id; })) state.notes.push(note);
    render();
  });
  socket.on('note_hidden', function (msg) {
    if (!state) return;
    state.notes.forEach(function (n) { if (n.id === msg.id) n.hidden = msg.hidden; });
    render();
  });

  function button(label, handler, cls) {
    return el('button', { type: 'button', class: 'button ' + (cls || ''), text: label, onclick: handler });
  }

  function renderControls() {
    var cafe = state.cafe, box = $('controls');
    box.textContent = '';
    var add = function (b) { box.appendChild(b); };
    switch (cafe.phase) {
      case 'draft': add(button('Open café', transition('open_cafe'), 'primary')); break;
      case 'lobby': add(button('Start round 1', transition('start_round'), 'primary')); break;
      case 'running':
        add(button('Pause', transition('pause_round')));
        add(button('+1 min', transition('add_minutes', { minutes: 1 })));
        add(button('+5 min', transition('add_minutes', { minutes: 5 })));
        add(button('End round', transition('end_round'), 'danger'));
        break;
      case 'paused':
        add(button('Resume', transition('resume_round'), 'primary'));
        add(button('+1 min', transition('add_minutes', { minutes: 1 })));
        add(button('End round', transition('end_round'), 'danger'));
        break;
      case 'review': add(button('Rotate people to round ' + (cafe.round + 1), transition('rotate'), 'primary')); break;
      case 'break': add(button('Start round ' + cafe.round, transition('start_round'), 'primary')); break;
      default: break;
    }
    var plan = $('plan');
    plan.hidden = !state.plan;
    if (state.plan) {
      var p = state.plan;
      plan.textContent = 'Next rotation: everyone meets at least ' + p.min_new + ' new people (average ' +
        p.mean_new + ', most possible ' + p.bound + '); ' + (p.groups_balanced ? 'groups balanced' : 'groups not fully balanced') +
        '; ' + p.repeated_pairs + ' pairs meet again; table sizes ' + p.table_sizes.join(', ') + '.';
    }
  }

  function renderTables() {
    var cafe = state.cafe;
    var canMove = cafe.phase === 'lobby' || cafe.phase === 'break';
    var canHost = canMove || cafe.phase === 'draft';
    var shownRound = roundFilter || cafe.round;
    var active = state.people.filter(function (p) { return !p.left; });
    var box = $('tables');
    box.textContent = '';
    cafe.tables.forEach(function (table) {
      var seated = active.filter(function (p) { return p.table === table.index; });
      var nextSeated = state.next_seats ? active.filter(function (p) { return state.next_seats[p.id] === table.index; }) : null;
      var hostSelect = el('select', { 'aria-label': 'Host of ' + C.tableLabel(table) });
      hostSelect.appendChild(el('option', { value: '', text: 'No host' }));
      active.slice().sort(function (a, b) { return (b.can_host - a.can_host) || a.name.localeCompare(b.name); })
        .forEach(function (p) {
          var option = el('option', { value: String(p.id), text: p.name + (p.can_host ? ' (can host)' : '') });
          if (cafe.hosts[table.index] === p.id) option.selected = true;
          hostSelect.appendChild(option);
        });
      hostSelect.disabled = !canHost;
      hostSelect.addEventListener('change', function () {
        send('set_host', { table: table.index, person: hostSelect.value ? Number(hostSelect.value) : null });
      });

      var people = el('ul', { class: 'people' }, seated.map(function (p) {
        var li = el('li', {}, [el('span', { text: p.name }),
          p.group ? el('span', { class: 'badge soft', text: p.group }) : null,
          cafe.hosts[table.index] === p.id ? el('span', { class: 'badge', text: 'host' }) : null]);
        if (canMove) li.appendChild(moveSelect(p));
        return li;
      }));
      var notes = state.notes.filter(function (n) { return n.table === table.index && n.round === shownRound; });
      var noteList = el('ul', { class: 'notes staff-notes' }, notes.map(function (n) {
        return el('li', { class: 'note' + (n.hidden ? ' hidden-note' : '') }, [
          el('p', { text: n.text }),
          button(n.hidden ? 'Show' : 'Hide', function () { send('hide_note', { note: n.id, hidden: !n.hidden }); }, 'small subtle')]);
      }));
      var card = el('article', { class: 'table-box', 'data-table': String(table.index) }, [
        el('h2', { class: 'table-head', text: C.tableLabel(table) + ' · ' + seated.length + (seated.length === 1 ? ' person' : ' people') }),
        el('label', { class: 'host-pick' }, [el('span', { text: 'Host ' }), hostSelect]),
        people,
        nextSeated ? el('p', { class: 'help', text: 'Next round: ' + nextSeated.map(function (p) { return p.name; }).join(', ') }) : null,
        el('h3', { text: 'Notes, round ' + shownRound + ' (' + notes.filter(function (n) { return !n.hidden; }).length + ')' }),
        noteList]);
      card.querySelector('.table-head').style.borderColor = table.colour;
      box.appendChild(card);
    });
    var unseated = $('unseated');
    unseated.textContent = '';
    state.people.filter(function (p) { return p.left || p.table === null; }).forEach(function (p) {
      var li = el('li', {}, [el('span', { text: p.name + (p.left ? ' (left)' : '') })]);
      if (canMove && !p.left) li.appendChild(moveSelect(p));
      unseated.appendChild(li);
    });
  }

  function moveSelect(person) {
    var select = el('select', { 'aria-label': 'Move ' + person.name });
    state.cafe.tables.forEach(function (table) {
      var option = el('option', { value: String(table.index), text: 'to ' + C.tableLabel(table) });
      if (person.table === table.index) option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      send('move_person', { person: person.id, table: Number(select.value) });
    });
    return select;
  }

  function renderFilter() {
    var select = $('round-filter');
    var wanted = String(roundFilter || 'current');
    select.textContent = '';
    select.appendChild(el('option', { value: 'current', text: 'Current round' }));
    for (var r = 1; r <= state.cafe.rounds; r++) select.appendChild(el('option', { value: String(r), text: 'Round ' + r }));
    select.value = wanted;
  }
  $('round-filter').addEventListener('change', function (event) {
    roundFilter = event.target.value === 'current' ? null : Number(event.target.value);
    render();
  });

  function render() {
    if (!state) return;
    var cafe = state.cafe;
    $('round-label').textContent = 'Round ' + cafe.round + ' of ' + cafe.rounds;
    $('phase-label').textContent = PHASES[cafe.phase] || cafe.phase;
    $('question').textContent = cafe.question;
    $('join-code').textContent = state.join_code;
    $('join-url').textContent = state.join_url;
    $('join-url').href = state.join_url;
    var active = state.people.filter(function (p) { return !p.left; }).length;
    $('people-count').textContent = active + ' people joined';
    renderControls();
    renderFilter();
    renderTables();
    tick();
  }
  function tick() {
    if (state) $('clock').textContent = C.formatClock(C.secondsLeft(state.cafe, clock));
  }
  setInterval(tick, 250);
})();
