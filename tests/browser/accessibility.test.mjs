// Accessibility of the reading pages: axe (WCAG 2.0/2.1 A and AA) on the home page, a section
// front, an article, its print view and a 404 page; no sideways scrolling on a phone; the
// skip link for keyboard users. Screenshots go to tests/browser/artifacts/ for humans.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
  describeViolations,
  ensureArtifactsDir,
  launchBrowser,
  startDemoServer,
  stopServer,
} from './support.mjs';

// @axe-core/playwright 4.13.0 bundles axe-core 4.13.0; run the pinned top-level axe-core instead.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = JSON.parse(fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function expectNoViolations(page, what, { rules } = {}) {
  // Legacy mode runs axe.run() in the page itself; the default mode opens an extra blank page
  // per analysis for axe.finishRun(), which only matters for cross-origin iframes (we have none).
  let builder = new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS).setLegacyMode(true);
  if (rules) builder = builder.withRules(rules);
  const result = await builder.analyze();
  assert.equal(result.testEngine.version, AXE_VERSION, 'axe ran the pinned axe-core');
  assert.equal(result.violations.length, 0,
    `${what} (${page.url()}) has axe violations:\n${describeViolations(result.violations)}`);
}

describe('accessibility of the reading pages', { timeout: 90_000 }, () => {
  let server;
  let browser;
  let desktop;
  let phone;
  let pages; // name -> path

  before(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    desktop = await browser.newContext(DESKTOP);
    phone = await browser.newContext(PHONE);
    for (const ctx of [desktop, phone]) {
      ctx.setDefaultTimeout(15_000);
      ctx.setDefaultNavigationTimeout(20_000);
    }
    // Find an article and its section through the home page rather than hard-coding demo slugs.
    const page = await desktop.newPage();
    await page.goto(server.url + '/');
    const articlePath = await page.locator('.lead-story .story-headline a').first().getAttribute('href');
    const sectionPath = await page.locator('.front-section-title a', { hasText: 'Opinion' })
      .getAttribute('href');
    await page.close();
    assert.ok(articlePath?.startsWith('/'), 'the home page links to a lead article');
    pages = {
      home: '/',
      section: sectionPath,
      article: articlePath,
      print: `${articlePath}/print`,
      notFound: '/no/such/page',
    };
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const problem = await stopServer(server);
    assert.equal(problem, null);
  });

  const expectedStatus = { home: 200, section: 200, article: 200, print: 200, notFound: 404 };
  for (const name of Object.keys(expectedStatus)) {
    test(`axe finds no WCAG 2.1 A/AA violations on the ${name} page (desktop)`, async () => {
      const page = await desktop.newPage();
      try {
        const response = await page.goto(server.url + pages[name]);
        assert.equal(response.status(), expectedStatus[name]);
        await expectNoViolations(page, `${name} page`);
      } finally {
        await page.close();
      }
    });
  }

  // Only the colours change in the dark scheme, so only the contrast rule is rerun there.
  test('text contrast is AA on home and article pages in the dark colour scheme', async () => {
    const ctx = await browser.newContext({ ...DESKTOP, colorScheme: 'dark' });
    try {
      const page = await ctx.newPage();
      for (const name of ['home', 'article']) {
        await page.goto(server.url + pages[name]);
        assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
        await expectNoViolations(page, `${name} page (dark scheme)`, { rules: ['color-contrast'] });
      }
    } finally {
      await ctx.close();
    }
  });

  test('axe finds no violations on the article page at phone size', async () => {
    const page = await phone.newPage();
    try {
      await page.goto(server.url + pages.article);
      await expectNoViolations(page, 'article page (phone)');
    } finally {
      await page.close();
    }
  });

  test('no page scrolls sideways on a 390 px phone', async () => {
    const page = await phone.newPage();
    try {
      const problems = [];
      for (const name of Object.keys(pages)) {
        await page.goto(server.url + pages[name]);
        const m = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // the widest elements, to say what overflows
          wide: [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
        }));
        assert.equal(m.innerWidth, 390, 'the phone viewport is 390 CSS px wide');
        if (m.scrollWidth > m.innerWidth) problems.push(`${name} (${pages[name]}): ${JSON.stringify(m)}`);
      }
      assert.deepEqual(problems, [], 'pages wider than the phone screen');
    } finally {
      await page.close();
    }
  });

  for (const [label, ctxName] of [['desktop', 'desktop'], ['phone', 'phone']]) {
    test(`the first Tab focuses a visible "Skip to main content" link (${label})`, async () => {
      const page = await (ctxName === 'desktop' ? desktop : phone).newPage();
      try {
        await page.goto(server.url + pages.article);
        const skip = page.locator('a.skip-link');
        const before = await skip.boundingBox();
        assert.ok(before && before.width <= 1 && before.height <= 1,
          `the skip link is visually hidden until focused: ${JSON.stringify(before)}`);

        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          return { tag: el?.tagName, text: el?.textContent?.trim(), href: el?.getAttribute('href') };
        });
        assert.deepEqual(focused, { tag: 'A', text: 'Skip to main content', href: '#main' });
        await assert.doesNotReject(skip.waitFor({ state: 'visible' }));
        const box = await skip.boundingBox();
        const viewport = page.viewportSize();
        assert.ok(box && box.width >= 40 && box.height >= 16,
          `the focused skip link is visible at a readable size: ${JSON.stringify(box)}`);
        assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width &&
          box.y + box.height <= viewport.height, `the skip link is on screen: ${JSON.stringify(box)}`);

        // Following it moves the keyboard into the main content.
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#main');
        await page.keyboard.press('Tab');
        const inMain = await page.evaluate(() =>
          Boolean(document.activeElement?.closest('#main')) && document.activeElement !== document.body);
        assert.ok(inMain, 'after the skip link, the next Tab lands inside <main>');
      } finally {
        await page.close();
      }
    });
  }

  test('screenshots of home and article pages, desktop and phone (for humans)', async () => {
    const dir = ensureArtifactsDir();
    for (const [label, ctx] of [['desktop', desktop], ['phone', phone]]) {
      const page = await ctx.newPage();
      try {
        for (const name of ['home', 'article']) {
          const response = await page.goto(server.url + pages[name]);
          assert.equal(response.status(), 200);
          // 'css' scale: a phone shot at 1 px per CSS px is plenty for a human and 4x cheaper.
          await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true, scale: 'css' });
        }
      } finally {
        await page.close();
      }
    }
  });
});
