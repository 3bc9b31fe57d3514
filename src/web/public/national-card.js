/* The national score card's chart: each group's value this year beside the previous edition's, as horizontal bars.
 * Data comes from the page's <script type="application/json" id="card-data"> block; nothing is made global. */
/* global Chart, document, window */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var dataBlock = document.getElementById('card-data');
  var canvas = document.getElementById('chart-parts');
  if (!dataBlock || !canvas || typeof Chart === 'undefined') return;
  var data = JSON.parse(dataBlock.textContent);
  var number = new Intl.NumberFormat(data.locale, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  var tick = new Intl.NumberFormat(data.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1f2933';
  if (reduceMotion) Chart.defaults.animation = false;

  var datasets = [{ label: data.label, data: data.values, backgroundColor: '#1d4ed8', borderWidth: 0 }];
  if (data.previous) datasets.push({ label: data.previousLabel, data: data.previous, backgroundColor: '#b45309', borderWidth: 0 });
  new Chart(canvas, {
    type: 'bar',
    data: { labels: data.labels, datasets: datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { beginAtZero: true, suggestedMax: 1, ticks: { callback: function (v) { return tick.format(v); } } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: function (c) {
              return c.dataset.label + ': ' + (typeof c.parsed.x === 'number' ? number.format(c.parsed.x) : '—');
            },
          },
        },
      },
    },
  });
})();
