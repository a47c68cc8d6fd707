// Moderation (issue 3, slice 2) over HTTP against the real binary run with --demo: staff
// accounts made with `masthead user add` (one per role), the staff login and its throttle,
// CSRF, Origin and role checks on every /admin form, and the whole cycle a newsroom goes
// through: a held comment in the queue with its reason, approved and then shown; hidden and
// restored; reported by three readers and held; a reader banned, refused with the reason and
// let back; the word lists (banned rejects, suspect holds, removed passes); the comment modes
// (an article closed, the site pre-moderated, a section's own mode, cleared); and the audit
// log, which must list every action taken here, newest first, with the staff member's name.
//
// Staff use a cookie jar that keeps each cookie's Path, as a browser does (mh_staff is
// Path=/admin); readers use the demo sign-in with their session cookie, as in
// comments.test.mjs. A reader may post once a minute (whatever the article), so a test that
// needs several comments signs in several readers.
//
// `user add` runs while the server runs (the same SQLite file): a data folder first created
// by `user add` would get no demo articles (see docs/operations.md on `import`).
//
// All requests come from 127.0.0.1, and five failed staff logins from one address within 15
// minutes lock that address out: this server sees two; the throttle has its own server below.
// What needs the clock to move (a lockout ending, a 7-day ban running out, a reader's 60 s
// pause between comments) is not waited for here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
    addStaff,
    element,
    get,
    readDemoArticles,
    request,
    runMasthead,
    startServer,
    tags,
    textOf,
} from '../support/masthead.mjs';
import { commentSection, getAs, hidden, listedIds, sameSite, setCookies } from '../support/comments.mjs';

// All comments come from 127.0.0.1: this suite stores about 15, under the 30 an hour one
// network address may post.
const CONFIG = 'server:\n  access_log: off\n';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const DEMO = readDemoArticles();
const STAFF = {
    moderator: { name: 'mod.park', password: 'moderator password 1', role: 'moderator' },
    editor: { name: 'ed.lee', password: 'editor password 22', role: 'editor' },
    admin: { name: 'adm.choi', password: 'admin password 333', role: 'admin' },
};
const EXPIRED = /This form has expired or did not come from this site\. Reload the page and try again\./;
const CROSS_SITE = /This request must come from The Masthead Daily's own pages\./;

/** Runs `masthead user ARGS...` with `stdin` written to its standard input: {code, stdout, stderr}. */
const runUser = (args, stdin = '') => runMasthead(['user', ...args], { stdin });

/** An error answer: `status`, an HTML error page, and its text matching `re`. */
function assertRefused(r, status, re, what) {
    const text = r.text();
    assert.equal(r.status, status, `${what}: status ${r.status}, expected ${status}: ${textOf(text).slice(0, 300)}`);
    if ((r.headers.get('content-type') ?? '').startsWith('application/json')) {
        assert.match(JSON.parse(text).error, re, `${what}: message`);
        return;
    }
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', `${what}: an HTML error page`);
    assert.match(textOf(text), re, `${what}: message`);
}

/** A 303 to `location`. */
function assertSeeOther(r, location, what) {
    assert.equal(r.status, 303, `${what}: status ${r.status}: ${textOf(r.text()).slice(0, 300)}`);
    assert.equal(r.headers.get('location'), location, `${what}: Location`);
}

/**
 * A staff member's browser: a cookie jar that honours each cookie's Path (mh_staff is
 * Path=/admin, mh_pre Path=/) and drops cleared cookies, over the raw HTTP client.
 */
class StaffBrowser {
    constructor(server) {
        this.server = server;
        this.jar = new Map(); // name -> {value, path}
    }

    cookieFor(target) {
        const p = target.split(/[?#]/)[0];
        return [...this.jar]
            .filter(([, c]) => p === c.path || p.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
            .map(([name, c]) => `${name}=${c.value}`)
            .join('; ');
    }

    keep(r) {
        for (const [name, c] of setCookies(r)) {
            const path = /(?:^|; )path=([^;]+)/.exec(c.attributes)?.[1] ?? '/';
            if (c.value === '' || /(?:^|; )max-age=0\b/.test(c.attributes)) {
                this.jar.delete(name);
            } else {
                this.jar.set(name, { value: c.value, path });
            }
        }
        return r;
    }

    async get(target, headers = {}) {
        const cookie = this.cookieFor(target);
        return this.keep(await request(this.server.url, target, { headers: { ...(cookie && { Cookie: cookie }), ...headers } }));
    }

    /** POSTs `fields` (an object, form-encoded; or a string sent as it is). `headers` are added
     * to a same-site browser's, or remove one with the value null. */
    async post(target, fields, headers = {}) {
        const h = { ...sameSite(this.server), 'Content-Type': FORM_TYPE };
        const cookie = this.cookieFor(target);
        if (cookie) {
            h.Cookie = cookie;
        }
        for (const [name, value] of Object.entries(headers)) {
            delete h[name];
            if (value !== null) {
                h[name] = value;
            }
        }
        const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
        return this.keep(await request(this.server.url, target, { method: 'POST', headers: h, body }));
    }

    /** The session's CSRF token, from the hidden field of a page's forms (the nav's Log out). */
    async csrf() {
        const r = await this.get('/admin/log');
        assert.equal(r.status, 200, `GET /admin/log: ${r.status}`);
        const token = hidden(element(r.text(), 'nav', /class="admin-nav"/).outer, 'csrf');
        assert.match(token ?? '', /^[A-Za-z0-9_-]{20,}$/, 'the nav\u2019s Log out form carries the csrf token');
        return token;
    }

    /** POSTs a staff form with this session's token. */
    async act(target, fields = {}) {
        return this.post(target, { csrf: this.token, ...fields });
    }
}

/** Opens /admin/login and posts the form; returns the response to the POST. */
async function submitLogin(browser, name, password, { csrf } = {}) {
    const page = await browser.get('/admin/login');
    assert.equal(page.status, 200);
    return browser.post('/admin/login', { csrf: csrf ?? hidden(page.text(), 'csrf'), name, password });
}

/** A staff member logged in through the form: a StaffBrowser with its token in `.token`. */
async function staffLogin(server, who) {
    const browser = new StaffBrowser(server);
    const r = await submitLogin(browser, who.name, who.password);
    assertSeeOther(r, '/admin/comments', `login of ${who.name}`);
    assert.ok(browser.jar.has('mh_staff'), 'the login sets mh_staff');
    browser.name = who.name;
    browser.token = await browser.csrf();
    return browser;
}

/** Signs a new reader in through the demo sign-in (as comments.test.mjs does): {name, cookie}. */
async function demoSignIn(server, name) {
    const login = await get(server.url, '/login?return=%2F');
    const pre = setCookies(login).get('mh_pre');
    assert.ok(pre?.value, 'GET /login sets mh_pre');
    const r = await request(server.url, '/login/demo', {
        method: 'POST',
        headers: { ...sameSite(server), 'Content-Type': FORM_TYPE, Cookie: `mh_pre=${pre.value}` },
        body: new URLSearchParams({ csrf: hidden(login.text(), 'csrf'), name, return: '/' }).toString(),
    });
    assertSeeOther(r, '/', `demo sign-in of ${name}`);
    const session = setCookies(r).get('mh_session');
    assert.ok(session?.value, 'the sign-in sets mh_session');
    return { name, session: session.value, cookie: `mh_session=${session.value}` };
}

/** The reader's CSRF token from an article's comment box (the form, or the Log out form when
 * the reader may not comment). */
async function readerCsrf(server, reader, path) {
    const html = (await getAs(server, reader, path)).text();
    const box = element(html, 'div', /class="comment-box comment-box-in"/);
    assert.ok(box, `${path} shows ${reader.name} the signed-in box`);
    return hidden(box.outer, 'csrf');
}

/** POSTs a reader's form to `target` (default /comments). */
function readerPost(server, reader, fields, target = '/comments', headers = {}) {
    return request(server.url, target, {
        method: 'POST',
        headers: { ...sameSite(server), 'Content-Type': FORM_TYPE, Cookie: reader.cookie, ...headers },
        body: new URLSearchParams(fields).toString(),
    });
}

/** A new reader's comment on article `a` (policy accepted): the response to the POST. */
async function comment(server, a, body, name) {
    const reader = await demoSignIn(server, name);
    const csrf = await readerCsrf(server, reader, a.path);
    const r = await readerPost(server, reader, { csrf, article: a.id, body, accept_policy: '1' });
    return { reader, csrf, r };
}

/** The id of a posted comment from its 303 (`shown`: on the article page, else its own page). */
function postedId(r, a, shown, what) {
    assert.equal(r.status, 303, `${what}: status ${r.status}: ${textOf(r.text()).slice(0, 300)}`);
    const m = /#comment-(\d+)$/.exec(r.headers.get('location') ?? '');
    assert.ok(m, `${what}: Location ${r.headers.get('location')} names the comment`);
    const id = Number(m[1]);
    assert.equal(r.headers.get('location'), shown ? `${a.path}#comment-${id}` : `/comments/${id}#comment-${id}`,
        `${what}: ${shown ? 'shown on the article' : 'not shown yet'}`);
    return id;
}

/** GET /api/comments?article=ID: the parsed JSON. */
async function api(server, articleId) {
    return JSON.parse((await get(server.url, `/api/comments?article=${articleId}`)).text());
}

/** Ids of the comments on the article's public page and its count ("(N)", or 0 without one). */
async function publicThread(server, a) {
    const section = commentSection((await get(server.url, a.path)).text());
    const count = element(section, 'span', /class="comment-count"/);
    return { ids: listedIds(section), count: count ? Number(/\((\d+)\)/.exec(textOf(count.inner))[1]) : 0, section };
}

/** The queue under `filter` as `staff` sees it: Map id -> {text, why[], status, actions, html}. */
async function queue(staff, filter) {
    const r = await staff.get(filter ? `/admin/comments?filter=${filter}` : '/admin/comments');
    assert.equal(r.status, 200, `queue ${filter}: ${r.status} ${textOf(r.text()).slice(0, 300)}`);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const out = new Map();
    for (const m of r.text().matchAll(/<li class="admin-item" id="item-(\d+)">([\s\S]*?)<\/li>/g)) {
        const html = m[2];
        out.set(Number(m[1]), {
            html,
            text: textOf(html),
            why: [...html.matchAll(/<p class="admin-why">([\s\S]*?)<\/p>/g)].map((w) => textOf(w[1])),
            status: textOf(element(html, 'span', /class="admin-status"/).inner),
            actions: tags(html, 'form').map((f) => f.attrs.get('action')),
        });
    }
    return out;
}

/** The rows of /admin/log: [{staff, action, comment, reader, detail}], as listed (newest first). */
async function auditLog(staff) {
    const r = await staff.get('/admin/log');
    assert.equal(r.status, 200);
    const body = element(r.text(), 'tbody')?.inner ?? '';
    return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => {
        const cells = [...row[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1]));
        return { staff: cells[1], action: cells[2], comment: cells[3], reader: cells[4], detail: cells[5] };
    });
}

describe('moderation: staff, the queue, bans, word lists, modes and the audit log', { timeout: 200_000 }, () => {
    let server;
    const articles = new Map(); // slug prefix -> {path, id, sectionPath}
    const performed = []; // every action that succeeded, in order: {staff, action, comment, reader}
    let mod; // StaffBrowser of each role, logged in
    let ed;
    let adm;

    const article = (prefix) => {
        const a = [...articles.values()].find((x) => x.slug.startsWith(prefix));
        assert.ok(a, `demo article ${prefix}`);
        return a;
    };
    /** Records an action the audit log must show. */
    const did = (staff, action, { comment = '', reader = '' } = {}) =>
        performed.push({ staff: staff.name, action, comment: String(comment), reader: String(reader) });

    before(async () => {
        server = await startServer({ config: CONFIG, args: ['--demo'] });
        for (const who of Object.values(STAFF)) {
            await addStaff(server.dataDir, who);
        }
        for (const a of DEMO) {
            const html = (await get(server.url, a.path)).text();
            const m = /<article\b[^>]*\sdata-article-id="(\d+)"/.exec(html);
            assert.ok(m, `${a.path} has <article data-article-id>`);
            articles.set(a.path, { path: a.path, id: Number(m[1]), slug: a.slug, sectionPath: a.sectionPath });
        }
        mod = await staffLogin(server, STAFF.moderator);
        ed = await staffLogin(server, STAFF.editor);
        adm = await staffLogin(server, STAFF.admin);
    });
    after(async () => {
        await server?.stop();
    });

    it('`masthead user list` shows the staff and their roles; a short password or a taken name is refused', async () => {
        const list = await runUser(['list', '--data', server.dataDir]);
        assert.equal(list.code, 0, list.stderr);
        assert.equal(list.stdout, 'adm.choi\tadmin\ned.lee\teditor\nmod.park\tmoderator\n');
        const short = await runUser(['add', '--data', server.dataDir, 'short.pw', '--role', 'moderator'], '11 chars ok\n');
        assert.equal(short.code, 1);
        assert.match(short.stderr, /A staff password has at least 12 characters\./);
        const taken = await runUser(['add', '--data', server.dataDir, 'mod.park', '--role', 'admin'], 'another password 4\n');
        assert.equal(taken.code, 1);
        assert.match(taken.stderr, /already a staff member called mod\.park/);
        assert.equal((await runUser(['list', '--data', server.dataDir])).stdout, list.stdout, 'nothing was added');
    });

    it('without a staff session: every page is a 303 to /admin/login and every form a 403', async () => {
        const reader = await demoSignIn(server, 'Not Staff');
        for (const target of ['/admin', '/admin/comments', '/admin/comments?filter=removed', '/admin/words', '/admin/modes', '/admin/log']) {
            for (const cookie of [undefined, `mh_staff=${'Z'.repeat(43)}`, `mh_staff=${reader.session}`, reader.cookie]) {
                const r = await request(server.url, target, { headers: cookie ? { Cookie: cookie } : {} });
                assertSeeOther(r, '/admin/login', `GET ${target} with ${cookie ?? 'no cookie'}`);
                assert.equal(r.headers.get('cache-control'), 'no-store');
            }
        }
        const posts = ['/admin/logout', '/admin/comments/1/approve', '/admin/readers/1/ban', '/admin/readers/1/unban',
            '/admin/words', '/admin/words/1/delete', '/admin/modes', '/admin/modes/clear'];
        for (const target of posts) {
            const r = await request(server.url, target, {
                method: 'POST',
                headers: { ...sameSite(server), 'Content-Type': FORM_TYPE, Cookie: `mh_staff=${reader.session}` },
                body: new URLSearchParams({ csrf: 'x', days: '1', word: 'w', list: 'banned', mode: 'open', target: 'site' }).toString(),
            });
            assertRefused(r, 403, /Your staff session has ended\. Log in again\./, `POST ${target} with a reader's session`);
        }
    });

    it('staff login: the form, a wrong password, then a Strict session for /admin only; logging out ends it', async () => {
        const browser = new StaffBrowser(server);
        const page = await browser.get('/admin/login');
        assert.equal(page.status, 200);
        assert.equal(page.headers.get('cache-control'), 'no-store');
        const pre = setCookies(page).get('mh_pre');
        assert.match(pre.attributes, /httponly/);
        const html = page.text();
        const form = tags(html, 'form').find((f) => f.attrs.get('action') === '/admin/login');
        assert.equal(form?.attrs.get('method'), 'post');
        const password = tags(html, 'input').find((i) => i.attrs.get('name') === 'password');
        assert.equal(password.attrs.get('type'), 'password');
        assert.equal(password.attrs.get('autocomplete'), 'current-password');
        assert.ok(tags(html, 'meta').some((m) => m.attrs.get('name') === 'robots' && /noindex/.test(m.attrs.get('content'))));
        const csrf = hidden(html, 'csrf');
        const who = STAFF.moderator;

        // Two of the four failures this server's address may have (the fifth would lock it out).
        let r = await browser.post('/admin/login', { csrf, name: who.name, password: 'not the password' });
        assertRefused(r, 403, /^.*Wrong name or password\./, 'a wrong password');
        r = await browser.post('/admin/login', { csrf, name: 'no.such.person', password: who.password });
        assertRefused(r, 403, /Wrong name or password\./, 'an unknown name (the same answer)');
        // Refused before the password is checked (not counted as failures).
        r = await browser.post('/admin/login', { csrf: 'A'.repeat(43), name: who.name, password: who.password });
        assertRefused(r, 403, /This login form has expired/, 'a forged login token');
        r = await browser.post('/admin/login', { name: who.name, password: who.password });
        assertRefused(r, 403, /This login form has expired/, 'no login token');
        r = await browser.post('/admin/login', { csrf, name: who.name, password: who.password }, { Origin: 'http://evil.example' });
        assertRefused(r, 403, CROSS_SITE, 'a cross-site login');
        assert.equal(browser.jar.has('mh_staff'), false, 'no session after the refusals');

        r = await browser.post('/admin/login', { csrf, name: who.name, password: who.password });
        assertSeeOther(r, '/admin/comments', 'the right password');
        const staff = setCookies(r).get('mh_staff');
        assert.match(staff.value, /^[A-Za-z0-9_-]{43}$/);
        assert.match(staff.attributes, /(^|; )path=\/admin(;|$)/);
        assert.match(staff.attributes, /httponly/);
        assert.match(staff.attributes, /samesite=strict/);
        assert.equal(setCookies(r).get('mh_pre')?.value, '', 'the pre-session cookie is cleared');
        assert.equal(browser.cookieFor('/national/x'), '', 'the staff cookie is not sent outside /admin');

        const q = await browser.get('/admin/comments');
        assert.equal(q.status, 200);
        assert.equal(q.headers.get('cache-control'), 'no-store');
        const nav = element(q.text(), 'nav', /class="admin-nav"/);
        assert.match(textOf(nav.outer), /mod\.park \(moderator\)/);
        assert.match(textOf(q.text()), /Comment queue/);
        const token = hidden(nav.outer, 'csrf');

        assertRefused(await browser.post('/admin/logout', { csrf: 'wrong' }), 403, EXPIRED, 'logout with a wrong token');
        assert.equal((await browser.get('/admin/log')).status, 200, 'still logged in');
        const oldCookie = browser.cookieFor('/admin');
        r = await browser.post('/admin/logout', { csrf: token });
        assertSeeOther(r, '/admin/login', 'logout');
        const cleared = setCookies(r).get('mh_staff');
        assert.equal(cleared?.value, '');
        assert.match(cleared.attributes, /max-age=0/);
        assert.match(cleared.attributes, /path=\/admin/);
        // The old cookie (kept by an attacker) no longer opens anything.
        assertSeeOther(await request(server.url, '/admin/comments', { headers: { Cookie: oldCookie } }), '/admin/login',
            'the queue with the old cookie');
        const replay = await request(server.url, '/admin/words', {
            method: 'POST',
            headers: { ...sameSite(server), 'Content-Type': FORM_TYPE, Cookie: oldCookie },
            body: new URLSearchParams({ csrf: token, word: 'replayed', list: 'banned' }).toString(),
        });
        assertRefused(replay, 403, /Your staff session has ended/, 'a form with the old cookie and its token');
    });

    it('roles: a moderator keeps the queue and the log, an editor adds the modes, an admin the word lists', async () => {
        const navLinks = async (staff) => tags(element((await staff.get('/admin/log')).text(), 'nav', /class="admin-nav"/).outer, 'a')
            .map((a) => a.attrs.get('href'));
        assert.deepEqual(await navLinks(mod), ['/admin/comments', '/admin/readers', '/admin/log']);
        assert.deepEqual(await navLinks(ed), ['/admin/comments', '/admin/readers', '/admin/modes', '/admin/log']);
        assert.deepEqual(await navLinks(adm), ['/admin/comments', '/admin/readers', '/admin/modes', '/admin/words', '/admin/log']);

        assertRefused(await mod.get('/admin/words'), 403, /The word lists are kept by admins\./, 'a moderator opens /admin/words');
        assertRefused(await mod.get('/admin/modes'), 403, /Comment modes are set by editors\./, 'a moderator opens /admin/modes');
        assertRefused(await ed.get('/admin/words'), 403, /The word lists are kept by admins\./, 'an editor opens /admin/words');
        for (const staff of [ed, adm]) {
            const r = await staff.get('/admin/modes');
            assert.equal(r.status, 200, `${staff.name} opens /admin/modes`);
            assert.match(textOf(r.text()), /Comment modes/);
        }
        const words = await adm.get('/admin/words');
        assert.equal(words.status, 200);
        assert.match(textOf(words.text()), /Both lists are empty\./);
        for (const staff of [mod, ed, adm]) {
            assert.equal((await staff.get('/admin/log')).status, 200, `${staff.name} opens the log`);
            assert.equal((await staff.get('/admin/comments')).status, 200, `${staff.name} opens the queue`);
        }

        // The forms themselves, sent anyway: refused by role, and nothing changes.
        for (const staff of [mod, ed]) {
            assertRefused(await staff.act('/admin/words', { word: 'forbidden', list: 'banned' }), 403,
                /This needs the admin role or higher\./, `${staff.name} adds a word`);
            assertRefused(await staff.act('/admin/words/1/delete'), 403, /This needs the admin role or higher\./,
                `${staff.name} removes a word`);
        }
        assertRefused(await mod.act('/admin/modes', { target: 'site', mode: 'closed' }), 403,
            /This needs the editor role or higher\./, 'a moderator closes the site');
        assertRefused(await mod.act('/admin/modes/clear', { scope: 'site', scope_id: '0' }), 403,
            /This needs the editor role or higher\./, 'a moderator clears a mode');
        assert.match(textOf((await adm.get('/admin/words')).text()), /Both lists are empty\./);
        assert.equal(element((await ed.get('/admin/modes')).text(), 'table'), null, 'no mode is set');
    });

    it('every staff form needs the session\u2019s token and a same-site Origin', async () => {
        const forms = [
            ['/admin/comments/1/approve', {}],
            ['/admin/readers/1/ban', { days: '1', reason: 'x' }],
            ['/admin/words', { word: 'csrfword', list: 'banned' }],
            ['/admin/modes', { target: 'site', mode: 'closed' }],
            ['/admin/modes/clear', { scope: 'site', scope_id: '0' }],
            ['/admin/logout', {}],
        ];
        for (const [target, fields] of forms) {
            assertRefused(await adm.post(target, fields), 403, EXPIRED, `${target} without csrf`);
            assertRefused(await adm.post(target, { ...fields, csrf: '' }), 403, EXPIRED, `${target} with an empty csrf`);
            assertRefused(await adm.post(target, { ...fields, csrf: 'A'.repeat(adm.token.length) }), 403, EXPIRED,
                `${target} with a forged csrf`);
            assertRefused(await adm.post(target, { ...fields, csrf: mod.token }), 403, EXPIRED,
                `${target} with another staff member's csrf`);
            assertRefused(await adm.post(target, JSON.stringify({ ...fields, csrf: adm.token }), { 'Content-Type': 'application/json' }),
                400, /must be sent as a form/, `${target} as JSON (every form route: web/guards.cpp)`);
            assertRefused(await adm.post(target, { ...fields, csrf: adm.token }, { Origin: 'http://evil.example' }), 403, CROSS_SITE,
                `${target} from another site`);
            assertRefused(await adm.post(target, { ...fields, csrf: adm.token }, { Origin: 'null' }), 403, CROSS_SITE,
                `${target} with Origin: null`);
            assertRefused(await adm.post(target, { ...fields, csrf: adm.token }, { 'Sec-Fetch-Site': 'cross-site', Origin: null }), 403,
                CROSS_SITE, `${target} with Sec-Fetch-Site: cross-site`);
        }
        // Still logged in, and nothing changed.
        assert.equal((await adm.get('/admin/comments')).status, 200);
        assert.match(textOf((await adm.get('/admin/words')).text()), /Both lists are empty\./);
    });

    it('a held comment is in the queue with its reason; approved, it shows on the article and is counted', async () => {
        const a = article('seoul-night-buses');
        const { reader, r } = await comment(server, a, 'Timetables: https://example.com/a and www.example.org/b', 'Link Sharer');
        const id = postedId(r, a, false, 'a comment with two links');
        const before = await publicThread(server, a);
        assert.deepEqual([before.ids, before.count], [[], 0], 'not shown or counted while held');

        const waiting = await queue(mod);
        const item = waiting.get(id);
        assert.ok(item, `the queue lists comment ${id}`);
        assert.deepEqual(item.why, ['Why: more than 1 link']);
        assert.equal(item.status, 'held');
        assert.match(item.text, /Link Sharer on .+ · /);
        assert.ok(tags(item.html, 'a').some((l) => l.attrs.get('href') === a.path), 'a link to the article');
        assert.match(item.html, /<blockquote class="admin-body">[\s\S]*example\.org/);
        assert.deepEqual(item.actions.slice(0, 2), [`/admin/comments/${id}/approve`, `/admin/comments/${id}/reject`]);
        assert.match(item.actions[2], /^\/admin\/readers\/\d+\/ban$/, 'a ban form for its author');
        for (const form of tags(item.html, 'form')) {
            assert.equal(form.attrs.get('method'), 'post');
        }
        assert.equal(hidden(item.html, 'csrf'), mod.token, 'the forms carry the session\u2019s token');
        assert.equal((await queue(mod, 'reported')).has(id), false);
        assert.equal((await queue(mod, 'removed')).has(id), false);

        const approved = await mod.act(`/admin/comments/${id}/approve`, { filter: 'waiting', note: 'two links, both fine' });
        assertSeeOther(approved, '/admin/comments', 'approve');
        did(mod, 'approve', { comment: id, reader: item.actions[2].split('/')[3] });
        assert.equal((await queue(mod)).has(id), false, 'no longer waiting');
        const thread = await publicThread(server, a);
        assert.deepEqual(thread.ids, [id]);
        assert.equal(thread.count, 1);
        const json = await api(server, a.id);
        assert.equal(json.count, 1);
        assert.equal(json.comments[0].status, 'visible');
        assert.equal((await getAs(server, null, `/comments/${id}`)).status, 200, 'its page is public now');
        assert.equal(element((await getAs(server, reader, `/comments/${id}`)).text(), 'p', /class="comment-status"/), null,
            'its author no longer sees a "waiting" note');

        assertRefused(await mod.act(`/admin/comments/${id}/approve`, { filter: 'reported' }), 409,
            /Only waiting comments can be approved; this one is visible\./, 'approving it again');
        assertRefused(await mod.act(`/admin/comments/${id}/reject`), 409, /Only waiting comments can be rejected/, 'rejecting it now');
        assertRefused(await mod.act(`/admin/comments/${id}/restore`), 409, /Only hidden or rejected comments can be restored/,
            'restoring a visible comment');
    });

    it('hide takes a comment down (its author is told why) and restore brings it back', async () => {
        const a = article('chip-exports');
        const { reader, r } = await comment(server, a, 'Exports will fall next year, mark my words.', 'Hidden Soon');
        const id = postedId(r, a, true, 'a visible comment');
        assert.deepEqual((await publicThread(server, a)).ids, [id]);

        assertSeeOther(await mod.act(`/admin/comments/${id}/hide`, { filter: 'removed', note: 'off-topic' }),
            '/admin/comments?filter=removed', 'hide (back to the filter it came from)');
        const hiddenItem = (await queue(mod, 'removed')).get(id);
        did(mod, 'hide', { comment: id, reader: hiddenItem.actions.find((x) => /ban$/.test(x)).split('/')[3] });
        assert.equal(hiddenItem.status, 'hidden');
        assert.deepEqual(hiddenItem.actions.slice(0, 1), [`/admin/comments/${id}/restore`]);
        const gone = await publicThread(server, a);
        assert.deepEqual(gone.ids, []);
        assert.equal(gone.count, 0);
        assert.equal((await api(server, a.id)).count, 0);
        await getAs(server, null, `/comments/${id}`, 404);
        const own = await getAs(server, reader, `/comments/${id}`);
        assert.match(textOf(element(own.text(), 'p', /class="comment-status"/).inner), /A moderator took this comment down: off-topic\./);
        assertRefused(await mod.act(`/admin/comments/${id}/hide`), 409, /Only visible comments can be hidden; this one is hidden\./,
            'hiding it twice');

        assertSeeOther(await mod.act(`/admin/comments/${id}/restore`, { filter: 'removed' }), '/admin/comments?filter=removed', 'restore');
        did(mod, 'restore', { comment: id, reader: hiddenItem.actions.find((x) => /ban$/.test(x)).split('/')[3] });
        assert.equal((await queue(mod, 'removed')).has(id), false);
        const back = await publicThread(server, a);
        assert.deepEqual(back.ids, [id]);
        assert.equal(back.count, 1);
        assert.equal((await api(server, a.id)).comments[0].body, 'Exports will fall next year, mark my words.');
    });

    it('three readers\u2019 reports hold a comment; the queue shows it under waiting and reported with the reasons', async () => {
        const a = article('k-dramas');
        const { reader: author, csrf: authorCsrf, r } = await comment(server, a, 'Streaming killed the drama.', 'Reported Author');
        const id = postedId(r, a, true, 'the comment to report');
        const target = `/comments/${id}/report`;
        const readers = [];
        for (const name of ['Reporter One', 'Reporter Two', 'Reporter Three']) {
            const reader = await demoSignIn(server, name);
            readers.push({ ...reader, csrf: await readerCsrf(server, reader, a.path) });
        }
        // The report form is on the comment's page for other signed-in readers only.
        const page = await getAs(server, readers[0], `/comments/${id}`);
        const form = element(page.text(), 'form', /class="comment-report-form"/);
        assert.ok(form, 'a report form');
        assert.equal(tags(form.outer, 'form')[0].attrs.get('action'), target);
        assert.deepEqual(tags(form.outer, 'input').filter((i) => i.attrs.get('name') === 'reason').map((i) => i.attrs.get('value')),
            ['spam', 'abuse', 'hate', 'off-topic', 'other']);
        assert.equal(element((await getAs(server, author, `/comments/${id}`)).text(), 'form', /class="comment-report-form"/), null,
            'not for its author');
        assert.equal(element((await getAs(server, null, `/comments/${id}`)).text(), 'form', /class="comment-report-form"/), null,
            'not for a reader who is not signed in');

        const report = (reader, reason, extra = {}) => readerPost(server, reader, { csrf: reader.csrf, reason, ...extra }, target);
        assertRefused(await report(readers[0], 'boring'), 400, /spam, abuse, hate, off-topic or other/, 'an unknown reason');
        assertRefused(await report(readers[0], 'spam', { csrf: 'x' }), 403, /expired/, 'a report with a wrong token');
        assertRefused(await readerPost(server, author, { csrf: authorCsrf, reason: 'spam' }, target), 403,
            /You cannot report your own comment/, 'its author reports it');
        assertRefused(await readerPost(server, readers[0], { csrf: readers[0].csrf, reason: 'spam' }, '/comments/999999/report'), 404,
            /no such comment/, 'an unknown comment');

        let res = await report(readers[0], 'spam');
        assertSeeOther(res, `/comments/${id}?reported=1`, 'the first report');
        assert.match(textOf((await getAs(server, readers[0], `/comments/${id}?reported=1`)).text()),
            /Thank you\. The moderators will look at this comment\./);
        assertRefused(await report(readers[0], 'abuse'), 409, /./, 'the same reader reports it again');
        assertSeeOther(await report(readers[1], 'abuse'), `/comments/${id}?reported=1`, 'the second report');
        assert.deepEqual((await publicThread(server, a)).ids, [id], 'two reports: still shown');
        let reported = (await queue(mod, 'reported')).get(id);
        assert.ok(reported, 'listed under reported after two reports');
        assert.equal(reported.status, 'visible');
        assert.deepEqual(reported.why, ['Reports: 2 (abuse, spam)']);
        assert.deepEqual(reported.actions.slice(0, 1), [`/admin/comments/${id}/hide`]);
        assert.equal((await queue(mod)).has(id), false, 'not waiting yet');

        res = await report(readers[2], 'abuse');
        assertSeeOther(res, `${a.path}#comments`, 'the third report hides it: back to the article');
        const thread = await publicThread(server, a);
        assert.deepEqual(thread.ids, []);
        assert.equal(thread.count, 0);
        assert.deepEqual((await api(server, a.id)).comments, []);
        await getAs(server, readers[0], `/comments/${id}`, 404);
        for (const filter of ['waiting', 'reported']) {
            const item = (await queue(mod, filter)).get(id);
            assert.ok(item, `listed under ${filter}`);
            assert.equal(item.status, 'held');
            assert.deepEqual(item.why, ['Why: reported by 3 readers', 'Reports: 3 (abuse \u00d72, spam)']);
            assert.deepEqual(item.actions.slice(0, 2), [`/admin/comments/${id}/approve`, `/admin/comments/${id}/reject`]);
        }
        assertRefused(await report({ ...author, csrf: authorCsrf }, 'spam'), 404, /no such comment/, 'a report on a held comment');

        assertSeeOther(await mod.act(`/admin/comments/${id}/reject`, { filter: 'reported', note: 'name-calling' }),
            '/admin/comments?filter=reported', 'reject');
        const rejected = (await queue(mod, 'removed')).get(id);
        did(mod, 'reject', { comment: id, reader: rejected.actions.find((x) => /ban$/.test(x)).split('/')[3] });
        assert.equal(rejected.status, 'rejected');
        assert.equal((await queue(mod)).has(id), false);
        assert.equal((await queue(mod, 'reported')).has(id), false);
        assert.match(textOf((await getAs(server, author, `/comments/${id}`)).text()), /A moderator took this comment down: name-calling\./);
    });

    it('a ban: the reader is refused with the reason and the ban\u2019s end, then let back when it is lifted', async () => {
        const a = article('night-at-mountain');
        const other = article('hangul-exhibition');
        const { reader, csrf, r } = await comment(server, a, 'Cheap pills at https://spam.example/1 and https://spam.example/2', 'Spammer Kim');
        const id = postedId(r, a, false, 'a held comment');
        // A visible comment by someone else to vote on.
        const { r: votable } = await comment(server, other, 'Hangul is a marvel.', 'Vote Target');
        const targetId = postedId(votable, other, true, 'a comment to vote on');

        const item = (await queue(mod)).get(id);
        const banUrl = item.actions.find((x) => /\/ban$/.test(x));
        const readerId = banUrl.split('/')[3];
        const banForm = element(item.html, 'form', /class="admin-ban"/).outer;
        assert.deepEqual(tags(banForm, 'option').map((o) => o.attrs.get('value')), ['1', '7', '30', 'forever']);
        assert.equal(item.text.includes('banned'), false);

        const before = Date.now();
        assertSeeOther(await mod.act(banUrl, { days: '7', reason: 'Advertising pills', filter: 'waiting' }), '/admin/comments', 'ban 7 days');
        did(mod, 'ban', { reader: readerId });
        const banned = (await queue(mod)).get(id);
        assert.match(element(banned.html, 'p', /class="admin-item-meta"/).inner, /<span class="admin-flag">banned<\/span>/);
        assert.ok(banned.actions.includes(`/admin/readers/${readerId}/unban`), 'a "Lift ban" form');

        // The comment box says until when and why; there is no comment form.
        const html = (await getAs(server, reader, other.path)).text();
        const note = element(html, 'p', /class="comment-banned"/);
        assert.ok(note, 'the box shows the ban');
        const m = /^You may not comment until (.+)\. Reason: Advertising pills$/.exec(textOf(note.inner));
        assert.ok(m, `the note: ${textOf(note.inner)}`);
        assert.equal(element(html, 'form', /class="comment-form"/), null, 'no comment form');
        // "Dec. 6, 2026 18:55" in the site's time zone: the date a week from now (give or take
        // the zone's offset from UTC).
        const shown = /^[A-Z][a-z]+\.? (\d{1,2}), (\d{4}) \d{2}:\d{2}$/.exec(m[1]);
        assert.ok(shown, `the end of the ban: ${m[1]}`);
        const candidates = [-1, 0, 1].map((d) => new Date(before + (7 + d) * 86400_000))
            .map((t) => `${t.getUTCDate()}, ${t.getUTCFullYear()}`);
        assert.ok(candidates.includes(`${shown[1]}, ${shown[2]}`), `the ban ends a week from now: ${m[1]} (${candidates})`);

        assertRefused(await readerPost(server, reader, { csrf, article: other.id, body: 'Let me in.' }), 403,
            /You may not comment until your ban ends \((16[78]|168) hours from now\)\./, 'a banned reader comments');
        assertRefused(await readerPost(server, reader, { csrf, article: other.id, body: 'Let me in.' }, '/comments', { Accept: 'application/json' }),
            403, /ban ends/, 'the same, JSON');
        assertRefused(await readerPost(server, reader, { csrf, value: '1' }, `/comments/${targetId}/vote`), 403,
            /You may not vote while you are banned\./, 'a banned reader votes');
        assert.equal((await api(server, other.id)).count, 1, 'nothing was stored');

        // For good: the note changes.
        assertSeeOther(await mod.act(banUrl, { days: 'forever', reason: 'Repeated spam' }), '/admin/comments', 'ban for good');
        did(mod, 'ban', { reader: readerId });
        assert.equal(textOf(element((await getAs(server, reader, other.path)).text(), 'p', /class="comment-banned"/).inner),
            'You may no longer comment on this site. Reason: Repeated spam');
        assertRefused(await readerPost(server, reader, { csrf, article: other.id, body: 'Let me in.' }), 403,
            /You may no longer comment on this site\./, 'a reader banned for good comments');

        assertSeeOther(await mod.act(`/admin/readers/${readerId}/unban`, { filter: 'waiting' }), '/admin/comments', 'lift the ban');
        did(mod, 'unban', { reader: readerId });
        assert.equal((await queue(mod)).get(id).html.includes('admin-flag'), false, 'no longer flagged');
        const after = (await getAs(server, reader, other.path)).text();
        assert.equal(element(after, 'p', /class="comment-banned"/), null, 'no ban note');
        assert.ok(element(after, 'form', /class="comment-form"/), 'the comment form is back');
        const vote = await readerPost(server, reader, { csrf, value: '1' }, `/comments/${targetId}/vote`, { Accept: 'application/json' });
        assert.equal(vote.status, 200, vote.text());
        assert.deepEqual(JSON.parse(vote.text()), { id: targetId, up_votes: 1, down_votes: 0 });
        // Their own votes, for the buttons to show pressed: theirs only, signed in only.
        const mine = await getAs(server, reader, `/api/comments/votes?ids=${targetId},${id}`);
        assert.equal(mine.headers.get('cache-control'), 'private, no-store');
        assert.deepEqual(JSON.parse(mine.text()), { votes: { [targetId]: 1 } });
        assert.equal((await getAs(server, null, `/api/comments/votes?ids=${targetId}`, 403)).headers.get('content-type'),
            'application/json; charset=utf-8');
        for (const bad of ['', 'abc', '1,,2', '0', `${targetId},-1`, Array.from({ length: 201 }, (_, i) => i + 1).join(',')]) {
            const r = await getAs(server, reader, `/api/comments/votes?ids=${bad}`, 400);
            assert.match(JSON.parse(r.text()).error, /Use \?ids= with 1 to 200 comment numbers/, `ids=${bad.slice(0, 20)}`);
        }
        // Posting is now refused only by the pause between a reader's comments (60 s after the
        // held one, whatever the article), not by the ban; waiting it out is left to the clock.
        assertRefused(await readerPost(server, reader, { csrf, article: other.id, body: 'Back again.' }), 429,
            /Please wait \d+ seconds? before your next comment\./, 'the unbanned reader, within a minute of the last comment');
    });

    it('bad input: unknown decisions, ids, filters, ban lengths and words', async () => {
        const { r } = await comment(server, article('won-weakens'), 'Too many links: https://a.example https://b.example', 'Bad Input');
        const id = postedId(r, article('won-weakens'), false, 'a held comment');
        const readerId = (await queue(mod)).get(id).actions.find((x) => /ban$/.test(x)).split('/')[3];

        assertRefused(await mod.act(`/admin/comments/${id}/delete`), 404, /There is no such comment or decision\./, 'an unknown decision');
        assertRefused(await mod.act(`/admin/comments/${id}/APPROVE`), 404, /no such comment or decision/, 'a decision in capitals');
        for (const bad of ['abc', '0', '-1', '1e3', '9999999999999999999999']) {
            assertRefused(await mod.act(`/admin/comments/${bad}/approve`), 404, /no such comment or decision/, `comment id ${bad}`);
            assertRefused(await mod.act(`/admin/readers/${bad}/ban`, { days: '1' }), 404, /There is no such reader\./, `reader id ${bad}`);
            assertRefused(await mod.act(`/admin/readers/${bad}/unban`), 404, /There is no such reader\./, `unban reader id ${bad}`);
            assertRefused(await adm.act(`/admin/words/${bad}/delete`), 404, /There is no such word rule\./, `word rule id ${bad}`);
        }
        assertRefused(await mod.act('/admin/comments/999999/approve'), 404, /./, 'an unknown comment');
        assertRefused(await mod.act('/admin/readers/999999/ban', { days: '1' }), 404, /There is no reader 999999\./, 'an unknown reader');
        assertRefused(await adm.act('/admin/words/999999/delete'), 404, /There is no word rule 999999\./, 'an unknown word rule');

        for (const days of ['0', '99999', '3651', '', '-7', '7.5', 'week', ' 7']) {
            assertRefused(await mod.act(`/admin/readers/${readerId}/ban`, { days, reason: 'x' }), 400,
                /A ban lasts 1 to 3650 days, or for good\./, `days=${JSON.stringify(days)}`);
        }
        assertRefused(await mod.act(`/admin/readers/${readerId}/ban`, { days: '1', reason: 'x'.repeat(601) }), 400,
            /The reason must be plain text of at most 200 characters\./, 'a long reason');
        assertRefused(await mod.act(`/admin/readers/${readerId}/ban`, { days: '1', reason: 'a\u202Eb' }), 400,
            /The reason must be plain text/, 'a reason with a bidi override');

        for (const filter of ['all', 'WAITING', 'hidden', '1']) {
            assertRefused(await mod.get(`/admin/comments?filter=${filter}`), 400, /The filter is waiting, reported or removed\./,
                `filter=${filter}`);
        }

        assertRefused(await adm.act('/admin/words', { word: '', list: 'banned' }), 400, /The word is empty\./, 'an empty word');
        assertRefused(await adm.act('/admin/words', { word: ' \u3000 ', list: 'suspect' }), 400, /The word is empty\./, 'a blank word');
        assertRefused(await adm.act('/admin/words', { word: 'a\nb', list: 'banned' }), 400, /The word must be on one line\./, 'two lines');
        assertRefused(await adm.act('/admin/words', { word: 'x'.repeat(41), list: 'banned' }), 400, /41 characters long; the limit is 40/,
            'a 41-character word');
        assertRefused(await adm.act('/admin/words', { word: '1234', list: 'banned' }), 400, /at least one letter/, 'no letter');
        assertRefused(await adm.act('/admin/words', { word: 'fine', list: 'naughty' }), 400, /The list is banned or suspect\./, 'an unknown list');
        assertRefused(await adm.act('/admin/words', { word: 'fine' }), 400, /The list is banned or suspect\./, 'no list');

        const modeCases = [
            [{ target: 'site', mode: 'shut' }, 400, /The mode is open, premoderated or closed\./],
            [{ target: 'site' }, 400, /The mode is open, premoderated or closed\./],
            [{ target: 'everywhere', mode: 'closed' }, 400, /Choose the site, a section or an article\./],
            [{ target: 'section:999999', mode: 'closed' }, 404, /There is no such section\./],
            [{ target: 'section:abc', mode: 'closed' }, 404, /There is no such section\./],
            [{ target: 'site', article: 'no-such-article', mode: 'closed' }, 404, /There is no published article "no-such-article"\./],
            [{ target: 'site', mode: 'open', close_after_hours: 'soon' }, 400, /"Close after" is a whole number of hours\./],
            [{ target: 'site', mode: 'open', close_after_hours: '0' }, 400, /whole number of hours/],
            [{ target: 'site', mode: 'open', close_after_hours: '87601' }, 400, /Comments close after 1 to 87600 hours\./],
        ];
        for (const [fields, status, re] of modeCases) {
            assertRefused(await ed.act('/admin/modes', fields), status, re, `mode ${JSON.stringify(fields)}`);
        }
        for (const fields of [{ scope: 'planet', scope_id: '0' }, { scope: 'section', scope_id: 'x' }, { scope: 'site' }]) {
            assertRefused(await ed.act('/admin/modes/clear', fields), 400, /There is no such setting\./, `clear ${JSON.stringify(fields)}`);
        }
        // None of it changed anything.
        assert.match(textOf((await adm.get('/admin/words')).text()), /Both lists are empty\./);
        assert.equal(element((await ed.get('/admin/modes')).text(), 'table'), null, 'still no mode');
        assert.equal((await queue(mod)).get(id).status, 'held');
        assert.equal((await queue(mod)).get(id).html.includes('admin-flag'), false, 'its author is not banned');
    });

    it('word lists: a banned word rejects (stores nothing), a suspect word holds, a removed word passes', async () => {
        const a = article('suneung');
        const wordsPage = async () => (await adm.get('/admin/words')).text();
        const ruleRows = async () => [...(element(await wordsPage(), 'tbody')?.inner ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
            .map((row) => ({
                cells: [...row[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1])).slice(0, 2),
                remove: tags(row[1], 'form')[0]?.attrs.get('action'),
            }));

        assertSeeOther(await adm.act('/admin/words', { word: '시발', list: 'banned' }), '/admin/words', 'add a banned word');
        did(adm, 'word add');
        assertSeeOther(await adm.act('/admin/words', { word: ' idiot ', list: 'suspect' }), '/admin/words', 'add a suspect word');
        did(adm, 'word add');
        assertRefused(await adm.act('/admin/words', { word: 'idiot', list: 'banned' }), 409, /"idiot" is on a word list already\./,
            'the same word again');
        const rows = await ruleRows();
        assert.deepEqual(rows.map((x) => x.cells), [['시발', 'banned'], ['idiot', 'suspect']], 'stored trimmed');
        assert.ok(rows.every((x) => /^\/admin\/words\/\d+\/delete$/.test(x.remove)));

        // Banned: 422 naming the banned list, and nothing stored (the same reader may post at once).
        const before = (await api(server, a.id)).count;
        const reader = await demoSignIn(server, 'Swearing Reader');
        const csrf = await readerCsrf(server, reader, a.path);
        const swear = { csrf, article: a.id, body: '정말 ㅅ.ㅂ 이네', accept_policy: '1' };
        assertRefused(await readerPost(server, reader, swear), 422,
            /Your comment was not posted: it contains a word on the banned list of the Standards Board Policy/, 'a banned word');
        assertRefused(await readerPost(server, reader, swear, '/comments', { Accept: 'application/json' }), 422, /banned list/,
            'a banned word (JSON)');
        assert.equal((await api(server, a.id)).count, before);
        assert.equal([...(await queue(mod)).values()].some((x) => x.text.includes('이네')), false, 'not in the queue either');

        // Suspect: held, its author is told why, the queue says which word and how it was written.
        const held = await readerPost(server, reader, { ...swear, body: 'What an I.D.I.O.T decision.' });
        const heldId = postedId(held, a, false, 'a suspect word');
        const note = textOf(element((await getAs(server, reader, `/comments/${heldId}`)).text(), 'p', /class="comment-status"/).inner);
        assert.match(note, /waiting for a moderator \(suspect word "idiot" \(written "I\.D\.I\.O\.T"\)\)/);
        assert.deepEqual((await queue(mod)).get(heldId).why, ['Why: suspect word "idiot" (written "I.D.I.O.T")']);
        assert.equal((await api(server, a.id)).count, before, 'not counted');

        // Removed, both words pass.
        for (const row of await ruleRows()) {
            assertSeeOther(await adm.act(row.remove), '/admin/words', `remove ${row.cells[0]}`);
            did(adm, 'word remove');
        }
        assert.match(textOf(await wordsPage()), /Both lists are empty\./);
        assertRefused(await adm.act(rows[0].remove), 404, /There is no word rule/, 'removing a removed word');
        const { r: passed } = await comment(server, a, '정말 ㅅ.ㅂ 이네', 'Swearing Again');
        const passedId = postedId(passed, a, true, 'the formerly banned word');
        const { r: passed2 } = await comment(server, a, 'What an I.D.I.O.T decision.', 'Suspect Again');
        const passed2Id = postedId(passed2, a, true, 'the formerly suspect word');
        assert.deepEqual((await publicThread(server, a)).ids.sort(), [passedId, passed2Id].sort());
    });

    it('a word already on a list in another case or width is refused as the same word', async () => {
            assertSeeOther(await adm.act('/admin/words', { word: 'idiot', list: 'suspect' }), '/admin/words', 'add "idiot"');
            did(adm, 'word add');
            const rules = async () => [...(element((await adm.get('/admin/words')).text(), 'tbody')?.inner ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
                .map((row) => ({ word: textOf(/<td>([\s\S]*?)<\/td>/.exec(row[1])[1]), remove: tags(row[1], 'form')[0].attrs.get('action') }));
            try {
                for (const variant of ['IDIOT', 'Idiot', '\uFF49\uFF44\uFF49\uFF4F\uFF54']) {
                    const r = await adm.act('/admin/words', { word: variant, list: 'banned' });
                    if (r.status === 303) {
                        did(adm, 'word add');
                    }
                    assertRefused(r, 409, /is on a word list already/, `"${variant}" while "idiot" is listed`);
                }
                assert.deepEqual((await rules()).map((x) => x.word), ['idiot']);
            } finally {
                for (const rule of await rules()) {
                    assertSeeOther(await adm.act(rule.remove), '/admin/words', `remove ${rule.word}`);
                    did(adm, 'word remove');
                }
            }
        });

    it('comment modes: an article closed, the site pre-moderated, a section\u2019s own mode, then cleared', async () => {
        const closedArticle = article('rural-school');
        const national = article('seoul-night-buses');
        const editorial = article('young-renters'); // in Opinion/Editorials
        const modesPage = await ed.get('/admin/modes');
        const sections = new Map(tags(modesPage.text(), 'option')
            .filter((o) => /^section:\d+$/.test(o.attrs.get('value')))
            .map((o) => [textOf(element(modesPage.text(), 'option', new RegExp(`value="${o.attrs.get('value')}"`)).inner), o.attrs.get('value')]));
        const opinion = [...sections].find(([label]) => /^Section: \/?opinion$/.test(label))?.[1];
        assert.ok(opinion, `the sections offered: ${[...sections.keys()].join(', ')}`);
        const modeRows = async () => [...(element((await ed.get('/admin/modes')).text(), 'tbody')?.inner ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
            .map((row) => [...row[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1])).slice(0, 3));

        // An article closed (named by its slug): refused, with the reason.
        assertSeeOther(await ed.act('/admin/modes', { target: 'site', article: closedArticle.slug, mode: 'closed' }), '/admin/modes',
            'close an article');
        did(ed, 'mode');
        const closedTry = await comment(server, closedArticle, 'Anyone there?', 'Closed Door');
        assertRefused(closedTry.r, 403, /^.*Comments on this article are closed\./, 'a comment on a closed article');
        assert.equal((await api(server, closedArticle.id)).count, 0);

        // The site pre-moderated (by the editor): a new comment waits, its author is told.
        assertSeeOther(await ed.act('/admin/modes', { target: 'site', mode: 'premoderated' }), '/admin/modes', 'pre-moderate the site');
        did(ed, 'mode');
        // An admin may set modes too: Opinion (a parent section) stays open.
        assertSeeOther(await adm.act('/admin/modes', { target: opinion, mode: 'open' }), '/admin/modes', 'open the Opinion section');
        did(adm, 'mode');
        const rows = await modeRows();
        assert.deepEqual(rows.sort(), [
            [`article ${closedArticle.path}`, 'closed', ''],
            ['section /opinion', 'open', ''],
            ['the whole site', 'premoderated', ''],
        ].sort());

        const pending = await comment(server, national, 'Checked before it appears.', 'Patient Reader');
        const pendingId = postedId(pending.r, national, false, 'a comment on a pre-moderated site');
        assert.match(textOf(element((await getAs(server, pending.reader, `/comments/${pendingId}`)).text(), 'p', /class="comment-status"/).inner),
            /Comments on this article are checked before they appear\. Yours is waiting for a moderator\./);
        const countBefore = (await publicThread(server, national)).count;
        assert.equal((await publicThread(server, national)).ids.includes(pendingId), false);
        const item = (await queue(mod)).get(pendingId);
        assert.equal(item.status, 'pending');
        assert.deepEqual(item.why, ['Why: pre-moderated']);

        // The section's own mode wins over the site's, for its subsections too.
        const open = await comment(server, editorial, 'Opinion stays open.', 'Opinion Reader');
        postedId(open.r, editorial, true, 'a comment in Opinion/Editorials');
        // The article's own "closed" wins over everything.
        assertRefused((await comment(server, closedArticle, 'Still closed?', 'Closed Again')).r, 403, /Comments on this article are closed\./,
            'the closed article on a pre-moderated site');

        assertSeeOther(await mod.act(`/admin/comments/${pendingId}/approve`), '/admin/comments', 'approve the pending comment');
        did(mod, 'approve', { comment: pendingId, reader: item.actions.find((x) => /ban$/.test(x)).split('/')[3] });
        const shown = await publicThread(server, national);
        assert.ok(shown.ids.includes(pendingId));
        assert.equal(shown.count, countBefore + 1);

        // Clearing the section's mode: Opinion follows the site again.
        assertSeeOther(await ed.act('/admin/modes/clear', { scope: 'section', scope_id: opinion.split(':')[1] }), '/admin/modes',
            'clear the section');
        did(ed, 'mode clear');
        const nowPending = await comment(server, editorial, 'Now it waits.', 'Later Opinion Reader');
        const nowPendingId = postedId(nowPending.r, editorial, false, 'Opinion after clearing');
        assert.equal((await queue(mod)).get(nowPendingId).status, 'pending');

        // "Close after N hours": the demo articles are older than an hour.
        assertSeeOther(await ed.act('/admin/modes', { target: 'site', mode: 'open', close_after_hours: '1' }), '/admin/modes',
            'open the site, closing after an hour');
        did(ed, 'mode');
        assert.deepEqual((await modeRows()).find((r) => r[0] === 'the whole site'), ['the whole site', 'open', '1 hours']);
        assertRefused((await comment(server, national, 'Too late?', 'Late Reader')).r, 403,
            /Comments on this article closed 1 hours after it was published\./, 'a comment after the hour');

        // Cleared everywhere: open again.
        assertSeeOther(await ed.act('/admin/modes/clear', { scope: 'site', scope_id: '0' }), '/admin/modes', 'clear the site');
        did(ed, 'mode clear');
        assertSeeOther(await ed.act('/admin/modes/clear', { scope: 'article', scope_id: String(closedArticle.id) }), '/admin/modes',
            'clear the article');
        did(ed, 'mode clear');
        assert.deepEqual(await modeRows(), []);
        const reopened = await comment(server, closedArticle, 'Open again.', 'Reopened Reader');
        const reopenedId = postedId(reopened.r, closedArticle, true, 'the formerly closed article');
        assert.deepEqual((await publicThread(server, closedArticle)).ids, [reopenedId]);
    });

    it('a closed article\u2019s comment box says comments are closed instead of offering a form', async () => {
            const a = article('gyeongwon');
            assertSeeOther(await ed.act('/admin/modes', { target: 'site', article: a.path, mode: 'closed' }), '/admin/modes', 'close it');
            did(ed, 'mode');
            try {
                const reader = await demoSignIn(server, 'Closed Box Reader');
                const html = (await getAs(server, reader, a.path)).text();
                const section = commentSection(html);
                assert.match(textOf(section), /Comments on this article are closed\./, 'the box says so');
                assert.equal(element(section, 'form', /class="comment-form"/), null, 'no comment form on a closed article');
            } finally {
                assertSeeOther(await ed.act('/admin/modes/clear', { scope: 'article', scope_id: String(a.id) }), '/admin/modes', 'reopen it');
                did(ed, 'mode clear');
            }
        });

    it('the audit log lists every action taken here, newest first, with the staff member\u2019s name', async () => {
        assert.ok(performed.length >= 15, `the tests above acted (${performed.length} actions)`);
        const page = await mod.get('/admin/log');
        assert.equal(page.headers.get('cache-control'), 'no-store');
        const rows = await auditLog(mod);
        assert.deepEqual(rows.map((r) => ({ staff: r.staff, action: r.action })),
            [...performed].reverse().map((p) => ({ staff: p.staff, action: p.action })),
            'one row per successful action, newest first; refused ones are not logged');
        const expected = [...performed].reverse();
        rows.forEach((row, i) => {
            if (expected[i].comment) {
                assert.equal(row.comment, expected[i].comment, `row ${i} (${row.action}): the comment`);
            }
            if (expected[i].reader) {
                assert.equal(row.reader, expected[i].reader, `row ${i} (${row.action}): the reader`);
            }
        });
        const details = rows.map((r) => `${r.action}: ${r.detail}`);
        for (const want of [
            'approve: held -> visible: two links, both fine',
            'hide: visible -> hidden: off-topic',
            'restore: hidden -> visible',
            'reject: held -> rejected: name-calling',
            'ban: for 7 days: Advertising pills',
            'ban: for good: Repeated spam',
            'word add: banned "시발"',
            'word add: suspect "idiot"',
            'mode: site: premoderated',
            'mode: site: open, closes after 1 hours',
            'mode clear: site 0',
        ]) {
            assert.ok(details.includes(want), `the log has "${want}":\n${details.join('\n')}`);
        }
        const link = tags(element(page.text(), 'tbody').inner, 'a').find((l) => /^\/comments\/\d+$/.test(l.attrs.get('href')));
        assert.ok(link, 'a logged comment links to its page');
        assert.ok(tags(page.text(), 'time').every((t) => /^\d{4}-\d{2}-\d{2}T/.test(t.attrs.get('datetime'))), 'each row has its time');
    });
});

describe('moderation: the staff login throttle', { timeout: 120_000 }, () => {
    let server;
    before(async () => {
        server = await startServer({ config: CONFIG });
        await addStaff(server.dataDir, STAFF.moderator);
        await addStaff(server.dataDir, STAFF.admin);
    });
    after(async () => {
        await server?.stop();
    });

    it('the sixth wrong password within 15 minutes is 429 with Retry-After, and then so is the right one', async () => {
        const browser = new StaffBrowser(server);
        const who = STAFF.moderator;
        for (let i = 1; i <= 5; ++i) {
            assertRefused(await submitLogin(browser, who.name, `wrong password ${i}`), 403, /Wrong name or password\./, `wrong password ${i}`);
        }
        const sixth = await submitLogin(browser, who.name, 'wrong password 6');
        assertRefused(sixth, 429, /Too many failed logins\. Try again in 15 minutes\./, 'the sixth wrong password');
        const wait = Number(sixth.headers.get('retry-after'));
        assert.ok(Number.isInteger(wait) && wait > 800 && wait <= 900, `Retry-After ${sixth.headers.get('retry-after')}`);

        const right = await submitLogin(browser, who.name, who.password);
        assertRefused(right, 429, /Too many failed logins/, 'the right password during the lockout');
        assert.ok(Number(right.headers.get('retry-after')) <= wait);
        assert.equal(browser.jar.has('mh_staff'), false, 'no session');
        // Five failures from one address lock out every name from it.
        const other = new StaffBrowser(server);
        assertRefused(await submitLogin(other, STAFF.admin.name, STAFF.admin.password), 429, /Too many failed logins/,
            'another staff member from the same address');
        assert.equal(other.jar.has('mh_staff'), false);
        // The login page itself still opens.
        assert.equal((await browser.get('/admin/login')).status, 200);
    });
});
