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

  // The dashboard's own words, in the facilitator's language (cafe/web/dashboard_messages.py);
  // words phones share (colours, errors, counted notes and people) come from the phones' catalogue.
  var D = JSON.parse($('dashboard-catalogue').textContent);
  function sentence(text) { return text.charAt(0).toUpperCase() + text.slice(1) + '.'; }
  function tr(key, params) { return C.t(key, params, D[key] !== undefined ? D[key] : C.T[key]); }
  function trn(key, count, params) {
    var forms = D[key] || C.T[key] || {};
    return C.t(key, Object.assign({ num: num(count) }, params || {}), count === 1 ? forms.one : forms.other);
  }
  var LANG = document.documentElement.lang || 'en';
  function num(x) { return typeof x === 'number' ? x.toLocaleString(LANG) : String(x); }
  function groupLabel(group) { return D.groups[group] || group; }

  function phaseName(cafe) {
    if (cafe.phase === 'running' && C.secondsLeft(cafe, clock) === 0) return C.t('time_up');
    if (cafe.phase === 'finished' && D.harvest_names[cafe.harvest_state]) return D.harvest_names[cafe.harvest_state];
    return D.phases[cafe.phase] || cafe.phase;
  }

  function say(text, isError) {
    var node = $('message');
    node.textContent = text || '';
    node.className = 'status' + (isError ? ' error' : '');
  }

  function send(event, data, done, refused) {
    socket.timeout(15000).emit(event, data || {}, function (err, ack) {
      if (err) { say(tr('no_answer'), true); return; }
      if (!ack.ok && refused && refused(ack)) return;
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
    refreshLanguagesSoon();
  });
  socket.on('person_left', function () { resync(); });
  socket.on('person_changed', function () { resync(); });   // a need changed: seats and warnings too
  socket.on('joining_changed', function (joining) {
    if (!state) return;
    state.joining = joining;
    renderJoining();
  });

  // Joining: how fast people are joining, a one-click close (say, to stop a flood of fake
  // joins) and reopen, and the cap on how many may join.
  function renderJoining() {
    var j = state.joining;
    if (!j) return;
    $('join-rate').textContent = tr('join_rate', { recent: num(j.last_minute), joined: num(j.joined),
                                                  most: num(j.max_participants) });
    $('join-state').textContent = tr(j.open ? 'joining_open' : 'joining_closed');
    var toggle = $('join-toggle');
    toggle.textContent = tr(j.open ? 'close_joining' : 'reopen_joining');
    toggle.className = 'button small' + (j.open ? '' : ' primary');
    if (document.activeElement !== $('join-cap')) $('join-cap').value = j.max_participants;
  }
  $('join-toggle').addEventListener('click', function () {
    if (!state || !state.joining) return;
    send('set_joining', { open: !state.joining.open }, function (ack) {
      state.joining = ack.joining; renderJoining();
    });
  });
  $('join-cap-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!state || !state.joining) return;
    send('set_joining', { open: state.joining.open, max_participants: Number($('join-cap').value) },
      function (ack) { state.joining = ack.joining; renderJoining(); say(tr('saved')); });
  });
  socket.on('note_added', function (note) {
    if (!state) return;
    if (state.notes.some(function (n) { return n.id === note.id; })) return;
    state.notes.push(note);
    renderTable(note.table);
    var h = state.harvest;         // a note the themes don't hold yet: the harvest is stale
    if (h && h.state === 'harvest' && h.unassigned && h.unassigned.indexOf(note.id) < 0) {
      h.unassigned.push(note.id);
      if (h.round !== null && note.round > h.round) h.new_notes = (h.new_notes || 0) + 1;
      renderHarvest();
    }
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
      case 'draft': add(button(tr('open_cafe'), transition('open_cafe'), 'primary')); break;
      case 'lobby': add(button(tr('start_round', { round: 1 }), transition('start_round'), 'primary')); break;
      case 'running':
        add(button(tr('pause'), transition('pause_round')));
        add(button(tr('add_minutes', { minutes: 1 }), transition('add_minutes', { minutes: 1 })));
        add(button(tr('add_minutes', { minutes: 5 }), transition('add_minutes', { minutes: 5 })));
        add(button(tr('end_round'), transition('end_round'), 'primary'));
        break;
      case 'paused':
        add(button(tr('resume'), transition('resume_round'), 'primary'));
        add(button(tr('add_minutes', { minutes: 1 }), transition('add_minutes', { minutes: 1 })));
        add(button(tr('end_round'), transition('end_round'), 'danger'));
        break;
      case 'review': add(button(tr('rotate_to', { round: cafe.round + 1 }), transition('rotate'), 'primary')); break;
      case 'break': add(button(tr('start_round', { round: cafe.round }), transition('start_round'), 'primary')); break;
      default: break;
    }
    var plan = $('plan');
    plan.hidden = !state.plan;
    if (state.plan) {
      var p = state.plan;
      plan.textContent = tr('plan', { new_people: trn('new_people', p.min_new), mean: num(p.mean_new),
        bound: num(p.bound), groups: tr(p.groups_balanced ? 'groups_balanced' : 'groups_unbalanced'),
        pairs: trn('pairs_again', p.repeated_pairs), sizes: p.table_sizes.map(num).join(', ') })
        + (p.language_ok === true ? ' ' + sentence(C.t('plan_language_ok')) : '')
        + (p.language_ok === false ? ' ' + sentence(C.tn('plan_language_off', p.wrong_language)) : '');
    }
    renderLanguageWarning();
  }

  // --- seating by language ---------------------------------------------------------------------
  function languageName(code) { return (C.T.language_names && C.T.language_names[code]) || code; }
  function seatLanguages() { return state.seat_languages || { offered: false, tables: [], affected: [], short: [], unspoken: [] }; }

  /* Told before confirming: who will not sit at a table in their language, and why. */
  function renderLanguageWarning() {
    var box = $('language-warning'), view = seatLanguages(), cafe = state.cafe;
    var lines = [];
    view.unspoken.forEach(function (lang) { lines.push(C.t('unspoken_line', { language: languageName(lang) })); });
    view.affected.forEach(function (a) {
      lines.push(C.t(cafe.phase === 'review' ? 'affected_planned' : 'affected_line', { name: a.name, language: languageName(a.language),
                                        table: C.tableLabel(cafe.tables[a.table]) }));
    });
    view.short.forEach(function (s) {
      lines.push(C.tn('lacking_line', s.count, { language: languageName(s.language),
        names: s.people.map(function (p) { return p.name; }).join(', ') }));
    });
    box.textContent = '';
    box.hidden = !lines.length || cafe.phase === 'finished';
    if (box.hidden) return;
    box.appendChild(el('p', { text: C.t(cafe.phase === 'review' ? 'language_review' : 'language_warning') }));
    box.appendChild(el('ul', {}, lines.map(function (line) { return el('li', { text: line }); })));
  }

  /* Who joins changes table sizes, and so who fits where by language: catch up once joins settle. */
  var languageResync = null;
  function refreshLanguagesSoon() {
    if (!seatLanguages().offered || languageResync) return;
    languageResync = setTimeout(function () { languageResync = null; resync(); }, 1500);
  }

  /* The facilitator sets or changes the language someone needs at their table. */
  function needsSelect(person) {
    var select = el('select', { class: 'needs-select', 'aria-label': C.t('needs_label', { name: person.name }) });
    select.appendChild(el('option', { value: '', text: C.t('any_language') }));
    (seatLanguages().languages || []).forEach(function (code) {
      select.appendChild(el('option', { value: code, text: languageName(code) }));
    });
    select.value = person.needs_language || '';
    select.addEventListener('change', function () {
      send('set_needs_language', { person: person.id, language: select.value || null }, function (ack) {
        if (ack.moved) say(C.t('moved_for_language', { name: person.name, language: languageName(select.value) }));
      });
    });
    return select;
  }

  /* Send a seat change; a table that does not speak the person's language asks first. */
  function sendSeatChange(event, data) {
    send(event, data, null, function (ack) {
      if (ack.error !== 'wrong_language') return false;
      if (window.confirm(C.errorText(ack))) sendSeatChange(event, Object.assign({}, data, { confirm: true }));
      else { say(''); resync(); }           // nothing changed: put the menus back
      return true;
    });
  }

  function renderTables() {
    var cafe = state.cafe;
    var canMove = cafe.phase === 'lobby' || cafe.phase === 'break';
    var box = $('tables');
    box.textContent = '';
    cafe.tables.forEach(function (table) { box.appendChild(tableCard(table)); });
    var unseated = $('unseated');
    unseated.textContent = '';
    state.people.filter(function (p) { return p.left || p.table === null; }).forEach(function (p) {
      var li = el('li', {}, [el('span', { text: p.left ? tr('person_left', { name: p.name }) : p.name }),
        p.needs_language ? el('span', { class: 'badge needs-badge', text: C.t('needs_language', { language: languageName(p.needs_language) }) }) : null]);
      if (canMove && !p.left) li.appendChild(moveSelect(p));
      unseated.appendChild(li);
    });
  }

  /* Redraw one table's card (a new note there), leaving the rest of the page as it is. */
  function renderTable(index) {
    var old = $('tables').querySelector('[data-table="' + index + '"]');
    var table = state.cafe.tables.filter(function (tb) { return tb.index === index; })[0];
    if (!old || !table) { render(); return; }
    old.replaceWith(tableCard(table));
  }

  function tableCard(table) {
    var cafe = state.cafe;
    var canMove = cafe.phase === 'lobby' || cafe.phase === 'break';
    var canHost = canMove || cafe.phase === 'draft';
    var shownRound = roundFilter || cafe.round;
    var active = state.people.filter(function (p) { return !p.left; });
    var seated = active.filter(function (p) { return p.table === table.index; });
    var nextSeated = state.next_seats ? active.filter(function (p) { return state.next_seats[p.id] === table.index; }) : null;
    var hostSelect = el('select', { 'aria-label': tr('host_of', { table: C.tableLabel(table) }) });
    hostSelect.appendChild(el('option', { value: '', text: tr('no_host') }));
    active.slice().sort(function (a, b) { return (b.can_host - a.can_host) || a.name.localeCompare(b.name); })
      .forEach(function (p) {
        var option = el('option', { value: String(p.id), text: p.can_host ? tr('can_host', { name: p.name }) : p.name });
        if (cafe.hosts[table.index] === p.id) option.selected = true;
        hostSelect.appendChild(option);
      });
    hostSelect.disabled = !canHost;
    hostSelect.addEventListener('change', function () {
      sendSeatChange('set_host', { table: table.index, person: hostSelect.value ? Number(hostSelect.value) : null });
    });
    var byLanguage = seatLanguages();
    var spoken = byLanguage.tables[table.index];

    var people = el('ul', { class: 'people' }, seated.map(function (p) {
      var li = el('li', {}, [el('span', { text: p.name }),
        p.group ? el('span', { class: 'badge soft', text: groupLabel(p.group) }) : null,
        p.has_phone === false ? el('span', { class: 'badge no-phone-badge', text: tr('no_phone') }) : null,
        p.needs_language ? el('span', { class: 'badge needs-badge',
                                        text: C.t('needs_language', { language: languageName(p.needs_language) }) }) : null,
        keptWith(p).length ? el('span', { class: 'badge kept-badge', text: C.t('kept_with', { names: keptWith(p).join(', ') }) }) : null,
        cafe.hosts[table.index] === p.id ? el('span', { class: 'badge', text: tr('host') }) : null]);
      if (canMove) li.appendChild(moveSelect(p));
      if (byLanguage.offered) li.appendChild(needsSelect(p));
      return li;
    }));
    var notes = state.notes.filter(function (n) { return n.table === table.index && n.round === shownRound; });
    var noteList = el('ul', { class: 'notes staff-notes' }, notes.map(function (n) {
      return el('li', { class: 'note' + (n.hidden ? ' hidden-note' : '') }, [
        el('p', { text: n.text }),
        button(tr(n.hidden ? 'show' : 'hide'), function () { send('hide_note', { note: n.id, hidden: !n.hidden }); }, 'small subtle')]);
    }));
    var card = el('article', { class: 'table-box', 'data-table': String(table.index) }, [
      el('h2', { class: 'table-head', text: C.tableLabel(table) + ' · ' + trn('people_n', seated.length) }),
      spoken ? el('p', { class: 'help table-languages', text: C.t('speaks', { languages: spoken.map(languageName).join(', ') }) }) : null,
      el('label', { class: 'host-pick' }, [el('span', { text: tr('host_label') + ' ' }), hostSelect]),
      people,
      nextSeated ? el('p', { class: 'help', text: tr('next_round', { names: nextSeated.map(function (p) { return p.name; }).join(', ') }) }) : null,
      el('h3', { text: tr('notes_round', { round: num(shownRound), count: num(notes.filter(function (n) { return !n.hidden; }).length) }) }),
      noteList]);
    card.querySelector('.table-head').style.borderColor = table.colour;
    return card;
  }

  function moveSelect(person) {
    var select = el('select', { 'aria-label': tr('move_person', { name: person.name }) });
    state.cafe.tables.forEach(function (table) {
      var option = el('option', { value: String(table.index), text: tr('to_place', { place: C.tableLabel(table) }) });
      if (person.table === table.index) option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      sendSeatChange('move_person', { person: person.id, table: Number(select.value) });
    });
    return select;
  }

  function renderFilter() {
    var select = $('round-filter');
    var wanted = String(roundFilter || 'current');
    select.textContent = '';
    select.appendChild(el('option', { value: 'current', text: tr('current_round') }));
    for (var r = 1; r <= state.cafe.rounds; r++) select.appendChild(el('option', { value: String(r), text: tr('earlier_round', { round: num(r) }) }));
    select.value = wanted;
  }
  $('round-filter').addEventListener('change', function (event) {
    roundFilter = event.target.value === 'current' ? null : Number(event.target.value);
    render();
  });

  function render() {
    if (!state) return;
    var cafe = state.cafe;
    $('round-label').textContent = tr('round_of', { round: num(cafe.round), rounds: num(cafe.rounds) });
    $('phase-label').textContent = phaseName(cafe);
    $('question').textContent = cafe.question;
    $('join-code').textContent = state.join_code;
    $('join-url').textContent = state.join_url;
    $('join-url').href = state.join_url;
    var active = state.people.filter(function (p) { return !p.left; }).length;
    $('people-count').textContent = trn('joined', active);
    renderJoining();
    renderControls();
    renderFilter();
    renderTables();
    renderNoPhone();
    renderParties();
    renderHarvest();
    tick();
  }
  function tick() {
    if (!state) return;
    $('clock').textContent = C.formatClock(C.secondsLeft(state.cafe, clock));
    var name = phaseName(state.cafe);       // "Time is up" at 00:00, as phones and projector say
    if ($('phase-label').textContent !== name) $('phase-label').textContent = name;
  }
  setInterval(tick, 250);
  // --- harvest: themes, curating, voting, priorities ------------------------------------------
  var HARVEST_PHASES = { review: 1, break: 1, finished: 1 };
  var ticked = new Set();          // notes ticked for a split
  var harvestDirty = false;        // a re-render waits until the facilitator stops typing
  var dotsWanted = null;           // the dots number typed, kept across re-renders
  var ignoreWanted = null;         // the words to ignore typed, kept across re-renders
  var byMeaning = null;            // group by meaning (semantic backend), when it is installed
  var openThemes = new Set();      // themes whose note list is open

  socket.on('themes_changed', function (harvest) {
    if (!state) return;
    state.harvest = harvest;
    render();
  });
  socket.on('tallies_changed', function (counts) {
    if (!state || !state.harvest) return;
    state.harvest.tallies = { tallies: counts.tallies, voters: counts.voters };
    state.harvest.tallies_visible = counts.visible;
    render();
  });
  socket.on('priorities_ready', function () { resync(); });

  function spreadText(theme) {
    var groups = Object.keys(theme.groups).map(function (g) { return groupLabel(g) + ' ' + num(theme.groups[g]); });
    return trn('notes_n', theme.notes.length) + ' · ' + tr('spread', { tables: num(theme.tables),
      table_total: num(theme.table_total), rounds: num(theme.rounds), round_total: num(theme.round_total) }) +
      (groups.length ? ' · ' + groups.join(', ') : '');
  }

  function votesOf(themeId) {
    var t = state.harvest.tallies;
    return t && t.tallies ? (t.tallies[String(themeId)] || 0) : 0;
  }

  function harvestControls(harvest) {
    var cafe = state.cafe, box = $('harvest-controls');
    box.textContent = '';
    var fresh = harvest.new_notes || 0;
    var missed = (harvest.unassigned || []).length;
    // After the last round the harvest is the main step until its themes hold every note.
    var harvestIsMain = cafe.phase === 'finished' && (harvest.state === 'none' || fresh > 0);
    if (HARVEST_PHASES[cafe.phase] && (harvest.state === 'none' || harvest.state === 'harvest')) {
      var section = $('harvest'), offered = section.dataset.semantic === 'yes';
      if (byMeaning === null) byMeaning = offered && section.dataset.backend === 'semantic';
      var ignore = el('input', { id: 'ignore-words', class: 'ignore-input', maxlength: String(Cafe.limits.ignore_words_max),
                                 placeholder: tr('ignore_example'),
                                 value: ignoreWanted !== null ? ignoreWanted : (harvest.ignore_words || []).join(', ') });
      ignore.addEventListener('input', function () { ignoreWanted = ignore.value; });
      var harvestWith = function (extra) {
        return function () {
          var data = { version: state.cafe.version, ignore_words: ignore.value };
          if (offered) data.backend = byMeaning ? 'semantic' : 'tfidf';
          Object.keys(extra).forEach(function (key) { data[key] = extra[key]; });
          say(tr('finding_themes'));
          send('run_harvest', data, function () { ignoreWanted = null; say(tr('themes_found')); });
        };
      };
      var label = harvest.state === 'none' ? tr('harvest_themes')
        : fresh ? trn('harvest_again_new', fresh) : tr('harvest_again');
      box.appendChild(button(label, harvestWith({}), harvestIsMain ? 'primary' : ''));
      var count = harvest.themes.length;
      if (harvest.state === 'harvest' && count > 1) {
        box.appendChild(button(tr('fewer_themes'), harvestWith({ themes: count - 1 })));
      }
      if (harvest.state === 'harvest' && count > 0 && count < Cafe.limits.max_themes) {
        box.appendChild(button(tr('more_themes'), harvestWith({ themes: count + 1 })));
      }
      if (offered) {
        var meaning = el('input', { type: 'checkbox', id: 'by-meaning', class: 'check' });
        meaning.checked = byMeaning;
        meaning.addEventListener('change', function () { byMeaning = meaning.checked; });
        box.appendChild(el('label', { class: 'choice inline', for: 'by-meaning' },
          [meaning, el('span', { text: tr('by_meaning') })]));
      }
      box.appendChild(el('label', { class: 'inline ignore-label', for: 'ignore-words' },
        [el('span', { text: tr('words_to_ignore') + ' ' }), ignore]));
    }
    if (cafe.phase === 'finished' && (harvest.state === 'harvest' || harvest.state === 'results')) {
      var dots = el('input', { type: 'number', min: '1', max: String(Cafe.limits.max_dots), value: String(dotsWanted || harvest.dots),
                               id: 'dots', class: 'dots-input' });
      dots.addEventListener('input', function () { dotsWanted = dots.value; });
      box.appendChild(el('label', { class: 'inline', for: 'dots' }, [el('span', { text: tr('dots_each') + ' ' }), dots]));
      var openVoting = function (confirmed) {
        var data = { version: state.cafe.version, dots: Number(dots.value) };
        if (confirmed) data.confirm = true;
        send('open_voting', data, null, function (ack) {
          // The themes miss notes that arrived meanwhile: ask, and go ahead only on a yes.
          if (ack.error !== 'stale_harvest') return false;
          if (window.confirm(C.errorText(ack))) openVoting(true);
          else say(C.errorText(ack), true);
          return true;
        });
      };
      box.appendChild(button(tr(harvest.state === 'results' ? 'reopen_voting' : 'open_voting'), function () {
        if (missed && harvest.state === 'harvest' &&
            !window.confirm(trn('confirm_missed', missed))) return;
        openVoting(missed > 0);
      }, harvestIsMain || harvest.state === 'results' ? '' : 'primary'));
      if (harvest.state === 'results') {       // what comes after the vote: the report and the plan
        box.appendChild(el('a', { class: 'button primary', href: $('downloads-link').href,
                                  text: tr('downloads_and_plan') }));
      }
    }
    if (harvest.state === 'voting') {
      box.appendChild(button(tr('close_voting'), transition('close_voting'), 'primary'));
    }
    if (harvest.state === 'voting' || harvest.state === 'results') {
      var toggle = el('input', { type: 'checkbox', id: 'show-tallies', class: 'check' });
      toggle.checked = Boolean(harvest.tallies_visible);
      toggle.addEventListener('change', function () {
        send('set_tallies_visible', { visible: toggle.checked });
      });
      box.appendChild(el('label', { class: 'choice inline', for: 'show-tallies' },
        [toggle, el('span', { text: tr('show_tallies') })]));
    }
  }

  function noteRow(noteId, text, harvest, themeId) {
    var select = el('select', { 'aria-label': tr('move_note') });
    select.appendChild(el('option', { value: '', text: tr('no_theme') }));
    harvest.themes.forEach(function (t) {
      var option = el('option', { value: String(t.theme_id), text: tr('to_place', { place: t.label }) });
      if (t.theme_id === themeId) option.selected = true;
      select.appendChild(option);
    });
    select.disabled = harvest.state !== 'harvest';
    select.addEventListener('change', function () {
      send('move_note', { note: noteId, theme: select.value ? Number(select.value) : null });
    });
    var pick = el('input', { type: 'checkbox', class: 'check', 'aria-label': tr('tick_for_split') });
    pick.checked = ticked.has(noteId);
    pick.disabled = harvest.state !== 'harvest';
    pick.addEventListener('change', function () {
      if (pick.checked) ticked.add(noteId); else ticked.delete(noteId);
    });
    return el('li', { class: 'note' }, [pick, el('p', { text: text }), select]);
  }

  /* The theme's label in the café's other languages: one box each, saved when it changes (an
     empty box removes that version: phones then show the label as typed). */
  var LANGUAGE_NAMES = JSON.parse($('harvest').dataset.languages || '{}');
  function labelVersions(theme) {
    var others = state.cafe.languages.slice(1);
    if (!others.length) return null;
    return el('div', { class: 'label-versions' }, others.map(function (lang) {
      var id = 'theme-' + theme.theme_id + '-label-' + lang;
      var box = el('input', { id: id, class: 'theme-label-version', lang: lang,
                              maxlength: String(Cafe.limits.theme_label_max) });
      var sent = (theme.label_versions || {})[lang] || '';
      box.value = sent;
      box.placeholder = theme.label;
      function save() {
        if (box.value.trim() === sent.trim()) return;
        sent = box.value;
        var translations = {};
        translations[lang] = box.value;
        send('rename_theme', { theme: theme.theme_id, translations: translations });
      }
      box.addEventListener('change', save);
      box.addEventListener('keydown', function (event) {
        if (event.key === 'Enter') { event.preventDefault(); save(); }
      });
      return el('p', { class: 'label-version' }, [
        el('label', { for: id, text: C.t('label_in', { language: LANGUAGE_NAMES[lang] || lang }) }), box]);
    }));
  }

  function themeCard(theme, harvest, texts) {
    var curating = harvest.state === 'harvest';
    // A text area wraps a long label instead of cutting it off; Enter saves, as in a one-line box.
    var label = el('textarea', { maxlength: String(Cafe.limits.theme_label_max), rows: '2', class: 'theme-label',
                                 'aria-label': tr('theme_label') });
    label.value = theme.label;
    // Grows to show the whole label (the theme's number beside it leaves less width).
    function fitLabel() {
      label.style.height = '';
      if (label.scrollHeight > label.clientHeight) {
        label.style.height = (label.scrollHeight + label.offsetHeight - label.clientHeight) + 'px';
      }
    }
    label.addEventListener('input', fitLabel);
    requestAnimationFrame(fitLabel);
    label.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') { event.preventDefault(); rename(); }
    });
    var sent = theme.label;
    var rename = function () {
      if (label.value.trim() && label.value !== sent) {
        sent = label.value;
        send('rename_theme', { theme: theme.theme_id, label: label.value });
      }
    };
    label.addEventListener('change', rename);
    var versions = labelVersions(theme);
    var merge = el('select', { 'aria-label': tr('merge_theme', { theme: theme.label }) });
    merge.appendChild(el('option', { value: '', text: tr('merge_into') }));
    harvest.themes.forEach(function (other) {
      if (other.theme_id !== theme.theme_id) merge.appendChild(el('option', { value: String(other.theme_id), text: other.label }));
    });
    merge.disabled = !curating;
    merge.addEventListener('change', function () {
      if (merge.value) send('merge_themes', { theme: theme.theme_id, into: Number(merge.value) });
    });
    var hide = button(tr(theme.hidden ? 'show' : 'hide'), function () {
      send('hide_theme', { theme: theme.theme_id, hidden: !theme.hidden });
    }, 'small subtle');
    hide.disabled = !curating;
    var votes = harvest.state === 'voting' || harvest.state === 'results'
      ? el('span', { class: 'badge', text: trn('votes', votesOf(theme.theme_id)) }) : null;
    var notes = el('ul', { class: 'notes staff-notes' }, theme.notes.map(function (id) {
      return noteRow(id, texts[id] || '', harvest, theme.theme_id);
    }));
    var details = el('details', {}, [el('summary', { text: tr('theme_notes', { count: num(theme.notes.length) }) }), notes]);
    details.open = openThemes.has(theme.theme_id);      // re-renders keep it as the facilitator left it
    details.addEventListener('toggle', function () {
      if (details.open) openThemes.add(theme.theme_id); else openThemes.delete(theme.theme_id);
    });
    return el('article', { class: 'theme-card' + (theme.hidden ? ' hidden-theme' : ''), 'data-theme': String(theme.theme_id) }, [
      el('div', { class: 'theme-head' }, [theme.number ? el('span', { class: 'theme-number', text: theme.number + '.' }) : null, label, votes]),
      versions,
      el('p', { class: 'help', text: spreadText(theme) + (theme.hidden ? ' · ' + tr('hidden_from_voting') : '') }),
      el('ul', { class: 'representatives' }, theme.representatives.map(function (text) {
        return el('li', { text: text });
      })),
      el('div', { class: 'controls' }, [merge, hide]),
      details]);
  }

  function renderPriorities(harvest) {
    var box = $('priorities');
    box.hidden = !harvest.priorities;
    if (!harvest.priorities) return;
    var list = $('priority-list');
    list.textContent = '';
    harvest.priorities.forEach(function (p) {
      list.appendChild(el('li', {}, [el('strong', { text: p.label }),
        el('span', { text: ' · ' + trn('votes', p.votes) + (p.paper_votes ? ' ' + tr('on_paper', { num: num(p.paper_votes) }) : '') + ' · ' +
          tr('priority_spread', { tables: num(p.tables), table_total: num(p.table_total), rounds: num(p.rounds), round_total: num(p.round_total) }) })]));
    });
    var byGroup = $('by-group');
    byGroup.textContent = '';
    var groups = Object.keys(harvest.by_group || {});
    if (!groups.length) {
      byGroup.appendChild(el('p', { class: 'help', text: tr('no_group_ranking') }));
      return;
    }
    var head = el('tr', {}, [el('th', { text: tr('rank') })].concat(groups.map(function (g) { return el('th', { text: groupLabel(g) }); })));
    var rows = harvest.priorities.map(function (_, i) {
      return el('tr', {}, [el('td', { text: num(i + 1) })].concat(groups.map(function (g) {
        var p = harvest.by_group[g][i];
        return el('td', { text: p ? p.label + ' (' + num(p.votes) + ')' : '' });
      })));
    });
    byGroup.appendChild(el('h3', { text: tr('ranking_by_group') }));
    byGroup.appendChild(el('table', { class: 'list' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }

  function renderHarvest() {
    var harvest = state.harvest, section = $('harvest');
    if (!harvest) return;
    var active = document.activeElement;
    if (active && section.contains(active) && (active.tagName === 'TEXTAREA' ||
        (active.tagName === 'INPUT' && active.type !== 'checkbox'))) {
      harvestDirty = true;           // don't pull the text box away from someone typing in it
      return;
    }
    section.hidden = harvest.state === 'none' && !HARVEST_PHASES[state.cafe.phase];
    placeHarvest();
    harvestControls(harvest);
    var texts = {};
    state.notes.forEach(function (n) { texts[n.id] = n.text; });
    var status = { none: tr('status_none'),
                   harvest: tr('status_harvest', { round: num(harvest.round) }) +
                     (harvest.new_notes ? ' ' + trn('new_since_harvest', harvest.new_notes) : ''),
                   voting: trn('status_voting', harvest.dots),
                   results: tr('status_results') }[harvest.state];
    if (harvest.tallies && harvest.tallies.voters !== null && harvest.state !== 'harvest') {
      status += ' ' + trn('voted', harvest.tallies.voters);
    }
    $('harvest-status').textContent = status;
    renderCloudLinks();
    renderPaper(harvest);
    renderPriorities(harvest);
    var cards = $('theme-cards');
    cards.textContent = '';
    harvest.themes.forEach(function (theme) { cards.appendChild(themeCard(theme, harvest, texts)); });
    var unassigned = harvest.unassigned || [];
    $('unassigned-box').hidden = !unassigned.length || harvest.state === 'none';
    var list = $('unassigned-notes');
    list.textContent = '';
    unassigned.forEach(function (id) { list.appendChild(noteRow(id, texts[id] || '', harvest, null)); });
    $('split-box').hidden = harvest.state !== 'harvest';
    ticked.forEach(function (id) { if (!(id in texts)) ticked.delete(id); });
  }

  // While a round runs, a harvest made between rounds folds away below the live tables, so their
  // notes and Hide buttons stay near the top; between rounds and after the last it comes first.
  var foldMode = null;              // 'during' or 'between': the fold opens or closes on a change
  function placeHarvest() {
    var section = $('harvest'), fold = $('harvest-fold'), tables = $('tables');
    var mode = HARVEST_PHASES[state.cafe.phase] ? 'between' : 'during';
    if (mode === 'during' && tables.nextElementSibling !== section) {
      tables.parentNode.insertBefore(section, tables.nextSibling);
    } else if (mode === 'between' && section.nextElementSibling !== tables) {
      tables.parentNode.insertBefore(section, tables);
    }
    if (mode !== foldMode) {
      foldMode = mode;
      fold.open = mode === 'between';
    }
  }

  function renderCloudLinks() {
    var box = $('clouds'), base = box.dataset.src, cafe = state.cafe;
    var lastRound = cafe.phase === 'break' || cafe.phase === 'lobby' ? cafe.round - 1 : cafe.round;
    var link = function (text, query) {
      return el('a', { href: base + query, target: '_blank', rel: 'noopener', text: text });
    };
    box.textContent = tr('word_clouds') + ' ';
    box.appendChild(link(tr('whole_cafe'), ''));
    for (var r = 1; r <= lastRound; r++) { box.appendChild(document.createTextNode(' · ')); box.appendChild(link(tr('round_n', { round: num(r) }), '?round=' + r)); }
    cafe.tables.forEach(function (table) {
      box.appendChild(document.createTextNode(' · '));
      box.appendChild(link(C.tableLabel(table), '?table=' + table.index));
    });
  }

  // --- without a phone: add people, type notes for them, shared table devices -----------------
  function say2(id, text, isError) {
    var node = $(id);
    node.textContent = text || '';
    node.className = 'status' + (isError ? ' error' : '');
  }
  function newNoteId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return 'staff-' + Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  function fillSelect(select, options) {
    var wanted = select.value;
    select.textContent = '';
    options.forEach(function (o) { select.appendChild(el('option', { value: o[0], text: o[1] })); });
    if (options.some(function (o) { return o[0] === wanted; })) select.value = wanted;
  }
  function renderNoPhone() {
    var busy = document.activeElement;
    fillSelect($('person-group'), [['', tr('group_not_given')]].concat(state.groups.map(function (g) { return [g, groupLabel(g)]; })));
    $('person-needs-box').hidden = !seatLanguages().offered;
    fillSelect($('person-needs'), [['', C.t('any_language')]].concat((seatLanguages().languages || []).map(function (code) {
      return [code, languageName(code)];
    })));
    fillSelect($('note-for-table'), state.cafe.tables.map(function (table) { return [String(table.index), C.tableLabel(table)]; }));
    var table = Number($('note-for-table').value || 0);
    var seated = state.people.filter(function (p) { return !p.left && p.table === table; });
    fillSelect($('note-for-person'), [['', tr('note_by_someone')]].concat(seated.map(function (p) {
      return [String(p.id), p.has_phone === false ? tr('name_no_phone', { name: p.name }) : p.name];
    })));
    if (busy && busy.focus && document.activeElement !== busy) busy.focus();
  }
  $('note-for-table').addEventListener('change', function () { if (state) renderNoPhone(); });
  $('add-person-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var name = $('person-name').value.trim();
    send('add_person', { name: name, group: $('person-group').value, can_host: $('person-host').checked,
                         needs_language: $('person-needs').value || null }, function (ack) {
      say2('no-phone-status', ack.person.table === null ? tr('added_unseated', { name: ack.person.name })
        : tr('added_seated', { name: ack.person.name, table: C.tableLabel(state.cafe.tables[ack.person.table]) }));
      $('person-name').value = '';
      $('person-host').checked = false;
    });
  });
  $('note-for-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = $('note-for-text').value.trim();
    if (!text) { say2('no-phone-status', C.T.errors.empty, true); return; }
    var person = $('note-for-person').value;
    send('add_note_for', { id: newNoteId(), text: text, round: state.cafe.round,
                           table: Number($('note-for-table').value), person: person ? Number(person) : null }, function () {
      say2('no-phone-status', tr('note_added_to', { table: C.tableLabel(state.cafe.tables[Number($('note-for-table').value)]) }));
      $('note-for-text').value = '';
    });
  });
  $('show-codes').addEventListener('click', function () {
    send('show_table_codes', {}, function (ack) {
      var list = $('table-codes');
      list.textContent = '';
      ack.codes.forEach(function (c) {
        list.appendChild(el('li', {}, [el('span', { text: C.tableLabel(state.cafe.tables[c.table]) + ': ' }),
          el('strong', { class: 'code', text: c.code })]));
      });
      $('codes-url').hidden = false;
      $('codes-url').textContent = tr('device_help', { address: ack.url });
    });
  });

  // --- people kept together (a resident and their interpreter or carer) -----------------------
  // A party is everyone whose companion_of names the same person (its first member), and them.
  function partyKey(person) {
    if (person.companion_of) return person.companion_of;
    return state.people.some(function (p) { return p.companion_of === person.id; }) ? person.id : null;
  }
  function parties() {
    var byKey = {}, order = [];
    state.people.forEach(function (p) {
      var key = p.left ? null : partyKey(p);
      if (key === null) return;
      if (!byKey[key]) { byKey[key] = []; order.push(key); }
      byKey[key].push(p);
    });
    return order.map(function (key) { return byKey[key]; }).filter(function (m) { return m.length > 1; });
  }
  function keptWith(person) {
    var key = person.left ? null : partyKey(person);
    if (key === null) return [];
    return state.people.filter(function (p) { return !p.left && p.id !== person.id && partyKey(p) === key; })
      .map(function (p) { return p.name; });
  }
  function renderParties() {
    var busy = document.activeElement;
    var active = state.people.filter(function (p) { return !p.left; })
      .sort(function (a, b) { return a.name.localeCompare(b.name); });
    var options = [['', C.t('choose_person')]].concat(active.map(function (p) { return [String(p.id), p.name]; }));
    fillSelect($('party-person'), options);
    fillSelect($('party-with'), options);
    var list = $('parties');
    list.textContent = '';
    var all = parties();
    if (!all.length) list.appendChild(el('li', { class: 'help', text: C.t('no_parties') }));
    all.forEach(function (members) {
      var names = members.map(function (p) { return p.name; });
      var table = members[0].table !== null ? state.cafe.tables[members[0].table] : null;
      var li = el('li', { class: 'party' }, [el('strong', { text: names.join(' + ') }),
        table ? el('span', { class: 'badge soft', text: C.tableLabel(table) }) : null]);
      // a pair parts with one click; in a bigger party each person can be let go on their own
      (members.length === 2 ? [members[1]] : members).forEach(function (p) {
        var b = button(members.length === 2 ? C.t('unlink') : C.t('unlink') + ' ' + p.name, function () {
          send('unlink_person', { person: p.id }, function () { say2('party-status', C.t('unlinked')); },
               function (ack) { say2('party-status', C.errorText(ack), true); return true; });
        }, 'small subtle');
        b.setAttribute('aria-label', C.t('unlink_person', { name: members.length === 2 ? names.join(' + ') : p.name }));
        li.appendChild(b);
      });
      list.appendChild(li);
    });
    if (busy && busy.focus && document.activeElement !== busy && document.contains(busy)) busy.focus();
  }
  $('party-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var person = $('party-person').value, other = $('party-with').value;
    if (!person || !other) { say2('party-status', C.t('choose_person'), true); return; }
    send('link_people', { person: Number(person), 'with': Number(other) }, function () {
      say2('party-status', C.t('linked'));
      $('party-person').value = ''; $('party-with').value = '';
    }, function (ack) { say2('party-status', C.errorText(ack), true); return true; });
  });

  // --- dots counted on paper -------------------------------------------------------------------
  var paperDirty = false;          // the facilitator is typing counts: keep the grid as it is
  function paperCell(theme, group) {
    var saved = (state.harvest.paper ? state.harvest.paper.tallies : []).filter(function (e) {
      return e.theme === theme.theme_id && e.group === group;
    })[0];
    var input = el('input', { type: 'number', min: '0', class: 'paper-count', value: saved ? String(saved.count) : '',
                              'data-theme': String(theme.theme_id), 'data-group': group === null ? '' : group,
                              'aria-label': tr('paper_dots_for', { theme: theme.number + '. ' + theme.label,
                                                                   group: group ? groupLabel(group) : tr('paper_group_not_given') }) });
    input.addEventListener('input', function () { paperDirty = true; });
    return el('td', {}, [input]);
  }
  function renderPaper(harvest) {
    var form = $('paper-form');
    form.hidden = !(harvest.state === 'voting' || harvest.state === 'results');
    if (form.hidden || paperDirty) return;
    $('paper-voters').value = String(harvest.paper ? harvest.paper.voters : 0);
    var themes = harvest.themes.filter(function (t) { return !t.hidden; });
    var groups = [null].concat(state.groups);
    var head = el('tr', {}, [el('th', { text: tr('theme') })].concat(groups.map(function (g) {
      return el('th', { text: g === null ? tr('paper_no_group') : groupLabel(g) });
    })));
    var rows = themes.map(function (theme) {
      return el('tr', {}, [el('th', { text: theme.number + '. ' + theme.label, scope: 'row' })]
        .concat(groups.map(function (g) { return paperCell(theme, g); })));
    });
    var grid = $('paper-grid');
    grid.textContent = '';
    grid.appendChild(el('thead', {}, [head]));
    grid.appendChild(el('tbody', {}, rows));
  }
  $('paper-voters').addEventListener('input', function () { paperDirty = true; });
  $('paper-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var voters = Number($('paper-voters').value || 0);
    var tallies = [];
    var bad = false;
    Array.prototype.forEach.call(document.querySelectorAll('#paper-grid .paper-count'), function (input) {
      if (input.value === '') return;
      var count = Number(input.value);
      if (!Number.isInteger(count)) { bad = true; return; }
      tallies.push({ theme: Number(input.dataset.theme), group: input.dataset.group || null, count: count });
    });
    if (bad || !Number.isInteger(voters)) { say2('paper-status', tr('whole_numbers'), true); return; }
    socket.timeout(15000).emit('set_paper_tallies', { voters: voters, tallies: tallies }, function (err, ack) {
      if (err) { say2('paper-status', tr('no_answer'), true); return; }
      if (!ack.ok) { say2('paper-status', C.errorText(ack), true); return; }   // the typed counts stay to be fixed
      paperDirty = false;
      say2('paper-status', trn('paper_saved', voters, { dots: num(tallies.reduce(function (s, e) { return s + e.count; }, 0)) }));
      resync();
    });
  });

  $('split-button').addEventListener('click', function () {
    if (!ticked.size) { say(tr('tick_first'), true); return; }
    var label = $('split-label').value.trim();
    var data = { notes: Array.from(ticked) };
    if (label) data.label = label;
    send('split_theme', data, function () { ticked.clear(); $('split-label').value = ''; });
  });
  // Catch up once the facilitator leaves a text box (after focus has settled elsewhere).
  $('harvest').addEventListener('focusout', function () {
    setTimeout(function () {
      if (harvestDirty) { harvestDirty = false; renderHarvest(); }
    }, 0);
  });
})();
