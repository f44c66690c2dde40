// Files: uploads stream the file to the server (encrypted there as it arrives) with a progress bar;
// yank, publish, channel moves and deletion call the files feature through /admin/files/....
(function () {
  'use strict';
  var LK = window.LK;

  function errorOf(xhrStatus, text) {
    var body = null;
    try { body = JSON.parse(text); } catch (e) { body = null; }
    return LK.errorText(xhrStatus, body);
  }

  var form = document.getElementById('upload-form');
  if (form) {
    var fileInput = document.getElementById('upload-file');
    var nameInput = document.getElementById('upload-name');
    var progress = document.getElementById('upload-progress');
    var bar = document.getElementById('upload-bar');
    var percent = document.getElementById('upload-percent');
    var status = document.getElementById('upload-status');
    var submit = document.getElementById('upload-submit');
    var max = Number(form.getAttribute('data-max'));

    fileInput.addEventListener('change', function () {
      if (fileInput.files[0] && !nameInput.value) { nameInput.value = fileInput.files[0].name; }
    });

    function show(state, pct, text) {
      progress.hidden = false;
      progress.setAttribute('data-state', state);
      bar.style.width = pct + '%';
      percent.textContent = pct + '%';
      status.textContent = text;
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var file = fileInput.files[0];
      if (!file) { LK.toast(LK.t('upload.pick'), 'error'); return; }
      if (max && file.size > max) { LK.toast(LK.t('upload.too_large', LK.formatBytes(max)), 'error'); return; }
      var params = new URLSearchParams();
      ['product_id', 'name', 'version', 'channel', 'feature', 'notes'].forEach(function (k) {
        var v = form.elements[k].value.trim();
        if (v) { params.set(k, v); }
      });
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/admin/files/upload?' + params.toString());
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-CSRF-Token', LK.csrf);
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) {
          var pct = Math.min(99, Math.floor(e.loaded / e.total * 100));
          show('sending', pct, e.loaded < e.total ? LK.t('upload.sending', LK.formatBytes(e.loaded), LK.formatBytes(e.total)) : LK.t('upload.storing'));
        }
      });
      xhr.addEventListener('load', function () {
        submit.disabled = false;
        if (xhr.status === 201) {
          var f = JSON.parse(xhr.responseText);
          var done = LK.t('upload.done', f.name + ' ' + f.version, LK.formatBytes(f.size));
          show('done', 100, done);
          setTimeout(function () { LK.toastAfterReload(done); }, 1500);
        } else {
          show('failed', 100, errorOf(xhr.status, xhr.responseText));
        }
      });
      xhr.addEventListener('error', function () {
        submit.disabled = false;
        show('failed', 100, LK.t('upload.failed'));
      });
      submit.disabled = true;
      show('sending', 0, LK.t('upload.starting'));
      xhr.send(file);
    });
  }

  function call(path, json) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': LK.csrf },
      body: json ? JSON.stringify(json) : undefined
    }).then(function (r) {
      if (r.ok) { return null; }
      return r.text().then(function (t) { throw new Error(errorOf(r.status, t)); });
    });
  }

  document.querySelectorAll('[data-file-action]').forEach(function (button) {
    button.addEventListener('click', function () {
      var id = button.getAttribute('data-file-id');
      var action = button.getAttribute('data-file-action');
      var done;
      if (action === 'update') {
        var to = button.getAttribute('data-status');
        done = call('/admin/files/' + id + '/update', { status: to }).then(function () {
          LK.toastAfterReload(LK.t(to === 'yanked' ? 'files.yanked' : 'files.published'));
        });
      } else if (action === 'channel') {
        var channel = window.prompt(LK.t('files.move_prompt'), button.getAttribute('data-channel'));
        if (!channel) { return; }
        done = call('/admin/files/' + id + '/update', { channel: channel.trim() }).then(function () {
          LK.toastAfterReload(LK.t('files.moved', channel.trim()));
        });
      } else if (action === 'delete') {
        if (!window.confirm(LK.t('files.confirm_delete', button.getAttribute('data-name')))) { return; }
        done = call('/admin/files/' + id + '/delete').then(function () { LK.toastAfterReload(LK.t('files.deleted')); });
      }
      button.disabled = true;
      done.catch(function (err) { LK.toast(err.message, 'error'); button.disabled = false; });
    });
  });
})();
