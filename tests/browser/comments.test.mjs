// Comments and reader login in Chromium (issue 3): a reader logs in at a real OpenID Connect
// provider (npm oidc-provider, with its own login and consent forms) from an article's
// comment box, comes back to the box signed in, accepts the Standards Board Policy, types
// Hangul and emoji while the live counter counts what the server counts, and posts; the counter
// warns past 250 and the server still refuses 251; posting works with JavaScript off (demo
// sign-in); axe (WCAG 2.1 A/AA) on every page of the feature; and no CSP violation.
//
// The server runs with --demo, so it is started with the integration tests' helper, which
// passes command-line arguments; Chromium comes from ./support.mjs. Every request the browser
// makes to a host other than 127.0.0.1 is aborted (the provider's pages import a web font).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { describeViolations, launchBrowser, normalizeSpace, settle, watchedContext } from './support.mjs';
import { DEFAULT_CLIENT, DEFAULT_USERS, startOidcProvider } from '../support/oidc_provider.mjs';
import { readDemoArticles, startServer } from '../support/masthead.mjs';

// As in accessibility.test.mjs: run the pinned axe-core, WCAG 2.0/2.1 A and AA.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const DEADLINE_MS = 10_000;
const MAX = 250;
const THUMB = '\u{1F44D}\u{1F3FD}'; // thumbs up, medium skin tone: two code points, one character

const DEMO = readDemoArticles();
const article = (prefix) => {
  const a = DEMO.find((d) => d.slug.startsWith(prefix));
  assert.ok(a, `demo article ${prefix}`);
  return a.path;
};
// One article per part, so that each part's comments are its own.
const OIDC_ARTICLE = article('seoul-night-buses');
const COUNTER_ARTICLE = article('suneung');
const NOJS_ARTICLE = article('hangul-exhibition');

describe('comments and login in the browser', { timeout: 220_000 }, () => {
  let op;
  let server;
  let browser;
  const pageErrors = [];
  const cspReports = []; // securitypolicyviolation events and CSP console errors, Masthead pages only
  let alice; // {context, page, commentId} after part (a)
  let reader; // a demo reader's {context, page} after part (b)
  let nojsCommentId; // the comment posted with JavaScript off

  const newContext = (options = {}) => watchedContext(browser,
    { serverUrl: server.url, pageErrors, cspReports, deadlineMs: DEADLINE_MS }, { ...DESKTOP, ...options });

  async function newPage(ctx) {
    return ctx.newPage();
  }

  async function expectNoViolations(page, what) {
    const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS)
      .setLegacyMode(true).analyze();
    assert.equal(result.violations.length, 0,
      `${what} (${page.url()}) has axe violations:\n${describeViolations(result.violations)}`);
  }

  /** The demo sign-in with the browser: the box's "Demo sign-in" link, the name, the button. */
  async function demoSignIn(page, path, name) {
    await page.goto(server.url + path);
    await page.locator('.comment-box-out a.login-demo').click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Name shown with your comments').fill(name);
    await page.getByRole('button', { name: 'Sign in (demo)' }).click();
    await page.waitForURL((u) => u.pathname === path && u.hash === '#comments');
    assert.equal(normalizeSpace(await page.locator('.comment-signed-in').innerText()),
      `Commenting as ${name} (demo sign-in)`);
  }

  /** The counter's text after the textarea holds `text`. */
  async function counterFor(page, text) {
    await page.locator('form.comment-form textarea[name="body"]').fill(text);
    return normalizeSpace(await page.locator('form.comment-form .comment-counter').innerText());
  }

  before(async () => {
    // A "native" client accepts Masthead's loopback callback on whatever port it gets (RFC 8252
    // section 7.3); the provider must be running before Masthead's configuration can name it.
    op = await startOidcProvider({
      auto: false,
      clients: [{ ...DEFAULT_CLIENT, application_type: 'native', redirect_uris: ['http://127.0.0.1/login/corp-sso/callback'] }],
    });
    server = await startServer({
      args: ['--demo'],
      config: 'server:\n  access_log: off\nlogin:\n  providers:\n' +
        `    - id: corp-sso\n      kind: oidc\n      label: Newsroom SSO\n      issuer: ${op.issuer}\n` +
        `      client_id: ${DEFAULT_CLIENT.client_id}\n      client_secret: ${DEFAULT_CLIENT.client_secret}\n`,
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await op?.close();
  });

  test('(a) log in at the provider from the comment box, accept the policy, count, post', async () => {
    const ctx = await newContext();
    const page = await newPage(ctx);
    await page.goto(server.url + OIDC_ARTICLE);
    const box = page.locator('#comments .comment-box-out');
    assert.equal(normalizeSpace(await box.locator('.comment-login-prompt').innerText()),
      'Log in to Newsroom SSO account to connect with The Masthead Daily');
    assert.equal(await box.locator('textarea').isDisabled(), true);
    await box.locator('a.login-button.login-corp-sso').click();

    // The provider's own forms: any password, then consent.
    await page.waitForURL((u) => u.origin === op.issuer);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((u) => u.origin === server.url && u.pathname === OIDC_ARTICLE && u.hash === '#comments');
    const signedIn = page.locator('#comments .comment-box-in');
    await signedIn.waitFor();
    assert.equal(normalizeSpace(await signedIn.locator('.comment-signed-in').innerText()),
      `Commenting as ${DEFAULT_USERS.alice.name} (Newsroom SSO)`);
    assert.equal(await page.locator('.comment-box-out').count(), 0);

    // The live counter counts characters as the reader sees them (and as the server counts).
    const counter = page.locator('form.comment-form .comment-counter');
    assert.equal(normalizeSpace(await counter.innerText()), `0/${MAX}자`);
    assert.equal(await counterFor(page, '한글'), `2/${MAX}자`);
    assert.equal(await counterFor(page, `  한글 ${THUMB}\n`), `4/${MAX}자`, 'spaces at the ends do not count');
    assert.equal(await counterFor(page, '\u1112\u1161\u11AB\u1100\u1173\u11AF'), `2/${MAX}자`, '한글 typed as jamo');
    assert.equal(await counterFor(page, '\u{1F468}\u200D\u{1F469}\u200D\u{1F467} 🇰🇷 e\u0301'), `5/${MAX}자`);
    await page.locator('form.comment-form textarea[name="body"]').fill('');
    await page.locator('form.comment-form textarea[name="body"]').pressSequentially(`한글 ${THUMB}`);
    assert.equal(normalizeSpace(await counter.innerText()), `4/${MAX}자`, 'while typing');
    assert.equal(await counter.evaluate((e) => e.classList.contains('over')), false);

    await page.getByLabel(/I have read the Standards Board Policy/).check();
    await page.locator('form.comment-form button.comment-post').click();
    await page.waitForURL((u) => u.pathname === OIDC_ARTICLE && /^#comment-\d+$/.test(u.hash));
    const id = Number(new URL(page.url()).hash.slice('#comment-'.length));
    const item = page.locator(`li#comment-${id}`);
    await item.waitFor();
    assert.equal(normalizeSpace(await item.locator('.comment-body').innerText()), `한글 ${THUMB}`);
    assert.equal(normalizeSpace(await item.locator('.comment-author').innerText()), DEFAULT_USERS.alice.name);
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), `comment-${id}`);
    // The page scrolls (smoothly, unless the reader prefers reduced motion) to the comment.
    await page.waitForFunction((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }, `li#comment-${id}`, { timeout: DEADLINE_MS });
    assert.equal(normalizeSpace(await page.locator('.comment-count').innerText()), '(1)');
    // Accepted once, the policy box is not shown again.
    assert.equal(await page.locator('form.comment-form input[name="accept_policy"]').count(), 0);
    alice = { context: ctx, page, commentId: id };
  });

  test('(b) the counter turns .over past 250 and the server still refuses 251 with 422', async () => {
    const ctx = await newContext();
    const page = await newPage(ctx);
    await demoSignIn(page, COUNTER_ARTICLE, 'Counter Reader');
    const counter = page.locator('form.comment-form .comment-counter');
    const area = page.locator('form.comment-form textarea[name="body"]');
    assert.equal(await counterFor(page, THUMB.repeat(MAX)), `${MAX}/${MAX}자`);
    assert.equal(await counter.evaluate((e) => e.classList.contains('over')), false);
    assert.equal(await area.getAttribute('aria-invalid'), null);

    assert.equal(await counterFor(page, THUMB.repeat(MAX + 1)), `${MAX + 1}/${MAX}자`);
    assert.equal(await counter.evaluate((e) => e.classList.contains('over')), true);
    assert.equal(await area.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('form.comment-form').evaluate((f) => f.checkValidity()), false,
      'the Post button is held back by the form\u2019s validity');
    assert.equal(await area.evaluate((e) => e.validationMessage), 'The comment is 251 characters long; the limit is 250.');

    // Sent anyway (form.submit() skips the browser's checks): the server decides.
    await page.getByLabel(/I have read the Standards Board Policy/).check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/comments' && r.request().method() === 'POST'),
      page.locator('form.comment-form').evaluate((f) => f.submit()),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForLoadState();
    const text = normalizeSpace(await page.locator('main').innerText());
    assert.match(text, /The comment is 251 characters long; the limit is 250\./);
    await page.getByRole('link', { name: 'Back to the article' }).click();
    await page.waitForURL((u) => u.pathname === COUNTER_ARTICLE);
    assert.equal(await page.locator('#comments li.comment').count(), 0, 'nothing was stored');
    reader = { context: ctx, page };
  });

  test('(c) with JavaScript off, the demo sign-in and posting work', async () => {
    const ctx = await newContext({ javaScriptEnabled: false });
    const page = await newPage(ctx);
    await demoSignIn(page, NOJS_ARTICLE, 'No Script Reader');
    const counter = page.locator('form.comment-form .comment-counter');
    await page.locator('form.comment-form textarea[name="body"]').fill('Posted without JavaScript. 한글');
    assert.equal(normalizeSpace(await counter.innerText()), `0/${MAX}자`, 'no live counter without JavaScript');
    await page.getByLabel(/I have read the Standards Board Policy/).check();
    await page.locator('form.comment-form button.comment-post').click();
    await page.waitForURL((u) => u.pathname === NOJS_ARTICLE && /^#comment-\d+$/.test(u.hash));
    const id = Number(new URL(page.url()).hash.slice('#comment-'.length));
    const item = page.locator(`li#comment-${id}`);
    assert.equal(normalizeSpace(await item.locator('.comment-body').innerText()), 'Posted without JavaScript. 한글');
    assert.equal(normalizeSpace(await item.locator('.comment-author').innerText()), 'No Script Reader');
    nojsCommentId = id;
    // Its own page offers "Delete my comment", which works without JavaScript too.
    await page.goto(`${server.url}/comments/${id}`);
    assert.equal(await page.getByRole('button', { name: 'Delete my comment' }).count(), 1);
  });

  // The pages of the feature. `who`: whose browser opens it (null: a reader not signed in);
  // `picture`: it shows Alice's picture from her provider; `votes`: it shows a signed-in reader
  // the vote buttons.
  const FEATURE_PAGES = [
    { what: 'the article, logged out', who: null, path: () => NOJS_ARTICLE },
    { what: 'the article, logged in (policy not yet accepted)', who: 'reader', path: () => NOJS_ARTICLE, votes: true },
    { what: 'the article, logged in (policy accepted)', who: 'alice', path: () => OIDC_ARTICLE, picture: true, votes: true },
    { what: '/login', who: null, path: () => `/login?return=${encodeURIComponent(`${OIDC_ARTICLE}#comments`)}` },
    { what: '/standards-board-policy', who: null, path: () => '/standards-board-policy' },
    { what: '/comments/help', who: null, path: () => '/comments/help' },
    { what: 'a comment\u2019s page, to another reader (reply form)', who: 'reader', path: () => `/comments/${nojsCommentId}`, votes: true },
    { what: 'a comment\u2019s page, logged out', who: null, path: () => `/comments/${nojsCommentId}` },
    { what: 'a comment\u2019s page, to its author (delete form)', who: 'alice', path: () => `/comments/${alice.commentId}`, picture: true,
      votes: true },
  ];
  const contextOf = (who) => ({ reader, alice })[who]?.context;
  let anonymous; // a context with no session

  for (const { what, who, path } of FEATURE_PAGES) {
    test(`(d) axe finds no WCAG 2.1 A/AA violations: ${what}`, async () => {
      assert.ok(alice && reader && nojsCommentId, 'parts (a) to (c) ran');
      anonymous ??= await newContext();
      const page = await newPage(who ? contextOf(who) : anonymous);
      try {
        const response = await page.goto(server.url + path());
        assert.equal(response.status(), 200, `${what}: ${path()}`);
        await expectNoViolations(page, what);
      } finally {
        await page.close();
      }
    });
  }

  /** Visits `pages` and returns the CSP reports they caused. */
  async function cspReportsOf(pages) {
    anonymous ??= await newContext();
    const start = cspReports.length;
    for (const { who, path } of pages) {
      const page = await newPage(who ? contextOf(who) : anonymous);
      try {
        await page.goto(server.url + path());
        // Lazy images below the fold are not fetched at all, so they never complete.
        await page.waitForFunction(() => document.readyState === 'complete' &&
          [...document.images].every((i) => i.complete || i.loading === 'lazy'));
        await settle(page);
      } finally {
        await page.close();
      }
    }
    return cspReports.slice(start);
  }

  test('(e) no CSP violation and no script error on these pages (readers without a picture)', async () => {
    assert.ok(alice && reader && nojsCommentId, 'parts (a) to (c) ran');
    assert.deepEqual(await cspReportsOf(FEATURE_PAGES.filter((p) => !p.picture)), []);
    assert.deepEqual(pageErrors, []);
    // The listener works: an inline style attribute, which the CSP refuses, is reported.
    const page = await newPage(reader.context);
    await page.goto(server.url + NOJS_ARTICLE);
    const before = cspReports.length;
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    const deadline = Date.now() + DEADLINE_MS;
    while (cspReports.length === before && Date.now() < deadline) await settle(page);
    assert.match(cspReports[before] ?? '', /style-src/, 'a refused inline style is reported');
    await page.close();
  });

  test('(e) a reader\u2019s picture from the login provider shows without a CSP violation', async () => {
    assert.ok(alice, 'part (a) ran');
    assert.deepEqual(await cspReportsOf(FEATURE_PAGES.filter((p) => p.picture)), []);
  });
});
