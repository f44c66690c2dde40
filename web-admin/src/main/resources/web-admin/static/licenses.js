// Licenses: a generated batch comes back as CSV, is downloaded at once and shown on the page.
// The keys exist only in this answer: the server keeps hashes.
(function () {
  'use strict';
  var LK = window.LK;

  function download(csv, filename) {
    var url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // RFC 4180 rows as the server writes them (quoted cells may hold commas and doubled quotes).
  function parseCsv(text) {
    var rows = [];
    var row = [];
    var cell = '';
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') { quoted = false; } else { cell += ch; }
      } else if (ch === '"') { quoted = true; } else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') {
        row.push(cell); rows.push(row); row = []; cell = '';
      } else if (ch !== '\r') { cell += ch; }
    }
    if (cell || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  function filename(response) {
    var cd = response.headers.get('Content-Disposition') || '';
    var m = /filename="([^"]+)"/.exec(cd);
    return m ? m[1] : 'licenses.csv';
  }

  // The list below shows the new licenses too: the same page is fetched again and its list swapped in
  // (server-rendered, escaped HTML of this very page; the keys shown above stay).
  function refreshList() {
    var list = document.getElementById('licenses-list');
    if (!list) { return null; }
    return fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('licenses-list');
        if (fresh) {
          var node = document.importNode(fresh, true);
          list.replaceWith(node);
          LK.formatTimes(node);
        }
      }).catch(function () { /* the list stays as it was */ });
  }

  var form = document.getElementById('issue-form');
  if (form) {
    var lastCsv = null;
    var lastName = null;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var submit = document.getElementById('issue-submit');
      submit.disabled = true;
      var data = new URLSearchParams(new FormData(form));
      fetch('/admin/licenses', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Accept': 'text/csv', 'X-CSRF-Token': LK.csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: data.toString()
      }).then(function (r) {
        if (r.status !== 201) {
          return r.json().catch(function () { return null; }).then(function (b) { throw new Error(LK.errorText(r.status, b)); });
        }
        lastName = filename(r);
        return r.text();
      }).then(function (csv) {
        lastCsv = csv;
        download(csv, lastName);
        var rows = parseCsv(csv);
        var header = rows.shift();
        var keyIdx = header.indexOf('key');
        var expIdx = header.indexOf('expires_at');
        var seatsIdx = header.indexOf('max_activations');
        var daysIdx = header.indexOf('duration_days');
        var tbody = document.getElementById('issue-keys');
        tbody.textContent = '';
        rows.forEach(function (r) {
          var tr = document.createElement('tr');
          [r[keyIdx], r[expIdx], r[seatsIdx]].forEach(function (v, i) {
            var td = document.createElement('td');
            if (i === 0) { td.className = 'mono'; }
            if (i === 2) { td.className = 'num'; }
            if (i === 1 && v) {
              var time = document.createElement('time');
              time.setAttribute('datetime', v);
              td.appendChild(time);
            } else if (i === 1) {
              td.className = 'muted';
              td.textContent = r[daysIdx] ? LK.t('licenses.days_after_activation', r[daysIdx]) : LK.t('licenses.never');
            } else {
              td.textContent = v;
            }
            tr.appendChild(td);
          });
          tbody.appendChild(tr);
        });
        LK.formatTimes(tbody);
        document.getElementById('issue-result-text').textContent = LK.t('licenses.issued', rows.length);
        document.getElementById('issue-result').hidden = false;
        return refreshList();
      }).catch(function (err) {
        LK.toast(err.message || LK.t('licenses.failed'), 'error');
      }).then(function () {
        submit.disabled = false;
      });
    });
    document.getElementById('issue-download').addEventListener('click', function () {
      if (lastCsv) { download(lastCsv, lastName); }
    });
  }

  // The page shown after a batch was issued without the script's help.
  var again = document.getElementById('batch-download');
  if (again) {
    again.addEventListener('click', function () { download(again.getAttribute('data-csv'), 'licenses.csv'); });
  }
})();
