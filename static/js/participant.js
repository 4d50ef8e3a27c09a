/* The resident's phone: table, question, clock, tablecloth, and an outbox that never loses a note.

   Notes typed while offline wait in localStorage with an id made here; the server stores each id
   once, so sending again after a reconnect is always safe. */
(function () {
  'use strict';
  var C = window.Cafe, t = C.t, el = C.el;
  var cafeId = Number(document.body.dataset.cafe);
  var OUTBOX = 'cafe-outbox-' + cafeId;
  // The same page serves a shared table device (role "table"): it types notes for its table and
  // never moves; a host's phone may also type a note for someone at the table without a phone.
  var role = document.body.dataset.role || 'participant';
  var device = role === 'table';
  var socket = C.connect(role);
  var clock = new C.ServerClock(socket);
  var state = null;               // {cafe, me, notes} from the last snapshot, kept up to date
  var notes = new Map();          // note id -> note, as the server sent them
  var inFlight = new Set();       // outbox ids waiting for an ack
  var shownTable = null;          // table the screen last showed, to notice a move
  var movedUntil = 0;             // keep the move banner up for a while after a hand move
  var bannerShown = '';           // the banner's words last shown, to bring a new one into view
  var phaseShown = null;          // the phase line last written (rewritten only when it changes)
  var kept = [];                  // notes refused once voting opened, kept for the person to copy

  var $ = function (id) { return document.getElementById(id); };
  C.showConnection(socket, $('connection'));

  // --- outbox -----------------------------------------------------------------------------
  function loadOutbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX)) || []; } catch (e) { return []; }
  }
  var outbox = loadOutbox();
  function saveOutbox() {
    try { localStorage.setItem(OUTBOX, JSON.stringify(outbox)); } catch (e) { /* private mode: memory only */ }
  }
  function newId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  // Only these answers can change by sending the same note again; any other refusal (too long,
  // a broken character, the wrong round...) would come back every time, so the phone says why
  // and gives the words back to edit instead of resending them forever.
  var RETRY = { busy: 1, internal: 1, rate_limited: 1 };
  var heldUntil = 0;              // after `rate_limited`: send nothing before this time
  // A long outbox (after a long time offline) goes a few notes at a time, so one refusal
  // stops the rest: a phone that fires everything at once looks like a flood to the server.
  var MAX_IN_FLIGHT = 5;
  var retryDelay = 3000;          // grows while the server keeps answering busy/internal

  function giveBack(text) {
    var box = $('note-text');
    box.value = box.value ? text + '\n' + box.value : text;
    updateCount();
  }

  function flush() {
    if (!socket.connected || !state) return;
    if (Date.now() < heldUntil) return;           // the timer set with heldUntil sends them
    outbox.forEach(function (item) {
      if (inFlight.has(item.id) || inFlight.size >= MAX_IN_FLIGHT) return;
      inFlight.add(item.id);
      var event = device ? 'submit_table_note' : (item.forOther ? 'submit_note_for' : 'submit_note');
      var data = { id: item.id, text: item.text, round: item.round };
      if (item.forOther) data.person = item.person;
      socket.timeout(15000).emit(event, data,
        function (err, ack) {
          inFlight.delete(item.id);
          if (err) { render(); return; }            // no answer: kept, sent again on reconnect
          if (ack && ack.ok) {
            removeFromOutbox(item.id);
            if (ack.note) addNote(ack.note);
            retryDelay = 3000;
            setStatus(t('saved'));
            if (outbox.length > inFlight.size) setTimeout(flush, 0);     // the next ones
          } else if (ack && ack.error === 'rate_limited') {
            // Kept in the outbox and sent when the server said it would take it.
            var wait = Math.max(1, Number(ack.retry_after) || 5) * 1000;
            if (Date.now() + wait > heldUntil) {
              heldUntil = Date.now() + wait;
              setTimeout(flush, wait + 50);
            }
            setStatus(C.errorText(ack));
          } else if (ack && ack.error === 'wrong_phase') {
            // Voting has opened: the record is closed. Keep the words where they can be copied
            // (the note box itself is gone after the last round).
            removeFromOutbox(item.id);
            kept.push(item.text);
          } else if (ack && ack.error && !RETRY[ack.error]) {
            removeFromOutbox(item.id);
            giveBack(item.text);                     // the words back rather than lost
            setStatus(C.errorText(ack), true);
          } else {
            setStatus(C.errorText(ack), true);
            setTimeout(flush, retryDelay);
            retryDelay = Math.min(60000, retryDelay * 2);
          }
          render();
        });
    });
    render();
  }
  function removeFromOutbox(id) {
    outbox = outbox.filter(function (item) { return item.id !== id; });
    saveOutbox();
  }

  // --- incoming ---------------------------------------------------------------------------
  function applySnapshot(snap) {
    state = snap;
    clock.fromSnapshot(snap.cafe.server_now);
    notes = new Map();
    snap.notes.forEach(function (n) { notes.set(n.id, n); });
    render();
    flush();
  }
  function resync() { C.resync(socket, applySnapshot); }
  // Keep only the notes this phone should show: its table's, this round's (hosts also keep the
  // earlier rounds' notes of their table, to brief newcomers).
  function keepVisibleNotes() {
    notes.forEach(function (n, id) {
      if (n.table !== state.me.table || (n.round !== state.cafe.round && !state.me.is_host)) {
        notes.delete(id);
      }
    });
  }
  function addNote(note, fromOthers) {
    if (!state || note.table !== state.me.table) return;
    if (note.round !== state.cafe.round && !state.me.is_host) return;
    var known = notes.get(note.id);
    notes.set(note.id, known && known.mine ? known : note);
    if (fromOthers === true && !known && !note.mine) C.announce(t('new_note', { text: note.text }));
    renderNotes();
  }

  socket.on('snapshot', applySnapshot);
  socket.on('cafe_changed', function (cafe) {
    if (!state) return;
    if (device && cafe.round !== state.cafe.round) { state.cafe = cafe; resync(); return; }
    // A new round: the table of the round just played is where a stayer stays.
    if (cafe.round !== state.cafe.round) {
      state.me.previous_table = state.me.table;
      setStatus('');                   // last round's "Saved" says nothing about this one
    }
    state.cafe = cafe;
    clock.fromSnapshot(cafe.server_now);
    keepVisibleNotes();                // a new round starts with a clean tablecloth
    render();
  });
  // A rotation (or a move by hand) tells every phone its table at once: nothing to ask for, so
  // hundreds of phones don't all come back to the server in the same second.
  socket.on('seating_changed', function (seating) {
    if (!state || device || seating.round !== state.cafe.round) return;
    // Hosts refresh the list of people at their table (few phones: hosts only).
    if (state.me.is_host || seating.hosts.indexOf(state.me.id) >= 0) { resync(); return; }
    var mine = seating.seats[String(state.me.id)];
    if (mine === undefined) return;
    var hostedHere = state.me.is_host && state.me.table === mine;
    state.me.table = mine;
    state.me.is_host = seating.hosts[mine] === state.me.id;
    // Someone just made host (of this or another table) needs its earlier rounds' notes: only
    // this phone asks, and hosts who stay put through a rotation don't.
    if (state.me.is_host && !hostedHere) { resync(); return; }
    keepVisibleNotes();
    render();
  });
  socket.on('note_added', function (note) { addNote(note, true); });
  socket.on('note_hidden', function (msg) {
    if (msg.hidden && notes.delete(msg.id)) render();
  });
  socket.on('connect', flush);

  // --- the form ---------------------------------------------------------------------------
  var box = $('note-text');
  function updateCount() {
    $('note-count').textContent = t('chars_left', { count: Cafe.limits.note_max - box.value.length });
  }
  box.addEventListener('input', updateCount);
  updateCount();

  function setStatus(text, isError) {
    var node = $('note-status');
    node.textContent = text || '';
    node.className = 'status' + (isError ? ' error' : '');
  }

  $('note-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = box.value.trim();
    if (!text) { setStatus(C.T.errors.empty, true); box.focus(); return; }
    if (text.length > Cafe.limits.note_max) { setStatus(t('chars_left', { count: Cafe.limits.note_max - text.length }), true); return; }
    if (!state) { setStatus(t('offline'), true); }
    var round = state ? state.cafe.round : 1;
    var item = { id: newId(), text: text, round: round, at: Date.now() };
    var forWhom = $('note-for');
    if (!$('note-for-box').hidden && forWhom.value !== 'me') {
      item.forOther = true;
      item.person = forWhom.value === 'someone' ? null : Number(forWhom.value);
    }
    outbox.push(item);
    saveOutbox();
    box.value = '';
    updateCount();
    setStatus(socket.connected ? t('sending') : t('offline'));
    flush();
    render();
  });

  if ($('leave')) $('leave').addEventListener('click', function () {
    if (!window.confirm(t('confirm_leave'))) return;
    socket.timeout(10000).emit('leave_cafe', {}, function (err, ack) {
      if (!err && ack && ack.ok) {
        state.me.left = true;
        render();
        $('left-title').focus();
      }
      else setStatus(C.errorText(ack), true);
    });
  });

  // --- drawing ----------------------------------------------------------------------------
  /* The language this person reads: the one they chose at join (a table device: the page's). */
  function readerLang() {
    return (state && state.me && state.me.language) || document.documentElement.lang;
  }
  /* A facilitator's text as this person reads it: {text, lang}, the typed text when untranslated. */
  function inMyLanguage(typed, versions) {
    return C.pick(typed, versions, readerLang(), state.cafe.typed_language);
  }

  function phaseText(cafe) {
    switch (cafe.phase) {
      case 'draft': return t('draft');
      case 'lobby': return t('waiting_start');
      case 'paused': return t('paused');
      case 'review': return t('round_over');
      case 'break': {
        var kind = moveKind();
        return kind === 'host' ? t('host_staying') : kind === 'stay' ? t('staying') : t('moving');
      }
      case 'finished': return t('finished');
      case 'running': return C.secondsLeft(cafe, clock) === 0 ? t('time_up') : '';
      default: return '';
    }
  }

  /* What a rotation asks of this person: 'host' (stay and welcome), 'stay' (same table), 'move'. */
  function moveKind() {
    var me = state.me;
    if (me.is_host) return 'host';
    if (me.previous_table !== null && me.previous_table !== undefined && me.previous_table === me.table) return 'stay';
    return 'move';
  }

  function noteItem(note, pending) {
    var li = el('li', { class: 'note' + (pending ? ' pending' : '') + (note.mine ? ' mine' : '') },
      [el('p', { text: note.text })]);
    if (pending) li.appendChild(el('span', { class: 'badge', text: t('sending') }));
    else if (note.mine && !device) li.appendChild(el('span', { class: 'badge soft', text: t('mine') }));
    return li;
  }

  /* The notes of this phone's table: redrawn alone when a note arrives. */
  function renderNotes() {
    var cafe = state.cafe;
    var list = $('notes');
    list.textContent = '';
    var current = [], earlier = {};
    notes.forEach(function (n) {
      if (n.round === cafe.round) current.push(n);
      else (earlier[n.round] = earlier[n.round] || []).push(n);
    });
    var mineIds = new Set(current.filter(function (n) { return n.client_id; }).map(function (n) { return n.client_id; }));
    outbox.forEach(function (item) {
      if (item.round === cafe.round && !mineIds.has(item.id)) list.appendChild(noteItem({ text: item.text }, true));
    });
    current.slice().reverse().forEach(function (n) { list.appendChild(noteItem(n, false)); });
    if (!list.children.length) list.appendChild(el('li', { class: 'empty', text: t('no_notes') }));

    var older = $('earlier');
    older.textContent = '';
    Object.keys(earlier).sort().forEach(function (round) {
      older.appendChild(el('h3', { text: t('earlier_round', { round: round }) }));
      older.appendChild(el('ul', { class: 'notes' }, earlier[round].map(function (n) { return noteItem(n, false); })));
    });
  }

  function render() {
    if (!state) return;
    var cafe = state.cafe, me = state.me;
    // Someone who left sees that at once: no table, no clock, no note box, no ballot.
    $('left-card').hidden = !me.left;
    ['table-card', 'move-banner', 'round-card', 'note-card', 'tablecloth', 'leave-card', 'harvest-card', 'with-me-card']
      .forEach(function (id) { if (me.left && $(id)) $(id).hidden = true; });
    if (me.left) return;
    $('round-card').hidden = false; $('note-card').hidden = false;
    $('tablecloth').hidden = false; $('leave-card').hidden = device;   // a table device never leaves
    var table = me.table !== null ? cafe.tables[me.table] : null;
    var card = $('table-card');
    if (table) {
      card.style.background = table.colour;
      card.style.color = table.text_colour;
      C.fillTableLabel($('table-label'), table, readerLang(), cafe.typed_language);
    } else {
      card.style.background = ''; card.style.color = '';
      $('table-label').textContent = me.left ? t('left') : '…';
    }
    var hostNote = $('host-note');
    hostNote.hidden = !me.is_host;
    hostNote.textContent = me.is_host ? t('you_host') : '';

    // The move banner: big, in the new table's colour, while people walk to it.
    var banner = $('move-banner');
    var moved = table && shownTable !== null && shownTable !== me.table;
    if (moved) {
      movedUntil = Date.now() + 60000;
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    }
    if (table) shownTable = me.table;
    var moving = table && (cafe.phase === 'break' || (cafe.phase === 'lobby' && Date.now() < movedUntil));
    banner.hidden = !moving;
    card.hidden = Boolean(moving);       // the banner says it bigger, in the same colour
    if (moving) {
      banner.style.background = table.colour;
      banner.style.color = table.text_colour;
      var kind = moveKind();
      var words = C.fillTableLabel($('move-text'), table, readerLang(), cafe.typed_language,
        kind === 'host' ? 'host_table' : kind === 'stay' ? 'stay_table' : 'go_to_table').textContent;
      if (words !== bannerShown) {
        // Bring it to the eyes of someone scrolled down to their notes, and to a screen reader.
        bannerShown = words;
        banner.scrollIntoView({ block: 'start' });
        banner.focus({ preventScroll: true });
      }
    } else {
      bannerShown = '';
    }

    $('round-label').textContent = t('round_of', { round: cafe.round, rounds: cafe.rounds });
    C.setLocalized($('question'), inMyLanguage(cafe.question, cafe.question_versions));
    document.title = inMyLanguage(cafe.title, cafe.title_versions).text;
    tick();

    renderNotes();

    var waiting = outbox.length;
    if (waiting && !socket.connected) setStatus(t('offline') + ' ' + C.tn('queued', waiting));
    var closed = me.left || cafe.phase === 'draft';
    $('note-submit').disabled = closed;
    box.disabled = closed;
    // After the last round the note box goes (an offline phone's outbox still catches up).
    var over = cafe.phase === 'finished';
    $('note-form').hidden = over;
    $('note-closed').hidden = !over;
    $('note-closed').textContent = over ? t('record_closed') : '';
    if (over && $('note-status').textContent === t('saved')) setStatus('');
    $('note-kept-box').hidden = !kept.length;
    if (kept.length) {
      $('note-kept-why').textContent = t('notes_closed');
      $('note-kept').value = kept.join('\n\n');
    }
    if ($('leave')) $('leave').hidden = me.left;
    renderWithMe();
    renderNoteFor();
    renderHarvest();
  }

  // "Join with me": the people kept at this person's table, and the QR code a companion scans
  // (an interpreter or a carer) to join and sit with them. The code is made afresh each time it
  // is shown, since it only stays valid for a while.
  function renderWithMe() {
    var card = $('with-me-card');
    if (!card) return;
    card.hidden = false;
    var names = state.me.companions || [];
    $('with-me-party').hidden = !names.length;
    $('with-me-party').textContent = names.length ? t('sit_with', { names: names.join(', ') }) : '';
    // a full party can take nobody else: no code to show
    $('with-me').hidden = names.length + 1 >= C.limits.max_party;
  }
  if ($('with-me')) $('with-me').addEventListener('toggle', function () {
    var img = $('with-me-qr');
    if ($('with-me').open) img.src = img.dataset.src + '?t=' + Date.now();
  });
  socket.on('party_changed', function () { resync(); });

  // A host picks whose note they type: their own, someone at the table, or a named person.
  function renderNoteFor() {
    var boxNode = $('note-for-box'), select = $('note-for');
    var people = state.me.is_host && !device ? (state.table_people || []) : null;
    boxNode.hidden = !people;
    if (!people) return;
    var wanted = select.value || 'me';
    select.textContent = '';
    select.appendChild(el('option', { value: 'me', text: t('note_by_me') }));
    select.appendChild(el('option', { value: 'someone', text: t('note_by_someone') }));
    people.forEach(function (p) {
      select.appendChild(el('option', { value: String(p.id),
        text: p.name + (p.has_phone ? '' : ' (' + t('no_phone') + ')') }));
    });
    select.value = wanted;
    if (select.selectedIndex < 0) select.value = 'me';
  }

  // --- harvest: themes, dot voting, priorities ---------------------------------------------
  var pendingBallot = null;       // the ballot last sent, until its ack
  var ballotSeq = 0;

  socket.on('themes_changed', function (harvest) {
    if (!state) return;
    harvest.my_votes = state.harvest ? state.harvest.my_votes : {};
    state.harvest = harvest;
    renderHarvest();
  });
  socket.on('tallies_changed', function (counts) {
    if (!state || !state.harvest) return;
    state.harvest.tallies = counts.visible ? { tallies: counts.tallies, voters: counts.voters } : null;
    renderHarvest();
  });
  socket.on('priorities_ready', function (msg) {
    if (!state || !state.harvest) return;
    state.harvest.priorities = msg.priorities;
    renderHarvest();
  });

  function ballotNow() {
    var ballot = pendingBallot || state.harvest.my_votes || {};
    var open = new Set(state.harvest.themes.map(function (th) { return String(th.id); }));
    var clean = {};
    Object.keys(ballot).forEach(function (id) { if (open.has(id) && ballot[id] > 0) clean[id] = ballot[id]; });
    return clean;
  }
  function dotsUsed(ballot) {
    return Object.keys(ballot).reduce(function (sum, id) { return sum + ballot[id]; }, 0);
  }
  function voteStatus(text, isError) {
    var node = $('vote-status');
    node.textContent = text || '';
    node.className = 'status' + (isError ? ' error' : '');
  }

  function changeDots(themeId, delta) {
    var ballot = ballotNow();
    var key = String(themeId);
    var count = (ballot[key] || 0) + delta;
    if (count < 0 || (delta > 0 && dotsUsed(ballot) >= state.harvest.dots)) {
      voteStatus(delta > 0 ? C.tn('dots_left', 0) : '');
      return;
    }
    if (count) ballot[key] = count; else delete ballot[key];
    pendingBallot = ballot;
    var mine = ++ballotSeq;
    voteStatus(t('sending'));
    renderHarvest();
    // The whole ballot replaces the stored one, so a resend or a second tab never counts twice.
    socket.timeout(10000).emit('cast_votes', { votes: ballot }, function (err, ack) {
      if (mine !== ballotSeq) return;          // a newer ballot is on its way
      pendingBallot = null;
      if (!err && ack && ack.ok) {
        state.harvest.my_votes = ack.my_votes;
        voteStatus(t('dots_saved'));
      } else {
        voteStatus(err ? t('reconnecting') : C.errorText(ack), true);
        resync();                               // show the dots the server holds
      }
      renderHarvest();
    });
  }

  /* A +/− button. It stays focusable when it can't act (aria-disabled), so a screen reader's
     focus stays on the button pressed even when that press used the last dot. */
  function dotButton(label, text, handler, disabled, key) {
    var b = el('button', { type: 'button', class: 'button dot-button', 'aria-label': label, text: text,
                           'data-focus': key,
                           onclick: function () { if (b.getAttribute('aria-disabled') !== 'true') handler(); } });
    b.setAttribute('aria-disabled', disabled ? 'true' : 'false');
    return b;
  }

  function voteCard(theme, ballot, left, tallies) {
    var dots = ballot[String(theme.id)] || 0;
    var label = inMyLanguage(theme.label, theme.label_versions);
    var heading = C.fill(el('h3', { class: 'vote-label' }), theme.number ? '%(number)s. %(label)s' : '%(label)s',
                         { number: String(theme.number), label: label });
    var items = [heading,
      // A note quoted here reads in its own direction, its bullet on its side (dir=auto).
      el('ul', { class: 'representatives' }, theme.representatives.map(function (text) {
        return el('li', { text: text, dir: 'auto' });
      }))];
    if (tallies) items.push(el('p', { class: 'help', text: C.tn('votes', tallies[String(theme.id)] || 0) }));
    if (state.harvest.state === 'voting') {
      items.push(el('div', { class: 'dot-row' }, [
        dotButton(t('remove_dot', { theme: label.text }), '−', function () { changeDots(theme.id, -1); }, dots === 0, theme.id + '-'),
        el('span', { class: 'dot-count' }, [
          el('span', { text: '●'.repeat(dots) || '0', 'aria-hidden': 'true' }),
          el('span', { class: 'visually-hidden', text: C.tn('your_dots', dots) })]),
        dotButton(t('add_dot', { theme: label.text }), '+', function () { changeDots(theme.id, 1); }, left === 0, theme.id + '+')]));
    }
    return el('li', { class: 'vote-theme' + (dots ? ' chosen' : '') }, items);
  }

  function renderHarvest() {
    if (!state || !state.harvest) return;
    // The list is rebuilt: put focus back on the button that had it.
    var focused = document.activeElement && document.activeElement.getAttribute &&
      document.activeElement.getAttribute('data-focus');
    drawHarvest();
    if (focused) {
      var again = document.querySelector('[data-focus="' + focused + '"]');
      if (again) again.focus({ preventScroll: true });
    }
  }

  function drawHarvest() {
    var harvest = state.harvest, cafe = state.cafe;
    var card = $('harvest-card'), list = $('harvest-themes');
    var between = cafe.phase === 'review' || cafe.phase === 'break' || cafe.phase === 'finished';
    card.hidden = state.me.left || harvest.state === 'none' || !between || !harvest.themes.length;
    $('results-link-box').hidden = !(harvest.state === 'results' && harvest.results_url) || card.hidden;
    if (harvest.results_url) {
      $('results-link').href = harvest.results_url;
      $('results-link').textContent = t('results_link');
    }
    list.textContent = '';
    $('dots-left').textContent = '';
    $('harvest-help').textContent = '';
    var ranked = harvest.state === 'results' && Boolean(harvest.priorities);
    list.classList.toggle('ranked', ranked);
    if (card.hidden) return;
    if (ranked) {
      $('harvest-title').textContent = t('priorities_title');
      $('harvest-help').textContent = t('priorities_help');
      harvest.priorities.forEach(function (p) {
        list.appendChild(el('li', { class: 'vote-theme' }, [
          C.setLocalized(el('h3', { class: 'vote-label' }), inMyLanguage(p.label, p.label_versions)),
          el('p', { class: 'help', text: C.tn('votes', p.votes) }),
          el('ul', { class: 'representatives' }, p.quotes.map(function (text) { return el('li', { text: text, dir: 'auto' }); }))]));
      });
      return;
    }
    var ballot = ballotNow();
    var left = Math.max(0, harvest.dots - dotsUsed(ballot));
    var tallies = harvest.tallies && harvest.tallies.tallies;
    if (harvest.state === 'voting') {
      $('harvest-title').textContent = t('vote_title');
      $('harvest-help').textContent = t('vote_help', { dots: harvest.dots });
      $('dots-left').textContent = C.tn('dots_left', left);
    } else {
      $('harvest-title').textContent = t('themes_so_far');
    }
    harvest.themes.forEach(function (theme) { list.appendChild(voteCard(theme, ballot, left, tallies)); });
  }

  function tick() {
    if (!state) return;
    $('clock').textContent = C.formatClock(C.secondsLeft(state.cafe, clock));
    // The phase line changes a few times a café, not four times a second: write and say it once.
    var phase = phaseText(state.cafe);
    if (phase !== phaseShown) {
      phaseShown = phase;
      $('phase-text').textContent = phase;
      if (phase && state.cafe.phase !== 'break') C.announce(phase);
    }
  }
  setInterval(tick, 250);
  render();
})();
