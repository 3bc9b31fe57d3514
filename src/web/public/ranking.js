/* The ranking page's charts: a bar chart of the index (one per group of a grouped ranking) and a radar of one unit's
 * main indicators against the average (of its group, if grouped).
 * Data comes from the page's <script type="application/json" id="ranking-data"> block; nothing is made global. */
/* global Chart, document, window, URL */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var dataBlock = document.getElementById('ranking-data');
  if (!dataBlock || typeof Chart === 'undefined') return;
  var data = JSON.parse(dataBlock.textContent);
  // The page's language: its number format and the charts' few words come with the data.
  var locale = data.locale || 'vi-VN';
  var text = data.text || { dataset: 'Chỉ số DTI', rank: 'Hạng' };
  var number = new Intl.NumberFormat(locale, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  var tick = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var show = function (value) {
    return typeof value === 'number' && isFinite(value) ? number.format(value) : '—';
  };
  var showTick = function (value) {
    return typeof value === 'number' ? tick.format(value) : value;
  };
  // Long names on two or three lines (Chart.js draws an array label as lines), so the radar keeps its size on a phone.
  var wrap = function (text, width) {
    var lines = [];
    text.split(' ').forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = last + ' ' + word;
      else lines.push(word);
    });
    return lines;
  };
  var narrow = window.matchMedia && window.matchMedia('(max-width: 40rem)').matches;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1f2933';
  if (reduceMotion) Chart.defaults.animation = false;

  // Bar charts: one horizontal bar per unit, in rank order, tall enough for every name to be read on a phone.
  data.bars.forEach(function (bar) {
    var barCanvas = document.getElementById(bar.canvasId);
    if (!barCanvas) return;
    barCanvas.parentElement.style.height = Math.max(240, bar.values.length * 20 + 60) + 'px';
    new Chart(barCanvas, {
      type: 'bar',
      data: {
        labels: bar.labels,
        datasets: [{ label: text.dataset, data: bar.values, backgroundColor: '#1d4ed8', borderWidth: 0, barPercentage: 0.85 }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { beginAtZero: true, suggestedMax: 1, position: 'top', ticks: { callback: showTick } },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var rank = bar.ranks[context.dataIndex];
                return text.rank + ' ' + (rank === null ? '—' : rank) + ' · ' + bar.codes[context.dataIndex] + ': ' + show(context.parsed.x);
              },
            },
          },
        },
      },
    });
  });

  // Radar: the chosen unit against the average of all units (of its group's, if grouped), on the main indicators.
  var radarCanvas = document.getElementById('chart-radar');
  var select = document.getElementById('unit-select');
  if (!radarCanvas || !select) return;
  var unitsByCode = {};
  data.radar.units.forEach(function (u) {
    unitsByCode[u.code] = u;
  });
  var first = unitsByCode[select.value] || data.radar.units[0];
  if (!first) return;
  var radar = new Chart(radarCanvas, {
    type: 'radar',
    data: {
      labels: data.radar.axes.map(function (a) { return wrap(a.label, narrow ? 10 : 16); }),
      datasets: [
        {
          label: first.label,
          data: first.values,
          borderColor: '#1d4ed8',
          backgroundColor: 'rgba(29, 78, 216, 0.2)',
          pointBackgroundColor: '#1d4ed8',
          borderWidth: 2,
        },
        {
          label: data.radar.averages[first.average].label,
          data: data.radar.averages[first.average].values,
          borderColor: '#b45309',
          backgroundColor: 'rgba(180, 83, 9, 0.08)',
          pointBackgroundColor: '#b45309',
          borderDash: [6, 4],
          borderWidth: 2,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        r: {
          min: 0,
          suggestedMax: 1,
          ticks: { stepSize: 0.2, backdropColor: 'rgba(255, 255, 255, 0.75)', callback: showTick, font: { size: 10 } },
          pointLabels: { font: { size: narrow ? 10 : 12 } },
        },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + show(c.parsed.r); } } },
      },
    },
  });

  var nameSlot = document.getElementById('radar-unit-name');
  var averageSlot = document.getElementById('radar-average-name');
  var valueCells = document.querySelectorAll('#radar-table tbody td.unit-value');
  var averageCells = document.querySelectorAll('#radar-table tbody td.average-value');
  var showUnit = function (code) {
    var unit = unitsByCode[code];
    if (!unit) return;
    var average = data.radar.averages[unit.average];
    radar.data.datasets[0].label = unit.label;
    radar.data.datasets[0].data = unit.values;
    radar.data.datasets[1].label = average.label;
    radar.data.datasets[1].data = average.values;
    radar.update();
    if (nameSlot) nameSlot.textContent = unit.label;
    if (averageSlot) averageSlot.textContent = average.caption;
    unit.values.forEach(function (value, i) {
      if (valueCells[i]) valueCells[i].textContent = show(value);
    });
    average.values.forEach(function (value, i) {
      if (averageCells[i]) averageCells[i].textContent = show(value);
    });
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set('unit', code);
      window.history.replaceState(null, '', url.toString());
    }
  };
  select.addEventListener('change', function () {
    showUnit(select.value);
  });
})();
