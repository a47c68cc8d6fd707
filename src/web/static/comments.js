// The live counter of the comment box: "N/250자" as the reader types. It counts what the
// server counts (src/comments/comment_text.cpp): user-perceived characters (grapheme
// clusters, Intl.Segmenter) after NFC normalisation and trimming, so 한글, emoji with skin
// tones and combining accents count as a reader sees them. The server still decides; the
// counter only warns. Without this script the form posts the same way.
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
})();
