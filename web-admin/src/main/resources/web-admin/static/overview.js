// Overview: cards and SVG charts drawn from statistics, kept live by Server-Sent Events (/admin/events),
// and the activity feed, which grows as audit events arrive from any server node.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var FEED_MAX = 60;
  var LK = window.LK;
  var root = document.getElementById('overview');
  if (!root) { return; }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function svgText(parent, x, y, text, cls, anchor) {
    var t = el('text', { x: x, y: y, 'class': cls, 'text-anchor': anchor || 'start' }, parent);
    t.textContent = text;
    return t;
  }

  function tip(parent, text) {
    var title = el('title', {}, parent);
    title.textContent = text;
  }

  function niceMax(v) {
    if (v <= 4) { return 4; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    var step = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
    return step * p;
  }

  function canvas(id) {
    var box = document.getElementById(id);
    box.textContent = '';
    var w = Math.max(box.clientWidth, 240);
    var h = box.clientHeight || 200;
    var svg = el('svg', { viewBox: '0 0 ' + w + ' ' + h, preserveAspectRatio: 'none' }, box);
    return { svg: svg, w: w, h: h };
  }

  function drawHeartbeats(series) {
    var c = canvas('chart-heartbeats');
    var pad = { l: 36, r: 8, t: 10, b: 22 };
    var w = c.w - pad.l - pad.r;
    var h = c.h - pad.t - pad.b;
    var max = niceMax(Math.max.apply(null, series.concat([0])));
    var defs = el('defs', {}, c.svg);
    var grad = el('linearGradient', { id: 'hb-fill', x1: 0, y1: 0, x2: 0, y2: 1 }, defs);
    el('stop', { offset: '0', 'stop-color': '#6f8cff', 'stop-opacity': '0.35' }, grad);
    el('stop', { offset: '1', 'stop-color': '#6f8cff', 'stop-opacity': '0' }, grad);
    for (var g = 0; g <= 4; g++) {
      var y = pad.t + h - (h * g / 4);
      el('line', { x1: pad.l, x2: pad.l + w, y1: y, y2: y, 'class': g === 0 ? 'axis' : 'grid' }, c.svg);
      svgText(c.svg, pad.l - 6, y + 3, String(Math.round(max * g / 4)), 'tick', 'end');
    }
    var n = series.length;
    var step = n > 1 ? w / (n - 1) : w;
    var pts = series.map(function (v, i) { return [pad.l + i * step, pad.t + h - (v / max) * h]; });
    var line = pts.map(function (p, i) { return (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1); }).join(' ');
    el('path', { d: line + ' L' + (pad.l + w) + ' ' + (pad.t + h) + ' L' + pad.l + ' ' + (pad.t + h) + ' Z', 'class': 'area' }, c.svg);
    el('path', { d: line, 'class': 'line' }, c.svg);
    pts.forEach(function (p, i) {
      var hit = el('rect', { x: p[0] - step / 2, y: pad.t, width: step, height: h, 'class': 'hit' }, c.svg);
      tip(hit, LK.t('chart.minute_tip', n - 1 - i, series[i]));
    });
    [[0, LK.t('chart.minutes_ago', n - 1)], [Math.floor((n - 1) / 2), LK.t('chart.minutes_ago', n - 1 - Math.floor((n - 1) / 2))], [n - 1, LK.t('chart.now')]]
      .forEach(function (x) { svgText(c.svg, pad.l + x[0] * step, c.h - 6, x[1], 'tick', x[0] === 0 ? 'start' : x[0] === n - 1 ? 'end' : 'middle'); });
    var total = series.reduce(function (a, b) { return a + b; }, 0);
    document.getElementById('hb-total').textContent = LK.t('chart.heartbeats_total', total);
  }

  function drawBars(id, items) {
    var c = canvas(id);
    var pad = { l: 8, r: 8, t: 18, b: 24 };
    var w = c.w - pad.l - pad.r;
    var h = c.h - pad.t - pad.b;
    var max = niceMax(Math.max.apply(null, items.map(function (i) { return i.value; }).concat([0])));
    var slot = w / items.length;
    var bw = Math.min(56, slot * 0.6);
    el('line', { x1: pad.l, x2: pad.l + w, y1: pad.t + h, y2: pad.t + h, 'class': 'axis' }, c.svg);
    items.forEach(function (it, i) {
      var x = pad.l + slot * i + (slot - bw) / 2;
      var bh = max ? (it.value / max) * h : 0;
      var bar = el('rect', { x: x, y: pad.t + h - bh, width: bw, height: Math.max(bh, 1), rx: 4, 'class': it.cls }, c.svg);
      tip(bar, it.label + ': ' + it.value);
      svgText(c.svg, x + bw / 2, pad.t + h - bh - 5, String(it.value), 'value', 'middle');
      svgText(c.svg, x + bw / 2, c.h - 7, it.label, 'label', 'middle');
    });
  }

  function drawExpiry(e) {
    var keys = ['within_7d', 'within_30d', 'within_90d', 'later', 'on_activation', 'never'];
    var c = canvas('chart-expiry');
    var rowH = c.h / keys.length;
    var labelW = Math.min(130, c.w * 0.45);
    var barW = c.w - labelW - 40;
    var max = Math.max.apply(null, keys.map(function (k) { return e[k] || 0; }).concat([1]));
    keys.forEach(function (k, i) {
      var v = e[k] || 0;
      var y = i * rowH + rowH * 0.2;
      var bh = rowH * 0.6;
      svgText(c.svg, 0, y + bh * 0.75, LK.t('expiry.' + k), 'label');
      el('rect', { x: labelW, y: y, width: barW, height: bh, rx: 3, 'class': 'bar-track' }, c.svg);
      var bar = el('rect', { x: labelW, y: y, width: Math.max(v / max * barW, v ? 2 : 0), height: bh, rx: 3, 'class': 'bar-exp bar-exp-' + i }, c.svg);
      tip(bar, LK.t('expiry.' + k) + ': ' + v);
      svgText(c.svg, labelW + barW + 6, y + bh * 0.75, String(v), 'value');
    });
  }

  function get(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }

  var last = null;

  function render(stats) {
    // Sessions, online devices, active users and expiry come from a recount that may not have happened yet.
    if (stats.sessions) {
      stats.sessions.sum = (stats.sessions.web || 0) + (stats.sessions.client || 0) + (stats.sessions.api || 0);
    }
    if (stats.recounted_at) {
      var time = document.getElementById('recount-time');
      if (time && time.getAttribute('datetime') !== stats.recounted_at) {
        time.setAttribute('datetime', stats.recounted_at);
        LK.formatTimes(time.parentNode);
      }
      var pending = document.getElementById('recount-pending');
      var done = document.getElementById('recount-done');
      if (pending) { pending.hidden = true; }
      if (done) { done.hidden = false; }
    }
    document.querySelectorAll('[data-stat]').forEach(function (node) {
      var v = get(stats, node.getAttribute('data-stat'));
      if (v === undefined) { return; }
      var text = String(v);
      if (node.textContent !== text) {
        node.textContent = text;
        if (last) { node.classList.remove('flash-pulse'); void node.offsetWidth; node.classList.add('flash-pulse'); }
      }
    });
    drawHeartbeats(stats.heartbeats || []);
    var l = stats.logins || {};
    drawBars('chart-logins', ['success', 'failure', 'denied'].map(function (k) {
      return { label: LK.t('outcome.' + k), value: l[k] || 0, cls: 'bar-' + k };
    }));
    drawExpiry(stats.expiry || {});
    last = stats;
  }

  // Activity feed.
  var feed = document.getElementById('feed');
  var seen = {};

  function badge(kind, text) {
    var b = document.createElement('span');
    b.className = 'badge badge-' + kind;
    b.textContent = text;
    return b;
  }

  // What the target is called in the event's details (a username, a name, a network), else its id's start.
  function targetName(e) {
    var d = e.details || {};
    return d.username || d.name || d.cidr || String(e.target_id || '').slice(0, 8);
  }

  function feedItem(e) {
    var li = document.createElement('li');
    li.className = 'feed-item fresh outcome-' + e.outcome;
    var dot = document.createElement('span');
    dot.className = 'feed-dot';
    var main = document.createElement('span');
    main.className = 'feed-main';
    var action = document.createElement('span');
    action.className = 'feed-action';
    action.textContent = LK.has('action.' + e.action) ? LK.t('action.' + e.action) : e.action;
    var actor = document.createElement('span');
    actor.className = 'feed-actor';
    actor.textContent = e.actor || LK.t('common.anonymous');
    main.appendChild(action);
    main.appendChild(document.createTextNode(' '));
    main.appendChild(actor);
    if (e.target_type) {
      var target = document.createElement('span');
      target.className = 'muted';
      var type = LK.has('target.' + e.target_type) ? LK.t('target.' + e.target_type) : e.target_type;
      target.textContent = ' → ' + type + ' ' + targetName(e);
      main.appendChild(target);
    }
    var meta = document.createElement('span');
    meta.className = 'feed-meta';
    if (e.ip) {
      var ip = document.createElement('span');
      ip.className = 'muted mono';
      ip.textContent = e.ip;
      meta.appendChild(ip);
    }
    meta.appendChild(badge(e.outcome, LK.t('outcome.' + e.outcome)));
    var time = document.createElement('time');
    time.setAttribute('datetime', e.at);
    time.setAttribute('data-relative', '');
    meta.appendChild(time);
    li.appendChild(dot);
    li.appendChild(main);
    li.appendChild(meta);
    LK.formatTimes(li);
    return li;
  }

  function addEvents(id, events) {
    if (seen[id]) { return; }
    seen[id] = true;
    var empty = document.getElementById('feed-empty');
    if (empty) { empty.remove(); }
    events.forEach(function (e) { feed.insertBefore(feedItem(e), feed.firstChild); });
    while (feed.children.length > FEED_MAX) { feed.removeChild(feed.lastChild); }
  }

  // Live connection.
  var live = document.getElementById('live');
  function state(s) {
    if (!live) { return; }
    live.setAttribute('data-state', s);
    live.querySelector('.live-text').textContent = LK.t('live.' + s);
  }

  function connect() {
    if (typeof EventSource !== 'function') { state('offline'); return; }
    var source = new EventSource('/admin/events');
    source.addEventListener('open', function () { state('live'); });
    source.addEventListener('error', function () { state(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting'); });
    source.addEventListener('stats', function (m) {
      try { render(JSON.parse(m.data)); } catch (e) { /* ignore a malformed frame */ }
    });
    source.addEventListener('audit', function (m) {
      try { addEvents(m.lastEventId, JSON.parse(m.data)); } catch (e) { /* ignore a malformed frame */ }
    });
    source.addEventListener('signed_out', function () { source.close(); state('signed_out'); });
  }

  try { render(JSON.parse(root.getAttribute('data-stats'))); } catch (e) { /* charts stay empty */ }
  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (last) { render(last); } }, 150);
  });
  connect();
})();
