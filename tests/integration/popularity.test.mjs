// "What's Popular Now" (issue 5) through the real server: read beacons (POST /api/views) and
// what they count, the ranking API (GET /api/popular), the box on home, section fronts and
// article pages, the newsroom's `masthead popular pin|exclude|clear`, counts that survive a
// restart and a kill -9, and many readers at once.
//
// Rankings are recomputed on a schedule, so every check of a ranking polls with a deadline.
// To show that something was NOT counted, a test first sends the beacons it expects to be
// dropped, then counts one read of a "sentinel" article and waits until the ranking shows that
// read: a ranking that includes a later read includes every earlier one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';

import {
    element,
    get,
    makeTempDir,
    readDemoArticles,
    request,
    runMasthead,
    startServer,
    tags,
    textOf,
    waitFor,
} from '../support/masthead.mjs';

const execFileP = promisify(execFile);

// A desktop Chrome on Linux: what a person reading the site sends.
const BROWSER_UA =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:150.0) Gecko/20100101 Firefox/150.0';
const HEADING = 'What\u2019s Popular Now';
// Fast schedules so that a test never waits long for the next ranking or archive.
const FAST = 'server:\n  access_log: off\npopularity:\n  rank_every_ms: 200\n  archive_every_ms: 200\n';
const RANK_DEADLINE_MS = 6000;

const DEMO = readDemoArticles();
const SECTION_FRONTS = ['/national', '/opinion', '/opinion/editorials', '/opinion/columns', '/business', '/culture'];

/** A new reader id as popularity.js makes it: 32 lowercase hex digits. */
const newReader = () => randomBytes(16).toString('hex');

/** The demo article whose slug starts with `prefix`. */
function demo(prefix) {
    const a = DEMO.find((d) => d.slug.startsWith(prefix));
    assert.ok(a, `demo article ${prefix}`);
    return a;
}

/** {path -> id} of every demo article, read from `<article data-article-id>` on its page. */
async function articleIds(server) {
    const ids = new Map();
    for (const a of DEMO) {
        const html = (await get(server.url, a.path)).text();
        const m = /<article\b[^>]*\sdata-article-id="(\d+)"/.exec(html);
        assert.ok(m, `${a.path} has <article data-article-id>`);
        ids.set(a.path, Number(m[1]));
    }
    return ids;
}

/**
 * POST /api/views as a browser's sendBeacon does (same-origin, text/plain). `reader`: the
 * mh_rid cookie, or null for none. `headers` are added to (or, with value null, removed from)
 * the browser's headers. Returns the response.
 */
async function beacon(server, body, { reader = newReader(), headers = {} } = {}) {
    const h = {
        'User-Agent': BROWSER_UA,
        'Content-Type': 'text/plain;charset=UTF-8',
        Origin: server.url,
        'Sec-Fetch-Site': 'same-origin',
        'Sec-Fetch-Mode': 'no-cors',
        'Sec-Fetch-Dest': 'empty',
    };
    if (reader !== null) {
        h.Cookie = `mh_rid=${reader}`;
    }
    for (const [name, value] of Object.entries(headers)) {
        const existing = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
        if (existing) {
            delete h[existing];
        }
        if (value !== null) {
            h[name] = value;
        }
    }
    return request(server.url, '/api/views', { method: 'POST', headers: h, body });
}

/** A beacon that must answer 204 with X-Masthead-Read: `outcome`. */
async function read(server, id, outcome = 'counted', options = {}) {
    const r = await beacon(server, `article=${id}`, options);
    assert.equal(r.status, 204, `beacon for ${id}: status ${r.status} ${r.text().slice(0, 200)}`);
    assert.equal(r.body.length, 0);
    assert.equal(
        r.headers.get('x-masthead-read'),
        outcome,
        `beacon for ${id} with ${JSON.stringify(options.headers ?? {})}`,
    );
    return r;
}

/** GET /api/popular?QUERY: the parsed JSON (asserts 200 and a JSON type). */
async function popular(server, query = '') {
    const r = await get(server.url, `/api/popular${query ? `?${query}` : ''}`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    return JSON.parse(r.text());
}

/** Polls /api/popular?QUERY until `cond(json)` holds; returns that JSON. */
async function waitForRanking(server, query, cond, message) {
    let last;
    try {
        return await waitFor(
            async () => {
                last = await popular(server, query);
                return cond(last) ? last : null;
            },
            RANK_DEADLINE_MS,
            { intervalMs: 100, message },
        );
    } catch (e) {
        e.message += `\nlast /api/popular?${query}: ${JSON.stringify(last)}`;
        throw e;
    }
}

/** The reads of article `id` in a ranking JSON, or undefined when it is not listed. */
const readsOf = (json, id) => json.articles.find((a) => a.id === id)?.reads;

/** An error answer of the JSON API. */
function assertJsonError(r, status, what) {
    assert.equal(r.status, status, `${what}: status (${r.text().slice(0, 200)})`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', `${what}: type`);
    const body = JSON.parse(r.text());
    assert.equal(typeof body.error, 'string', `${what}: {"error": "..."}`);
    assert.ok(body.error.length > 0);
}

/** The "What's Popular Now" box of a page: null when absent, else {heading, items:[{href, headline, section}]}. */
function popularBox(html) {
    const box = element(html, 'section', /class="popular"/);
    if (!box) {
        return null;
    }
    const heading = textOf(element(box.inner, 'h2')?.inner ?? '');
    const items = [...box.inner.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => ({
        href: tags(m[1], 'a')[0]?.attrs.get('href'),
        headline: textOf(element(m[1], 'a')?.inner ?? ''),
        section: textOf(element(m[1], 'span', /class="popular-section"/)?.inner ?? ''),
    }));
    return { heading, items };
}

/** Polls page `target` until its popular box satisfies `cond(box)`; returns the box. */
async function waitForBox(server, target, cond, message) {
    let last;
    try {
        return await waitFor(
            async () => {
                last = popularBox((await get(server.url, target)).text());
                return cond(last) ? last ?? true : null;
            },
            RANK_DEADLINE_MS,
            { intervalMs: 100, message },
        );
    } catch (e) {
        e.message += `\nlast box on ${target}: ${JSON.stringify(last)}`;
        throw e;
    }
}

const hrefs = (box) => (box ? box.items.map((i) => i.href) : []);

describe('What\u2019s Popular Now: counting, ranking and the box', { timeout: 30_000 }, () => {
    let server;
    let ids;
    // The sentinel (see the top of the file) and how many reads it has had so far.
    const SENTINEL = demo('hangul-exhibition');
    let sentinelReads = 0;

    /** Counts one more sentinel read and waits until the ranking shows it. */
    async function syncRanking() {
        const id = ids.get(SENTINEL.path);
        await read(server, id);
        sentinelReads += 1;
        return waitForRanking(
            server,
            'window=1h&limit=20',
            (j) => readsOf(j, id) === sentinelReads,
            `the sentinel's read number ${sentinelReads} in the ranking`,
        );
    }

    before(async () => {
        server = await startServer({ config: FAST });
        ids = await articleIds(server);
    });
    after(async () => {
        await server?.stop();
    });

    it('a fresh server shows no popular box anywhere and ranks nothing', async () => {
        for (const target of ['/', ...SECTION_FRONTS, ...DEMO.map((a) => a.path)]) {
            const html = (await get(server.url, target)).text();
            assert.equal(popularBox(html), null, `${target}: no popular box without reads`);
            assert.doesNotMatch(html, /Popular Now/, `${target}: no "Popular Now" text`);
        }
        for (const window of ['now', '1h', '24h', '7d']) {
            for (const section of ['', '/', '/business', '/opinion/editorials']) {
                const q = `window=${window}${section ? `&section=${encodeURIComponent(section)}` : ''}`;
                const r = await get(server.url, `/api/popular?${q}`);
                assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
                const j = JSON.parse(r.text());
                assert.deepEqual(j.articles, [], `${q}: no articles`);
                assert.equal(j.window, window);
                assert.equal(j.section, section || '/');
                assert.match(j.computed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
            }
        }
        const j = await popular(server);
        assert.equal(j.window, 'now', 'the default window is "now"');
    });

    it('/api/popular validates window, limit and section', async () => {
        for (const q of ['window=year', 'window=', 'window=NOW', 'window=1d']) {
            assertJsonError(await request(server.url, `/api/popular?${q}`), 400, q);
        }
        for (const q of ['limit=0', 'limit=21', 'limit=abc', 'limit=-1', 'limit=', 'limit=5.5']) {
            assertJsonError(await request(server.url, `/api/popular?${q}`), 400, q);
        }
        for (const q of ['section=/nope', 'section=/business/nope', 'section=business']) {
            assertJsonError(await request(server.url, `/api/popular?${q}`), 404, q);
        }
        for (const q of ['limit=1', 'limit=20', 'window=7d&limit=3&section=/culture']) {
            await get(server.url, `/api/popular?${q}`);
        }
    });

    it('malformed beacons answer 400 JSON and count nothing; an unknown article 404', async () => {
        const target = demo('seoul-night-buses');
        const id = ids.get(target.path);
        const bad = [
            ['empty body', ''],
            ['article=abc', 'article=abc'],
            ['article=-1', 'article=-1'],
            ['article=0', 'article=0'],
            ['article=', 'article='],
            ['no article key', `id=${id}`],
            ['a fraction', `article=${id}.5`],
            ['a number too large for 64 bits', 'article=99999999999999999999999'],
            ['raw invalid UTF-8', Buffer.concat([Buffer.from(`article=${id}`), Buffer.from([0xff, 0xfe])])],
            ['percent-encoded invalid UTF-8', `article=${id}%FF`],
            ['invalid UTF-8 only', Buffer.from([0x61, 0x72, 0xc3, 0x28, 0xff])],
        ];
        for (const [what, body] of bad) {
            assertJsonError(await beacon(server, body), 400, what);
        }
        // The route takes at most 256 bytes (web/routes.cpp): a larger body is refused with 413.
        assertJsonError(await beacon(server, `article=${id}&pad=${'x'.repeat(10 * 1024)}`), 413, 'a 10 KB body');
        for (const unknown of [999999, 2 ** 40]) {
            assertJsonError(await beacon(server, `article=${unknown}`), 404, `unknown article ${unknown}`);
        }
        const j = await syncRanking();
        assert.equal(readsOf(j, id), undefined, `no read counted for ${target.path}: ${JSON.stringify(j)}`);
        assert.deepEqual(
            j.articles.map((a) => a.id),
            [ids.get(SENTINEL.path)],
            'only the sentinel has been read',
        );
    });

    it('GET /api/views is 405 Method Not Allowed with Allow: POST', async () => {
        // The beacon address takes POST only; GET must not fall through to the page route.
        const got = {};
        for (const method of ['GET', 'HEAD', 'DELETE']) {
            const r = await request(server.url, '/api/views', { method });
            got[method] = { status: r.status, allow: r.headers.get('allow') ?? null };
        }
        assert.deepEqual(got, {
            GET: { status: 405, allow: 'POST' },
            HEAD: { status: 405, allow: 'POST' },
            DELETE: { status: 405, allow: 'POST' },
        });
    });

    it('reads from distinct readers lift an article to the top, into the box on home, its section front and other articles, not its own page', async () => {
        const target = demo('chip-exports');
        const id = ids.get(target.path);
        for (let i = 0; i < 3; ++i) {
            await read(server, id);
        }
        const j = await waitForRanking(
            server,
            '',
            (x) => x.articles[0]?.id === id && x.articles[0].reads === 3,
            `${target.path} at the top with 3 reads`,
        );
        const top = j.articles[0];
        assert.equal(top.headline, target.headline);
        assert.equal(top.path, target.path);
        assert.equal(top.section, 'Business');
        assert.equal(top.pinned, false);
        assert.ok(top.score > 2.9 && top.score <= 3, `score ~3 right after 3 reads: ${top.score}`);
        for (const w of ['1h', '24h', '7d']) {
            const jw = await waitForRanking(server, `window=${w}`, (x) => readsOf(x, id) === 3, `3 reads in ${w}`);
            assert.equal(jw.articles[0].id, id, `${w}: leads`);
            assert.equal(jw.window, w);
        }
        const business = await popular(server, 'section=/business');
        assert.deepEqual(business.articles.map((a) => a.id), [id], 'the Business ranking');
        assert.equal(business.section, '/business');
        assert.deepEqual((await popular(server, 'section=/national')).articles, [], 'nothing read in National');

        const other = demo('trainee-doctors');
        for (const page of ['/', '/business', other.path, SENTINEL.path]) {
            const box = await waitForBox(server, page, (b) => hrefs(b)[0] === target.path, `${target.path} first on ${page}`);
            assert.equal(box.heading, HEADING, `${page}: heading`);
            assert.equal(box.items[0].headline, target.headline, `${page}: headline`);
            assert.equal(box.items[0].section, 'Business', `${page}: section name`);
        }
        // Section fronts show their own section's ranking.
        const businessBox = popularBox((await get(server.url, '/business')).text());
        assert.deepEqual(hrefs(businessBox), [target.path], '/business lists only Business articles');
        assert.equal(popularBox((await get(server.url, '/national')).text()), null, '/national: no box (no reads)');
        // The sentinel's own page lists the target but not itself.
        assert.ok(!hrefs(popularBox((await get(server.url, SENTINEL.path)).text())).includes(SENTINEL.path));
        // The article's own page: not in its own box (the box may list others).
        const own = popularBox((await get(server.url, target.path)).text());
        assert.ok(!hrefs(own).includes(target.path), `${target.path} is not listed on its own page: ${JSON.stringify(own)}`);
        assert.deepEqual(hrefs(own), [SENTINEL.path], 'its own page lists the other article read');
    });

    it('an Opinion/Editorials read ranks in /opinion/editorials and its parent /opinion, not elsewhere', async () => {
        const target = demo('winter-fine-dust');
        const id = ids.get(target.path);
        await read(server, id);
        await waitForRanking(server, 'section=/opinion', (x) => readsOf(x, id) === 1, 'the editorial in /opinion');
        const eds = await popular(server, 'section=/opinion/editorials');
        assert.deepEqual(eds.articles.map((a) => a.id), [id]);
        assert.deepEqual((await popular(server, 'section=/opinion/columns')).articles, []);
        assert.equal(readsOf(await popular(server, 'section=/business'), id), undefined);
        await waitForBox(server, '/opinion', (b) => hrefs(b).includes(target.path), 'the editorial in the /opinion box');
        await waitForBox(server, '/opinion/editorials', (b) => hrefs(b).includes(target.path), 'in the editorials box');
        assert.equal(popularBox((await get(server.url, '/opinion/columns')).text()), null, '/opinion/columns: no box');
    });

    it('the same reader twice counts once ("duplicate"); another reader counts', async () => {
        const target = demo('won-weakens');
        const id = ids.get(target.path);
        const reader = newReader();
        await read(server, id, 'counted', { reader });
        await read(server, id, 'duplicate', { reader });
        await read(server, id, 'duplicate', { reader, headers: { 'User-Agent': FIREFOX_UA } });
        const j = await syncRanking();
        assert.equal(readsOf(j, id), 1, 'one reader, one read');
        // The reader may read other articles (counted for each), and another reader counts.
        await read(server, ids.get(demo('gyeongwon').path), 'counted', { reader });
        await read(server, id, 'counted');
        await waitForRanking(server, 'window=1h&limit=20', (x) => readsOf(x, id) === 2, 'a second reader counted');
    });

    it('crawlers, headless browsers, HTTP tools, prefetches and cross-site beacons are not counted', async () => {
        const target = demo('suneung');
        const id = ids.get(target.path);
        const dropped = [
            [{ 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, 'rejected: crawler'],
            [
                {
                    'User-Agent':
                        'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) ' +
                        'Chrome/156.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
                },
                'rejected: crawler',
            ],
            [
                {
                    'User-Agent':
                        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
                },
                'rejected: crawler',
            ],
            [{ 'User-Agent': 'curl/8.11.1' }, 'rejected: crawler'],
            [{ 'User-Agent': 'python-requests/2.32.3' }, 'rejected: crawler'],
            [{ 'User-Agent': 'Wget/1.25.0' }, 'rejected: crawler'],
            [{ 'User-Agent': null }, 'rejected: no user agent'],
            [{ 'User-Agent': '' }, 'rejected: no user agent'],
            [{ 'Sec-Purpose': 'prefetch' }, 'rejected: prefetch'],
            [{ 'Sec-Purpose': 'prefetch;prerender' }, 'rejected: prefetch'],
            [{ Purpose: 'prefetch' }, 'rejected: prefetch'],
            [{ 'Sec-Fetch-Site': 'cross-site' }, 'rejected: cross-site'],
            [{ Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': null }, 'rejected: cross-site'],
            [{ Origin: 'https://elsewhere.example' }, 'rejected: cross-site'],
        ];
        for (const [headers, outcome] of dropped) {
            await read(server, id, outcome, { headers });
        }
        const j = await syncRanking();
        assert.equal(readsOf(j, id), undefined, `no read of ${target.path} counted: ${JSON.stringify(j.articles)}`);
        for (const w of ['now', '24h', '7d']) {
            assert.equal(readsOf(await popular(server, `window=${w}&limit=20`), id), undefined, `window ${w}`);
        }

        // The same article from real browsers counts: same-origin, no Sec-Fetch-Site (older
        // browsers), "Origin: null", and a prefetched page that the reader then read.
        await read(server, id, 'counted');
        await read(server, id, 'counted', { headers: { 'Sec-Fetch-Site': null, Origin: null, 'User-Agent': FIREFOX_UA } });
        await read(server, id, 'counted', { headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-site' } });
        await waitForRanking(server, 'window=1h&limit=20', (x) => readsOf(x, id) === 3, 'three browser reads');
    });

    it('without the cookie the reader is IP + user agent: once per user agent', async () => {
        const target = demo('rural-school');
        const id = ids.get(target.path);
        await read(server, id, 'counted', { reader: null });
        await read(server, id, 'duplicate', { reader: null });
        // A cookie that is not a reader id (32 lowercase hex digits) is no reader id either.
        await read(server, id, 'duplicate', { reader: 'not-a-reader-id' });
        await read(server, id, 'duplicate', { reader: newReader().toUpperCase() });
        await read(server, id, 'counted', { reader: null, headers: { 'User-Agent': FIREFOX_UA } });
        await read(server, id, 'duplicate', { reader: null, headers: { 'User-Agent': FIREFOX_UA } });
        const j = await syncRanking();
        assert.equal(readsOf(j, id), 2, 'two user agents from one address: two readers');
    });

    it('the box shows the top five (widget_size default) in ranking order', async () => {
        // Give more than five articles a read, so the site ranking is longer than the box.
        for (const prefix of ['young-renters', 'k-dramas', 'english-tests', 'night-at-mountain', 'grandmother']) {
            await read(server, ids.get(demo(prefix).path));
        }
        const j = await waitForRanking(server, 'limit=20', (x) => x.articles.length >= 10, 'ten or more ranked articles');
        assert.ok(j.articles.every((a, i) => i === 0 || a.score <= j.articles[i - 1].score), 'ordered by score');
        assert.equal((await popular(server, 'limit=3')).articles.length, 3, 'limit=3');
        assert.equal((await popular(server)).articles.length, 5, 'the default limit is 5');
        // The home box lists the API's top five, in order (polled: a new ranking may land
        // between the two requests).
        await waitFor(
            async () => {
                const api = (await popular(server, 'limit=5')).articles.map((a) => a.path);
                const box = popularBox((await get(server.url, '/')).text());
                return box.items.length === 5 && JSON.stringify(hrefs(box)) === JSON.stringify(api);
            },
            RANK_DEADLINE_MS,
            { message: 'the home box to equal /api/popular?limit=5' },
        );
        // An article page lists five others.
        const some = demo('chip-exports').path;
        const box = popularBox((await get(server.url, some)).text());
        assert.equal(box.items.length, 5);
        assert.ok(!hrefs(box).includes(some));
    });

    it('200 readers at once: exactly 200 reads counted', async () => {
        const target = demo('gyeongwon');
        const id = ids.get(target.path);
        const before = readsOf(await popular(server, 'window=1h&limit=20'), id) ?? 0;
        const responses = await Promise.all(
            Array.from({ length: 200 }, () => beacon(server, `article=${id}`)),
        );
        const outcomes = {};
        for (const r of responses) {
            const key = `${r.status} ${r.headers.get('x-masthead-read')}`;
            outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
        assert.deepEqual(outcomes, { '204 counted': 200 });
        const j = await waitForRanking(
            server,
            'window=1h&limit=20',
            (x) => (readsOf(x, id) ?? 0) >= before + 200,
            '200 more reads',
        );
        assert.equal(readsOf(j, id), before + 200, 'exactly 200 more reads');
        assert.equal(j.articles[0].id, id, 'it now leads the hour');
        assert.equal((await popular(server)).articles[0].id, id, 'and the "now" ranking');
    });
});

describe('the newsroom pins and excludes articles', { timeout: 30_000 }, () => {
    let server;
    let ids;
    const popularCli = (action, ...slugs) => runMasthead(['popular', action, '--data', server.dataDir, ...slugs]);

    before(async () => {
        server = await startServer({ config: `${FAST}  widget_size: 2\n` });
        ids = await articleIds(server);
    });
    after(async () => {
        await server?.stop();
    });

    it('pin makes an unread article lead, exclude removes one, clear undoes both', async () => {
        const a = demo('chip-exports');
        const b = demo('won-weakens');
        const u = demo('night-at-mountain');
        const [ia, ib, iu] = [a, b, u].map((x) => ids.get(x.path));
        await read(server, ia);
        await read(server, ia);
        await read(server, ib);
        await waitForRanking(server, '', (x) => x.articles.map((y) => y.id).join() === `${ia},${ib}`, 'A then B');
        const homeBox = await waitForBox(server, '/', (box) => hrefs(box).join() === `${a.path},${b.path}`, 'A, B on home');
        assert.equal(homeBox.items.length, 2, 'widget_size: 2');

        let r = await popularCli('pin', u.slug);
        assert.equal(r.code, 0, `popular pin: ${r.stderr}`);
        let j = await waitForRanking(server, '', (x) => x.articles[0]?.id === iu, 'the pinned article first');
        assert.deepEqual(j.articles[0], {
            id: iu,
            headline: u.headline,
            path: u.path,
            section: 'Culture',
            reads: 0,
            score: 0,
            pinned: true,
        });
        assert.deepEqual(j.articles.slice(1).map((x) => [x.id, x.pinned]), [[ia, false], [ib, false]]);
        await waitForBox(server, '/', (box) => hrefs(box).join() === `${u.path},${a.path}`, 'U, A in the home box (size 2)');
        await waitForBox(server, '/culture', (box) => hrefs(box).join() === u.path, 'U in the Culture box');
        // Pins apply to the "now" ranking; plain counts are plain counts.
        assert.equal(readsOf(await popular(server, 'window=1h'), iu), undefined, 'no pin in window=1h');

        r = await popularCli('exclude', a.slug);
        assert.equal(r.code, 0, `popular exclude: ${r.stderr}`);
        j = await waitForRanking(server, '', (x) => readsOf(x, ia) === undefined, 'A excluded');
        assert.deepEqual(j.articles.map((x) => x.id), [iu, ib]);
        await waitForBox(server, '/', (box) => hrefs(box).join() === `${u.path},${b.path}`, 'A out of the home box');
        await waitForBox(server, '/business', (box) => hrefs(box).join() === b.path, 'A out of the Business box');

        r = await popularCli('clear', u.slug, a.slug);
        assert.equal(r.code, 0, `popular clear: ${r.stderr}`);
        j = await waitForRanking(server, '', (x) => x.articles.map((y) => y.id).join() === `${ia},${ib}`, 'back to A, B');
        assert.ok(j.articles.every((x) => !x.pinned));
        await waitForBox(server, '/', (box) => hrefs(box).join() === `${a.path},${b.path}`, 'home box back to A, B');
        await waitForBox(server, '/culture', (box) => box === null, 'no box on /culture (nothing read there)');
    });

    it('pinning the article that already leads marks it pinned', async () => {
        const a = demo('chip-exports');
        const ia = ids.get(a.path);
        await waitForRanking(server, '', (x) => x.articles[0]?.id === ia, 'A leads');
        const r = await popularCli('pin', a.slug);
        assert.equal(r.code, 0, `popular pin: ${r.stderr}`);
        try {
            await waitForRanking(server, '', (x) => x.articles[0]?.id === ia && x.articles[0].pinned === true, 'A pinned: true');
        } finally {
            assert.equal((await popularCli('clear', a.slug)).code, 0);
        }
    });

    it('an unknown slug is an error that names it', async () => {
        const r = await popularCli('pin', 'no-such-article-slug');
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /no-such-article-slug/);
        const usage = await runMasthead(['popular', 'promote', '--data', server.dataDir, 'x']);
        assert.equal(usage.code, 2, 'an unknown action is a usage error');
    });
});

describe('counts survive a restart and kill -9', { timeout: 35_000 }, () => {
    it('SIGTERM then start keeps the counts; kill -9 keeps what was archived', async (t) => {
        const dataDir = path.join(await makeTempDir(t), 'data');
        const config = 'server:\n  access_log: off\npopularity:\n  rank_every_ms: 200\n  archive_every_ms: 300\n';
        let server = await startServer({ t, config, dataDir });
        const ids = await articleIds(server);
        const x = demo('k-dramas');
        const y = demo('young-renters');
        const [ix, iy] = [x, y].map((a) => ids.get(a.path));
        for (let i = 0; i < 3; ++i) {
            await read(server, ix);
        }
        await read(server, iy);
        await waitForRanking(server, 'window=1h', (j) => readsOf(j, ix) === 3 && readsOf(j, iy) === 1, 'X 3, Y 1');
        await server.stop();

        server = await startServer({ t, config, dataDir });
        for (const w of ['now', '1h', '24h', '7d']) {
            const j = await popular(server, `window=${w}`);
            assert.deepEqual(
                j.articles.map((a) => [a.id, a.reads]),
                [[ix, 3], [iy, 1]],
                `after a restart, window=${w}`,
            );
        }
        const box = popularBox((await get(server.url, '/')).text());
        assert.deepEqual(hrefs(box), [x.path, y.path], 'the home box after a restart');

        // Two more reads of Y; once the archive holds them, kill -9 loses nothing.
        await read(server, iy);
        await read(server, iy);
        const db = path.join(dataDir, 'masthead.db');
        const archived = async (id) => {
            const { stdout } = await execFileP('sqlite3', [
                db,
                `select coalesce(sum(views), 0) from article_views where article_id = ${id}`,
            ]);
            return Number(stdout.trim());
        };
        await waitFor(async () => (await archived(iy)) === 3, 5000, { message: 'the archive to hold Y\u2019s 3 reads' });
        assert.equal(await archived(ix), 3, 'X\u2019s reads archived once, not again after the restart');
        server.signal('SIGKILL');
        assert.deepEqual(await server.exited, { code: null, signal: 'SIGKILL' });

        server = await startServer({ t, config, dataDir });
        for (const w of ['1h', '7d', 'now']) {
            const j = await popular(server, `window=${w}`);
            assert.deepEqual(
                Object.fromEntries(j.articles.map((a) => [a.id, a.reads])),
                { [ix]: 3, [iy]: 3 },
                `after kill -9, window=${w}: ${JSON.stringify(j.articles)}`,
            );
        }
        await server.stop();
    });
});
