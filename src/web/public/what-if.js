/*
 * The score card's what-if (#22 point 5) in place: the form is posted as it would be without script (the page route
 * scores it with the API's service) and the result the server rendered replaces the one on the page, so that the
 * words and numbers are the server's, in the page's language. Without script the form posts and the page comes back.
 */
/* global document, fetch, DOMParser, URLSearchParams, FormData */
(function () {
  'use strict';
  var form = document.getElementById('what-if-form');
  var result = document.getElementById('what-if-result');
  if (!form || !result || typeof fetch !== 'function') return;
  var button = document.getElementById('what-if-submit');

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button) button.disabled = true;
    result.setAttribute('data-state', 'busy');
    result.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams(new FormData(form)).toString(),
    })
      .then(function (res) {
        if (!res.ok && res.status !== 422) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('what-if-result');
        if (!fresh) throw new Error('no result');
        result.replaceWith(fresh);
        result = fresh;
        result.focus();
      })
      .catch(function () {
        // The page could not be read back (the network, a restart): the form is sent the plain way.
        form.submit();
      })
      .then(function () {
        if (button) button.disabled = false;
      });
  });
})();
