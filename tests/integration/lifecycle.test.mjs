// The server as a process: start-up (configuration, data folder), content changes made by
// another process, the access log, and stopping on SIGTERM/SIGINT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import {
    RawConnection,
    articleFile,
    element,
    get,
    makeTempDir,
    request,
    runImport,
    runMasthead,
    startOrExit,
    startServer,
    textOf,
    waitFor,
    withDeadline,
    writeConfig,
    writeFileIn,
} from '../support/masthead.mjs';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True once nothing accepts connections on `port` any more. */
function refuses(port) {
    return new Promise((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' });
        s.once('connect', () => {
            s.destroy();
            resolve(false);
        });
        s.once('error', () => resolve(true));
    });
}

/**
 * Sends half a request, SIGTERMs the server, waits until it stops accepting, then sends the
 * rest; returns the connection and the response. Run it against a server with one worker
 * thread: a completed request on the same connection proves the connection was accepted, and
 * a round trip on a second connection, answered by the same thread after the half request
 * arrived, lets that thread read the half request before the signal is even sent.
 */
async function finishRequestDuringShutdown(t, server, target = '/healthz', extra = '') {
    const c = await RawConnection.open(server.port, { t });
    c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await c.readResponse()).status, 200);
    c.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}`);
    assert.equal((await request(server.url, '/healthz')).status, 200);
    server.signal('SIGTERM');
    await waitFor(() => refuses(server.port), 5000, { message: 'the listener to close after SIGTERM' });
    c.write('\r\n');
    return { c, response: await c.readResponse({ deadlineMs: 5000 }) };
}

const ONE_THREAD = 'server:\n  threads: 1\n';

describe('data folder and content changes', () => {
    it('a new data folder gets the demo articles once; a restart keeps what was imported', async (t) => {
        const dir = await makeTempDir(t);
        const dataDir = path.join(dir, 'data');
        const first = await startServer({ t, dataDir });
        assert.equal(first.stdout[0], `masthead: new data folder ${dataDir}: added 14 demo articles`);
        // What the dictionary loaded (tests/integration/dictionary.test.mjs checks that line).
        assert.match(first.stdout[1], /^masthead: dictionary: /);
        assert.equal(
            first.stdout[2],
            `masthead: serving http://127.0.0.1:${first.port}/ (data ${dataDir}, public address http://127.0.0.1:${first.port}/)`,
        );
        await get(first.url, '/national/seoul-night-buses-second-life');
        await first.stop();
        assert.equal(first.stdout.at(-1), 'masthead: stopped');

        const file = await writeFileIn(
            dir,
            'while-down.md',
            articleFile({ headline: 'Imported while the site was down', section: 'Sports', published: '2026-11-26T09:00:00+09:00' }),
        );
        const imported = await runImport(dataDir, [file]);
        assert.deepEqual(imported, { code: 0, signal: null, stdout: '/sports/imported-while-the-site-was-down\n', stderr: '' });

        const second = await startServer({ t, dataDir });
        assert.ok(!second.stdout.some((l) => l.includes('demo articles')), 'no demo articles the second time');
        await get(second.url, '/sports/imported-while-the-site-was-down');
        await get(second.url, '/national/seoul-night-buses-second-life');
        const home = (await get(second.url, '/')).text();
        assert.equal((home.match(/href="\/national\/seoul-night-buses-second-life"/g) ?? []).length, 1, 'demo articles are not doubled');
        await second.stop();
    });

    it('a data folder made by `masthead user add` still gets the demo articles at the first start', async (t) => {
        const dir = await makeTempDir(t);
        const dataDir = path.join(dir, 'data');
        const added = await runMasthead(['user', 'add', '--data', dataDir, 'adm.kim', '--role', 'admin'], {
            t,
            stdin: 'a long enough password\n',
        });
        assert.equal(added.code, 0, added.stderr);
        const server = await startServer({ t, dataDir });
        assert.equal(server.stdout[0], `masthead: empty data folder ${dataDir}: added 14 demo articles`);
        await get(server.url, '/national/seoul-night-buses-second-life');
        await server.stop();
        const again = await startServer({ t, dataDir });
        assert.ok(!again.stdout.some((l) => l.includes('demo articles')), 'not the second time');
        await again.stop();
    });

    it('a running server shows an import made by another process within a few seconds', async (t) => {
        const dir = await makeTempDir(t);
        const server = await startServer({ t, dataDir: path.join(dir, 'data') });
        const before = await get(server.url, '/');
        assert.doesNotMatch(before.text(), /Sports/);
        const file = await writeFileIn(
            dir,
            'sports.md',
            articleFile({ headline: 'Ulsan win the K League title on the final day', section: 'Sports', published: '2026-11-30T09:00:00+09:00' }),
        );
        const r = await runImport(server.dataDir, [file]);
        assert.equal(r.code, 0, r.stderr);
        const address = r.stdout.trim();
        assert.equal(address, '/sports/ulsan-win-the-k-league-title-on-the-final-day');
        const page = await waitFor(
            async () => {
                const p = await request(server.url, address);
                return p.status === 200 ? p : false;
            },
            5000,
            { message: `${address} to be served`, intervalMs: 100 },
        );
        assert.equal(textOf(element(page.text(), 'h1').inner), 'Ulsan win the K League title on the final day');
        const home = await get(server.url, '/');
        assert.match(element(home.text(), 'section', /class="lead-story"/).inner, new RegExp(escapeRe(address)));
        assert.match(element(home.text(), 'nav', /class="site-nav"/).inner, /<a href="\/sports">Sports<\/a>/);
        assert.notEqual(home.headers.get('etag'), before.headers.get('etag'));
        await server.stop();
    });
});

describe('stopping', () => {
    it('SIGTERM with idle keep-alive connections: exits 0 promptly and closes them', async (t) => {
        const server = await startServer({ t });
        const conns = [];
        for (let i = 0; i < 3; ++i) {
            const c = await RawConnection.open(server.port, { t });
            c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
            assert.equal((await c.readResponse()).status, 200);
            conns.push(c);
        }
        const { elapsedMs } = await server.stop();
        assert.ok(elapsedMs < 3000, `stopped in ${elapsedMs} ms (idle_timeout is 60 s)`);
        assert.equal(server.stdout.at(-1), 'masthead: stopped');
        for (const c of conns) {
            assert.ok(await c.waitClosed(2000), 'the server closed the idle connection');
        }
    });

    it('SIGTERM right after the "serving" line stops gracefully too', async (t) => {
        // A supervisor may stop the server as soon as it reports ready. Several tries: the
        // window between the line and the signal handler is short.
        const outcomes = [];
        for (let i = 0; i < 5; ++i) {
            const server = await startServer({ t });
            server.signal('SIGTERM');
            const r = await withDeadline(server.exited, 10000, 'exit after SIGTERM');
            outcomes.push(r.signal ?? `exit ${r.code}`);
        }
        assert.deepEqual(outcomes, Array(5).fill('exit 0'), 'killed by the signal instead of stopping');
    });

    it('SIGINT stops the same way', async (t) => {
        const server = await startServer({ t });
        await get(server.url, '/healthz');
        server.signal('SIGINT');
        const r = await withDeadline(server.exited, 5000, 'exit after SIGINT');
        assert.deepEqual(r, { code: 0, signal: null }, server.stderr());
        await waitFor(() => server.stdout.at(-1) === 'masthead: stopped', 2000, { message: '"masthead: stopped"' });
    });

    it('a request in progress when SIGTERM arrives is answered, with Connection: close', async (t) => {
        const server = await startServer({ t, config: ONE_THREAD });
        const { c, response } = await finishRequestDuringShutdown(t, server);
        assert.equal(response.status, 200);
        assert.equal(response.text(), 'ok\n');
        assert.equal(response.headers.get('connection'), 'close');
        assert.ok(await c.waitClosed(3000));
        await server.stop();
    });

    it('the access log keeps the line of a request answered during shutdown', async (t) => {
        const server = await startServer({ t, config: ONE_THREAD });
        const { response } = await finishRequestDuringShutdown(t, server, '/robots.txt', 'User-Agent: late-client\r\n');
        assert.equal(response.status, 200);
        await server.stop();
        const id = response.headers.get('x-request-id');
        assert.ok(
            server.stdout.some((l) => l.includes(` id=${id} `)),
            `an access-log line for request ${id}; stdout ends:\n${server.stdout.slice(-3).join('\n')}`,
        );
    });

    it('a client that never finishes its request holds up shutdown no longer than shutdown_grace_ms', async (t) => {
        const server = await startServer({
            t,
            config: 'server:\n  threads: 1\n  shutdown_grace_ms: 300\n  header_timeout_ms: 60000\n',
        });
        const c = await RawConnection.open(server.port, { t });
        c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.equal((await c.readResponse()).status, 200);
        c.write('GET / HTTP/1.1\r\nHost: x\r\n');
        assert.equal((await request(server.url, '/healthz')).status, 200);
        const { elapsedMs } = await server.stop({ deadlineMs: 10000 });
        assert.ok(elapsedMs < 4000, `stopped in ${elapsedMs} ms (grace 300 ms, header timeout 60 s)`);
    });
});

describe('access log', () => {
    const LINE =
        /^ts=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) id=([0-9a-f]{16}) remote=127\.0\.0\.1 method="([^"]*)" path="((?:[^"\\]|\\.)*)" route=([a-z]+) status=(\d{3}) bytes=(\d+) gzip=([01]) us=(\d+) ua="((?:[^"\\]|\\.)*)"$/;

    it('one logfmt line per request on stdout, with the X-Request-Id', async (t) => {
        const server = await startServer({ t });
        const started = Date.now();
        const cases = [
            { target: '/national?page=1', headers: { 'User-Agent': 'probe "quoted" \\ back' }, route: 'page', gzip: '0', ua: 'probe \\"quoted\\" \\\\ back' },
            { target: '/', headers: { 'Accept-Encoding': 'gzip', 'User-Agent': 'gz' }, route: 'home', gzip: '1', ua: 'gz' },
            { target: '/healthz', method: 'HEAD', headers: {}, route: 'healthz', gzip: '0', ua: '' },
            { target: '/no/such/page', headers: {}, route: 'page', gzip: '0', ua: '' },
            { target: '/', method: 'DELETE', headers: {}, route: 'unmatched', gzip: '0', ua: '' },
        ];
        for (const k of cases) {
            const r = await request(server.url, k.target, { method: k.method ?? 'GET', headers: k.headers });
            const id = r.headers.get('x-request-id');
            const line = await server.waitForLine(new RegExp(` id=${id} `), 5000);
            const m = LINE.exec(line);
            assert.ok(m, `logfmt line: ${line}`);
            const [, ts, lid, method, logPath, route, status, bytes, gzip, us, ua] = m;
            assert.equal(lid, id);
            assert.equal(method, k.method ?? 'GET');
            assert.equal(logPath, k.target);
            assert.equal(route, k.route, line);
            assert.equal(Number(status), r.status);
            assert.equal(Number(bytes), r.body.length, `bytes= is the body sent: ${line}`);
            assert.equal(gzip, k.gzip);
            assert.equal(ua, k.ua);
            assert.ok(Number(us) >= 0);
            const when = Date.parse(ts);
            assert.ok(when >= started - 2000 && when <= Date.now() + 2000, `ts in UTC: ${ts}`);
        }
        await server.stop();
    });

    it('X-Forwarded-For names the client only when it comes through a trusted proxy', async (t) => {
        const remoteOf = async (server, headers) => {
            const r = await request(server.url, '/healthz', { headers });
            const line = await server.waitForLine(new RegExp(` id=${r.headers.get('x-request-id')} `), 5000);
            return / remote=(\S+) /.exec(line)?.[1];
        };
        // By default nobody is trusted: a client cannot choose the address it is known by.
        const plain = await startServer({ t });
        assert.equal(await remoteOf(plain, { 'X-Forwarded-For': '198.51.100.7' }), '127.0.0.1');
        await plain.stop();
        // Behind a load balancer on loopback: the right-most address it did not add itself.
        const behind = await startServer({ t, config: 'server:\n  trusted_proxies: [127.0.0.1, 10.0.0.0/8]\n' });
        assert.equal(await remoteOf(behind, { 'X-Forwarded-For': '198.51.100.7' }), '198.51.100.7');
        assert.equal(await remoteOf(behind, { 'X-Forwarded-For': '6.6.6.6, 198.51.100.7, 10.1.2.3' }), '198.51.100.7');
        assert.equal(await remoteOf(behind, { 'X-Forwarded-For': 'not-an-address' }), '127.0.0.1');
        assert.equal(await remoteOf(behind, {}), '127.0.0.1');
        await behind.stop();
    });

    it('access_log: off writes none; access_log: FILE writes there instead of stdout', async (t) => {
        const dir = await makeTempDir(t);
        const quiet = await startServer({ t, config: 'server:\n  access_log: "off"\n' });
        await get(quiet.url, '/healthz');
        await quiet.stop();
        assert.deepEqual(quiet.stdout.filter((l) => l.startsWith('ts=')), []);

        const logFile = path.join(dir, 'access.log');
        const logged = await startServer({ t, config: `server:\n  access_log: ${JSON.stringify(logFile)}\n` });
        const r = await get(logged.url, '/robots.txt');
        const id = r.headers.get('x-request-id');
        await waitFor(() => existsSync(logFile) && readFileSync(logFile, 'utf8').includes(` id=${id} `), 5000, {
            message: `the line of ${id} in ${logFile}`,
        });
        const line = readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes(` id=${id} `));
        assert.match(line, LINE);
        assert.match(line, / route=robots status=200 /);
        await logged.stop();
        assert.deepEqual(logged.stdout.filter((l) => l.startsWith('ts=')), [], 'nothing on stdout');
    });
});

describe('configuration and command line', () => {
    /** Runs `serve` with a config file holding `yaml`: exit code, stderr, and whether the data
     * folder was touched. */
    async function serveWith(t, yaml) {
        const dir = await makeTempDir(t);
        const config = await writeConfig(dir, yaml);
        const dataDir = path.join(dir, 'data');
        const r = await startOrExit(['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--config', config], { t });
        return { ...r, config, dataDirExists: existsSync(dataDir) };
    }

    const bad = [
        ['an unknown key', 'site:\n  name: X\nserver:\n  bogus: 1\n', 4, /unknown key "server\.bogus"/],
        ['an unknown section', 'site:\n  name: X\nsites:\n  name: Y\n', 3, /unknown section "sites"/],
        ['a number out of range', 'server:\n  max_header_bytes: 10\n', 2, /"server\.max_header_bytes" must be a whole number from 1024/],
        ['a number that is not a number', 'site:\n  section_page_size: many\n', 2, /"site\.section_page_size" must be a whole number/],
        ['a bad listen address', 'server:\n  listen: "localhost"\n', 2, /HOST:PORT/],
        ['a section that is not a mapping', 'site: [a, b]\n', 1, /"site" must hold "key: value" lines/],
        ['invalid YAML (the line where the list opened)', 'site:\n  name: [unclosed\n  tagline: x\n', 2, /not valid YAML/],
    ];
    for (const [name, yaml, line, message] of bad) {
        it(`refuses ${name}: exit 1, "masthead: FILE:${line}: ...", before opening anything`, async (t) => {
            const r = await serveWith(t, yaml);
            assert.equal(r.serving, false, `must not start: ${r.stdout}`);
            assert.equal(r.code, 1, `exit code; stdout ${r.stdout}`);
            assert.match(r.stderr, new RegExp(`^masthead: ${escapeRe(r.config)}:${line}: `), r.stderr);
            assert.match(r.stderr, message);
            assert.doesNotMatch(r.stdout, /serving/);
            assert.equal(r.dataDirExists, false, 'the data folder is not created');
        });
    }

    it('refuses an unknown time zone naming the file, line and key', async (t) => {
        const r = await serveWith(t, 'site:\n  name: X\n  time_zone: Mars/Olympus_Mons\n');
        assert.equal(r.serving, false, 'must not start');
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`^masthead: ${escapeRe(r.config)}:3: .*time_zone`), r.stderr);
    });

    it('refuses a key given twice', async (t) => {
        const r = await serveWith(t, 'site:\n  name: First\n  name: Second\nstorage:\n  data_dir: x\n');
        assert.equal(r.serving, false, `a duplicated key is ambiguous, yet the server started:\n${r.stdout}`);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`^masthead: ${escapeRe(r.config)}:3: `), r.stderr);
    });

    it('refuses to listen on a port another program holds', async (t) => {
        const holder = net.createServer();
        await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
        t.after(() => holder.close());
        const dir = await makeTempDir(t);
        const r = await startOrExit(['serve', '--listen', `127.0.0.1:${holder.address().port}`, '--data', path.join(dir, 'data')], { t });
        assert.equal(r.serving, false, r.stdout);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+ \(bind: Address already in use\)/);
    });

    it('refuses to listen on a port a running masthead holds', async (t) => {
        const first = await startServer({ t });
        await get(first.url, '/healthz');
        const dir = await makeTempDir(t);
        const second = await startOrExit(['serve', '--listen', `127.0.0.1:${first.port}`, '--data', path.join(dir, 'data')], { t });
        assert.equal(second.serving, false, `a second server on port ${first.port} must not start and share it:\n${second.stdout}`);
        assert.equal(second.code, 1);
        assert.match(second.stderr, /cannot listen on/);
        await first.stop();
    });

    it('usage errors exit 2', async (t) => {
        const cases = [
            [['serve', '--bogus'], /unknown argument "--bogus"/],
            [['serve', '--listen'], /--listen needs a value/],
            [['serve', '--listen', 'nowhere'], /HOST:PORT/],
            [['import', 'file.md'], /--data DIR is required/],
            [['import', '--data', '/tmp/x'], /name at least one FILE/],
            [['frobnicate'], /unknown command "frobnicate"/],
            [[], /name a command/],
        ];
        for (const [args, message] of cases) {
            const r = await runMasthead(args, { t });
            assert.equal(r.code, 2, `masthead ${args.join(' ')}`);
            assert.match(r.stderr, message);
            assert.match(r.stderr, /usage:/);
        }
    });
});
