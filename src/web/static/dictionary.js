// The reader's dictionary (issue 4). On an article page, the toolbar's "dictionary" button
// turns dictionary mode on and off (remembered on the device). In dictionary mode, a word or
// short phrase double-clicked, selected with the mouse, selected by touch, or selected and
// followed by Enter opens a small dialog with its meaning from /api/dictionary. Words looked
// up are kept on the device per article, and the print view lists them ("Words you looked
// up"). All text from the API is written with textContent; positions are set through the
// CSSOM (custom properties), which the site's CSP (style-src 'self') allows.
(function () {
  'use strict';

  var MODE_KEY = 'masthead.dictionary.mode';
  var WORDS_PREFIX = 'masthead.dictionary.words.';
  var MAX_WORDS = 50;
  var MAX_QUERY_BYTES = 64;
  var MAX_CONTEXT_CHARS = 300;
  var FIRST_SENSES = 3;
  var TOUCH_DELAY_MS = 600;

  // localStorage can be missing or refuse (private windows, full quota): the dictionary
  // then works without remembering anything.
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* not remembered */ }
  }
  function readWords(key) {
    try {
      var v = JSON.parse(load(key) || 'null');
      return v && Array.isArray(v.words) ? v : null;
    } catch (e) {
      return null;
    }
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function canonicalPath() {
    var link = document.querySelector('link[rel="canonical"]');
    try { return link ? new URL(link.href).pathname : location.pathname; } catch (e) { return location.pathname; }
  }

  // ---- Print view: "Words you looked up" ----
  function printWords() {
    var page = document.querySelector('.print-page');
    if (!page) { return; }
    var article = page.querySelector('article');
    var id = article && article.getAttribute('data-article-id');
    var stored = id ? readWords(WORDS_PREFIX + id) : null;
    if (!stored) {
      // The print view may not carry the article id: find the article's list by its address.
      var path = canonicalPath();
      try {
        for (var i = 0; i < localStorage.length && !stored; i++) {
          var key = localStorage.key(i);
          if (key && key.indexOf(WORDS_PREFIX) === 0) {
            var v = readWords(key);
            if (v && v.path === path) { stored = v; }
          }
        }
      } catch (e) { /* no storage */ }
    }
    if (!stored || stored.words.length === 0) { return; }

    var section = el('section', 'looked-up');
    section.setAttribute('aria-labelledby', 'looked-up-title');
    var h = el('h2', 'looked-up-title', 'Words you looked up');
    h.id = 'looked-up-title';
    section.appendChild(h);
    var list = el('dl', 'looked-up-list');
    stored.words.forEach(function (w) {
      var dt = el('dt', null, w.word);
      var base = [];
      if (w.lemma && w.lemma.toLowerCase() !== String(w.word).toLowerCase()) { base.push(w.lemma); }
      if (w.pos) { base.push(w.pos); }
      if (base.length) { dt.appendChild(el('span', 'looked-up-base', ' (' + base.join(', ') + ')')); }
      list.appendChild(dt);
      if (w.korean) {
        var ko = el('dd', 'looked-up-korean', w.korean);
        ko.lang = 'ko';
        list.appendChild(ko);
      }
      if (w.sense) { list.appendChild(el('dd', null, w.sense)); }
    });
    section.appendChild(list);
    var address = page.querySelector('.print-address');
    page.insertBefore(section, address && address.parentNode === page ? address : null);
  }

  if (document.body && document.body.classList.contains('print-view')) {
    printWords();
    return;
  }

  // ---- Article page ----
  var button = document.querySelector('.toolbar .tool-dictionary');
  var body = document.querySelector('.article-body');
  var articleEl = document.querySelector('article[data-article-id]');
  if (!button || !body || !articleEl || !window.fetch) { return; }
  var articleId = articleEl.getAttribute('data-article-id');
  var wordsKey = WORDS_PREFIX + articleId;

  var hint = el('p', 'dictionary-hint', 'Double-click or select a word to see its meaning.');
  hint.hidden = true;
  button.parentNode.parentNode.insertBefore(hint, button.parentNode.nextSibling);
  button.hidden = false;

  var on = false;
  function setMode(value) {
    on = value;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    body.classList.toggle('dictionary-on', on);
    hint.hidden = !on;
    if (!on) { close(false); }
  }
  button.addEventListener('click', function () {
    setMode(!on);
    save(MODE_KEY, on ? 'on' : 'off');
  });
  setMode(load(MODE_KEY) === 'on');

  // ---- Selection ----
  var encoder = new TextEncoder();
  function byteLength(s) { return encoder.encode(s).length; }

  /** The selected word or phrase in the article body, or null. */
  function currentSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) { return null; }
    var raw = range.toString();
    if (/[\r\n]/.test(raw.trim())) { return null; }
    // Keep letters, digits and inner apostrophes or hyphens; drop punctuation around.
    var text = raw.replace(/\s+/g, ' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!/\p{L}/u.test(text) || byteLength(text) > MAX_QUERY_BYTES) { return null; }
    return { text: text, range: range.cloneRange() };
  }

  function blockOf(node) {
    var n = node.nodeType === 1 ? node : node.parentNode;
    while (n && n !== body) {
      if (/^(P|LI|BLOCKQUOTE|H[1-6]|TD|TH|DD|DT|FIGCAPTION|PRE)$/.test(n.nodeName)) { return n; }
      n = n.parentNode;
    }
    return body;
  }

  /** The sentence around the range, at most MAX_CONTEXT_CHARS characters. */
  function sentenceAround(range) {
    var block = blockOf(range.startContainer);
    var before = document.createRange();
    before.selectNodeContents(block);
    before.setEnd(range.startContainer, range.startOffset);
    var text = block.textContent;
    var start = before.toString().length;
    var end = start + range.toString().length;
    var stop = /[.!?]["'\u201d\u2019)\]]*\s+/g;
    var from = 0, to = text.length, m;
    while ((m = stop.exec(text)) !== null) {
      var after = m.index + m[0].length;
      if (after <= start) { from = after; } else if (m.index >= end - 1) { to = m.index + m[0].trimEnd().length; break; }
    }
    var sentence = text.slice(from, to);
    if (sentence.length > MAX_CONTEXT_CHARS) {
      // Keep a window centred on the selection, cut at spaces.
      var mid = Math.round((start + end) / 2) - from;
      var lo = Math.max(0, Math.min(mid - MAX_CONTEXT_CHARS / 2, sentence.length - MAX_CONTEXT_CHARS));
      sentence = sentence.slice(lo, lo + MAX_CONTEXT_CHARS);
      if (lo > 0) { sentence = sentence.replace(/^\S*\s/, ''); }
      if (lo + MAX_CONTEXT_CHARS < text.length - from) { sentence = sentence.replace(/\s\S*$/, ''); }
    }
    return sentence.replace(/\s+/g, ' ').trim();
  }

  // ---- The dialog ----
  var dialog = null, titleEl, statusEl, contentEl, current = null, returnFocus = null;
  var returnRange = null, controller = null, cache = Object.create(null);

  function build() {
    dialog = el('div', 'dict-popup');
    dialog.id = 'dict-popup';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'dict-popup-title');
    dialog.tabIndex = -1;
    dialog.hidden = true;
    var head = el('div', 'dict-head');
    titleEl = el('h2', 'dict-title');
    titleEl.id = 'dict-popup-title';
    var closeButton = el('button', 'dict-close');
    closeButton.type = 'button';
    closeButton.setAttribute('aria-label', 'Close');
    closeButton.appendChild(el('span', null, '\u00d7')).setAttribute('aria-hidden', 'true');
    closeButton.addEventListener('click', function () { close(true); });
    head.appendChild(titleEl);
    head.appendChild(closeButton);
    statusEl = el('p', 'dict-status');
    statusEl.setAttribute('role', 'status');
    contentEl = el('div', 'dict-content');
    dialog.appendChild(head);
    dialog.appendChild(statusEl);
    dialog.appendChild(contentEl);
    dialog.addEventListener('keydown', onDialogKey);
    document.body.appendChild(dialog);
  }

  function focusables() {
    return Array.prototype.filter.call(dialog.querySelectorAll('button, a[href]'), function (e) {
      return !e.hidden && !e.closest('[hidden]');
    });
  }

  function onDialogKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      // Tab and Shift+Tab cycle through the dialog's controls while it is open.
      var items = focusables();
      if (items.length === 0) { event.preventDefault(); return; }
      var first = items[0], last = items[items.length - 1], active = document.activeElement;
      if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  /** Places the dialog beside the range: below it, or above when there is no room below. */
  function place(range) {
    var rects = range.getClientRects();
    var r = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight, gap = 8;
    var w = dialog.offsetWidth, h = dialog.offsetHeight;
    var left = Math.max(gap, Math.min(r.left, vw - w - gap));
    var top = r.bottom + gap;
    if (top + h > vh - gap && r.top - gap - h >= gap) { top = r.top - gap - h; }
    dialog.style.setProperty('--dict-x', Math.round(left + window.scrollX) + 'px');
    dialog.style.setProperty('--dict-y', Math.round(Math.max(gap, top) + window.scrollY) + 'px');
  }

  function open(sel) {
    if (!dialog) { build(); }
    if (current && !dialog.hidden && current.text === sel.text &&
        current.range.compareBoundaryPoints(Range.START_TO_START, sel.range) === 0) {
      return; // already showing this selection (dblclick, mouseup and selectionchange all report it)
    }
    if (dialog.hidden) {
      var active = document.activeElement;
      returnFocus = active && active !== document.body && !dialog.contains(active) ? active : null;
      returnRange = sel.range.cloneRange();
    }
    current = { text: sel.text, range: sel.range, context: sentenceAround(sel.range) };
    dialog.hidden = false;
    lookup(sel.text, current.context);
    dialog.focus({ preventScroll: true });
  }

  function close(restoreFocus) {
    if (!dialog || dialog.hidden) { return; }
    if (controller) { controller.abort(); controller = null; }
    dialog.hidden = true;
    current = null;
    if (!restoreFocus) { return; }
    if (returnFocus && document.contains(returnFocus)) {
      returnFocus.focus();
    } else {
      // Focus was in the page's text (no focusable element): put the reader's selection back.
      if (document.activeElement && dialog.contains(document.activeElement)) { document.activeElement.blur(); }
      if (returnRange) {
        var s = window.getSelection();
        s.removeAllRanges();
        s.addRange(returnRange);
      }
    }
    returnFocus = null;
  }

  function showStatus(text) {
    statusEl.textContent = text;
    statusEl.hidden = !text;
  }

  function lookup(word, context) {
    titleEl.textContent = word;
    contentEl.textContent = '';
    var key = word.toLowerCase() + '\n' + context;
    if (controller) { controller.abort(); controller = null; }
    if (cache[key]) {
      showStatus('');
      render(word, cache[key]);
      return;
    }
    showStatus('Looking up\u2026');
    place(current.range);
    var params = new URLSearchParams({ q: word });
    if (context) { params.set('context', context); }
    if (articleId) { params.set('article', articleId); }
    var mine = controller = window.AbortController ? new AbortController() : null;
    fetch('/api/dictionary?' + params.toString(), {
      headers: { Accept: 'application/json' },
      signal: mine ? mine.signal : undefined,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, json: json };
      });
    }).then(function (answer) {
      if (mine !== controller) { return; }
      controller = null;
      // Answers that do not depend on the moment (found, not found, bad query) are kept.
      if (answer.status === 200 || answer.status === 404 || answer.status === 400) { cache[key] = answer; }
      showStatus('');
      render(word, answer);
    }).catch(function (err) {
      if (mine !== controller || (err && err.name === 'AbortError')) { return; }
      controller = null;
      showStatus('The dictionary could not be reached. Try again in a moment.');
      place(current.range);
    });
  }

  function render(word, answer) {
    contentEl.textContent = '';
    if (answer.status === 200) {
      renderEntries(answer.json);
      remember(word, answer.json);
    } else if (answer.status === 404) {
      contentEl.appendChild(el('p', 'dict-missing', 'No entry for \u201c' + word + '\u201d.'));
      var suggestions = Array.isArray(answer.json.suggestions) ? answer.json.suggestions : [];
      if (suggestions.length) {
        contentEl.appendChild(el('p', 'dict-suggest-label', 'Did you mean:'));
        var ul = el('ul', 'dict-suggestions');
        suggestions.slice(0, 5).forEach(function (s) {
          var li = el('li');
          var b = el('button', 'dict-suggestion', s);
          b.type = 'button';
          b.addEventListener('click', function () {
            lookup(s, '');
            dialog.focus({ preventScroll: true });
          });
          li.appendChild(b);
          ul.appendChild(li);
        });
        contentEl.appendChild(ul);
      }
    } else if (answer.status === 400) {
      showStatus('Select a single word or a short phrase.');
    } else if (answer.status === 503) {
      showStatus('The dictionary is not available right now.');
    } else {
      showStatus('Something went wrong looking that up. Try again in a moment.');
    }
    if (current) { place(current.range); }
  }

  function list(v) { return Array.isArray(v) ? v : []; }

  function renderEntries(json) {
    var glossary = list(json.glossary);
    if (glossary.length) {
      var g = el('ul', 'dict-glossary');
      g.setAttribute('aria-label', 'Newsroom glossary');
      glossary.forEach(function (item) {
        var li = el('li');
        li.appendChild(el('span', 'dict-term', item.term));
        if (item.korean) {
          li.appendChild(document.createTextNode(' '));
          var ko = el('span', 'dict-korean', item.korean);
          ko.lang = 'ko';
          li.appendChild(ko);
        }
        if (item.note) { li.appendChild(el('span', 'dict-note', item.note)); }
        g.appendChild(li);
      });
      contentEl.appendChild(g);
    }

    if (json.phrase) {
      contentEl.appendChild(el('p', 'dict-phrase', 'Phrase: ' + json.phrase));
    }
    // The base forms ("defectors" is a form of "defector", noun), unless the word is one.
    var asked = String(json.normalized || json.query || '').toLowerCase();
    var lemmas = list(json.lemmas).filter(function (l) { return l && l.lemma; });
    if (lemmas.length && !lemmas.every(function (l) { return l.lemma.toLowerCase() === asked; })) {
      var p = el('p', 'dict-lemmas', 'Base form: ');
      lemmas.forEach(function (l, i) {
        if (i) { p.appendChild(document.createTextNode('; ')); }
        p.appendChild(el('span', 'dict-lemma', l.lemma));
        if (l.pos) { p.appendChild(el('span', 'dict-pos', ' ' + l.pos)); }
      });
      contentEl.appendChild(p);
    }

    var hiddenCount = 0;
    list(json.sources).forEach(function (source) {
      var section = el('section', 'dict-source');
      var shown = 0;
      list(source.entries).forEach(function (entry) {
        var head = el('p', 'dict-entry-head');
        head.appendChild(el('span', 'dict-headword', entry.headword));
        if (entry.pos) { head.appendChild(el('span', 'dict-pos', ' ' + entry.pos)); }
        if (entry.pronunciation) { head.appendChild(el('span', 'dict-pron', ' ' + entry.pronunciation)); }
        var senses = list(entry.senses);
        if (senses.length && shown >= FIRST_SENSES) { head.hidden = true; }
        section.appendChild(head);
        var ol = el('ol', 'dict-senses');
        senses.forEach(function (sense) {
          var li = el('li', 'dict-sense');
          if (sense.number) { li.value = sense.number; }
          li.appendChild(el('span', 'dict-sense-text', sense.text));
          list(sense.examples).forEach(function (ex) {
            li.appendChild(el('span', 'dict-example', '\u201c' + ex + '\u201d'));
          });
          var syn = list(sense.synonyms);
          if (syn.length) { li.appendChild(el('span', 'dict-synonyms', 'Also: ' + syn.join(', '))); }
          if (shown >= FIRST_SENSES) { li.hidden = true; hiddenCount++; }
          shown++;
          ol.appendChild(li);
        });
        if (senses.length) { section.appendChild(ol); }
      });
      var credit = el('p', 'dict-credit', source.name || source.id || '');
      if (source.licence) { credit.appendChild(el('span', 'dict-licence', ' \u00b7 ' + source.licence)); }
      section.appendChild(credit);
      contentEl.appendChild(section);
    });

    if (hiddenCount) {
      var more = el('button', 'dict-more', 'More');
      more.type = 'button';
      more.setAttribute('aria-expanded', 'false');
      more.addEventListener('click', function () {
        var expand = more.getAttribute('aria-expanded') !== 'true';
        var firstShown = null;
        contentEl.querySelectorAll('.dict-sense, .dict-entry-head').forEach(function (n) {
          if (expand) {
            if (n.hidden) {
              n.hidden = false;
              n.classList.add('dict-extra');
              firstShown = firstShown || n;
            }
          } else if (n.classList.contains('dict-extra')) {
            n.hidden = true;
          }
        });
        more.setAttribute('aria-expanded', expand ? 'true' : 'false');
        more.textContent = expand ? 'Fewer' : 'More';
        if (current) { place(current.range); }
        // Show where the new senses begin; focus stays on the button (it toggles back).
        if (firstShown) { firstShown.scrollIntoView({ block: 'nearest' }); }
      });
      contentEl.appendChild(more);
    }
  }

  /** Keeps the word, its base form and first meaning on the device, for the print view. */
  function remember(word, json) {
    // A phrase found around the word ("hot potato") is what the reader met: keep that.
    var phrase = typeof json.phrase === 'string' && json.phrase ? json.phrase : null;
    if (phrase) { word = phrase; }
    var lemma = phrase ? {} : list(json.lemmas)[0] || {};
    var entry = null, sense = '';
    list(json.sources).some(function (s) {
      return list(s.entries).some(function (e) {
        var first = list(e.senses)[0];
        if (phrase && String(e.headword).toLowerCase() !== phrase.toLowerCase()) { return false; }
        if (first && first.text) { entry = e; sense = first.text; return true; }
        return false;
      });
    });
    var gloss = list(json.glossary)[0];
    var record = {
      word: word,
      lemma: lemma.lemma || (entry && entry.headword) || '',
      pos: lemma.pos || (entry && entry.pos) || '',
      sense: sense,
      korean: gloss && gloss.korean ? gloss.korean : '',
    };
    var stored = readWords(wordsKey) || { path: canonicalPath(), words: [] };
    stored.path = canonicalPath();
    // In the order first looked up (a word looked up again keeps its place); the oldest go
    // beyond MAX_WORDS.
    var at = -1;
    stored.words.forEach(function (w, i) {
      if (String(w.word).toLowerCase() === word.toLowerCase()) { at = i; }
    });
    if (at >= 0) { stored.words[at] = record; } else { stored.words.push(record); }
    if (stored.words.length > MAX_WORDS) { stored.words = stored.words.slice(-MAX_WORDS); }
    save(wordsKey, JSON.stringify(stored));
  }

  // ---- Triggers ----
  function tryOpen() {
    if (!on) { return false; }
    var sel = currentSelection();
    if (!sel) { return false; }
    open(sel);
    return true;
  }

  var pointerType = 'mouse', touchTimer = null;
  document.addEventListener('pointerdown', function (event) {
    pointerType = event.pointerType || 'mouse';
    if (dialog && !dialog.hidden && !dialog.contains(event.target)) { close(false); }
  }, true);
  body.addEventListener('mouseup', function (event) {
    if (event.button === 0 && pointerType === 'mouse') { setTimeout(tryOpen, 0); }
  });
  body.addEventListener('dblclick', function () { tryOpen(); });
  // Touch: a long press selects a word (and handles adjust it); open once it settles.
  document.addEventListener('selectionchange', function () {
    if (!on || pointerType === 'mouse') { return; }
    clearTimeout(touchTimer);
    touchTimer = setTimeout(tryOpen, TOUCH_DELAY_MS);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.defaultPrevented || event.altKey || event.ctrlKey ||
        event.metaKey || (dialog && dialog.contains(event.target))) {
      return;
    }
    var t = event.target;
    if (t && t.closest && t.closest('a[href], button, input, select, textarea, [contenteditable]')) { return; }
    if (tryOpen()) { event.preventDefault(); }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && dialog && !dialog.hidden) { close(true); }
  });
  window.addEventListener('resize', function () {
    if (dialog && !dialog.hidden && current) { place(current.range); }
  });
})();
