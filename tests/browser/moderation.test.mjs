// Moderation in Chromium (issue 3, slice 2): a reader's comment with two links is held; a
// moderator logs in through the staff form, sees it in the queue with its reason, clicks
// Approve, and the comment then shows on the article page for a reader who is not signed in.
// Another reader votes with the "▲ Up" button (the count shows 1 after the redirect, the
// button shows pressed, pressing it again takes the vote back) and
// reports a comment through the report form on its page, which the queue then lists. axe
// (WCAG 2.1 A/AA) on the staff login, the queue with items, the word lists, the comment modes
// and the audit log; and no CSP violation or script error on any of these pages.
//
// The server runs with --demo (readers sign in with any name), so it is started with the
// integration tests' helper, which passes command-line arguments; staff accounts are made
// with `masthead user add` while it runs. Chromium comes from ./support.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { describeViolations, launchBrowser, normalizeSpace, settle, watchedContext } from './support.mjs';
import { addStaff, readDemoArticles, startServer } from '../support/masthead.mjs';

// As in accessibility.test.mjs: run the pinned axe-core, WCAG 2.0/2.1 A and AA.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const DEADLINE_MS = 10_000;
const MODERATOR = { name: 'mod.han', password: 'moderator password 9', role: 'moderator' };
const ADMIN = { name: 'adm.yoon', password: 'admin password 999', role: 'admin' };

const DEMO = readDemoArticles();
const article = (prefix) => {
  const a = DEMO.find((d) => d.slug.startsWith(prefix));
  assert.ok(a, `demo article ${prefix}`);
  return a;
};
// One article per part, so that each part's comments are its own.
const HELD_ARTICLE = article('suneung').path;
const VOTE_ARTICLE = article('k-dramas').path;
const CLOSED_ARTICLE = article('gyeongwon');

describe('moderation in the browser', { timeout: 200_000 }, () => {
  let server;
  let browser;
  const pageErrors = [];
  const cspReports = []; // securitypolicyviolation events and CSP console errors, Masthead pages only
  let moderator; // {context, page} once logged in
  let admin;
  let heldId; // the held comment, approved in part (a)

  const newContext = (options = {}) => watchedContext(browser,
    { serverUrl: server.url, pageErrors, cspReports, deadlineMs: DEADLINE_MS }, { ...DESKTOP, ...options });

  async function expectNoViolations(page, what) {
    const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS)
      .setLegacyMode(true).analyze();
    assert.equal(result.violations.length, 0,
      `${what} (${page.url()}) has axe violations:\n${describeViolations(result.violations)}`);
  }

  /** The demo sign-in with the browser, from an article's comment box. */
  async function demoSignIn(page, path, name) {
    await page.goto(server.url + path);
    await page.locator('.comment-box-out a.login-demo').click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Name shown with your comments').fill(name);
    await page.getByRole('button', { name: 'Sign in (demo)' }).click();
    await page.waitForURL((u) => u.pathname === path && u.hash === '#comments');
  }

  /** Posts a comment from the article's box (policy accepted); returns the page's URL after. */
  async function postComment(page, text) {
    await page.locator('form.comment-form textarea[name="body"]').fill(text);
    await page.getByLabel(/I have read the Standards Board Policy/).check();
    await page.locator('form.comment-form button.comment-post').click();
    await page.waitForURL((u) => /^#comment-\d+$/.test(u.hash));
    return new URL(page.url());
  }

  /** A staff member logged in through the form, from a page that needs a session. */
  async function staffLogin(who, start = '/admin/comments') {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(server.url + start);
    assert.equal(new URL(page.url()).pathname, '/admin/login', 'sent to the staff login');
    await page.getByLabel('Name', { exact: true }).fill(who.name);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/comments');
    assert.equal(normalizeSpace(await page.locator('.admin-logout span').innerText()), `${who.name} (${who.role})`);
    return { context, page };
  }

  before(async () => {
    // No pause between a reader's votes, so part (b) may take a vote back at once (the pause
    // is unit-tested on a fake clock in src/comments/comments_test.cpp).
    server = await startServer({
      args: ['--demo'],
      config: 'server:\n  access_log: off\ncomments:\n  seconds_between_votes: 0\n',
    });
    await addStaff(server.dataDir, MODERATOR);
    await addStaff(server.dataDir, ADMIN);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('(a) a moderator logs in, sees a held comment with its reason, approves it, and readers see it', async () => {
    const readerCtx = await newContext();
    const reader = await readerCtx.newPage();
    await demoSignIn(reader, HELD_ARTICLE, 'Link Reader');
    const after = await postComment(reader, 'Two sources: https://example.com/a and https://example.org/b');
    assert.equal(after.pathname.startsWith('/comments/'), true, `held: its own page (${after})`);
    heldId = Number(after.hash.slice('#comment-'.length));
    assert.match(normalizeSpace(await reader.locator('.comment-status').innerText()),
      /waiting for a moderator \(more than 1 link\)/);
    await readerCtx.close();

    const anonymous = await newContext();
    const visitor = await anonymous.newPage();
    await visitor.goto(server.url + HELD_ARTICLE);
    assert.equal(await visitor.locator(`li#comment-${heldId}`).count(), 0, 'not shown while held');

    moderator = await staffLogin(MODERATOR);
    const { page } = moderator;
    const item = page.locator(`li#item-${heldId}`);
    await item.waitFor();
    assert.equal(normalizeSpace(await item.locator('.admin-why').innerText()), 'Why: more than 1 link');
    assert.match(normalizeSpace(await item.locator('.admin-item-meta').innerText()), /^Link Reader on .+ · held$/);
    assert.match(normalizeSpace(await item.locator('.admin-body').innerText()), /example\.org\/b/);
    await expectNoViolations(page, 'the queue with a held comment');

    await item.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/comments');
    await page.locator(`li#item-${heldId}`).waitFor({ state: 'detached' });
    assert.equal(await page.locator('li.admin-item').count(), 0);
    assert.equal(normalizeSpace(await page.locator('main').innerText()).includes('Nothing here.'), true);

    await visitor.reload();
    const shown = visitor.locator(`li#comment-${heldId}`);
    await shown.waitFor();
    assert.equal(normalizeSpace(await shown.locator('.comment-author').innerText()), 'Link Reader');
    assert.equal(normalizeSpace(await visitor.locator('.comment-count').innerText()), '(1)');
    await anonymous.close();
  });

  test('(b) a reader votes with ▲ Up and reports a comment through the form on its page', async () => {
    // An author's visible comment, then another reader votes on it and reports it.
    const authorCtx = await newContext();
    const author = await authorCtx.newPage();
    await demoSignIn(author, VOTE_ARTICLE, 'Vote Author');
    const posted = await postComment(author, 'Vote for me, or report me.');
    assert.equal(posted.pathname, VOTE_ARTICLE);
    const id = Number(posted.hash.slice('#comment-'.length));
    assert.equal(await author.locator(`li#comment-${id} button.vote-up`).count(), 1);
    await authorCtx.close();

    const ctx = await newContext();
    const page = await ctx.newPage();
    await demoSignIn(page, VOTE_ARTICLE, 'Voter');
    const up = page.locator(`li#comment-${id} button.vote-up`);
    assert.equal(normalizeSpace(await up.innerText()), '▲ Up 0');
    await up.click();
    await page.waitForURL((u) => u.pathname === VOTE_ARTICLE && u.hash === `#comment-${id}`);
    assert.equal(normalizeSpace(await page.locator(`li#comment-${id} button.vote-up`).innerText()), '▲ Up 1');
    assert.equal(normalizeSpace(await page.locator(`li#comment-${id} button.vote-down`).innerText()), '▼ Down 0');
    // The reader's own vote shows pressed (comments.js asks /api/comments/votes); pressing it
    // again takes the vote back.
    await page.waitForSelector(`li#comment-${id} button.vote-up[aria-pressed="true"]`);
    assert.equal(await page.locator(`li#comment-${id} button.vote-down`).getAttribute('aria-pressed'), 'false');
    await page.locator(`li#comment-${id} button.vote-up`).click();
    await page.waitForURL((u) => u.pathname === VOTE_ARTICLE && u.hash === `#comment-${id}`);
    await page.waitForSelector(`li#comment-${id} button.vote-up[aria-pressed="false"]`);
    assert.equal(normalizeSpace(await page.locator(`li#comment-${id} button.vote-up`).innerText()), '▲ Up 0');
    await page.locator(`li#comment-${id} button.vote-up`).click();  // and up again
    await page.waitForSelector(`li#comment-${id} button.vote-up[aria-pressed="true"]`);
    assert.equal(normalizeSpace(await page.locator(`li#comment-${id} button.vote-up`).innerText()), '▲ Up 1');

    await page.locator(`li#comment-${id} a.comment-report`).click();
    await page.waitForURL((u) => u.pathname === `/comments/${id}` && u.hash === '#report');
    const form = page.locator('form.comment-report-form');
    await form.getByLabel('Spam or advertising').check();
    await form.getByRole('button', { name: 'Report' }).click();
    await page.waitForURL((u) => u.pathname === `/comments/${id}` && u.searchParams.get('reported') === '1');
    assert.equal(normalizeSpace(await page.locator('.comment-status').innerText()),
      'Thank you. The moderators will look at this comment.');
    await ctx.close();

    assert.ok(moderator, 'part (a) ran');
    const queue = moderator.page;
    await queue.goto(`${server.url}/admin/comments?filter=reported`);
    const item = queue.locator(`li#item-${id}`);
    await item.waitFor();
    assert.equal(normalizeSpace(await item.locator('.admin-why').innerText()), 'Reports: 1 (spam)');
    assert.match(normalizeSpace(await item.locator('.admin-item-meta').innerText()), /^Vote Author on .+ · visible$/);
    await expectNoViolations(queue, 'the queue of reported comments');
  });

  test('(c) an admin fills the word lists and the comment modes through their forms', async () => {
    admin = await staffLogin(ADMIN, '/admin/words');
    const { page } = admin;
    await page.goto(`${server.url}/admin/words`);
    await page.getByLabel('Word', { exact: true }).fill('scam');
    await page.getByLabel('List', { exact: true }).selectOption('suspect');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/words');
    assert.deepEqual((await page.locator('table.admin-table tbody tr td:nth-child(-n+2)').allInnerTexts()).map(normalizeSpace),
      ['scam', 'suspect']);

    await page.goto(`${server.url}/admin/modes`);
    await page.getByLabel('Article address or slug', { exact: true }).fill(CLOSED_ARTICLE.slug);
    await page.getByLabel('Mode', { exact: true }).selectOption('closed');
    await page.getByRole('button', { name: 'Set' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/modes');
    assert.deepEqual((await page.locator('table.admin-table tbody tr td:nth-child(-n+2)').allInnerTexts()).map(normalizeSpace),
      [`article ${CLOSED_ARTICLE.path}`, 'closed']);

    await page.goto(`${server.url}/admin/log`);
    const actions = (await page.locator('table.admin-table tbody tr td:nth-child(3)').allInnerTexts()).map(normalizeSpace);
    assert.deepEqual(actions, ['mode', 'word add', 'approve']);
    const who = (await page.locator('table.admin-table tbody tr td:nth-child(2)').allInnerTexts()).map(normalizeSpace);
    assert.deepEqual(who, [ADMIN.name, ADMIN.name, MODERATOR.name]);
  });

  // The staff pages, each with something in it. `who`: whose browser opens it (null: nobody
  // logged in).
  const STAFF_PAGES = [
    { what: '/admin/login', who: null, path: '/admin/login' },
    { what: 'the queue (reported, with an item)', who: 'moderator', path: '/admin/comments?filter=reported' },
    { what: 'the queue (waiting, empty)', who: 'moderator', path: '/admin/comments' },
    { what: '/admin/words (with a word)', who: 'admin', path: '/admin/words' },
    { what: '/admin/modes (with a mode)', who: 'admin', path: '/admin/modes' },
    { what: '/admin/log (with entries)', who: 'admin', path: '/admin/log' },
    { what: '/admin/readers (with erase and ban actions)', who: 'admin', path: '/admin/readers' },
  ];
  const contextOf = (who) => ({ moderator, admin })[who]?.context;
  let anonymous; // a context with no session

  for (const { what, who, path } of STAFF_PAGES) {
    test(`(d) axe finds no WCAG 2.1 A/AA violations: ${what}`, async () => {
      assert.ok(moderator && admin, 'parts (a) to (c) ran');
      anonymous ??= await newContext();
      const page = await (who ? contextOf(who) : anonymous).newPage();
      try {
        const response = await page.goto(server.url + path);
        assert.equal(response.status(), 200, `${what}: ${path}`);
        assert.equal(new URL(page.url()).pathname, path.split('?')[0], 'not sent to the login');
        await expectNoViolations(page, what);
      } finally {
        await page.close();
      }
    });
  }

  test('(e) no CSP violation and no script error on the staff pages', async () => {
    assert.ok(moderator && admin, 'parts (a) to (c) ran');
    anonymous ??= await newContext();
    const start = cspReports.length;
    for (const { who, path } of STAFF_PAGES) {
      const page = await (who ? contextOf(who) : anonymous).newPage();
      try {
        await page.goto(server.url + path);
        await page.waitForFunction(() => document.readyState === 'complete');
        await settle(page);
      } finally {
        await page.close();
      }
    }
    assert.deepEqual(cspReports.slice(start), []);
    assert.deepEqual(cspReports, [], 'none in parts (a) to (d) either');
    assert.deepEqual(pageErrors, []);
    // The listener works: an inline style attribute, which the CSP refuses, is reported.
    const page = await admin.context.newPage();
    await page.goto(`${server.url}/admin/log`);
    const before = cspReports.length;
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    const deadline = Date.now() + DEADLINE_MS;
    while (cspReports.length === before && Date.now() < deadline) await settle(page);
    assert.match(cspReports[before] ?? '', /style-src/, 'a refused inline style is reported');
    await page.close();
  });
});
