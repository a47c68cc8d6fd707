// The reader's dictionary in Chromium (issue 4): the toolbar's "dictionary" toggle, a
// double-click on "defectors" in the reference editorial opening a labelled dialog that
// defines "defector" (from the real WordNet data, through /api/dictionary), the keyboard and
// touch paths, focus, the remembered mode, "Words you looked up" in the print view, axe on
// the open dialog, and no CSP violation anywhere (the site allows no inline script or style).
//
// The reference text is read at run time from ../shared/reference/seed-article-page.txt
// (outside the repository); none of its sentences are copied into the project.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import {
  MASTHEAD_BIN,
  REFERENCE_FILE,
  describeViolations,
  firstOutOfOrder,
  importArticles,
  launchBrowser,
  makeTempDir,
  normalizeSpace,
  readPdf,
  settle,
  skipWithoutReference,
  squash,
  startServer,
  stopServer,
  writeQuietConfig,
} from './support.mjs';

const SLUG = 'china-and-defectors';
const ARTICLE_PATH = `/opinion/editorials/${SLUG}`;
const WORD = 'defectors';
const LEMMA = 'defector';
const WORDNET_SENSE = 'a person who abandons their duty';
// The newsroom's own entry for this article, which the pop-up shows first.
const GLOSSARY = { term: 'defector', korean: '\ud0c8\ubd81\uc790', note: 'Used here for North Koreans who fled the North.' };
const DEADLINE_MS = 10_000;
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// As in accessibility.test.mjs: run the pinned axe-core, WCAG 2.0/2.1 A and AA.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Body paragraphs of the reference page text (as reference_article.test.mjs reads them). */
function referenceArticle(text) {
  const lines = text.split(/\r?\n/);
  const title = lines[0].trim();
  const headlineLines = lines.flatMap((l, i) => (l.trim() === title ? [i] : []));
  const start = headlineLines[1] + 1;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('Log in to Twitter'));
  assert.ok(headlineLines.length >= 2 && end > start, 'the reference page text has a headline and a body');
  return { headline: title, paragraphs: lines.slice(start, end).map((l) => l.trim()).filter(Boolean) };
}

/**
 * Scrolls the nth occurrence of `word` in the article body into view and returns the centre
 * of its box in viewport coordinates. With select: true it also selects it (as a reader
 * would with the keyboard or a long press).
 */
async function findWord(page, word, { nth = 0, select = false } = {}) {
  const box = await page.evaluate(({ word, nth, select }) => {
    const body = document.querySelector('.article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const re = new RegExp(`\\b${word}\\b`, 'g');
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(re)) {
        if (seen++ !== nth) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + word.length);
        node.parentElement.scrollIntoView({ block: 'center', behavior: 'instant' });
        if (select) {
          const sel = getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, width: r.width, height: r.height };
      }
    }
    return null;
  }, { word, nth, select });
  assert.ok(box && box.width > 0, `the article body shows "${word}" (occurrence ${nth})`);
  return box;
}

describe('the reader\u2019s dictionary in the browser', { timeout: 60_000, skip: skipWithoutReference() }, () => {
  let dir;
  let server;
  let browser;
  let context;
  let page;
  let articleUrl;
  let articleId;
  let skipReason = null; // set when the server has no dictionary to test
  const lookups = []; // URLSearchParams of every /api/dictionary request the pages made
  const pageErrors = [];
  const cspReports = []; // securitypolicyviolation events of every page, sent to Node

  /** Every page records its script errors and lookup requests. */
  async function newPage(ctx) {
    const p = await ctx.newPage();
    p.on('pageerror', (err) => pageErrors.push(`${p.url()}: ${err.message}`));
    p.on('request', (req) => {
      const u = new URL(req.url());
      if (u.pathname === '/api/dictionary') lookups.push(u.searchParams);
    });
    return p;
  }
  async function newContext(options) {
    const ctx = await browser.newContext(options);
    ctx.setDefaultTimeout(DEADLINE_MS);
    ctx.setDefaultNavigationTimeout(20_000);
    await ctx.exposeFunction('__reportCspViolation', (report) => cspReports.push(report));
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation(`${location.pathname}: ${e.violatedDirective} ` +
          `${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    return ctx;
  }

  const dialog = () => page.locator('[role="dialog"]');
  const dictButton = () => page.locator('.toolbar button.tool-dictionary');

  async function openByDoubleClick(p, word, nth = 0) {
    const box = await findWord(p, word, { nth });
    await p.mouse.dblclick(box.x, box.y);
    const d = p.locator('[role="dialog"]');
    await d.waitFor({ state: 'visible' });
    // Answered: the "Looking up…" status has gone (an answer or a message shows instead).
    await p.waitForFunction(() => {
      const el = document.querySelector('[role="dialog"]');
      return el && !el.hidden && !/Looking up/.test(el.querySelector('.dict-status').textContent);
    });
    return d;
  }

  before(async () => {
    assert.ok(fs.existsSync(REFERENCE_FILE), `reference page text missing: ${REFERENCE_FILE}`);
    const ref = referenceArticle(fs.readFileSync(REFERENCE_FILE, 'utf8'));
    assert.ok(ref.paragraphs.some((p) => p.includes(WORD)), `the reference editorial contains "${WORD}"`);
    dir = makeTempDir();
    const source = path.join(dir, `${SLUG}.md`);
    fs.writeFileSync(source, ['---', `headline: ${JSON.stringify(ref.headline)}`,
      'section: Opinion/Editorials', 'kind: editorial', 'published: 2026-11-20T09:00:00+09:00',
      `slug: ${SLUG}`, '---', ref.paragraphs.join('\n\n'), ''].join('\n'));
    const dataDir = path.join(dir, 'data');
    assert.deepEqual(await importArticles(dataDir, [source]), [ARTICLE_PATH]);
    await promisify(execFile)(MASTHEAD_BIN, ['glossary', 'add', '--data', dataDir, '--article', SLUG,
      GLOSSARY.term, GLOSSARY.korean, GLOSSARY.note], { timeout: 30_000 }).catch((err) => {
      // An older build without the glossary command: the glossary check below then fails.
      console.log(`masthead glossary add failed: ${err.stderr || err.message}`);
    });
    server = await startServer({ dataDir, configFile: writeQuietConfig(dir) });
    articleUrl = server.url + ARTICLE_PATH;

    // The parts below need the dictionary API and the page's dictionary button; say clearly
    // which is missing rather than failing on a selector.
    const api = await fetch(`${server.url}/api/dictionary?q=${WORD}`).catch((err) => err);
    const html = await (await fetch(articleUrl)).text();
    if (!(api instanceof Response) || api.status !== 200) {
      skipReason = `/api/dictionary?q=${WORD} did not answer 200 (got ` +
        `${api instanceof Response ? api.status : api.message}): the dictionary API is not ` +
        'available in this build, or WordNet (Debian dict-wn) is not installed';
    } else if (!/class="tool tool-dictionary"/.test(html) || !/dictionary\.[0-9a-f]+\.js/.test(html)) {
      skipReason = 'the article page has no dictionary button or no dictionary.js script: the ' +
        'server does not pass `dictionary` / the script to the article template yet';
    }
    articleId = html.match(/data-article-id="(\d+)"/)?.[1];
    assert.ok(articleId, 'the article page carries its id');

    browser = await launchBrowser();
    context = await newContext(DESKTOP);
    page = await newPage(context);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const problem = await stopServer(server, dir);
    assert.equal(problem, null);
  });

  const it = (name, fn) => test(name, async (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    await fn(t);
  });

  it('the toolbar reads "print", then "dictionary"; the toggle starts off', async () => {
    const response = await page.goto(articleUrl);
    assert.equal(response.status(), 200);
    await dictButton().waitFor({ state: 'visible' });
    assert.equal(normalizeSpace(await dictButton().innerText()), 'dictionary');
    assert.equal(await dictButton().getAttribute('aria-pressed'), 'false');
    const toolbar = normalizeSpace(await page.locator('.toolbar').innerText());
    assert.equal(firstOutOfOrder(toolbar, ['print', 'dictionary']), null, `toolbar: ${toolbar}`);
    const text = normalizeSpace(await page.evaluate(() => document.body.innerText));
    assert.equal(firstOutOfOrder(text, ['Home > Opinion > Editorials', 'print', 'dictionary',
      'China and defectors']), null, `visible text order: ${text.slice(0, 300)}`);
    assert.equal(await page.locator('.dictionary-hint').isVisible(), false,
      'the dictionary-mode hint shows only in dictionary mode');
  });

  it('without JavaScript the dictionary button stays hidden', async () => {
    const ctx = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    try {
      const p = await ctx.newPage();
      await p.goto(articleUrl);
      assert.equal(await p.locator('.toolbar button.tool-dictionary').count(), 1);
      assert.equal(await p.locator('.toolbar button.tool-dictionary').isVisible(), false);
      assert.doesNotMatch(await p.evaluate(() => document.body.innerText), /dictionary/i);
    } finally {
      await ctx.close();
    }
  });

  it('with dictionary mode off, double-clicking a word opens nothing', async () => {
    await page.goto(articleUrl);
    await dictButton().waitFor({ state: 'visible' });
    assert.equal(await dictButton().getAttribute('aria-pressed'), 'false');
    const before = lookups.length;
    const box = await findWord(page, WORD);
    await page.mouse.dblclick(box.x, box.y);
    await settle(page);
    assert.equal(await page.evaluate(() => getSelection().toString()), WORD, 'the browser selected the word');
    assert.equal(await dialog().filter({ visible: true }).count(), 0, 'no dialog');
    assert.equal(lookups.length, before, 'no lookup request');
  });

  it('in dictionary mode, double-clicking "defectors" opens a dialog defining "defector"', async () => {
    await page.goto(articleUrl);
    await dictButton().click();
    assert.equal(await dictButton().getAttribute('aria-pressed'), 'true');
    await page.locator('.dictionary-hint').waitFor({ state: 'visible' });
    assert.match(await page.locator('.dictionary-hint').innerText(), /Double-click/);

    const before = lookups.length;
    const d = await openByDoubleClick(page, WORD);
    assert.equal(await page.locator('[role="dialog"]:visible').count(), 1, 'one dialog');
    const labelId = await d.getAttribute('aria-labelledby');
    assert.ok(labelId, 'the dialog is labelled');
    assert.equal(normalizeSpace(await page.locator(`#${labelId}`).innerText()), WORD,
      'its label (heading) is the word looked up');
    const text = normalizeSpace(await d.innerText());
    assert.ok(text.includes(LEMMA), `the dialog names the lemma "${LEMMA}":\n${text}`);
    assert.match(text, /\bnoun\b/, `the dialog gives the part of speech:\n${text}`);
    assert.ok(text.includes(WORDNET_SENSE), `the dialog gives WordNet's sense:\n${text}`);
    assert.match(text, /WordNet/i, `the dialog names its source:\n${text}`);
    // The newsroom's glossary comes first, with the Korean gloss marked as Korean.
    const glossary = d.locator('.dict-content > :first-child');
    assert.equal(await glossary.evaluate((e) => e.className), 'dict-glossary', 'the glossary comes first');
    assert.equal(normalizeSpace(await glossary.innerText()),
      `${GLOSSARY.term} ${GLOSSARY.korean} ${GLOSSARY.note}`);
    assert.equal(await glossary.locator('[lang="ko"]').innerText(), GLOSSARY.korean);
    assert.ok(text.indexOf(GLOSSARY.korean) < text.indexOf(WORDNET_SENSE), 'glossary before the senses');
    assert.ok(await d.locator('.dict-credit .dict-licence').count() >= 1, 'each source shows its licence');
    assert.equal(await page.evaluate(() =>
      document.querySelector('[role="dialog"]').contains(document.activeElement)), true,
    'focus moved into the dialog');

    // The request carried the sentence around the word and the article id.
    assert.equal(lookups.length, before + 1, 'one lookup request');
    const params = lookups.at(-1);
    assert.equal(params.get('q'), WORD);
    assert.equal(params.get('article'), articleId);
    const sentence = params.get('context');
    assert.ok(sentence && sentence.includes(WORD) && sentence.length <= 300 && /^[A-Z]/.test(sentence),
      `context is the sentence around the word: ${JSON.stringify(sentence)}`);

    // Within the viewport.
    const box = await d.boundingBox();
    const vp = page.viewportSize();
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height,
      `the dialog is on screen: ${JSON.stringify(box)}`);
  });

  it('axe finds no violations on the page with the dialog open', async () => {
    assert.equal(await dialog().isVisible(), true, 'the dialog from the previous test is open');
    const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS)
      .setLegacyMode(true).analyze();
    assert.equal(result.violations.length, 0,
      `axe violations with the dialog open:\n${describeViolations(result.violations)}`);
  });

  it('Escape closes the dialog and puts the reader back at the word', async () => {
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    const back = await page.evaluate(() => ({
      inDialog: document.querySelector('[role="dialog"]').contains(document.activeElement),
      selection: getSelection().toString(),
    }));
    assert.deepEqual(back, { inDialog: false, selection: WORD });
  });

  it('a word looked up again is answered from memory', async () => {
    const before = lookups.length;
    await openByDoubleClick(page, WORD);
    assert.ok(normalizeSpace(await dialog().innerText()).includes(WORDNET_SENSE));
    assert.equal(lookups.length, before, 'no second request for the same word');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
  });

  it('clicking outside the dialog closes it', async () => {
    await openByDoubleClick(page, WORD);
    await page.mouse.click(5, 5);
    await dialog().waitFor({ state: 'hidden' });
  });

  it('"More" shows the senses after the first three of each source, and hides them again', async () => {
    const d = await openByDoubleClick(page, 'refuge');
    await d.locator('.dict-source').first().waitFor();
    const counts = () => d.locator('.dict-source').evaluateAll((sections) => sections.map((s) => ({
      shown: [...s.querySelectorAll('.dict-sense')].filter((e) => e.checkVisibility()).length,
      all: s.querySelectorAll('.dict-sense').length,
      credit: s.querySelector('.dict-credit')?.textContent ?? '',
    })));
    const before = await counts();
    assert.ok(before.length >= 1 && before.every((c) => c.shown === Math.min(3, c.all)),
      `the first three senses per source show: ${JSON.stringify(before)}`);
    assert.ok(before.some((c) => c.all > 3), `"refuge" has more than three senses somewhere: ${JSON.stringify(before)}`);
    assert.ok(before.every((c) => c.credit.trim().length > 0), 'every source names itself and its licence');
    const more = d.locator('button.dict-more');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const after = await counts();
    assert.ok(after.every((c) => c.shown === c.all), `all senses show after "More": ${JSON.stringify(after)}`);
    await more.click();
    assert.deepEqual(await counts(), before, 'and the second click hides them again');
    assert.ok(await d.locator('.dict-example').count() >= 1, 'usage examples are shown');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
  });

  it('a word that ends a multi-word entry in its sentence offers the phrase ("hot potato")', async () => {
    const d = await openByDoubleClick(page, 'potato');
    assert.match(lookups.at(-1).get('context') ?? '', /\bhot potato\b/, 'the sentence went with the word');
    const text = normalizeSpace(await d.innerText());
    assert.equal(firstOutOfOrder(text, ['potato', 'Phrase: hot potato', 'hot potato', 'a difficult situation']),
      null, `the phrase and its meaning come first: ${text}`);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
  });

  it('dictionary mode is remembered after a reload', async () => {
    await page.reload();
    await dictButton().waitFor({ state: 'visible' });
    assert.equal(await dictButton().getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.dictionary-hint').isVisible(), true);
  });

  it('keyboard: a selection plus Enter opens the dialog; Tab stays in it; focus returns', async () => {
    await findWord(page, WORD, { nth: 1, select: true });
    const before = await page.evaluate(() => document.activeElement.tagName);
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('[role="dialog"] .dict-source'));
    const inDialog = () => page.evaluate(() =>
      document.querySelector('[role="dialog"]').contains(document.activeElement));
    assert.equal(await inDialog(), true, 'focus moved into the dialog');
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.equal(await inDialog(), true, `${key} keeps focus inside the open dialog`);
    }
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    assert.deepEqual(await page.evaluate(() => ({
      focus: document.activeElement.tagName, selection: getSelection().toString(),
    })), { focus: before, selection: WORD }, 'focus and the selection are back where they were');
  });

  it('an unknown word shows "No entry for …" and suggestions that look themselves up', async () => {
    // A misspelling, added to the page's text so the real API answers 404.
    await page.evaluate(() => {
      const p = document.querySelector('.article-body p');
      p.append(' Defectorz.');
    });
    const d = await openByDoubleClick(page, 'Defectorz');
    const text = normalizeSpace(await d.innerText());
    assert.match(text, /No entry for \u201cDefectorz\u201d/, text);
    const suggestions = d.locator('button.dict-suggestion');
    assert.ok(await suggestions.count() >= 1, `suggestions are offered: ${text}`);
    const first = normalizeSpace(await suggestions.first().innerText());
    await suggestions.first().click();
    await page.waitForFunction((w) => {
      const el = document.querySelector('[role="dialog"]');
      return el.querySelector('.dict-title').textContent === w && el.querySelector('.dict-source');
    }, first);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
  });

  it('turning dictionary mode off stops the dialog', async () => {
    await dictButton().click();
    assert.equal(await dictButton().getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('.dictionary-hint').isVisible(), false);
    const before = lookups.length;
    const box = await findWord(page, WORD);
    await page.mouse.dblclick(box.x, box.y);
    await settle(page);
    assert.equal(await dialog().isVisible(), false);
    assert.equal(lookups.length, before);
    await dictButton().click(); // back on for the print view test
  });

  it('the print view lists "Words you looked up", on screen and on paper', async () => {
    const stored = await page.evaluate((id) => localStorage.getItem(`masthead.dictionary.words.${id}`), articleId);
    assert.ok(stored && stored.includes(WORD), `the looked-up words are kept per article: ${stored}`);

    const printPage = await newPage(context);
    try {
      await printPage.goto(`${articleUrl}/print`);
      const section = printPage.locator('.looked-up');
      await section.waitFor({ state: 'visible' });
      const text = normalizeSpace(await section.innerText());
      assert.equal(firstOutOfOrder(text, ['Words you looked up', WORD, LEMMA, GLOSSARY.korean,
        WORDNET_SENSE, 'hot potato', 'a difficult situation']), null,
      `the section lists each word (or phrase), its lemma, Korean gloss and first sense: ${text}`);
      const pdf = await printPage.pdf({ format: 'A4' });
      const { text: paper } = await readPdf(pdf, dir, 'print-view-words.pdf');
      assert.ok(squash(paper).includes(squash('Words you looked up')) &&
        squash(paper).includes(squash(WORDNET_SENSE)), `the printed page has the words:\n${paper}`);
    } finally {
      await printPage.close();
    }

    // A reader who looked nothing up gets no such section.
    const fresh = await newContext(DESKTOP);
    try {
      const p = await newPage(fresh);
      await p.goto(`${articleUrl}/print`);
      await settle(p);
      assert.equal(await p.locator('.looked-up').count(), 0);
    } finally {
      await fresh.close();
    }
  });

  it('on a phone, a touch selection opens the dialog inside the screen (dark scheme: AA contrast)', async () => {
    const phone = await newContext({ ...PHONE, colorScheme: 'dark' });
    try {
      const p = await newPage(phone);
      await p.goto(articleUrl);
      await p.locator('.tool-dictionary').tap();
      assert.equal(await p.locator('.tool-dictionary').getAttribute('aria-pressed'), 'true');
      const box = await findWord(p, WORD);
      await p.touchscreen.tap(box.x, box.y); // a touch, then the selection (as a long press makes)
      await findWord(p, WORD, { select: true });
      const d = p.locator('[role="dialog"]');
      await d.waitFor({ state: 'visible' });
      await p.waitForFunction(() => document.querySelector('[role="dialog"] .dict-source'));
      const b = await d.boundingBox();
      assert.ok(b.x >= 0 && b.x + b.width <= 390 && b.y >= 0 && b.y + b.height <= 844,
        `the dialog fits the phone screen: ${JSON.stringify(b)}`);
      const close = await d.locator('.dict-close').boundingBox();
      assert.ok(close.width >= 44 && close.height >= 44, `the close button is a big enough target: ${JSON.stringify(close)}`);
      const result = await new AxeBuilder({ page: p, axeSource: AXE_SOURCE }).withRules(['color-contrast'])
        .setLegacyMode(true).analyze();
      assert.equal(result.violations.length, 0,
        `contrast in the dark scheme, dialog open:\n${describeViolations(result.violations)}`);
    } finally {
      await phone.close();
    }
  });

  it('no CSP violation and no script error on the way', async () => {
    assert.deepEqual(cspReports, []);
    assert.deepEqual(pageErrors, []);
    // The listener works: an inline style attribute, which the CSP refuses, is reported.
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    const deadline = Date.now() + DEADLINE_MS;
    while (cspReports.length === 0 && Date.now() < deadline) await settle(page);
    assert.match(cspReports[0] ?? '', /style-src/, 'a refused inline style is reported');
  });
});
