// smtp-trace HTML report renderer. Reads the two JSON blocks of this page and builds the DOM with createElement and
// textContent only (never by parsing markup): every text that came from a server, a host name or an exception is data, not
// markup. Sequence diagrams are drawn when a connection is opened, so a capture of 100,000 connections costs one row each.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('report-data').textContent);
  var S = JSON.parse(document.getElementById('session-data').textContent);
  var T = R.t;
  var SVG = 'http://www.w3.org/2000/svg';
  var PAGE = 200;
  var nf = new Intl.NumberFormat(R.lang === 'id' ? 'id-ID' : 'en-US');
  var byId = new Map();
  S.forEach(function (s, i) { s.n = i; byId.set(s.i, s); });

  // ---- helpers -----------------------------------------------------------------------------------------------------
  function tr(key) {
    var s = T[key] === undefined ? key : T[key];
    for (var i = 1; i < arguments.length; i++) s = s.split('{' + (i - 1) + '}').join(String(arguments[i]));
    return s;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /** A label for a value from the input (end reason, AUTH outcome...), or the value itself when the page has none. */
  function valueLabel(prefix, v) { return T[prefix + v] === undefined ? v : T[prefix + v]; }
  function num(n) { return nf.format(n); }
  function ms(v) {
    if (v === undefined || v === null) return '';
    if (v >= 10000) return nf.format(Math.round(v / 100) / 10) + ' s';
    return nf.format(v >= 100 ? Math.round(v) : Math.round(v * 10) / 10) + ' ms';
  }
  function time(t) { return t === undefined ? '' : new Date(t).toISOString().replace('T', ' ').replace('Z', ' UTC'); }
  function codeClass(c) { return c ? 'c' + String(c).charAt(0) + 'xx' : 'cnone'; }
  function server(s) { return R.servers[s.s]; }
  function fit(text, max) { return text.length > max ? text.slice(0, Math.max(1, max - 1)) + '\u2026' : text; }
  function outcomeLabel(o) { return tr('outcome.' + o); }
  function isRedacted(line) { return line && line.indexOf('[redacted]') >= 0; }

  // ---- page skeleton -------------------------------------------------------------------------------------------------
  var app = document.getElementById('app');
  var nav = el('nav');
  [['#summary', tr('summary.heading')], R.kind === 'analyze' ? ['#findings', tr('summary.findings')] : null, ['#connections', tr('timeline.heading')]]
    .forEach(function (l) { if (l) { var a = el('a', null, l[1]); a.href = l[0]; add(nav, a); } });
  var header = add(el('header'), el('h1', null, tr('title')),
    el('p', 'meta', tr('generated', R.generated.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'), R.version)), nav);
  add(app, header);
  var main = add(el('main'));
  add(app, main);

  // ---- summary -----------------------------------------------------------------------------------------------------
  function summary() {
    var sec = add(el('section', 'summary'), el('h2', null, tr('summary.heading')));
    sec.id = 'summary';
    var cards = add(el('div', 'cards'));
    var sum = R.summary;
    function card(title, value, lines, cls) {
      var c = add(el('div', 'card' + (cls ? ' ' + cls : '')), el('div', 'card-title', title), el('div', 'card-value', value));
      lines.forEach(function (l) { if (l) add(c, el('div', 'card-line', l)); });
      return add(cards, c);
    }
    var incomplete = sum.outcome === 'incomplete' || sum.outcome === 'empty';
    card(tr('summary.inputs'), num(sum.inputs.length),
      [sum.outcome ? tr('run.' + sum.outcome) : '', sum.inputProblems > 0 ? tr('summary.inputProblems', num(sum.inputProblems)) : sum.outcome ? '' : tr('summary.inputsOk')],
      incomplete ? 'bad' : sum.inputProblems > 0 ? 'warn' : '');
    card(tr('summary.servers'), num(sum.servers), R.servers.slice(0, 3).concat(R.servers.length > 3 ? [tr('summary.more', num(R.servers.length - 3))] : []));
    var oc = [];
    Object.keys(sum.outcomes).forEach(function (k) { if (sum.outcomes[k] > 0) oc.push(outcomeLabel(k) + ': ' + num(sum.outcomes[k])); });
    card(tr('summary.connections'), num(sum.sessions), oc);
    card(tr('summary.messages'), num(sum.messages), [tr('summary.accepted', num(sum.accepted)), tr('summary.rejected', num(sum.rejected)),
      tr('summary.aborted', num(sum.aborted))], sum.rejected + sum.aborted > 0 ? 'bad' : '');
    if (R.kind === 'analyze') {
      var b = R.bySeverity;
      card(tr('summary.findings'), num(R.findings.length), [tr('severity.error') + ': ' + num(b.error), tr('severity.warning') + ': ' + num(b.warning),
        tr('severity.info') + ': ' + num(b.info)], b.error > 0 ? 'bad' : b.warning > 0 ? 'warn' : 'good');
    }
    add(sec, cards);
    var inputs = add(el('details', 'inputs'), el('summary', null, tr('summary.inputList')));
    var ul = add(inputs, el('ul'));
    if (sum.inputStatus) {
      sum.inputStatus.forEach(function (i) {
        var li = add(el('li', 'input-' + i.state), el('span', 'mono', i.name), el('span', 'badge in-' + i.state, valueLabel('input.', i.state)),
          el('span', 'faint', tr('input.sessions', num(i.sessions)) + (i.problems ? ', ' + tr('summary.inputProblems', num(i.problems)) : '')));
        if (i.error) add(li, el('div', 'input-error', i.error + (i.line ? ' ' + tr('input.line', num(i.line)) : '')));
        add(ul, li);
      });
      if (incomplete) inputs.open = true;
    } else {
      sum.inputs.forEach(function (i) { add(ul, el('li', 'mono', i)); });
    }
    add(sec, inputs);
    var L = R.limits;
    if (L.omittedRows > 0 || L.omittedDetails > 0) {
      var note = add(el('p', 'note'));
      note.id = 'limits';
      if (L.omittedRows > 0) add(note, el('span', null, tr('limits.rows', num(L.rows), num(L.omittedRows), num(L.maxRows)) + ' '));
      if (L.omittedDetails > 0) add(note, el('span', null, tr('limits.details', num(L.omittedDetails), num(Math.round(L.detailBudget / 1048576)))));
      add(sec, note);
    }
    add(main, sec);
  }

  // ---- findings ----------------------------------------------------------------------------------------------------
  function findings() {
    var sec = add(el('section', 'findings'), el('h2', null, tr('findings.heading', num(R.findings.length))));
    sec.id = 'findings';
    if (R.findings.length === 0) add(sec, el('p', 'good', tr('findings.none')));
    R.findings.forEach(function (f, idx) {
      var a = el('article', 'finding sev-' + f.severity);
      a.id = 'finding-' + idx;
      a.setAttribute('data-rule', f.rule);
      add(a, add(el('h3'), el('span', 'badge sev-' + f.severity, tr('severity.' + f.severity)), el('code', 'rule', f.rule),
        el('span', 'ftitle', f.title)));
      add(a, el('p', 'fmeta', tr('finding.meta', f.server, num(f.count))));
      add(a, el('p', 'explanation', f.explanation));
      add(a, add(el('p', 'fix'), el('strong', null, tr('finding.fix') + ' '), el('span', null, f.fix)));
      var e = f.evidence;
      var ev = add(el('div', 'evidence'), el('strong', null, tr('finding.evidence') + ' '),
        el('span', null, tr('finding.evidenceCount', num(e.count), num(e.sessionCount))
          + (e.first ? ', ' + e.first.replace('T', ' ') + (e.last && e.last !== e.first ? ' \u2026 ' + e.last.replace('T', ' ') : '') : '')));
      if (e.sample) add(ev, add(el('div', 'sample'), el('span', null, tr('finding.sample') + ' '), el('code', null, e.sample)));
      if (e.sessions.length) {
        var links = add(el('div', 'links'), el('span', null, tr('finding.sessions') + ' '));
        e.sessions.forEach(function (id) {
          var l = el('a', 'conn-link mono', id);
          l.href = '#c=' + encodeURIComponent(id);
          if (!byId.has(id)) l.className += ' missing';
          add(links, l, document.createTextNode(' '));
        });
        if (e.sessionCount > e.sessions.length) add(links, el('span', 'faint', tr('finding.moreSessions', num(e.sessionCount - e.sessions.length))));
        var all = el('button', 'linkish', tr('finding.filter'));
        all.type = 'button';
        all.addEventListener('click', function () { setFilter({ rule: f.rule, server: f.server }); });
        add(links, all);
        add(ev, links);
      }
      add(a, ev);
      add(sec, a);
    });
    add(main, sec);
  }

  // ---- timeline: filters, overview per server, waterfall list ------------------------------------------------------
  // the list shows filtered[start .. start + shown): pages of PAGE rows, so 100,000 connections never become 100,000 rows
  var state = { server: '', outcome: '', rule: '', q: '', start: 0, shown: PAGE };
  var filtered = S;
  var controls = {};
  var overview, list, counter, moreBtn, earlierBtn;
  var span = { t0: 0, t1: 1, timed: false };

  function computeSpan(rows) {
    var t0 = Infinity, t1 = -Infinity;
    rows.forEach(function (s) {
      if (s.t === undefined) return;
      t0 = Math.min(t0, s.t);
      t1 = Math.max(t1, s.t + (s.d || 0));
    });
    if (t0 === Infinity) return { t0: 0, t1: Math.max(1, rows.length), timed: false };
    return { t0: t0, t1: Math.max(t1, t0 + 1), timed: true };
  }
  function xOf(s, i) { return span.timed ? s.t : i; }

  function select(name, label, options) {
    var wrap = add(el('label', 'ctl'), el('span', null, label));
    var sel = el('select');
    sel.name = name;
    options.forEach(function (o) { var op = el('option', null, o[1]); op.value = o[0]; add(sel, op); });
    sel.addEventListener('change', function () { state[name] = sel.value; refresh(); });
    controls[name] = sel;
    return add(wrap, sel);
  }

  function timeline() {
    var sec = add(el('section', 'timeline'), el('h2', null, tr('timeline.heading')));
    sec.id = 'connections';
    var bar = add(el('div', 'filters'));
    var srv = [['', tr('filter.allServers')]].concat(R.servers.map(function (s, i) { return [String(i), s]; }));
    add(bar, select('server', tr('filter.server'), srv));
    add(bar, select('outcome', tr('filter.outcome'), [['', tr('filter.allOutcomes')], ['failed', tr('filter.failed')]].concat(
      Object.keys(R.summary.outcomes).map(function (k) { return [k, outcomeLabel(k)]; }))));
    // the rules some listed connection hit, most frequent first, with how many connections
    var ruleCount = {};
    S.forEach(function (s) { (s.r || []).forEach(function (r) { ruleCount[r] = (ruleCount[r] || 0) + 1; }); });
    var rules = [['', tr('filter.allRules')]];
    Object.keys(ruleCount).sort(function (a, b) { return ruleCount[b] - ruleCount[a] || (a < b ? -1 : 1); })
      .forEach(function (id) { rules.push([id, id + ' (' + num(ruleCount[id]) + ')']); });
    add(bar, select('rule', tr('filter.rule'), rules));
    var ql = add(el('label', 'ctl'), el('span', null, tr('filter.search')));
    var q = el('input');
    q.type = 'search';
    q.name = 'q';
    q.placeholder = tr('filter.searchHint');
    q.addEventListener('input', function () { state.q = q.value.trim().toLowerCase(); refresh(); });
    controls.q = q;
    add(bar, add(ql, q));
    var reset = el('button', 'linkish', tr('filter.reset'));
    reset.type = 'button';
    reset.addEventListener('click', function () { setFilter({}); });
    add(bar, reset);
    add(sec, bar);
    counter = el('p', 'counter');
    add(sec, counter);
    overview = el('canvas', 'overview');
    overview.setAttribute('aria-label', tr('timeline.overview'));
    overview.addEventListener('click', overviewClick);
    add(sec, add(el('div', 'overview-wrap'), overview));
    var head = add(el('div', 'row head'), el('span', 'c-id', tr('col.id')), el('span', 'c-srv', tr('col.server')),
      el('span', 'c-msg', tr('col.messages')), el('span', 'c-out', tr('col.outcome')), el('span', 'c-bar', tr('col.time')));
    add(sec, head);
    earlierBtn = el('button', 'more', '');
    earlierBtn.type = 'button';
    earlierBtn.addEventListener('click', function () {
      var back = Math.min(PAGE, state.start);
      state.start -= back;
      state.shown += back;
      renderRows();
    });
    add(sec, earlierBtn);
    list = el('div', 'rows');
    list.id = 'rows';
    add(sec, list);
    moreBtn = el('button', 'more', '');
    moreBtn.type = 'button';
    moreBtn.addEventListener('click', function () { state.shown += PAGE; renderRows(); });
    moreBtn.id = 'more';
    add(sec, moreBtn);
    add(main, sec);
  }

  function matches(s) {
    if (state.server !== '' && String(s.s) !== state.server) return false;
    if (state.outcome === 'failed' ? s.o === 'ok' : state.outcome !== '' && s.o !== state.outcome) return false;
    if (state.rule !== '') {
      if (!s.r || s.r.indexOf(state.rule) < 0) return false;
      // connection-per-message tags every one-message connection; only servers with a finding count
      if (R.kind === 'analyze' && !R.findings.some(function (f) { return f.rule === state.rule && f.server === server(s); })) return false;
    }
    if (state.q !== '' && s.i.toLowerCase().indexOf(state.q) < 0) return false;
    return true;
  }

  function setFilter(f) {
    state.server = f.server !== undefined ? String(R.servers.indexOf(f.server)) : '';
    if (state.server === '-1') state.server = '';
    state.outcome = f.outcome || '';
    state.rule = f.rule || '';
    state.q = f.q || '';
    controls.server.value = state.server;
    controls.outcome.value = state.outcome;
    controls.rule.value = state.rule;
    controls.q.value = f.q || '';
    refresh();
    document.getElementById('connections').scrollIntoView();
  }

  function refresh() {
    filtered = S.filter(matches);
    state.start = 0;
    state.shown = PAGE;
    span = computeSpan(filtered);
    counter.textContent = tr('timeline.count', num(filtered.length), num(S.length))
      + (R.limits.omittedRows > 0 ? ' ' + tr('timeline.countOmitted', num(R.limits.omittedRows)) : '');
    drawOverview();
    renderRows();
  }

  var lanes = [];
  function drawOverview() {
    var w = Math.max(280, overview.parentNode.clientWidth || 800);
    var laneIdx = new Map();
    lanes = [];
    filtered.forEach(function (s) {
      if (!laneIdx.has(s.s)) { laneIdx.set(s.s, lanes.length); lanes.push(s.s); }
    });
    var maxLanes = 24;
    var shownLanes = Math.min(lanes.length, maxLanes);
    var lh = 18, top = 18;
    var h = top + Math.max(1, shownLanes) * lh + 4;
    var dpr = window.devicePixelRatio || 1;
    overview.width = Math.round(w * dpr);
    overview.height = Math.round(h * dpr);
    overview.style.width = w + 'px';
    overview.style.height = h + 'px';
    var g = overview.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    var left = Math.min(200, Math.round(w * 0.3));
    var width = w - left - 8;
    g.font = '11px sans-serif';
    g.fillStyle = '#555';
    if (span.timed) {
      g.fillText(time(span.t0), left, 11);
      var endLabel = tr('timeline.spanned', ms(span.t1 - span.t0));
      g.fillText(endLabel, Math.max(left + 180, w - 8 - g.measureText(endLabel).width), 11);
    } else {
      g.fillText(tr('timeline.untimed'), left, 11);
    }
    for (var i = 0; i < shownLanes; i++) {
      var y = top + i * lh;
      g.fillStyle = i % 2 ? '#f6f7f9' : '#eceff3';
      g.fillRect(left, y, width, lh - 2);
      g.fillStyle = '#333';
      g.fillText(fit(R.servers[lanes[i]], Math.floor(left / 6.5)), 2, y + 12);
    }
    var colours = { ok: '#2e7d32', rejected: '#c62828', temporary: '#ef6c00', tls: '#6a1b9a', 'no-reply': '#ad1457', incomplete: '#f9a825' };
    var scale = width / (span.t1 - span.t0);
    // failed connections last, so they stay visible on top of a dense run of good ones
    [false, true].forEach(function (failedPass) {
      filtered.forEach(function (s, idx) {
        if ((s.o !== 'ok') !== failedPass) return;
        var lane = laneIdx.get(s.s);
        if (lane >= maxLanes) return;
        var x = left + (xOf(s, idx) - span.t0) * scale;
        var bw = span.timed ? Math.max(2, (s.d || 0) * scale) : Math.max(2, scale * 0.8);
        g.fillStyle = colours[s.o] || '#555';
        g.fillRect(x, top + lane * lh + 2, bw, lh - 6);
      });
    });
    if (lanes.length > maxLanes) {
      g.fillStyle = '#555';
      g.fillText(tr('timeline.moreLanes', num(lanes.length - maxLanes)), 2, h - 2);
    }
    overview.setAttribute('data-lanes', String(lanes.length));
  }

  function overviewClick(ev) {
    var r = overview.getBoundingClientRect();
    var lane = Math.floor((ev.clientY - r.top - 18) / 18);
    if (lane >= 0 && lane < Math.min(24, lanes.length)) setFilter({ server: R.servers[lanes[lane]], outcome: state.outcome, rule: state.rule, q: controls.q.value });
  }

  function renderRows() {
    list.textContent = '';
    var end = Math.min(filtered.length, state.start + state.shown);
    var scale = 100 / (span.t1 - span.t0);
    var frag = document.createDocumentFragment();
    for (var i = state.start; i < end; i++) {
      var s = filtered[i];
      var row = el('div', 'row conn o-' + s.o);
      row.setAttribute('data-id', s.i);
      row.setAttribute('data-outcome', s.o);
      var idb = el('button', 'c-id mono', s.i);
      idb.type = 'button';
      idb.setAttribute('aria-expanded', 'false');
      idb.title = tr('row.open');
      var out = add(el('span', 'c-out'), el('span', 'badge o-' + s.o, outcomeLabel(s.o)));
      if (s.od) add(out, el('span', 'od', s.od));
      var track = el('span', 'c-bar');
      var b = el('span', 'bar o-' + s.o);
      var x = (xOf(s, i) - span.t0) * scale;
      b.style.left = Math.min(99.5, x) + '%';
      b.style.width = Math.max(0.5, span.timed ? (s.d || 0) * scale : scale * 0.8) + '%';
      b.title = time(s.t) + (s.d !== undefined ? ' \u00b7 ' + ms(s.d) : '');
      add(track, b, el('span', 'dur', s.d !== undefined ? ms(s.d) : ''));
      add(row, idb, el('span', 'c-srv mono', server(s)), el('span', 'c-msg', num(s.m)), out, track);
      idb.addEventListener('click', toggle.bind(null, s, row, idb));
      add(frag, row);
    }
    list.appendChild(frag);
    moreBtn.hidden = filtered.length <= end;
    moreBtn.textContent = tr('timeline.more', num(Math.min(PAGE, filtered.length - end)), num(filtered.length - end));
    earlierBtn.hidden = state.start === 0;
    earlierBtn.textContent = tr('timeline.earlier', num(Math.min(PAGE, state.start)), num(state.start));
  }

  function toggle(s, row, btn) {
    var next = row.nextSibling;
    if (next && next.classList && next.classList.contains('detail')) {
      next.remove();
      btn.setAttribute('aria-expanded', 'false');
      return null;
    }
    var d = detail(s);
    row.parentNode.insertBefore(d, row.nextSibling);
    btn.setAttribute('aria-expanded', 'true');
    return d;
  }

  // ---- one connection: facts and the sequence diagram ---------------------------------------------------------------
  function detail(s) {
    var d = el('div', 'detail');
    d.setAttribute('data-id', s.i);
    add(d, el('h3', 'mono', tr('conn.heading', s.i)));
    var x = s.x;
    var dl = el('dl', 'facts');
    function fact(k, v) { if (v !== undefined && v !== null && v !== '') add(dl, el('dt', null, k), el('dd', null, v)); }
    fact(tr('conn.server'), server(s));
    fact(tr('conn.start'), time(s.t));
    fact(tr('conn.duration'), ms(s.d));
    fact(tr('conn.outcome'), outcomeLabel(s.o) + (s.od ? ' \u2014 ' + s.od : ''));
    if (s.r) fact(tr('conn.rules'), s.r.join(', '));
    if (x) {
      fact(tr('conn.library'), x.lib);
      fact(tr('conn.service'), x.svc);
      fact(tr('conn.tls'), x.tls === undefined ? '' : valueLabel('tls.', x.tls) + (x.tlsOk === false && x.tls !== 'none' ? ' \u2014 ' + tr('tls.failed') : '')
        + (x.tlsErr ? ': ' + x.tlsErr : x.tlsUnlogged ? ': ' + tr('tls.unlogged') : ''));
      fact(tr('conn.auth'), x.auth ? (x.authMech ? x.authMech + ' ' : '') + valueLabel('auth.', x.auth) : tr('auth.none'));
      fact(tr('conn.sizeLimit'), x.size ? num(x.size) : '');
      fact(tr('conn.end'), x.end ? valueLabel('end.', x.end) : '');
      fact(tr('conn.source'), x.src);
      if (x.part) fact(tr('conn.part'), num(x.part));
    }
    add(d, dl);
    if (!x) {
      add(d, el('p', 'note', tr('conn.noDetail', s.i)));
      return d;
    }
    add(d, diagram(s));
    if (x.exMore) add(d, el('p', 'note', tr('conn.moreExchanges', num(x.exMore), s.i)));
    if (x.exc && x.exc.length) {
      var exc = add(el('div', 'exceptions'), el('strong', null, tr('conn.exceptions')));
      var ul = add(exc, el('ul'));
      x.exc.forEach(function (e) { add(ul, el('li', 'mono', e)); });
      add(d, exc);
    }
    return d;
  }

  function bodyText(m) {
    var parts = [];
    if (m.bytes !== undefined) parts.push(tr('body.bytes', num(m.bytes)));
    if (m.body && m.body.lines !== undefined) parts.push(tr('body.lines', num(m.body.lines)));
    if (m.body && m.body.longest_line !== undefined) parts.push(tr('body.longest', num(m.body.longest_line)));
    ['bare_cr', 'bare_lf', 'non_ascii', 'nul'].forEach(function (k) { if (m.body && m.body[k]) parts.push(tr('body.' + k, num(m.body[k]))); });
    return tr('body.label') + (parts.length ? ': ' + parts.join(', ') : '');
  }

  function diagram(s) {
    var x = s.x;
    // the width of the detail box the diagram goes into (its padding and border: 22 px), so it never needs a scroll bar
    var W = Math.max(300, Math.min(1100, (list.clientWidth || main.clientWidth || 900) - 22));
    var narrow = W < 560;
    var timeCol = narrow ? 0 : 64;
    var cx = timeCol + (narrow ? 10 : 24), sx = W - (narrow ? 10 : 70);
    var chars = Math.floor((sx - cx - 16) / 6.6);
    var rowH = 30;
    var items = [];
    var msg = 0;
    var prevT = null;
    x.ex.forEach(function (e, idx) {
      var at = e.t !== undefined ? '+' + ms(e.t) : '';
      if (e.k !== 'g') {
        var line = e.l || e.v || '';
        if (e.v === '.' && line === '.') line = '. ' + tr('diagram.endOfData');
        items.push({ kind: 'cmd', e: e, text: line, at: at, redacted: isRedacted(line), auth: e.v === 'AUTH' || e.k === 'a' });
        at = '';
      }
      if (e.c !== undefined) {
        var lines = e.r || [String(e.c)];
        items.push({ kind: 'reply', e: e, text: lines.join('\n'), first: lines[0], more: lines.length - 1, at: e.k === 'g' ? at : '',
          dur: e.d, redacted: lines.some(isRedacted), auth: e.v === 'AUTH' || e.k === 'a' });
      } else if (e.e && e.e !== 'not_awaited') {
        items.push({ kind: 'noreply', e: e, text: tr('diagram.noReply', e.e) + (e.em ? ': ' + e.em : ''), dur: e.d });
      }
      if (e.v === 'STARTTLS' && e.c === 220) {
        var ok = x.tlsOk !== false;
        items.push({ kind: 'band', cls: ok ? 'tls' : 'tls-failed', text: ok ? tr('diagram.tls') : tr('diagram.tlsFailed') + (x.tlsErr ? ': ' + x.tlsErr : '') });
      }
      if (e.v === 'MAIL') msg++;
      if ((e.v === 'DATA' && e.c === 354) || (e.v === 'BDAT')) {
        var m = x.msg[msg - 1];
        if (m && e.v === 'DATA') items.push({ kind: 'body', text: bodyText(m) + (m.bodyErr ? ' \u2014 ' + tr('body.failed', m.bodyErr) : '') });
      }
      if (e.v === 'AUTH' && e.c !== undefined && e.c !== 334 || (e.k === 'a' && e.c !== undefined && e.c !== 334)) {
        items.push({ kind: 'band', cls: e.c < 400 ? 'auth' : 'auth-failed', text: tr(e.c < 400 ? 'diagram.authOk' : 'diagram.authFailed', x.authMech || 'AUTH') });
      }
    });
    if (x.ex.length === 0 && x.tls === 'implicit' && x.tlsOk === false) {
      items.push({ kind: 'band', cls: 'tls-failed', text: tr('diagram.tlsFailed') + (x.tlsErr ? ': ' + x.tlsErr : '') });
    }
    items.push({ kind: 'band', cls: 'end', text: tr('diagram.ended', x.end ? valueLabel('end.', x.end) : tr('end.unknown')) });
    (x.exc || []).forEach(function (e) { items.push({ kind: 'band', cls: 'exception', text: tr('diagram.exception', e) }); });

    var top = 44;
    var H = top + items.length * rowH + 12;
    var svg = sv('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'seq' });
    add(svg, sv('title', {}, tr('diagram.title', s.i)));
    var defs = sv('defs', {});
    ['c2xx', 'c3xx', 'c4xx', 'c5xx', 'cmd', 'cnone'].forEach(function (c) {
      var mk = sv('marker', { id: 'ah-' + c + '-' + s.n, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 11, markerHeight: 11,
        markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
      add(mk, sv('path', { d: 'M0,0 L10,5 L0,10 z', 'class': 'ah ' + c }));
      add(defs, mk);
    });
    add(svg, defs);
    add(svg, sv('text', { x: Math.max(2, cx - 20), y: 16, 'class': 'lane-label' }, tr('diagram.client')));
    add(svg, sv('text', { x: W - 4, y: 16, 'text-anchor': 'end', 'class': 'lane-label' }, fit(tr('diagram.server', server(s)), Math.floor(W / 16))));
    add(svg, sv('line', { x1: cx, y1: 24, x2: cx, y2: H - 6, 'class': 'lane' }));
    add(svg, sv('line', { x1: sx, y1: 24, x2: sx, y2: H - 6, 'class': 'lane' }));
    items.forEach(function (it, i) {
      var y = top + i * rowH + 18;
      var g = sv('g', { 'class': 'item ' + it.kind });
      if (it.kind === 'cmd') {
        g.setAttribute('data-verb', it.e.v || '');
        if (it.redacted) g.setAttribute('class', 'item cmd redacted');
        if (it.auth) g.setAttribute('data-auth', 'true');
        add(g, sv('line', { x1: cx, y1: y, x2: sx, y2: y, 'class': 'arrow cmd', 'marker-end': 'url(#ah-cmd-' + s.n + ')' }));
        add(g, sv('text', { x: cx + 8, y: y - 5, 'class': 'label' + (it.redacted ? ' redacted' : '') }, fit(it.text, chars)));
      } else if (it.kind === 'reply') {
        var cc = codeClass(it.e.c);
        g.setAttribute('data-code', String(it.e.c));
        g.setAttribute('class', 'item reply ' + cc + (it.redacted ? ' redacted' : ''));
        add(g, sv('line', { x1: sx, y1: y, x2: cx, y2: y, 'class': 'arrow ' + cc, 'marker-end': 'url(#ah-' + cc + '-' + s.n + ')' }));
        var label = sv('text', { x: sx - 8, y: y - 5, 'text-anchor': 'end', 'class': 'label ' + cc });
        add(label, sv('tspan', { 'class': 'code' }, String(it.e.c)));
        var rest = it.first.length > 3 && /^\d{3}[ -]/.test(it.first) ? it.first.slice(4) : (/^\d{3}$/.test(it.first) ? '' : it.first);
        add(label, sv('tspan', { 'class': 'rtext' }, ' ' + fit(rest, chars - 6) + (it.more > 0 ? ' ' + tr('diagram.moreLines', it.more) : '')));
        add(g, label);
        if (it.dur !== undefined && !narrow) add(g, sv('text', { x: sx + 6, y: y + 4, 'class': 'dur' }, ms(it.dur)));
        add(g, sv('title', {}, it.text + (it.dur !== undefined ? '\n' + ms(it.dur) : '')));
      } else if (it.kind === 'noreply') {
        g.setAttribute('data-code', 'none');
        add(g, sv('line', { x1: sx, y1: y, x2: cx, y2: y, 'class': 'arrow cnone' }));
        add(g, sv('text', { x: (cx + sx) / 2, y: y - 5, 'text-anchor': 'middle', 'class': 'label cnone' }, fit(it.text, chars)));
        if (it.dur !== undefined && !narrow) add(g, sv('text', { x: sx + 6, y: y + 4, 'class': 'dur' }, ms(it.dur)));
      } else if (it.kind === 'body') {
        add(g, sv('line', { x1: cx, y1: y, x2: sx, y2: y, 'class': 'arrow body', 'marker-end': 'url(#ah-cmd-' + s.n + ')' }));
        add(g, sv('text', { x: cx + 8, y: y - 5, 'class': 'label body' }, fit(it.text, chars)));
      } else {
        g.setAttribute('class', 'item band ' + it.cls);
        add(g, sv('rect', { x: cx - 6, y: y - 14, width: sx - cx + 12, height: 20, rx: 4, 'class': 'band-bg' }));
        add(g, sv('text', { x: (cx + sx) / 2, y: y, 'text-anchor': 'middle', 'class': 'label' }, fit(it.text, chars + 4)));
      }
      if (it.at && timeCol) add(g, sv('text', { x: 2, y: y + 4, 'class': 'at' }, it.at));
      add(svg, g);
    });
    var wrap = add(el('div', 'diagram'), svg);
    return wrap;
  }

  // ---- navigation: #c=ID opens a connection ------------------------------------------------------------------------
  function openFromHash() {
    var m = /^#c=(.+)$/.exec(location.hash);
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    var s = byId.get(id);
    if (!s) {
      setFilter({ q: id.toLowerCase() });
      return;
    }
    if (filtered.indexOf(s) < 0) setFilter({});
    var idx = filtered.indexOf(s);
    if (idx < state.start || idx >= state.start + state.shown) {
      state.start = idx - idx % PAGE;
      state.shown = PAGE;
      renderRows();
    }
    var row = list.querySelector('.row.conn[data-id="' + CSS.escape(id) + '"]');
    if (!row) return;
    var next = row.nextSibling;
    if (!(next && next.classList && next.classList.contains('detail'))) toggle(s, row, row.querySelector('.c-id'));
    row.scrollIntoView();
  }

  summary();
  if (R.kind === 'analyze') findings();
  timeline();
  refresh();
  window.addEventListener('hashchange', openFromHash);
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      drawOverview();
      list.querySelectorAll('.detail').forEach(function (d) {
        var s = byId.get(d.getAttribute('data-id'));
        var fresh = detail(s);
        d.replaceWith(fresh);
      });
    }, 150);
  });
  openFromHash();
  document.body.setAttribute('data-ready', 'true');
})();
