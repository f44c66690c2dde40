// Latchkey dashboard: behaviour shared by every page. No inline script anywhere (CSP script-src 'self');
// user text is only ever set with textContent, never as HTML.
(function () {
  'use strict';

  var body = document.body;
  var texts = {};
  try { texts = JSON.parse(body.getAttribute('data-texts') || '{}'); } catch (e) { texts = {}; }
  var lang = body.getAttribute('data-lang') || 'en';

  function t(key) {
    var s = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    for (var i = 1; i < arguments.length; i++) { s = s.split('{' + (i - 1) + '}').join(String(arguments[i])); }
    return s;
  }

  function has(key) { return Object.prototype.hasOwnProperty.call(texts, key); }

  var absolute = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  var relative = typeof Intl.RelativeTimeFormat === 'function' ? new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }) : null;

  function formatRelative(date) {
    var seconds = Math.round((date.getTime() - Date.now()) / 1000);
    var abs = Math.abs(seconds);
    if (!relative) { return absolute.format(date); }
    if (abs < 45) { return relative.format(0, 'second'); }
    if (abs < 3600) { return relative.format(Math.round(seconds / 60), 'minute'); }
    if (abs < 86400) { return relative.format(Math.round(seconds / 3600), 'hour'); }
    if (abs < 86400 * 30) { return relative.format(Math.round(seconds / 86400), 'day'); }
    return absolute.format(date);
  }

  // <time datetime="ISO"> in the admin's own time zone; data-relative shows "5 minutes ago".
  function formatTimes(root) {
    (root || document).querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) { return; }
      if (el.hasAttribute('data-relative')) {
        el.textContent = formatRelative(d);
        el.title = absolute.format(d);
      } else {
        el.textContent = absolute.format(d);
        el.title = d.toISOString();
      }
    });
  }

  function formatBytes(n) {
    var units = ['B', 'KB', 'MB', 'GB', 'TB'];
    var i = 0;
    n = Number(n);
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function toast(message, kind) {
    var div = document.createElement('div');
    div.className = 'flash toast flash-' + (kind || 'ok');
    div.setAttribute('role', 'status');
    var span = document.createElement('span');
    span.textContent = message;
    div.appendChild(span);
    body.appendChild(div);
    setTimeout(function () { div.remove(); }, 5000);
  }

  // A message to show after the reload that follows a script-driven action.
  function toastAfterReload(message, kind) {
    try { sessionStorage.setItem('lk-toast', JSON.stringify({ m: message, k: kind || 'ok' })); } catch (e) { /* private mode */ }
    location.reload();
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function localInputValue(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function init() {
    formatTimes(document);
    setInterval(function () {
      document.querySelectorAll('time[data-relative]').forEach(function (el) {
        var d = new Date(el.getAttribute('datetime'));
        if (!isNaN(d.getTime())) { el.textContent = formatRelative(d); }
      });
    }, 30000);

    document.querySelectorAll('[data-bytes]').forEach(function (el) { el.textContent = formatBytes(el.getAttribute('data-bytes')); });

    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        if (!window.confirm(form.getAttribute('data-confirm'))) { ev.preventDefault(); }
      });
    });

    document.querySelectorAll('.flash-close').forEach(function (b) {
      b.addEventListener('click', function () { b.parentElement.remove(); });
    });

    // Dates picked in the admin's time zone become the end of that day as an instant.
    document.querySelectorAll('input[type="date"][data-end-of-day]').forEach(function (input) {
      input.form.addEventListener('submit', function () {
        var target = input.form.elements[input.getAttribute('data-end-of-day')];
        if (!target) { return; }
        if (!input.value) { target.value = ''; return; }
        var parts = input.value.split('-');
        target.value = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]), 23, 59, 59).toISOString();
      });
    });

    // Time-range filters: shown in local time, sent as instants.
    document.querySelectorAll('input[type="datetime-local"][data-instant]').forEach(function (input) {
      var hidden = input.form.elements[input.getAttribute('data-instant')];
      if (!hidden) { return; }
      if (hidden.value) {
        var d = new Date(hidden.value);
        if (!isNaN(d.getTime())) { input.value = localInputValue(d); }
      }
      input.form.addEventListener('submit', function () {
        hidden.value = input.value ? new Date(input.value).toISOString() : '';
        if (!hidden.value) { hidden.disabled = true; }
      });
    });

    try {
      var pending = sessionStorage.getItem('lk-toast');
      if (pending) {
        sessionStorage.removeItem('lk-toast');
        var p = JSON.parse(pending);
        toast(p.m, p.k);
      }
    } catch (e) { /* nothing to show */ }
  }

  window.LK = {
    t: t, has: has, lang: lang, csrf: body.getAttribute('data-csrf') || '',
    formatTimes: formatTimes, formatRelative: formatRelative, formatBytes: formatBytes, absolute: absolute,
    toast: toast, toastAfterReload: toastAfterReload,
    // The translated text of an error answer: by its code, else its message.
    errorText: function (status, body) {
      var code = body && body.error && body.error.code;
      if (code && has('error.' + code)) { return t('error.' + code) + (lang === 'en' && body.error.message ? ' (' + body.error.message + ')' : ''); }
      if (body && body.error && body.error.message) { return body.error.message; }
      return t('error.INTERNAL_ERROR') + ' (' + status + ')';
    }
  };

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
