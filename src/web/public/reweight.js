/* The ranking page's reader re-weighting (views/ranking-reweight.njk): each slider sets the weight of one part of the
 * index; every ranking table is re-ranked at once by reweight-core.js (the engine's arithmetic) from the published part
 * values in <script type="application/json" id="reweight-data">, its rank cells showing the new rank and the change
 * from the official one. The address keeps the weights (?w=CODE:0.3, only those not official) and is read on load;
 * "Trọng số chính thức" restores the official ranking. Nothing is made global. */
/* global document, window, URL */
(function () {
  'use strict';
  var core = window.DtiReweight;
  var block = document.getElementById('reweight-data');
  var panel = document.getElementById('tu-chon-trong-so');
  if (!core || !block || !panel) return;
  var data = JSON.parse(block.textContent);
  var text = data.text;
  var weightFormat = new Intl.NumberFormat(data.locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 });
  var shareFormat = new Intl.NumberFormat(data.locale, { style: 'percent', maximumFractionDigits: 1 });
  var indexFormat = new Intl.NumberFormat(data.locale, { minimumFractionDigits: data.decimals, maximumFractionDigits: data.decimals });
  var fill = function (template, params) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return params[name] === undefined ? whole : String(params[name]);
    });
  };

  var inputs = Array.prototype.slice.call(panel.querySelectorAll('input[type="range"][data-part]'));
  var outputs = inputs.map(function (input) { return document.getElementById(input.id + '-value'); });
  var officialButton = document.getElementById('reweight-official');
  var link = document.getElementById('reweight-link');
  var status = document.getElementById('reweight-status');
  var unitIndex = {};
  data.units.forEach(function (u, i) { unitIndex[u.code] = i; });

  // The tables, each row with its official order, rank and index saved. The rank's own text is wrapped in a span of its
  // own so that only it is rewritten: the cell may hold more (a rank interval).
  var tables = Array.prototype.map.call(document.querySelectorAll('table.ranking'), function (table) {
    var tbody = table.tBodies[0];
    var caption = table.caption;
    var note = document.createElement('span');
    note.className = 'reweight-caption';
    note.textContent = text.caption;
    note.hidden = true;
    if (caption) (caption.querySelector('.caption-text') || caption).appendChild(note);
    var rows = Array.prototype.map.call(tbody.rows, function (tr) {
      var rankCell = tr.querySelector('td.rank');
      var indexCell = tr.querySelector('td.index');
      var value = document.createElement('span');
      value.className = 'reweight-rank';
      var first = rankCell.firstChild;
      while (first && first.nodeType === 3 && first.textContent.trim() === '') first = first.nextSibling;
      if (first && first.nodeType === 3) {
        value.textContent = first.textContent.trim();
        rankCell.replaceChild(value, first);
      } else {
        rankCell.insertBefore(value, rankCell.firstChild);
      }
      var delta = document.createElement('span');
      delta.className = 'reweight-delta';
      delta.hidden = true;
      value.parentNode.insertBefore(delta, value.nextSibling);
      return {
        tr: tr,
        code: tr.getAttribute('data-code'),
        value: value,
        delta: delta,
        indexCell: indexCell,
        officialRank: value.textContent,
        officialIndex: indexCell ? indexCell.textContent : '',
      };
    });
    return { table: table, tbody: tbody, note: note, rows: rows };
  });

  var weights = core.weightsFromParam(data, new URL(window.location.href).searchParams.get('w'));

  var showDelta = function (row, official, now) {
    var delta = row.delta;
    delta.className = 'reweight-delta';
    delta.textContent = '';
    if (official === null || now === null) {
      delta.hidden = true;
      return;
    }
    delta.hidden = false;
    var places = official - now;
    var arrow = document.createElement('span');
    arrow.setAttribute('aria-hidden', 'true');
    var words = document.createElement('span');
    words.className = 'visually-hidden';
    if (places > 0) {
      delta.className += ' reweight-delta--up';
      arrow.textContent = '↑' + places;
      words.textContent = fill(text.up, { places: places, rank: official });
    } else if (places < 0) {
      delta.className += ' reweight-delta--down';
      arrow.textContent = '↓' + -places;
      words.textContent = fill(text.down, { places: -places, rank: official });
    } else {
      delta.className += ' reweight-delta--same';
      arrow.textContent = '=';
      words.textContent = text.same;
    }
    delta.appendChild(arrow);
    delta.appendChild(words);
  };

  var addressOf = function () {
    var url = new URL(window.location.href);
    url.searchParams.delete('w');
    var param = core.weightsParam(data, weights);
    var search = url.searchParams.toString();
    // The codes and weights as they are (":" and "," need no escaping in a query): a short, readable link.
    if (param) search += (search ? '&' : '') + 'w=' + param.split(',').map(function (pair) {
      var at = pair.lastIndexOf(':');
      return encodeURIComponent(pair.slice(0, at)) + ':' + pair.slice(at + 1);
    }).join(',');
    url.search = search;
    return url.toString();
  };

  var render = function () {
    var official = core.isOfficial(data, weights);
    var results = core.rerank(data, weights);
    var total = weights.reduce(function (s, w) { return s + w; }, 0);
    inputs.forEach(function (input, j) {
      var shown = weightFormat.format(weights[j]);
      var share = total > 0 ? shareFormat.format(weights[j] / total) : shareFormat.format(0);
      if (Number(input.value) !== weights[j]) input.value = String(weights[j]);
      input.setAttribute('aria-valuetext', fill(text.valueText, { weight: shown, share: share }));
      if (outputs[j]) outputs[j].textContent = shown + ' · ' + share;
    });
    tables.forEach(function (t) {
      var rows = t.rows.slice();
      var now = function (row) { return results[unitIndex[row.code]] || { rank: null, index: null }; };
      if (!official) {
        rows.sort(function (a, b) {
          var ra = now(a);
          var rb = now(b);
          var byRank = (ra.rank === null ? Infinity : ra.rank) - (rb.rank === null ? Infinity : rb.rank);
          if (byRank) return byRank;
          var byIndex = (rb.index === null ? -1 : rb.index) - (ra.index === null ? -1 : ra.index);
          if (byIndex) return byIndex;
          return a.code.localeCompare(b.code);
        });
      }
      var order = document.createDocumentFragment();
      rows.forEach(function (row) {
        var r = now(row);
        if (official) {
          row.value.textContent = row.officialRank;
          row.delta.hidden = true;
          if (row.indexCell) row.indexCell.textContent = row.officialIndex;
        } else {
          var unit = data.units[unitIndex[row.code]];
          row.value.textContent = r.rank === null ? '—' : String(r.rank);
          showDelta(row, unit ? unit.rank : null, r.rank);
          if (row.indexCell) row.indexCell.textContent = r.index === null ? '—' : indexFormat.format(r.index);
        }
        order.appendChild(row.tr);
      });
      t.tbody.appendChild(order);
      t.table.classList.toggle('is-reweighted', !official);
      t.note.hidden = official;
    });
    var anyIndex = results.some(function (r) { return r.index !== null; });
    var message = official ? text.official : anyIndex ? text.custom : text.none;
    if (status.textContent !== message) status.textContent = message;
    officialButton.disabled = official;
    var address = addressOf();
    link.href = address;
    if (window.history && window.history.replaceState && address !== window.location.href) window.history.replaceState(null, '', address);
  };

  // One render per frame while a slider is dragged: a commune ranking has thousands of rows.
  var pending = false;
  var schedule = function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      render();
    });
  };
  inputs.forEach(function (input, j) {
    input.addEventListener('input', function () {
      weights[j] = Number(input.value);
      schedule();
    });
  });
  officialButton.addEventListener('click', function () {
    weights = data.parts.map(function (part) { return part.weight; });
    render();
    // The button is disabled at the official weights: keep the keyboard in the panel.
    if (inputs[0]) inputs[0].focus();
  });

  panel.hidden = false;
  if (!core.isOfficial(data, weights)) panel.open = true;
  render();
})();
