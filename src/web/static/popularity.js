// Counts a read for "What's Popular Now": once the article has been on screen, in a visible
// tab, for data-read-seconds seconds in all, it sends one beacon. Page caches, prefetches and
// crawlers that fetch without reading never send it. The reader id is a random first-party
// cookie (no personal data); without cookies the server uses a daily-keyed hash instead.
(function () {
  'use strict';
  var article = document.querySelector('article[data-article-id]');
  if (!article || !navigator.sendBeacon) { return; }
  var id = article.getAttribute('data-article-id');
  var needed = 1000 * (parseFloat(article.getAttribute('data-read-seconds')) || 5);

  function readerId() {
    var m = document.cookie.match(/(?:^|;\s*)mh_rid=([0-9a-f]{32})/);
    if (m) { return m[1]; }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var value = Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
    document.cookie = 'mh_rid=' + value + '; Max-Age=31536000; Path=/; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
    return value;
  }

  var visible = false, shownSince = 0, seen = 0, sent = false, timer = null;
  function onScreen() { return visible && document.visibilityState === 'visible'; }
  function update() {
    var now = Date.now();
    if (shownSince) { seen += now - shownSince; shownSince = 0; }
    clearTimeout(timer);
    if (sent) { return; }
    if (seen >= needed) {
      sent = true;
      readerId();
      navigator.sendBeacon('/api/views', 'article=' + encodeURIComponent(id));
      return;
    }
    if (onScreen()) {
      shownSince = now;
      timer = setTimeout(update, needed - seen);
    }
  }
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(function (entries) {
      visible = entries[entries.length - 1].isIntersecting;
      update();
    }).observe(article);
  } else {
    visible = true;
  }
  document.addEventListener('visibilitychange', update);
  update();
})();
