// Korean words in English pages: the readers are Korean learners of English, and the demo
// content quotes Hangul words (한글, 김장) in headlines, summaries and bodies. A Hangul word must
// never be split across two lines (Chromium breaks between any two Hangul syllables unless
// word-break: keep-all applies), and the glyphs must not fall back to tofu boxes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, startDemoServer, stopServer } from './support.mjs';

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** Every Hangul word on the page whose characters are laid out on more than one line. */
function splitHangulWords() {
  const describe = (el) => {
    const named = el.closest('[class]');
    const cls = named ? `${named.tagName.toLowerCase()}.${[...named.classList].join('.')}` : '';
    return named === el ? cls : `${cls} ${el.tagName.toLowerCase()}`.trim();
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, .visually-hidden')) continue;
    for (const m of node.data.matchAll(/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]{2,}/gu)) {
      const lineTops = new Set();
      for (let i = 0; i < m[0].length; i++) {
        const range = document.createRange();
        range.setStart(node, m.index + i);
        range.setEnd(node, m.index + i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0) lineTops.add(Math.round(rect.top + rect.height / 2));
      }
      const tops = [...lineTops].sort((a, b) => a - b);
      // characters of one line share a middle within a few px; a new line is a line-height away
      if (tops.length > 1 && tops[tops.length - 1] - tops[0] > 8) {
        found.push({
          word: m[0],
          element: describe(parent),
          wordBreak: getComputedStyle(parent).wordBreak,
          lang: parent.closest('[lang]')?.getAttribute('lang'),
        });
      }
    }
  }
  return found;
}

describe('Korean words in the pages', { timeout: 60_000 }, () => {
  let server;
  let browser;
  let hangulPages = [];

  before(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    // Pages that show Hangul: home, every section front, and articles whose headline has it.
    const ctx = await browser.newContext(VIEWPORTS.desktop);
    const page = await ctx.newPage();
    await page.goto(server.url + '/');
    const sections = await page.locator('.site-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const articles = await page.locator('.story-headline a').evaluateAll((as) =>
      as.filter((a) => /[\uac00-\ud7a3]/u.test(a.textContent)).map((a) => a.getAttribute('href')));
    await ctx.close();
    hangulPages = ['/', ...sections, ...articles];
    assert.ok(articles.length > 0, 'the demo content has a headline with Hangul in it');
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const problem = await stopServer(server);
    assert.equal(problem, null);
  });

  test('Hangul glyphs are drawn with a Korean-capable font (no tofu boxes)', async () => {
    const ctx = await browser.newContext(VIEWPORTS.desktop);
    try {
      const page = await ctx.newPage();
      await page.goto(server.url + hangulPages.at(-1));
      // Ask Chromium which platform fonts drew the Hangul in the headline.
      await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.id = 'hangul-probe';
        probe.textContent = '한글';
        document.querySelector('h1').append(probe);
      });
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#hangul-probe' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      assert.ok(fonts.some((f) => /CJK|KR|Korean|Nanum|Gothic|Myeongjo|Batang|Gulim|Dotum/i.test(f.familyName)),
        `Hangul is drawn with ${JSON.stringify(fonts)}: install fonts-noto-cjk (scripts/setup.sh)`);
    } finally {
      await ctx.close();
    }
  });

  for (const [name, options] of Object.entries(VIEWPORTS)) {
    test(`no Hangul word is broken across two lines (${name})`, async () => {
      const ctx = await browser.newContext(options);
      try {
        const page = await ctx.newPage();
        const broken = [];
        for (const path of hangulPages) {
          await page.goto(server.url + path);
          for (const hit of await page.evaluate(splitHangulWords)) broken.push({ path, ...hit });
        }
        assert.deepEqual(broken, [],
          `Hangul words split mid-word at ${options.viewport.width} px wide (the CSS rule ` +
          '":lang(ko) { word-break: keep-all }" never applies because nothing is marked lang="ko"):\n' +
          broken.map((b) => `  ${b.path}: "${b.word}" in ${b.element} ` +
            `(word-break: ${b.wordBreak}, lang: ${b.lang})`).join('\n'));
      } finally {
        await ctx.close();
      }
    });
  }
});
