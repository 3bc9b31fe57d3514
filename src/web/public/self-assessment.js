/*
 * Autosave of the self-assessment form: a changed indicator is sent to the JSON API (PATCH .../submission/answers)
 * with If-Match: the version read, and the session's CSRF header; the running score and what is missing are drawn
 * again from the answer. A conflict (someone saved meanwhile) stops autosaving and says so. Without this script the
 * form's "Save draft" button does the same through the server.
 */
/* global document, window, fetch, setTimeout, clearTimeout */
(function () {
  'use strict';
  var dataElement = document.getElementById('assessment-data');
  var form = document.getElementById('answers-form');
  if (!dataElement || !form) return;
  var data = JSON.parse(dataElement.textContent);
  if (!data.writable) return;
  var status = document.getElementById('save-status');
  var version = data.version;
  var dirty = {};
  var timer = null;
  var saving = null;
  var stopped = false;
  var format = function (value, decimals) {
    if (typeof value !== 'number' || !isFinite(value)) return '—';
    return new Intl.NumberFormat(data.lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  };

  function say(text, isError) {
    status.textContent = text;
    status.className = 'save-status' + (isError ? ' save-status--error' : '');
  }

  function number(text) {
    var trimmed = String(text || '').trim();
    if (trimmed === '') return null;
    var normal = trimmed.replace(',', '.');
    return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : trimmed;
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  /** The answer of one indicator from its fields, as the API takes it (the same rules as the server's plain save). */
  function answerOf(code) {
    var leaf = data.leaves[code];
    var value = null;
    if (leaf.type === 'boolean') {
      var checked = form.querySelector('input[name="value[' + code + ']"]:checked');
      value = checked ? checked.value === 'true' : null;
    } else if (leaf.type === 'numbers') {
      var parts = {};
      var empty = true;
      leaf.names.forEach(function (n) {
        var input = field('value[' + code + '][' + n + ']');
        var v = number(input ? input.value : '');
        if (v !== null) empty = false;
        parts[n] = v;
      });
      value = empty ? null : parts;
    } else {
      var element = field('value[' + code + ']');
      var raw = element ? element.value : '';
      value = leaf.type === 'number' || leaf.type === 'integer' || leaf.type === 'percent' ? number(raw) : raw === '' ? null : raw;
    }
    var note = field('note[' + code + ']');
    var answer = { indicatorCode: code, value: value, note: note && note.value !== '' ? note.value : null };
    if (leaf.manual) answer.selfPoints = number((field('points[' + code + ']') || {}).value);
    return answer;
  }

  function setVersion(v) {
    version = v;
    document.querySelectorAll('input[name="version"]').forEach(function (input) {
      input.value = String(v);
    });
  }

  // As the page's `when` filter writes it (src/web/view-setup.ts): 31/07/2025 23:59, or 31 Jul 2025, 23:59.
  function savedAt(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return;
    var zone = { timeZone: 'Asia/Ho_Chi_Minh' };
    var day =
      data.lang === 'en'
        ? date.toLocaleDateString('en-GB', Object.assign({ day: 'numeric', month: 'short', year: 'numeric' }, zone))
        : date.toLocaleDateString('vi-VN', Object.assign({ day: '2-digit', month: '2-digit', year: 'numeric' }, zone));
    var time = date.toLocaleTimeString('en-GB', Object.assign({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, zone));
    var shown = document.getElementById('submission-saved');
    if (shown) shown.textContent = day + (data.lang === 'en' ? ', ' : ' ') + time;
  }

  function clearErrors(codes) {
    codes.forEach(function (code) {
      var box = document.getElementById('ind-' + code);
      if (!box) return;
      var old = box.querySelector('.field-error.live');
      if (old) old.remove();
      box.querySelectorAll('[aria-invalid="true"]').forEach(function (el) {
        el.removeAttribute('aria-invalid');
      });
    });
  }

  /** A number as the page writes numbers: whole as it is, else with two decimals (warningText's rule). */
  function said(value) {
    return typeof value === 'number' ? format(value, Number.isInteger(value) ? 0 : 2) : String(value);
  }

  /** A sentence with its {placeholders} filled, or null when one has no value (then the sentence cannot be said). */
  function sentence(template, params) {
    var missing = false;
    var text = template.replace(/\{(\w+)\}/g, function (whole, name) {
      if (!params || params[name] === undefined || params[name] === null) {
        missing = true;
        return whole;
      }
      return String(params[name]);
    });
    return missing ? null : text;
  }

  /** A field problem of the API in the page's words, by its rule and params (field-problem.ts says the same): never its English message. */
  function problemText(p) {
    var words = data.words.problems;
    return (words[p.rule] && sentence(words[p.rule], p.params || {})) || words.invalid;
  }

  /** A refusal that is not about one field: the sentence of its error code. */
  function refusalText(body) {
    return data.words.errors[body && body.error] || data.words.errors.INTERNAL_ERROR;
  }

  /** A plausibility warning in the page's words (plausibility-words.ts says the same on the server). */
  function warningText(w) {
    var words = data.words.warnings;
    var params = {};
    Object.keys(w.params || {}).forEach(function (name) {
      params[name] = words.shares.indexOf(name) >= 0 ? String(Math.round(w.params[name] * 100)) : said(w.params[name]);
    });
    if (w.part) params.part = words.parts[w.part] || w.part;
    var key = w.rule;
    if (w.rule === 'outsideExpected' && w.params.min === undefined) key = 'aboveExpected';
    else if (w.rule === 'outsideExpected' && w.params.max === undefined) key = 'belowExpected';
    else if (w.rule === 'farFromLastYear' && w.part) key = 'farFromLastYearPart';
    return (words.sentences[key] && sentence(words.sentences[key], params)) || '';
  }

  /** The warnings the saved answers came back with, beside each answer (an answer without any hides its box). */
  function showWarnings(codes, state) {
    codes.forEach(function (code) {
      var box = document.querySelector('[data-warnings="' + code + '"]');
      if (!box) return;
      var list = box.querySelector('ul');
      list.textContent = '';
      var warnings = (state.answers[code] && state.answers[code].warnings) || [];
      warnings.forEach(function (w) {
        var li = document.createElement('li');
        li.textContent = warningText(w);
        list.appendChild(li);
      });
      box.hidden = warnings.length === 0;
    });
  }

  function showError(code, message) {
    var box = document.getElementById('ind-' + code);
    if (!box) return;
    var p = document.createElement('p');
    p.className = 'field-error live';
    p.textContent = message;
    var desc = box.querySelector('.desc');
    desc.parentNode.insertBefore(p, desc.nextSibling);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] === undefined ? whole : String(values[name]);
    });
  }

  function showCount(element, text, count) {
    if (!element) return;
    element.textContent = text;
    element.hidden = count === 0;
  }

  /**
   * The counts of the summary, the section menu and the filters, and each shown indicator's state, drawn again from
   * the state the API answered (as the server counts them: self-assessment-sections.ts): flagged are the page's
   * clarifications and the answers saved with plausibility warnings.
   */
  function redrawCounts(state) {
    var m = data.messages;
    var evidenceMissing = {};
    state.missing.forEach(function (item) {
      if (item.missing === 'evidence') evidenceMissing[item.indicatorCode] = true;
    });
    var since = data.submittedAt ? new Date(data.submittedAt).getTime() : null;
    var total = { answered: 0, todo: 0, stale: 0, flagged: 0, all: 0 };
    var sections = {};
    var shown = { todo: 0, stale: 0, flagged: 0 };
    Object.keys(data.leaves).forEach(function (code) {
      var answer = state.answers[code];
      var todo = !answer || answer.value === null || answer.value === undefined;
      var stale = !!evidenceMissing[code] || (since !== null && !!answer && new Date(answer.updatedAt).getTime() > since);
      var flagged = data.clarified.indexOf(code) >= 0 || !!(answer && answer.warnings && answer.warnings.length);
      var s = (sections[data.leaves[code].section] = sections[data.leaves[code].section] || { done: 0, total: 0, todo: 0, stale: 0, flagged: 0 });
      s.total++;
      if (todo) s.todo++;
      else s.done++;
      if (stale) s.stale++;
      if (flagged) s.flagged++;
      total.all++;
      if (todo) total.todo++;
      else total.answered++;
      if (stale) total.stale++;
      if (flagged) total.flagged++;
      if (data.view.section === 'all' || data.view.section === data.leaves[code].section) {
        if (todo) shown.todo++;
        if (stale) shown.stale++;
        if (flagged) shown.flagged++;
      }
      var badge = document.querySelector('[id="ind-' + code + '"] .sa-state');
      if (badge) {
        badge.setAttribute('data-state', todo ? 'todo' : 'done');
        badge.textContent = todo ? m.statusTodo : m.statusDone;
      }
    });
    Object.keys(sections).forEach(function (code) {
      var s = sections[code];
      var count = document.querySelector('[data-section-count="' + code + '"]');
      if (count) count.textContent = fill(m.sectionCount, { done: s.done, total: s.total });
      var todo = document.querySelector('[data-section-todo="' + code + '"]');
      if (todo) todo.textContent = s.todo ? fill(m.sectionTodo, { count: s.todo }) : m.sectionDone;
      showCount(document.querySelector('[data-section-stale="' + code + '"]'), fill(m.sectionStale, { count: s.stale }), s.stale);
      showCount(document.querySelector('[data-section-flagged="' + code + '"]'), fill(m.sectionFlagged, { count: s.flagged }), s.flagged);
    });
    var answered = document.getElementById('sum-answered');
    if (answered) answered.textContent = fill(m.answered, { answered: total.answered, total: total.all });
    [
      ['sum-todo', total.todo],
      ['sum-stale', total.stale],
      ['sum-flagged', total.flagged],
    ].forEach(function (pair) {
      var link = document.getElementById(pair[0]);
      if (!link) return;
      link.textContent = fill(m.indicators, { count: pair[1] });
      link.setAttribute('data-count', String(pair[1]));
    });
    ['todo', 'stale', 'flagged'].forEach(function (key) {
      var chip = document.querySelector('[data-filter="' + key + '"] .sa-filters__count');
      if (chip) chip.textContent = '(' + shown[key] + ')';
    });
  }

  /** The running self-score and the missing list, from the state the API answered. */
  function redraw(state) {
    redrawCounts(state);
    var index = document.getElementById('self-index');
    index.textContent = format(state.selfScore.index, 4);
    index.setAttribute('data-value', String(state.selfScore.index));
    document.querySelectorAll('[data-score-node]').forEach(function (cell) {
      var node = state.selfScore.nodes[cell.getAttribute('data-score-node')];
      cell.textContent = format(node ? node.points : null, 2);
    });
    var box = document.getElementById('missing-box');
    box.textContent = '';
    if (!state.missing.length) {
      var none = document.createElement('p');
      none.id = 'missing-none';
      none.textContent = data.messages.missingNone;
      box.appendChild(none);
      return;
    }
    var list = document.createElement('ul');
    list.className = 'missing-list';
    list.id = 'missing-list';
    // The shown section's items one by one; each other section's in one line, as the server lists them.
    var elsewhere = {};
    state.missing.forEach(function (m) {
      var section = (data.leaves[m.indicatorCode] || {}).section;
      if (data.view.section !== 'all' && section && section !== data.view.section) {
        elsewhere[section] = (elsewhere[section] || 0) + 1;
        return;
      }
      var li = document.createElement('li');
      li.setAttribute('data-code', m.indicatorCode);
      li.setAttribute('data-what', m.missing);
      var a = document.createElement('a');
      a.href = '#ind-' + m.indicatorCode;
      a.textContent = m.indicatorCode + ' · ' + ((data.leaves[m.indicatorCode] || {}).name || m.name);
      li.appendChild(a);
      li.appendChild(document.createTextNode(': ' + (m.missing === 'value' ? data.messages.missingValue : data.messages.missingEvidence)));
      list.appendChild(li);
    });
    data.sections.forEach(function (section) {
      if (!elsewhere[section.code]) return;
      var li = document.createElement('li');
      li.setAttribute('data-section', section.code);
      var a = document.createElement('a');
      a.href = data.sectionUrl + encodeURIComponent(section.code);
      a.textContent = section.code + ' · ' + section.name;
      li.appendChild(a);
      li.appendChild(document.createTextNode(': ' + fill(data.messages.missingIn, { count: elsewhere[section.code] })));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function conflict() {
    stopped = true;
    say(data.messages.conflict, true);
    status.setAttribute('role', 'alert');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary';
    button.id = 'reload-button';
    button.textContent = data.messages.reload;
    button.addEventListener('click', function () {
      window.location.reload();
    });
    status.parentNode.insertBefore(button, status.nextSibling);
  }

  function save() {
    timer = null;
    if (stopped || saving) return saving;
    var codes = Object.keys(dirty);
    if (!codes.length) return Promise.resolve();
    dirty = {};
    var answers = codes.map(answerOf);
    say(data.messages.saving, false);
    saving = fetch(data.api, {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': '"' + version + '"', 'X-CSRF-Token': data.csrfToken },
      body: JSON.stringify({ answers: answers }),
    })
      .then(function (res) {
        return res.json().then(
          function (body) {
            return { res: res, body: body };
          },
          function () {
            return { res: res, body: {} };
          },
        );
      })
      .then(function (r) {
        clearErrors(codes);
        if (r.res.ok) {
          setVersion(r.body.submission.version);
          savedAt(r.body.submission.updatedAt);
          redraw(r.body);
          showWarnings(codes, r.body);
          say(data.messages.saved + ' ' + new Date().toLocaleTimeString(data.lang === 'en' ? 'en-GB' : 'vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit' }), false);
        } else if (r.res.status === 409 && r.body.error === 'VERSION_CONFLICT') {
          conflict();
        } else {
          var details = Array.isArray(r.body.details) ? r.body.details : [];
          details.forEach(function (p) {
            var m = /^answers\[(\d+)\]/.exec(p.field || '');
            if (m && answers[Number(m[1])]) showError(answers[Number(m[1])].indicatorCode, problemText(p));
          });
          codes.forEach(function (c) {
            dirty[c] = dirty[c] || false;
          });
          // The API's message is English: the page says the refusal from its code, or how many fields to correct.
          var fields = details.filter(function (p) {
            return /^answers\[/.test(p.field || '');
          }).length;
          say(fields ? fill(data.messages.formErrors, { count: fields }) : data.messages.saveFailed.replace('{message}', refusalText(r.body)), true);
        }
      })
      .catch(function () {
        codes.forEach(function (c) {
          dirty[c] = true;
        });
        say(data.messages.saveFailed.replace('{message}', data.words.errors.SERVICE_UNAVAILABLE), true);
      })
      .then(function () {
        saving = null;
        Object.keys(dirty).forEach(function (c) {
          if (!dirty[c]) delete dirty[c];
        });
        if (Object.keys(dirty).length && !stopped) schedule();
      });
    return saving;
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 700);
  }

  function onEdit(event) {
    var target = event.target;
    if (!target || target.form !== form || !target.name) return;
    var m = /^(?:value|note|points)\[([^\]]+)\]/.exec(target.name);
    if (!m || !data.leaves[m[1]]) return;
    dirty[m[1]] = true;
    schedule();
  }

  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);

  // Going to another section or filter (a link of this page): first the pending autosave, so nothing typed is lost.
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest ? event.target.closest('a[href]') : null;
    if (!link || stopped || (!timer && !saving && !Object.keys(dirty).length)) return;
    if (link.origin !== window.location.origin || link.pathname !== window.location.pathname || link.target) return;
    event.preventDefault();
    if (timer) clearTimeout(timer);
    Promise.resolve(saving)
      .then(save)
      .then(function () {
        if (!stopped) window.location.href = link.href;
      });
  });

  // Submitting or adding evidence: first the pending autosave, so the version sent is the latest.
  document.querySelectorAll('form[method="post"]').forEach(function (other) {
    if (other === form) return;
    other.addEventListener('submit', function (event) {
      if (stopped || (!timer && !saving && !Object.keys(dirty).length)) return;
      event.preventDefault();
      if (timer) clearTimeout(timer);
      Promise.resolve(saving)
        .then(save)
        .then(function () {
          if (!stopped) other.submit();
        });
    });
  });
})();
