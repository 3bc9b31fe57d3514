/* The monitoring pages' line charts: on a series' page, the chosen units' index over the trend's months against the
 * target trajectory (the unit chooser's boxes redraw it); on a unit's page, its index by month against the target.
 * Data comes from the page's JSON block (#monitoring-data or #monitoring-unit-data); nothing is made global. */
/* global Chart, document, window, URL */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  if (typeof Chart === 'undefined') return;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1f2933';
  if (reduceMotion) Chart.defaults.animation = false;
  // Distinct colours with 3:1 contrast or more on white; the target is a dashed dark line.
  var COLOURS = ['#1d4ed8', '#b45309', '#047857', '#be123c', '#6d28d9', '#0e7490', '#a16207', '#4d7c0f', '#c2410c', '#334155', '#9d174d', '#1e40af'];

  var options = function (data) {
    var number = new Intl.NumberFormat(data.locale, { minimumFractionDigits: data.decimals, maximumFractionDigits: data.decimals });
    return {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      spanGaps: false,
      scales: { y: { beginAtZero: true, suggestedMax: data.scale, title: { display: true, text: data.text.index } } },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            label: function (c) {
              return c.dataset.label + ': ' + (typeof c.parsed.y === 'number' ? number.format(c.parsed.y) : '—');
            },
          },
        },
      },
    };
  };
  var targetDataset = function (data) {
    return { label: data.text.target, data: data.target, borderColor: '#111827', backgroundColor: '#111827', borderDash: [6, 4], borderWidth: 2, pointRadius: 0 };
  };

  // A series' page: the chosen units against the target.
  var seriesBlock = document.getElementById('monitoring-data');
  var trendCanvas = document.getElementById('chart-trend');
  if (seriesBlock && trendCanvas) {
    var data = JSON.parse(seriesBlock.textContent);
    var byCode = {};
    data.units.forEach(function (u) {
      byCode[u.code] = u;
    });
    var datasetsOf = function (codes) {
      var sets = codes
        .filter(function (code) { return byCode[code]; })
        .map(function (code, i) {
          var u = byCode[code];
          var colour = COLOURS[i % COLOURS.length];
          return { label: u.label, code: u.code, data: u.values.slice(), borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 3 };
        });
      if (data.target) sets.push(targetDataset(data));
      return sets;
    };
    var chart = new Chart(trendCanvas, { type: 'line', data: { labels: data.labels, datasets: datasetsOf(data.selected) }, options: options(data) });
    var boxes = document.querySelectorAll('.unit-chooser input[name="unit"]');
    var chosen = function () {
      var codes = [];
      boxes.forEach(function (box) {
        if (box.checked) codes.push(box.value);
      });
      return codes;
    };
    boxes.forEach(function (box) {
      box.addEventListener('change', function () {
        var codes = chosen();
        chart.data.datasets = datasetsOf(codes);
        chart.update();
        if (window.history && window.history.replaceState) {
          var url = new URL(window.location.href);
          url.searchParams.delete('unit');
          codes.forEach(function (code) { url.searchParams.append('unit', code); });
          window.history.replaceState(null, '', url.toString());
        }
      });
    });
  }

  // A unit's page: its index by month against the target.
  var unitBlock = document.getElementById('monitoring-unit-data');
  var unitCanvas = document.getElementById('chart-unit');
  if (unitBlock && unitCanvas) {
    var unit = JSON.parse(unitBlock.textContent);
    var sets = [{ label: unit.label, data: unit.values, borderColor: COLOURS[0], backgroundColor: COLOURS[0], borderWidth: 2, pointRadius: 3 }];
    if (unit.target) sets.push(targetDataset(unit));
    new Chart(unitCanvas, { type: 'line', data: { labels: unit.labels, datasets: sets }, options: options(unit) });
  }
})();
