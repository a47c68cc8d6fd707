// HTTP behaviour of the real server over raw sockets: caching (ETag, 304, gzip), HEAD,
// headers on every response, error statuses and limits, keep-alive and pipelining,
// health and metrics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';

import {
    RawConnection,
    SITE_NAME,
    get,
    promValue,
    rawExchange,
    readDemoArticles,
    request,
    startServer,
    tags,
} from '../support/masthead.mjs';

const ARTICLE = readDemoArticles()[0].path;
const SECURITY_HEADERS = {
    'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
};

function assertSecurityHeaders(r, what) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        assert.equal(r.headers.get(name), value, `${what}: ${name}`);
    }
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f]{16}$/, `${what}: X-Request-Id`);
    assert.match(r.headers.get('date') ?? '', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
}

/** An error answer: an HTML page in the site's design, not cached, hiding internals. */
function assertErrorPage(r, status, what) {
    assert.equal(r.status, status, `${what}: status`);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', `${what}: type`);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${what}: Cache-Control`);
    const html = r.text();
    assert.match(html, new RegExp(SITE_NAME), `${what}: in the site's design`);
    assert.ok(tags(html, 'a').some((a) => a.attrs.get('href') === '/'), `${what}: links to the front page`);
    assert.doesNotMatch(html, /sqlite|exception|what\(\)|boost|beast|asio|\.cpp|\/work\/|\/tmp\/|\/home\//i, `${what}: leaks internals`);
    assertSecurityHeaders(r, what);
}

describe('HTTP', () => {
    let server;
    before(async () => {
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
    });

    it('pages have an ETag, Cache-Control and Vary, and answer 304 to If-None-Match', async () => {
        // Article pages carry the comment box, which differs for signed-in readers: they are
        // revalidated on every use and shared caches key them on the cookie too.
        const cacheControl = (target) => (target === ARTICLE ? 'public, no-cache' : 'public, max-age=60');
        const vary = (target) => (target === ARTICLE ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
        for (const target of ['/', '/opinion', ARTICLE, `${ARTICLE}/print`]) {
            const r = await get(server.url, target);
            const etag = r.headers.get('etag');
            assert.match(etag, /^"[0-9a-f]{16}"$/, `${target}: ETag`);
            assert.equal(r.headers.get('cache-control'), cacheControl(target));
            assert.equal(r.headers.get('vary'), vary(target));
            assert.equal(r.headers.get('content-encoding'), undefined);

            const again = await request(server.url, target, { headers: { 'If-None-Match': etag } });
            assert.equal(again.status, 304, `${target}: 304 for its own ETag`);
            assert.equal(again.body.length, 0);
            assert.equal(again.headers.get('etag'), etag);
            assert.equal(again.headers.get('cache-control'), cacheControl(target));
            assert.equal(again.headers.get('vary'), vary(target));
            assertSecurityHeaders(again, `${target} 304`);

            for (const inm of [`W/${etag}`, `"0000000000000000", ${etag}`, '*']) {
                const r3 = await request(server.url, target, { headers: { 'If-None-Match': inm } });
                assert.equal(r3.status, 304, `${target}: If-None-Match: ${inm}`);
            }
            const other = await request(server.url, target, { headers: { 'If-None-Match': '"0000000000000000"' } });
            assert.equal(other.status, 200, `${target}: another ETag gets the page`);
        }
    });

    it('gzip: Accept-Encoding gzip gets a gzip body with its own ETag, which decodes to the plain page', async () => {
        for (const target of ['/', ARTICLE, '/national']) {
            const plain = await get(server.url, target);
            const gz = await get(server.url, target, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
            assert.equal(gz.headers.get('content-encoding'), 'gzip', target);
            assert.equal(gz.headers.get('vary'), target === ARTICLE ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
            assert.equal(Number(gz.headers.get('content-length')), gz.body.length);
            assert.ok(gz.body.length < plain.body.length, `${target}: gzip is smaller`);
            assert.deepEqual(gunzipSync(gz.body), plain.body, `${target}: gunzip(gzip body) = plain body`);
            // A page made on a miss is compressed at the fastest level ("-gz1"); once read
            // often (32 times: kImproveAfter, web/page_cache.h) it is compressed again at the
            // best level ("-gz"), a validator of its own.
            const tag = plain.headers.get('etag').replace(/"$/, '');
            assert.match(gz.headers.get('etag'), new RegExp(`^${tag}-gz1?"$`), `${target}: gzip ETag`);
            let etag = gz.headers.get('etag');
            for (let i = 0; i < 40 && etag !== `${tag}-gz"`; i++) {
                const again = await get(server.url, target, { headers: { 'Accept-Encoding': 'gzip' } });
                assert.deepEqual(gunzipSync(again.body), plain.body, `${target}: the best level decodes alike`);
                etag = again.headers.get('etag');
            }
            assert.equal(etag, `${tag}-gz"`, `${target}: a page read often is at the best level`);

            const r304 = await request(server.url, target, {
                headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag },
            });
            assert.equal(r304.status, 304, `${target}: 304 for the gzip ETag`);
            assert.equal(r304.body.length, 0);
            assert.equal(r304.headers.get('etag'), etag);
        }
    });

    it('gzip is not sent when the client refuses it', async () => {
        for (const ae of ['identity', 'gzip;q=0', 'gzip; q=0.000, identity', 'deflate, br', '']) {
            const headers = ae ? { 'Accept-Encoding': ae } : {};
            const r = await get(server.url, '/', { headers });
            assert.equal(r.headers.get('content-encoding'), undefined, `Accept-Encoding: ${ae}`);
            assert.match(r.text(), /^<!doctype html>/);
        }
        for (const ae of ['GZIP', 'br;q=1.0, gzip;q=0.5', '*']) {
            const r = await get(server.url, '/', { headers: { 'Accept-Encoding': ae } });
            assert.equal(r.headers.get('content-encoding'), 'gzip', `Accept-Encoding: ${ae}`);
        }
    });

    it('gzip is sent when gzip is named even though "*" is refused (RFC 9110 12.5.3)', async () => {
        const r = await get(server.url, '/', { headers: { 'Accept-Encoding': '*;q=0, gzip' } });
        assert.equal(r.headers.get('content-encoding'), 'gzip', 'Accept-Encoding: *;q=0, gzip');
    });

    it('HEAD has the headers of GET and no body', async () => {
        for (const [target, headers] of [
            ['/', {}],
            [ARTICLE, { 'Accept-Encoding': 'gzip' }],
            ['/healthz', {}],
            ['/nowhere', {}],
        ]) {
            const g = await request(server.url, target, { headers });
            const h = await request(server.url, target, { method: 'HEAD', headers });
            assert.equal(h.status, g.status, `HEAD ${target}: status`);
            assert.equal(h.body.length, 0, `HEAD ${target}: no body`);
            for (const name of ['content-type', 'content-length', 'etag', 'cache-control', 'content-encoding', 'vary']) {
                assert.equal(h.headers.get(name), g.headers.get(name), `HEAD ${target}: ${name}`);
            }
        }
        // Nothing follows the HEAD answer on the connection: the next response parses cleanly.
        const { responses } = await rawExchange(
            server.port,
            'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
            { responses: 2 },
        );
        assert.deepEqual(responses.map((r) => r.status), [200, 200]);
        assert.equal(responses[1].text(), 'ok\n');
    });

    it('every response has the security headers and a request id of its own', async () => {
        const seen = new Set();
        const check = (r, what) => {
            assertSecurityHeaders(r, what);
            const id = r.headers.get('x-request-id');
            assert.ok(!seen.has(id), `${what}: request id ${id} is not reused`);
            seen.add(id);
        };
        for (const target of ['/', ARTICLE, '/healthz', '/metrics', '/robots.txt', '/favicon.ico', '/nowhere', '/opinion?page=0']) {
            check(await request(server.url, target), target);
        }
        const css = tags((await get(server.url, '/')).text(), 'link').find((l) => l.attrs.get('rel') === 'stylesheet');
        check(await request(server.url, css.attrs.get('href')), 'static css');
        const etag = (await get(server.url, '/')).headers.get('etag');
        seen.clear();
        check(await request(server.url, '/', { headers: { 'If-None-Match': etag } }), '304');
        check(await request(server.url, '/', { method: 'POST', body: 'x' }), '405');
        for (const raw of ['BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 'nonsense\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n']) {
            const { responses } = await rawExchange(server.port, raw);
            check(responses[0], JSON.stringify(raw));
        }
    });

    it('static files: hashed names are immutable, unknown names are 404', async () => {
        const html = (await get(server.url, '/')).text();
        const css = tags(html, 'link').find((l) => l.attrs.get('rel') === 'stylesheet').attrs.get('href');
        const r = await get(server.url, css);
        assert.equal(r.headers.get('content-type'), 'text/css; charset=utf-8');
        assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.ok(r.body.length > 0);
        const r304 = await request(server.url, css, { headers: { 'If-None-Match': r.headers.get('etag') } });
        assert.equal(r304.status, 304);

        const wrongHash = css.replace(/\.[0-9a-f]{12}\.css$/, '.000000000000.css');
        for (const target of [wrongHash, '/static/masthead.css', '/static/nothing.js', '/static/', '/static/../masthead.db']) {
            const nf = await request(server.url, target);
            assertErrorPage(nf, 404, target);
        }

        const favicon = await get(server.url, '/favicon.ico');
        assert.equal(favicon.headers.get('content-type'), 'image/svg+xml');
        assert.match(favicon.text(), /<svg/);
        const robots = await get(server.url, '/robots.txt');
        assert.equal(robots.headers.get('content-type'), 'text/plain; charset=utf-8');
        assert.match(robots.text(), /^User-agent: \*$/m);
        assert.match(robots.text(), /^Disallow: \/\*\/print$/m);
    });

    it('/healthz answers "ok"', async () => {
        const r = await get(server.url, '/healthz');
        assert.equal(r.text(), 'ok\n');
        assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
        assert.equal(r.headers.get('cache-control'), 'no-store');
    });

    it('/metrics counts requests by route and status, with a latency histogram', async () => {
        const metrics = async () => {
            const r = await get(server.url, '/metrics');
            assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
            assert.equal(r.headers.get('cache-control'), 'no-store');
            return r.text();
        };
        const total = (text, route, status) =>
            promValue(text, 'masthead_http_requests_total', { route, status });
        const before = await metrics();
        await get(server.url, '/healthz');
        await get(server.url, '/robots.txt');
        await get(server.url, '/robots.txt');
        await get(server.url, '/national/no-such-story', { status: 404 });
        const after = await metrics();
        assert.equal(total(after, 'healthz', '200') - total(before, 'healthz', '200'), 1);
        assert.equal(total(after, 'robots', '200') - total(before, 'robots', '200'), 2);
        assert.equal(total(after, 'page', '404') - total(before, 'page', '404'), 1);
        assert.equal(total(after, 'metrics', '200') - total(before, 'metrics', '200'), 1, 'the first /metrics');

        assert.match(after, /^# TYPE masthead_http_requests_total counter$/m);
        assert.match(after, /^# TYPE masthead_http_request_duration_seconds histogram$/m);
        const buckets = [...after.matchAll(/^masthead_http_request_duration_seconds_bucket\{route="robots",le="([^"]+)"\} (\d+)$/gm)];
        assert.ok(buckets.length >= 2, 'robots has histogram buckets');
        assert.equal(buckets.at(-1)[1], '+Inf');
        for (let i = 1; i < buckets.length; ++i) {
            assert.ok(Number(buckets[i][2]) >= Number(buckets[i - 1][2]), 'buckets are cumulative');
        }
        const count = promValue(after, 'masthead_http_request_duration_seconds_count', { route: 'robots' });
        assert.equal(count, Number(buckets.at(-1)[2]), '_count = +Inf bucket');
        assert.ok(count >= 2);
    });
});

describe('HTTP errors', () => {
    let server;
    before(async () => {
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
    });

    /** Sends `raw` on a new connection: the one response and whether the server closed. */
    const exchange = async (raw, { closeWaitMs = 3000 } = {}) => {
        const { responses, closed } = await rawExchange(server.port, raw, { closeWaitMs });
        assert.equal(responses.length, 1, `one response to ${JSON.stringify(raw.slice(0, 80))}`);
        return { r: responses[0], closed };
    };

    it('404 for an unknown address, the connection stays open', async (t) => {
        const c = await RawConnection.open(server.port, { t });
        c.write('GET /no/such/thing HTTP/1.1\r\nHost: x\r\n\r\n');
        assertErrorPage(await c.readResponse(), 404, '404');
        c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.equal((await c.readResponse()).status, 200, 'the connection is still usable');
    });

    it('405 with Allow: GET, HEAD for POST, PUT, DELETE and OPTIONS on pages', async () => {
        for (const [method, target] of [['POST', '/'], ['PUT', ARTICLE], ['DELETE', '/national'], ['PATCH', '/healthz'], ['OPTIONS', '/']]) {
            const r = await request(server.url, target, { method, body: method === 'OPTIONS' ? undefined : 'a=1' });
            assertErrorPage(r, 405, `${method} ${target}`);
            assert.equal(r.headers.get('allow'), 'GET, HEAD', `${method} ${target}: Allow`);
        }
    });

    it('501 for a method the server does not know', async () => {
        const { r } = await exchange('BREW / HTTP/1.1\r\nHost: x\r\n\r\n', { closeWaitMs: 0 });
        assertErrorPage(r, 501, 'BREW');
    });

    it('400 and close for malformed requests', async () => {
        const cases = {
            'no request line': 'nonsense\r\n\r\n',
            'bad header line': 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
            'HTTP/1.1 without Host': 'GET / HTTP/1.1\r\n\r\n',
            'invalid UTF-8 in the path': 'GET /%ff HTTP/1.1\r\nHost: x\r\n\r\n',
            'overlong UTF-8 in the path': 'GET /%c0%af HTTP/1.1\r\nHost: x\r\n\r\n',
            'NUL in the path': 'GET /national%00 HTTP/1.1\r\nHost: x\r\n\r\n',
            'absolute-form target': 'GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n',
            'unknown version': 'GET / HTTP/2.0\r\nHost: x\r\n\r\n',
            'Content-Length and chunked': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
            'two Content-Lengths': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
        };
        for (const [what, raw] of Object.entries(cases)) {
            const { r, closed } = await exchange(raw);
            assertErrorPage(r, 400, what);
            assert.equal(r.headers.get('connection'), 'close', `${what}: Connection: close`);
            assert.ok(closed, `${what}: the server closes the connection`);
        }
    });

    it('400 for a request with two Host headers (RFC 9112 3.2)', async () => {
        const { r } = await exchange('GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n', { closeWaitMs: 0 });
        assert.equal(r.status, 400);
    });

    it('413 when Content-Length is over max_body_bytes; 431 when headers are over max_header_bytes', async () => {
        const big = await exchange(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${1048576 + 1}\r\n\r\n`);
        assertErrorPage(big.r, 413, '413');
        assert.ok(big.closed, '413 closes');
        const headers = await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(17000)}\r\n\r\n`);
        assertErrorPage(headers.r, 431, '431');
        assert.ok(headers.closed, '431 closes');
        const fits = await request(server.url, '/healthz', { headers: { 'X-Filler': 'a'.repeat(15000) } });
        assert.equal(fits.status, 200, 'a header block under 16 KiB is fine');
    });

    it('431 when many short header lines add up to more than max_header_bytes', async () => {
        // 1,200 lines of 17 bytes: a 20,434-byte header block against the default 16,384.
        const raw = `GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-A: 0123456789\r\n'.repeat(1200)}\r\n`;
        const { r } = await exchange(raw, { closeWaitMs: 0 });
        assert.equal(r.status, 431, `a ${raw.length}-byte header block`);
    });
});

describe('HTTP connections', () => {
    let server;
    before(async () => {
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
    });

    it('keep-alive: one connection serves several requests in turn', async (t) => {
        const c = await RawConnection.open(server.port, { t });
        const bodies = [];
        for (const target of ['/healthz', '/', ARTICLE, '/nowhere', '/healthz']) {
            c.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
            const r = await c.readResponse();
            assert.equal(r.headers.get('connection'), undefined, `${target}: no Connection: close`);
            bodies.push([target, r.status]);
        }
        assert.deepEqual(bodies, [['/healthz', 200], ['/', 200], [ARTICLE, 200], ['/nowhere', 404], ['/healthz', 200]]);
        assert.equal(c.closed, false);
        c.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        const last = await c.readResponse();
        assert.equal(last.headers.get('connection'), 'close');
        assert.ok(await c.waitClosed(3000), 'closes after Connection: close');
    });

    it('pipelining: requests written at once are answered in order', async () => {
        const raw =
            'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' +
            `HEAD ${ARTICLE} HTTP/1.1\r\nHost: x\r\n\r\n` +
            'GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n' +
            'GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n' +
            'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
        const { responses, closed } = await rawExchange(server.port, raw, { responses: 5, closeWaitMs: 3000 });
        assert.deepEqual(responses.map((r) => r.status), [200, 200, 200, 404, 200]);
        assert.equal(responses[0].text(), 'ok\n');
        assert.equal(responses[1].body.length, 0);
        assert.ok(Number(responses[1].headers.get('content-length')) > 1000, 'HEAD tells the article length');
        assert.match(responses[2].text(), /^User-agent: \*/);
        assert.match(responses[4].text(), /^<!doctype html>/);
        assert.ok(closed, 'closed after the last (Connection: close)');
        const ids = responses.map((r) => r.headers.get('x-request-id'));
        assert.equal(new Set(ids).size, 5, 'each response has its own request id');
    });

    it('pipelining: the body of a refused POST is not read as the next request', async () => {
        const body = 'GET /nowhere HTTP/1.1\r\n\r\nab';
        const raw =
            `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
            'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
        const { responses } = await rawExchange(server.port, raw, { responses: 2 });
        assert.deepEqual(responses.map((r) => r.status), [405, 200]);
        assert.equal(responses[1].text(), 'ok\n');
    });

    it('HTTP/1.0: closes unless asked to keep alive, and says so when it keeps alive', async (t) => {
        const { responses, closed } = await rawExchange(server.port, 'GET /healthz HTTP/1.0\r\n\r\n', { closeWaitMs: 3000 });
        assert.equal(responses[0].status, 200);
        assert.equal(responses[0].headers.get('connection'), 'close');
        assert.ok(closed, 'HTTP/1.0 closes by default');

        // An HTTP/1.0 client keeps the connection only if the answer says "keep-alive"
        // (RFC 9112 9.3); otherwise it waits for the close that never comes.
        const c = await RawConnection.open(server.port, { t });
        c.write('GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
        const r = await c.readResponse();
        assert.equal(r.status, 200);
        const conn = (r.headers.get('connection') ?? '').toLowerCase();
        if (conn === 'close') {
            assert.ok(await c.waitClosed(3000), 'says close and closes');
        } else {
            assert.equal(conn, 'keep-alive', 'a kept HTTP/1.0 connection is announced with Connection: keep-alive');
        }
    });

    it('many clients at once each get their own pages', async () => {
        const paths = readDemoArticles().map((a) => a.path);
        const client = async (i) => {
            const c = await RawConnection.open(server.port);
            try {
                const out = [];
                for (let k = 0; k < 3; ++k) {
                    const target = paths[(i + k) % paths.length];
                    c.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n${k % 2 ? 'Accept-Encoding: gzip\r\n' : ''}\r\n`);
                    const r = await c.readResponse({ deadlineMs: 15000 });
                    const html = (r.headers.get('content-encoding') === 'gzip' ? gunzipSync(r.body) : r.body).toString();
                    const canonical = tags(html, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href');
                    out.push([r.status, new URL(canonical).pathname === target]);
                }
                return out;
            } finally {
                c.destroy();
            }
        };
        const results = await Promise.all(Array.from({ length: 24 }, (_, i) => client(i)));
        assert.deepEqual(results.flat(), Array(72).fill([200, true]));
    });
});

describe('HTTP requests that arrive in pieces', () => {
    let server;
    before(async () => {
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
    });

    it('a request that arrives in pieces (a slow client, small TCP segments) is answered', async (t) => {
        const cases = [
            ['GET /heal', 'thz HTTP/1.1\r\nHost: x\r\n\r\n', 200],
            ['GET /healthz HTTP/1.1\r\nHo', 'st: x\r\n\r\n', 200],
            ['GET /healthz HTTP/1.1\r\nHost: x\r\n', '\r\n', 200],
            ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234', '56789', 405],
        ];
        for (const [first, rest, status] of cases) {
            const c = await RawConnection.open(server.port, { t });
            c.write(first);
            // A full round trip on another connection gives the server time to read the first
            // piece on its own.
            assert.equal((await request(server.url, '/healthz')).status, 200, 'the server is up');
            c.write(rest);
            const r = await c.readResponse();
            assert.equal(r.status, status, JSON.stringify(first + rest));
            c.destroy();
        }
        assert.equal((await request(server.url, '/healthz')).status, 200, 'the server is still up');
    });
});

describe('HTTP limits and timeouts from the configuration', () => {
    let server;
    before(async () => {
        server = await startServer({
            config: [
                'server:',
                '  max_header_bytes: 2048',
                '  max_body_bytes: 1024',
                '  header_timeout_ms: 400',
                '  idle_timeout_ms: 600',
                '',
            ].join('\n'),
        });
    });
    after(async () => {
        await server?.stop();
    });

    it('an idle keep-alive connection is closed after idle_timeout_ms', async (t) => {
        const c = await RawConnection.open(server.port, { t });
        c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.equal((await c.readResponse()).status, 200);
        const started = Date.now();
        assert.ok(await c.waitClosed(5000), 'the server closes the idle connection');
        const took = Date.now() - started;
        assert.ok(took >= 400 && took < 3000, `closed after ${took} ms (idle_timeout_ms 600)`);
        assert.equal((await request(server.url, '/healthz')).status, 200, 'the server is still up');
    });

    it('max_header_bytes and max_body_bytes', async () => {
        const ok = await request(server.url, '/healthz', { headers: { 'X-Filler': 'a'.repeat(1500) } });
        assert.equal(ok.status, 200);
        const r431 = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(3000)}\r\n\r\n`);
        assert.equal(r431.responses[0].status, 431);
        assert.match(r431.responses[0].text(), /larger than 2048 bytes/);
        const small = await request(server.url, '/', { method: 'POST', body: 'a'.repeat(1000) });
        assert.equal(small.status, 405, 'a body under the limit reaches routing');
        const r413 = await rawExchange(server.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n${'a'.repeat(2000)}`);
        assert.equal(r413.responses[0].status, 413);
        const chunk = 'a'.repeat(2000);
        const chunked = await rawExchange(
            server.port,
            `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
        );
        assert.equal(chunked.responses[0].status, 413, 'a chunked body over the limit');
    });

    it('a client that never finishes its headers is cut off after header_timeout_ms', async (t) => {
        const c = await RawConnection.open(server.port, { t });
        const started = Date.now();
        c.write('GET / HTTP/1.1\r\nHost: x\r\n');
        assert.ok(await c.waitClosed(5000), 'the server closes the connection');
        const took = Date.now() - started;
        assert.ok(took >= 300 && took < 3000, `closed after ${took} ms (header_timeout_ms 400)`);
        assert.equal((await request(server.url, '/healthz')).status, 200, 'the server is still up');
    });
});
