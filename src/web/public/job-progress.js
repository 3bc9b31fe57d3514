/*
 * Live progress of queued jobs (score runs, exports): each queued or running row is polled through the JSON API
 * (GET <data-api><id>, with the session's CSRF header) every second; its status and progress are updated in place,
 * and the page is read again once every job has finished (so what follows, a publish button or a download link,
 * appears). Without script, a reload shows the same. The page says what to poll on its #job-progress element:
 * data-api, data-row (rows are tr[data-<row>] holding the id), data-status-class and data-progress-class; its text
 * is { csrfToken, statuses, notes? }: a score run's page adds the sentences of its job (run-job-note.ts says them
 * the same way on the server).
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('job-progress');
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var options = dataElement.dataset;
  var rowAttribute = 'data-' + options.row;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[' + rowAttribute + ']')).filter(function (row) {
    var s = row.getAttribute('data-status');
    return s === 'queued' || s === 'running';
  });
  if (!rows.length) return;
  var pending = rows.length;

  // A score run's job (the API's `job`: a lost worker, the retry), in the sentences the page gave (data.notes).
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] === undefined || values[name] === null ? whole : String(values[name]);
    });
  }
  function clockTime(at) {
    return new Date(at).toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
  }
  function jobNote(job) {
    var notes = data.notes;
    if (!notes || !job) return '';
    if (job.workerLost) {
      return job.retryBy ? fill(notes.runWorkerLost, { worker: job.worker, at: clockTime(job.retryBy) }) : fill(notes.runWorkerLostNone, { worker: job.worker });
    }
    if (job.workersConnected === 0) return notes.runNoWorker;
    if (job.attempt > 1) return fill(notes.runAttempt, { attempt: job.attempt, max: job.maxAttempts });
    return '';
  }

  function poll(row) {
    fetch(options.api + row.getAttribute(rowAttribute), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken },
    })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (job) {
        row.setAttribute('data-status', job.status);
        var note = jobNote(job.job);
        row.querySelector('.' + options.statusClass).textContent = data.statuses[job.status] + (job.error ? ': ' + job.error : '') + (note ? ': ' + note : '');
        row.querySelector('progress').value = job.progress;
        row.querySelector('.' + options.progressClass).textContent = job.progress + ' %';
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
