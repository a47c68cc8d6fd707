// "What's Popular Now" in Chromium (issue 5): a reader keeps an article on screen for
// read_seconds, popularity.js sends one beacon, and the article shows up in the box on the
// home page and on another article. The reader's mh_rid cookie makes a second visit a
// duplicate; a headless browser's own user agent is not counted; the box passes axe.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
  describeViolations,
  launchBrowser,
  makeTempDir,
  normalizeSpace,
  startServer,
  stopServer,
} from './support.mjs';

const READ_SECONDS = 2;
// A desktop Chrome on Linux as a person runs it. Headless Chromium's default user agent says
// "HeadlessChrome", which the server rightly refuses as a headless tool (not a reader), so the
// reading context sets this one; the last test checks that the default one is refused.
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/156.0.0.0 Safari/537.36';
const HEADING = 'What\u2019s Popular Now';
const DEADLINE_MS = 10_000;

// As in accessibility.test.mjs: run the pinned axe-core, WCAG 2.0/2.1 A and AA.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The text of an HTML fragment's entities decoded (enough for headlines). */
function decode(html) {
  return normalizeSpace(html.replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&'));
}

/** Polls `cond()` until it returns a truthy value (returned) or the deadline passes. */
async function waitFor(cond, message, deadlineMs = DEADLINE_MS) {
  const end = Date.now() + deadlineMs;
  let last;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${message}` +
        (last ? ` (last error: ${last.message})` : ''));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('What\u2019s Popular Now in the browser', { timeout: 60_000 }, () => {
  let dir;
  let server;
  let browser;
  let reader; // the context of a reader with a desktop user agent
  // [{path, headline, id}] from the home page: [0] is read in the reader's browser, [1] is
  // where the reader sees the box (and may read it too), [2] is read only by HeadlessChrome,
  // [3] is the sentinel.
  const articles = [];
  let sentinelReads = 0;

  async function popular(query = 'window=1h&limit=20') {
    const r = await fetch(`${server.url}/api/popular?${query}`);
    assert.equal(r.status, 200);
    return r.json();
  }
  const readsOf = (json, id) => json.articles.find((a) => a.id === id)?.reads;

  /**
   * Counts one read of the last article (the sentinel) with a beacon sent from here, and waits
   * until the ranking shows it: from then on the ranking includes every earlier beacon.
   */
  async function syncRanking() {
    const sentinel = articles.at(-1);
    const r = await fetch(`${server.url}/api/views`, {
      method: 'POST',
      headers: { 'User-Agent': DESKTOP_UA, 'Content-Type': 'text/plain;charset=UTF-8',
        Cookie: `mh_rid=${randomBytes(16).toString('hex')}` },
      body: `article=${sentinel.id}`,
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('x-masthead-read'), 'counted');
    sentinelReads += 1;
    let last;
    await waitFor(async () => {
      last = await popular();
      return readsOf(last, sentinel.id) === sentinelReads;
    }, `the sentinel's read ${sentinelReads} in the ranking (last: ${JSON.stringify(last)})`);
    return last;
  }

  /**
   * Opens `url` in a new page of `context` and waits until popularity.js sends its beacon.
   * Returns {page, elapsedMs (navigation start to beacon), outcome (its X-Masthead-Read)}.
   */
  async function readArticle(context, url) {
    const page = await context.newPage();
    const beacon = page.waitForRequest(
      (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/views',
      { timeout: READ_SECONDS * 1000 + DEADLINE_MS });
    const started = Date.now();
    const response = await page.goto(url);
    assert.equal(response.status(), 200, url);
    const request = await beacon;
    const elapsedMs = Date.now() - started;
    assert.equal(request.postData(), `article=${await page.locator('article[data-article-id]')
      .getAttribute('data-article-id')}`);
    // Chromium reports the beacon's response like any other: the server's verdict is in it.
    const beaconResponse = await request.response();
    assert.ok(beaconResponse, 'the beacon got a response');
    assert.equal(beaconResponse.status(), 204, 'the beacon is answered 204');
    return { page, elapsedMs, outcome: await beaconResponse.headerValue('x-masthead-read') };
  }

  /** The headlines in the box on `url`, or null when the page has no box. */
  async function boxOn(page, url) {
    await page.goto(url);
    const box = page.locator('section.popular');
    if (await box.count() === 0) return null;
    assert.equal(normalizeSpace(await box.locator('h2').innerText()), HEADING);
    assert.ok(await box.isVisible(), `the box on ${url} is visible`);
    return (await box.locator('li a').allInnerTexts()).map(normalizeSpace);
  }

  before(async () => {
    dir = makeTempDir();
    const configFile = path.join(dir, 'masthead.yaml');
    fs.writeFileSync(configFile, [
      'server:',
      '  access_log: off',
      'popularity:',
      `  read_seconds: ${READ_SECONDS}`,
      '  rank_every_ms: 200',
      '  archive_every_ms: 200',
      '',
    ].join('\n'));
    server = await startServer({ dataDir: path.join(dir, 'data'), configFile });
    browser = await launchBrowser();
    reader = await browser.newContext({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
    reader.setDefaultTimeout(15_000);
    reader.setDefaultNavigationTimeout(20_000);

    // Four articles from the home page, with their ids from their own pages. Fetched from
    // here, not in the reader's browser: pages may be cached for a minute (Cache-Control:
    // public, max-age=60), so a home page the reader saw before reading would come back from
    // the browser's cache without the box.
    const home = await (await fetch(server.url + '/')).text();
    assert.doesNotMatch(home, /class="popular"/, 'no box before anyone reads');
    for (const m of home.matchAll(/<h\d class="story-headline"><a href="([^"]+)">([\s\S]*?)<\/a>/g)) {
      if (articles.length === 4) break;
      if (articles.some((a) => a.path === m[1])) continue;
      articles.push({ path: m[1], headline: decode(m[2]) });
    }
    assert.equal(articles.length, 4, 'the home page links to four articles');
    for (const a of articles) {
      const r = await fetch(server.url + a.path);
      const m = /<article\b[^>]*\sdata-article-id="(\d+)"/.exec(await r.text());
      assert.ok(m, `${a.path} has data-article-id`);
      a.id = Number(m[1]);
    }
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const problem = await stopServer(server, dir);
    assert.equal(problem, null);
  });

  test('an article kept on screen for read_seconds is counted and shows up on other pages', async () => {
    const [first, other] = articles;
    const { page, elapsedMs, outcome } = await readArticle(reader, server.url + first.path);
    try {
      assert.equal(await page.locator('article').getAttribute('data-read-seconds'), String(READ_SECONDS));
      assert.ok(elapsedMs >= READ_SECONDS * 1000,
        `the beacon waits until the article was on screen ${READ_SECONDS} s; it came after ${elapsedMs} ms`);
      assert.equal(outcome, 'counted');

      const cookies = await reader.cookies(server.url);
      const rid = cookies.find((c) => c.name === 'mh_rid');
      assert.ok(rid, `the mh_rid cookie is set: ${JSON.stringify(cookies)}`);
      assert.match(rid.value, /^[0-9a-f]{32}$/);
      assert.equal(rid.path, '/');
      assert.equal(rid.sameSite, 'Lax');
      assert.ok(rid.expires > Date.now() / 1000 + 300 * 24 * 3600, 'the cookie lasts about a year');

      let last;
      await waitFor(async () => {
        last = await popular('');
        return last.articles[0]?.id === first.id && last.articles[0].reads === 1;
      }, `${first.path} in /api/popular (last: ${JSON.stringify(last)})`);

      // Other pages are looked at in a browser without scripts, so that looking at them
      // never counts as reading them (with scripts, a slow machine could keep one on screen
      // for read_seconds). The reader's own browser may also show copies cached before the
      // read, for a minute.
      const viewer = await browser.newContext({ userAgent: DESKTOP_UA, javaScriptEnabled: false });
      try {
        const look = await viewer.newPage();
        await waitFor(async () => (await boxOn(look, server.url + '/'))?.[0] === first.headline,
          `"${first.headline}" in the box on the home page`);
        const onOther = await boxOn(look, server.url + other.path);
        assert.deepEqual(onOther, [first.headline], `the box on ${other.path}`);
        // Its own page has no box: the only article read is the one on screen.
        assert.equal(await boxOn(look, server.url + first.path), null,
          `no box on ${first.path} itself`);
      } finally {
        await viewer.close();
      }
    } finally {
      await page.close();
    }
  });

  test('reading the same article again in the same browser does not count again', async () => {
    const [first] = articles;
    const { page, outcome } = await readArticle(reader, server.url + first.path);
    await page.close();
    assert.equal(outcome, 'duplicate');
    const json = await syncRanking();
    assert.equal(readsOf(json, first.id), 1, `still one read: ${JSON.stringify(json.articles)}`);
  });

  test('axe finds no WCAG 2.1 A/AA violations on pages with the box', async () => {
    const page = await reader.newPage();
    try {
      for (const target of ['/', articles[1].path]) {
        await page.goto(server.url + target);
        assert.ok(await page.locator('section.popular').isVisible(), `${target}: the box is visible`);
        const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS)
          .setLegacyMode(true).analyze();
        assert.equal(result.violations.length, 0,
          `${target} has axe violations:\n${describeViolations(result.violations)}`);
      }
    } finally {
      await page.close();
    }
  });

  test('a page read with headless Chromium\u2019s own user agent is not counted', async () => {
    const headless = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const ua = await (await headless.newPage()).evaluate(() => navigator.userAgent);
      assert.match(ua, /HeadlessChrome/, 'the default headless user agent names itself');
      const second = articles[2];
      const { page, elapsedMs, outcome } = await readArticle(headless, server.url + second.path);
      await page.close();
      assert.ok(elapsedMs >= READ_SECONDS * 1000, 'the page stayed open for more than read_seconds');
      assert.equal(outcome, 'rejected: crawler');
      const json = await syncRanking();
      assert.equal(readsOf(json, second.id), undefined,
        `${second.path} read by HeadlessChrome is not counted: ${JSON.stringify(json.articles)}`);
    } finally {
      await headless.close();
    }
  });
});
