/*
 * Follows an uploaded review workbook's import job until it is done: GET /api/v1/imports/:id (the session's CSRF
 * header, the API's own visibility rule) every second, status and progress updated in place, then the page is read
 * again to show the report. Without this script a reload of the page shows the same state.
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('import-data');
  var box = document.getElementById('import');
  if (!dataElement || !box) return;
  var data = JSON.parse(dataElement.textContent);
  var FINISHED = { succeeded: true, rejected: true, failed: true };

  function poll() {
    fetch('/api/v1/imports/' + encodeURIComponent(data.id), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken },
    })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (job) {
        box.setAttribute('data-status', job.status);
        box.querySelector('.import-status').textContent = data.statuses[job.status] || job.status;
        var bar = box.querySelector('progress');
        if (bar) bar.value = job.progress;
        var text = box.querySelector('.import-progress');
        if (text) text.textContent = job.progress + ' %';
        if (FINISHED[job.status]) setTimeout(function () { window.location.reload(); }, 300);
        else setTimeout(poll, 1000);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }

  setTimeout(poll, 500);
})();
