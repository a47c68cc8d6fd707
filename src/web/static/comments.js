// The comment box's live counter, and the reader's own votes.
// The counter shows "N/250자" as the reader types. It counts what the server counts
// (src/comments/comment_text.cpp): user-perceived characters (grapheme clusters,
// Intl.Segmenter) after NFC normalisation and trimming, so 한글, emoji with skin tones and
// combining accents count as a reader sees them. The server still decides; the counter only
// warns. Without this script the form posts the same way.
(function () {
  'use strict';
  var segmenter = typeof Intl !== 'undefined' && Intl.Segmenter
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

  function normalise(text) {
    return text.replace(/\r\n?/g, '\n').normalize('NFC')
      .replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '')
      .replace(/\n{3,}/g, '\n\n');
  }
  function count(text) {
    var t = normalise(text);
    if (!segmenter) { return Array.from(t).length; }  // code points: close enough to warn
    var n = 0;
    for (var it = segmenter.segment(t)[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) {
      n++;
    }
    return n;
  }

  function wire(form) {
    var area = form.querySelector('textarea[data-max]');
    var counter = area && document.getElementById(area.getAttribute('aria-describedby'));
    if (!counter) { return; }
    var max = parseInt(area.getAttribute('data-max'), 10) || 250;
    function update() {
      var n = count(area.value);
      counter.textContent = n + '/' + max + '자';
      var over = n > max;
      counter.classList.toggle('over', over);
      if (over) {
        area.setAttribute('aria-invalid', 'true');
        area.setCustomValidity('The comment is ' + n + ' characters long; the limit is ' + max + '.');
      } else {
        area.removeAttribute('aria-invalid');
        area.setCustomValidity('');
      }
    }
    area.addEventListener('input', update);
    update();
  }

  var forms = document.querySelectorAll('form.comment-form');
  for (var i = 0; i < forms.length; i++) { wire(forms[i]); }

  // The reader's own votes. The comment list is the same for every signed-in reader, so it
  // cannot show them: ask the server, then show those buttons pressed; pressing one again
  // takes the vote back (value 0). Without this script the buttons vote the same way.
  var votes = document.querySelectorAll('form.comment-vote');
  var ids = [];
  for (var v = 0; v < votes.length; v++) {
    var m = /^\/comments\/(\d+)\/vote$/.exec(votes[v].getAttribute('action') || '');
    if (m && ids.indexOf(m[1]) < 0) { ids.push(m[1]); }
  }
  function show(mine) {
    for (var k = 0; k < votes.length; k++) {
      var form = votes[k];
      var id = /^\/comments\/(\d+)\/vote$/.exec(form.getAttribute('action') || '');
      var input = form.querySelector('input[name="value"]');
      var button = form.querySelector('button');
      if (!id || !input || !button) { continue; }
      var value = input.getAttribute('data-vote') || input.value;
      input.setAttribute('data-vote', value);
      var pressed = String(mine[id[1]]) === value;
      button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      input.value = pressed ? '0' : value;
      button.title = pressed ? 'Your vote; press again to take it back' : '';
    }
  }
  if (ids.length && window.fetch) {
    fetch('/api/comments/votes?ids=' + ids.slice(0, 200).join(','), {
      credentials: 'same-origin', headers: { Accept: 'application/json' }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && body.votes) { show(body.votes); } })
      .catch(function () { /* the buttons still vote; they just do not show the reader's vote */ });
  }
})();
