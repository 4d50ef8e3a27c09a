/* Shared by every live page: the message catalogue, the server clock, and small DOM helpers.
   User text only ever reaches the page through textContent. */
(function () {
  'use strict';
  var T = JSON.parse(document.getElementById('catalogue').textContent);
  /* The rule numbers (note length, dots, ...), named once on the server (cafe/domain/limits.py). */
  var LIMITS = JSON.parse(document.getElementById('limits').textContent);

  /* The page's language and direction (base.html sets them from the server's locale). */
  var LANG = document.documentElement.lang || 'en';
  var RTL = document.documentElement.dir === 'rtl';
  var PLURALS = window.Intl && Intl.PluralRules ? new Intl.PluralRules(LANG) : null;

  /* On a right-to-left page a text put into a sentence (a table's name typed in English, say)
     is isolated (FSI...PDI), so its own direction can't reorder the words around it. */
  function isolate(value) {
    return RTL && typeof value === 'string' ? '\u2068' + value + '\u2069' : String(value);
  }

  function t(key, params, template) {
    var text = template !== undefined ? template : (T[key] !== undefined ? T[key] : key);
    Object.keys(params || {}).forEach(function (name) {
      text = text.split('%(' + name + ')s').join(isolate(params[name]));
    });
    return text;
  }

  /* A counted message: the catalogue holds a form per plural category of the page's language
     (English {one, other}, Arabic zero, one, two, few, many, other); Intl.PluralRules says which
     one a count takes, and a category the catalogue lacks reads "other". */
  function tn(key, count, params) {
    var forms = T[key] || {};
    var category = PLURALS ? PLURALS.select(count) : (count === 1 ? 'one' : 'other');
    var text = forms[category] || forms.other || key;
    return t.call(null, '__', Object.assign({ num: count }, params || {}), text);
  }

  function errorText(ack) {
    if (ack && ack.message) return ack.message;
    return T.errors[(ack && ack.error) || 'internal'] || T.errors.internal;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'class') node.className = attrs[name];
      else if (name.slice(0, 2) === 'on') node.addEventListener(name.slice(2), attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* The version of a facilitator's text for a reader of `lang`: {text, lang}, the typed text (in
     the café's typed language) when it has no translation in `lang`. Mirrors cafe/domain/texts.py. */
  function pick(typed, versions, lang, typedLang) {
    if (lang && lang !== typedLang && versions && versions[lang]) return { text: versions[lang], lang: lang };
    return { text: typed, lang: typedLang || document.documentElement.lang };
  }

  /* Every version of a text for readers of `languages`, each once (the typed one for those without). */
  function allVersions(typed, versions, languages, typedLang) {
    var out = [];
    languages.forEach(function (lang) {
      var version = pick(typed, versions, lang, typedLang);
      if (!out.some(function (v) { return v.text === version.text; })) out.push(version);
    });
    return out.length ? out : [pick(typed, versions, null, typedLang)];
  }

  /* Put a picked text in `node`, saying which language it is really in (for screen readers). */
  function setLocalized(node, localized) {
    if (node.textContent !== localized.text) node.textContent = localized.text;
    node.setAttribute('lang', localized.lang);
    return node;
  }

  /* A catalogue message whose %(name)s placeholders take picked texts ({text, lang}) or plain
     strings; each picked text becomes a span carrying its own lang. */
  function fill(node, template, params) {
    node.textContent = '';
    template.split(/(%\([a-z_]+\)s)/).forEach(function (part) {
      var match = /^%\(([a-z_]+)\)s$/.exec(part);
      var value = match ? params[match[1]] : part;
      if (value === undefined || value === '') return;
      if (typeof value === 'object') node.appendChild(setLocalized(document.createElement('span'), value));
      else node.appendChild(document.createTextNode(String(value)));
    });
    return node;
  }

  /* A table's name for a reader of `lang` ({text, lang}). */
  function tableName(table, lang, typedLang) {
    return pick(table.name, table.name_versions, lang, typedLang);
  }

  /* "Table River (Blue)" into `node`, the name in the reader's language with its lang. */
  function fillTableLabel(node, table, lang, typedLang, key) {
    var colour = (T.colours && T.colours[table.colour_key]) || table.colour_key;
    fill(node, (T[key || 'table'] || '%(table)s') + ' (%(colour)s)',
         { table: tableName(table, lang, typedLang), colour: colour });
    return node;
  }

  function tableLabel(table) {
    var colour = (T.colours && T.colours[table.colour_key]) || table.colour_key;
    return t('table', { table: table.name }) + ' (' + colour + ')';
  }

  /* The server's clock: offset = server time - our time, measured with the lowest round trip. */
  function ServerClock(socket) {
    var self = this;
    this.offset = 0;
    this.bestRtt = Infinity;
    this.sync = function () {
      var sent = Date.now();
      socket.timeout(5000).emit('clock_sync', { t: sent }, function (err, ack) {
        if (err || !ack || !ack.ok) return;
        var rtt = Date.now() - sent;
        if (rtt <= self.bestRtt) {
          self.bestRtt = rtt;
          self.offset = ack.server_now * 1000 - (sent + rtt / 2);
        }
      });
    };
    this.fromSnapshot = function (serverNow) {
      if (self.bestRtt === Infinity) self.offset = serverNow * 1000 - Date.now();
    };
    this.now = function () { return Date.now() + self.offset; };
    socket.on('connect', function () {
      self.bestRtt = Infinity;
      [0, 700, 2000].forEach(function (delay) { setTimeout(self.sync, delay); });
    });
  }

  /* Seconds left in the round, from the café state and the server clock. */
  function secondsLeft(cafe, clock) {
    if (cafe.phase === 'paused') return Math.max(0, cafe.remaining || 0);
    if (cafe.phase === 'running' && cafe.ends_at) return Math.max(0, cafe.ends_at - clock.now() / 1000);
    if (cafe.phase === 'lobby' || cafe.phase === 'break') return cafe.round_seconds;   // the coming round
    return null;
  }

  function formatClock(seconds) {
    if (seconds === null) return '';
    var whole = Math.ceil(seconds);
    var m = Math.floor(whole / 60), s = whole % 60;
    return (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  /* Open the socket for this page; reconnect at once when the phone wakes or the network returns. */
  function connect(role) {
    var cafeId = Number(document.body.dataset.cafe);
    var socket = io({ auth: { cafe: cafeId, role: role }, reconnectionDelayMax: 3000 });
    function wake() { if (!socket.connected) socket.connect(); }
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') wake();
    });
    window.addEventListener('online', wake);
    window.addEventListener('focus', wake);
    return socket;
  }

  function showConnection(socket, node) {
    function set(text, cls) {
      node.textContent = text;
      node.classList.remove('ok', 'bad');
      node.classList.add(cls);
    }
    socket.on('connect', function () { set(t('connected'), 'ok'); });
    socket.on('disconnect', function () { set(t('reconnecting'), 'bad'); });
    socket.on('connect_error', function () { set(t('reconnecting'), 'bad'); });
    socket.io.on('reconnect_attempt', function () { set(t('reconnecting'), 'bad'); });
  }

  /* Ask for a fresh snapshot (after a seating change, or a reconnect) and hand it to `apply`. */
  function resync(socket, apply) {
    socket.timeout(10000).emit('sync', {}, function (err, ack) {
      if (!err && ack && ack.ok) apply(ack.snapshot);
    });
  }

  /* Say `text` once to screen readers, through the page's one polite live region. */
  function announce(text) {
    var node = document.getElementById('announcer');
    if (!node || !text) return;
    node.textContent = '';
    setTimeout(function () { node.textContent = text; }, 50);
  }

  window.Cafe = { t: t, tn: tn, T: T, announce: announce, pick: pick, allVersions: allVersions,
                  setLocalized: setLocalized, fill: fill, tableName: tableName, fillTableLabel: fillTableLabel, limits: LIMITS, el: el, resync: resync, errorText: errorText, tableLabel: tableLabel,
                  ServerClock: ServerClock, secondsLeft: secondsLeft, formatClock: formatClock,
                  connect: connect, showConnection: showConnection };
})();
