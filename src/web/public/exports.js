/*
 * Live progress of export jobs: each queued or running export is polled through the JSON API (GET /api/v1/exports/:id,
 * with the session's CSRF header) every second; its status and progress are updated in place, and the page is read
 * again once every export has finished (so the download link appears). Without script, a reload shows the same.
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('exports-data');
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-export]')).filter(function (row) {
    var s = row.getAttribute('data-status');
    return s === 'queued' || s === 'running';
  });
  if (!rows.length) return;
  var pending = rows.length;

  function poll(row) {
    fetch('/api/v1/exports/' + row.getAttribute('data-export'), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken },
    })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (job) {
        row.setAttribute('data-status', job.status);
        row.querySelector('.export-status').textContent = data.statuses[job.status] + (job.error ? ': ' + job.error : '');
        row.querySelector('progress').value = job.progress;
        row.querySelector('.export-progress').textContent = job.progress + ' %';
        if (job.status === 'succeeded' || job.status === 'failed') {
          pending -= 1;
          if (pending === 0) setTimeout(function () { window.location.reload(); }, 800);
        } else {
          setTimeout(function () { poll(row); }, 1000);
        }
      })
      .catch(function () {
        setTimeout(function () { poll(row); }, 3000);
      });
  }

  rows.forEach(poll);
})();
