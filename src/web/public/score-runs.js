/*
 * Live progress of score runs: each queued or running run is polled through the JSON API (GET /api/v1/score-runs/:id,
 * with the session's CSRF header) every second; its status and progress are updated in place, and the page is read
 * again once every run has finished (so the publish button appears).
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('runs-data');
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-run]')).filter(function (row) {
    var s = row.getAttribute('data-status');
    return s === 'queued' || s === 'running';
  });
  if (!rows.length) return;
  var pending = rows.length;

  function poll(row) {
    fetch('/api/v1/score-runs/' + row.getAttribute('data-run'), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken },
    })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (run) {
        row.setAttribute('data-status', run.status);
        row.querySelector('.run-status').textContent = data.statuses[run.status] + (run.error ? ': ' + run.error : '');
        row.querySelector('progress').value = run.progress;
        row.querySelector('.run-progress').textContent = run.progress + ' %';
        if (run.status === 'succeeded' || run.status === 'failed') {
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
