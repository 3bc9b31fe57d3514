/*
 * The state of a job the page waits for (an import of the Excel template, a score-card workbook): polled through the
 * JSON API (with the session's CSRF header) every second, its status and progress updated in place, and the page read
 * again once the job is done so that the report or the download link appears. Without script a reload does the same.
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('poll-data');
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var statusElement = document.querySelector('[data-poll-status]');
  var progressElement = document.querySelector('[data-poll-progress]');
  var progressText = document.querySelector('[data-poll-progress-text]');
  var failures = 0;

  function poll() {
    fetch(data.api, { credentials: 'same-origin', headers: { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (job) {
        failures = 0;
        if (statusElement && data.statuses[job.status]) statusElement.textContent = data.statuses[job.status];
        if (progressElement) progressElement.value = job.progress;
        if (progressText) progressText.textContent = job.progress + ' %';
        if (job.status === 'queued' || job.status === 'running') setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () {
        failures += 1;
        // A few failed polls in a row (the server restarting, the network down): the page stays as it is and its
        // reload link still works.
        if (failures < 5) setTimeout(poll, 2000);
      });
  }
  setTimeout(poll, 500);
})();
