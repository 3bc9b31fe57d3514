/* The arithmetic of the ranking page's reader re-weighting (src/publications/reweighting.ts says what is re-weighted
 * and why), kept apart from the page so that Jest checks it against the engine (src/web/reweight-core.spec.ts): the
 * same operations in the same order as the engine's aggregateGroup (src/engine/aggregate.ts), roundTo
 * (src/engine/round.ts) and competitionRanks (src/engine/rank.ts), so that the page ranks as the engine does, bit for
 * bit in a browser whose Math.log and Math.exp are V8's (a geometric mean elsewhere may differ in its last bit).
 * ES5, no DOM: the page loads it as window.DtiReweight, Jest through require. */
/* global module, self */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.DtiReweight = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var POWERS = [];
  for (var p = 0; p < 16; p++) POWERS.push(Math.pow(10, p));

  /** The engine's roundTo: half away from zero on the decimal value people see. */
  function roundTo(x, digits) {
    if (typeof x !== 'number' || !isFinite(x)) return x;
    var f = POWERS[digits] !== undefined ? POWERS[digits] : Math.pow(10, digits);
    var y = Math.abs(x) * f;
    var frac = y - Math.floor(y);
    var r;
    if (Math.abs(frac - 0.5) > 1e-7 || y > 1e15) {
      r = Math.round(y) / f;
    } else {
      var clean = Number(Math.abs(x).toPrecision(15));
      r = Number(String(Math.round(Number(String(clean) + 'e' + digits))) + 'e-' + digits);
    }
    return x < 0 && r !== 0 ? -r : r;
  }

  /**
   * The root's value from its parts' values at these weights (aggregateGroup with a mean): a part without a value or
   * with weight 0 is left out, the rest renormalised; null when none is left (the unit has no index).
   */
  function meanOfParts(mean, values, weights) {
    var a = 0;
    var b = 0;
    for (var j = 0; j < values.length; j++) {
      var v = values[j];
      if (v === null || v === undefined) continue;
      var w = weights[j];
      if (w === 0) continue;
      if (mean === 'geometric_mean') a += w * Math.log(v);
      else a += w * v;
      b += w;
    }
    if (b === 0) return null;
    return mean === 'geometric_mean' ? Math.exp(a / b) : a / b;
  }

  /** The index as published: the root's value × scale, rounded to the precision; null without one. */
  function indexOf(data, unit, weights) {
    var v = meanOfParts(data.mean, unit.values, weights);
    return v === null ? null : roundTo(v * data.scale, data.precision);
  }

  /** Standard competition ranks ("1224") of values, descending; null takes no place and gets no rank. */
  function competitionRanks(values) {
    var present = [];
    for (var i = 0; i < values.length; i++) if (values[i] !== null && isFinite(values[i])) present.push(values[i]);
    present.sort(function (x, y) { return x - y; });
    var m = present.length;
    return values.map(function (v) {
      if (v === null || !isFinite(v)) return null;
      // 1 + the number of values strictly above v.
      var lo = 0;
      var hi = m;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (present[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      return 1 + (m - lo);
    });
  }

  /** Whether these weights are the official ones, each exactly. */
  function isOfficial(data, weights) {
    for (var j = 0; j < data.parts.length; j++) if (weights[j] !== data.parts[j].weight) return false;
    return true;
  }

  /**
   * Every unit's index and rank at these weights, in the order of data.units: the published ones at the official
   * weights; else ranked among the units that are ranked and have an index, within each group when data.withinGroups.
   */
  function rerank(data, weights) {
    if (isOfficial(data, weights)) {
      return data.units.map(function (u) { return { code: u.code, index: u.index, rank: u.rank }; });
    }
    var index = data.units.map(function (u) { return indexOf(data, u, weights); });
    var eligible = data.units.map(function (u, i) { return u.ranked && index[i] !== null ? index[i] : null; });
    var rank = new Array(data.units.length);
    var groups = {};
    data.units.forEach(function (u, i) {
      var key = data.withinGroups ? 'g:' + (u.group === null ? '' : u.group) : 'all';
      (groups[key] = groups[key] || []).push(i);
    });
    Object.keys(groups).forEach(function (key) {
      var members = groups[key];
      var ranks = competitionRanks(members.map(function (i) { return eligible[i]; }));
      members.forEach(function (i, k) { rank[i] = ranks[k]; });
    });
    return data.units.map(function (u, i) { return { code: u.code, index: index[i], rank: rank[i] }; });
  }

  /**
   * The weights an address asks for (?w=CODE:0.3,CODE2:0.2): a part it names takes that weight (0..1), the rest
   * keep their official weight; an unknown code or a number outside 0..1 is ignored.
   */
  function weightsFromParam(data, param) {
    var weights = data.parts.map(function (part) { return part.weight; });
    if (typeof param !== 'string' || param === '') return weights;
    param.split(',').forEach(function (pair) {
      var at = pair.lastIndexOf(':');
      if (at <= 0) return;
      var code = pair.slice(0, at);
      var text = pair.slice(at + 1);
      if (!/^\d+(\.\d+)?$/.test(text)) return;
      var w = Number(text);
      if (!(w >= 0 && w <= 1)) return;
      for (var j = 0; j < data.parts.length; j++) if (data.parts[j].code === code) weights[j] = w;
    });
    return weights;
  }

  /** The ?w= value of these weights: the parts whose weight is not the official one; empty at the official weights. */
  function weightsParam(data, weights) {
    var pairs = [];
    data.parts.forEach(function (part, j) {
      if (weights[j] !== part.weight) pairs.push(part.code + ':' + String(weights[j]));
    });
    return pairs.join(',');
  }

  return {
    roundTo: roundTo,
    meanOfParts: meanOfParts,
    indexOf: indexOf,
    competitionRanks: competitionRanks,
    isOfficial: isOfficial,
    rerank: rerank,
    weightsFromParam: weightsFromParam,
    weightsParam: weightsParam,
  };
});
