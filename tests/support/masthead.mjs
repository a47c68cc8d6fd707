// Helpers for the whole-program tests: temporary folders, the real `masthead` binary (serve
// and import), a raw HTTP/1.1 client over node:net that shows the bytes exactly as sent, and
// polling with deadlines. Every process started here is killed when its test ends or, at the
// latest, when the test process exits.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const SOURCE_DIR =
    process.env.MASTHEAD_SOURCE_DIR ??
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.MASTHEAD_BIN ?? path.join(SOURCE_DIR, 'build', 'dev', 'masthead');
export const DEMO_DIR = path.join(SOURCE_DIR, 'content', 'demo');
export const SITE_NAME = 'The Masthead Daily';

/** Processes still running and folders still on disk; the exit hook cleans up both. */
const liveProcesses = new Set();
const liveDirs = new Set();
process.on('exit', () => {
    for (const proc of liveProcesses) {
        try {
            proc.kill('SIGKILL');
        } catch {
            // already gone
        }
    }
    for (const dir of liveDirs) {
        try {
            fs.rmSync(dir, { recursive: true, force: true });
        } catch {
            // best effort at exit
        }
    }
});

/** Registers `fn` to run after the test (or suite) `t`, when one is given. */
function afterTest(t, fn) {
    if (t && typeof t.after === 'function') {
        t.after(fn);
    }
}

/** Waits until `cond()` (sync or async) returns a truthy value and returns it; throws with
 * `message` (and the last error thrown by `cond`, if any) after `deadlineMs`. */
export async function waitFor(cond, deadlineMs = 5000, { intervalMs = 50, message = 'condition' } = {}) {
    const end = Date.now() + deadlineMs;
    let lastError;
    for (;;) {
        try {
            const value = await cond();
            if (value) {
                return value;
            }
        } catch (e) {
            lastError = e;
        }
        if (Date.now() >= end) {
            throw new Error(
                `timed out after ${deadlineMs} ms waiting for ${message}` +
                    (lastError ? ` (last error: ${lastError.message})` : ''),
            );
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export async function withDeadline(promise, ms, message) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/** A new empty folder under the system temp folder, removed after test `t`. */
export async function makeTempDir(t, prefix = 'masthead-test-') {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    liveDirs.add(dir);
    afterTest(t, async () => {
        await rm(dir, { recursive: true, force: true });
        liveDirs.delete(dir);
    });
    return dir;
}

/** Writes `text` (string or Buffer) to dir/name and returns the path. */
export async function writeFileIn(dir, name, text) {
    const file = path.join(dir, name);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    return file;
}

/** Writes a YAML configuration file and returns its path. */
export async function writeConfig(dir, yaml, name = 'masthead.yaml') {
    return writeFileIn(dir, name, yaml);
}

/** Builds an article file: front matter from `fields` (values written as given, so the
 * caller controls YAML quoting) and then the body. */
export function articleFile(fields, body = 'A paragraph of the story.\n') {
    const lines = ['---'];
    for (const [key, value] of Object.entries(fields)) {
        lines.push(`${key}: ${value}`);
    }
    lines.push('---');
    return lines.join('\n') + '\n' + body;
}

function trackProcess(proc, t) {
    liveProcesses.add(proc);
    const exited = new Promise((resolve) => {
        proc.once('exit', (code, signal) => {
            liveProcesses.delete(proc);
            resolve({ code, signal });
        });
    });
    afterTest(t, async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
            proc.kill('SIGKILL');
        }
        await exited;
    });
    return exited;
}

/** Runs `masthead ARGS...` to completion, `stdin` (if given) on its standard input: {code, signal, stdout, stderr}. */
export async function runMasthead(args, { t, deadlineMs = 20000, env, stdin } = {}) {
    const proc = spawn(BIN, args, {
        stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
    });
    if (stdin !== undefined) {
        proc.stdin.end(stdin);
    }
    const exited = trackProcess(proc, t);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let result;
    try {
        result = await withDeadline(exited, deadlineMs, `masthead ${args.join(' ')}`);
    } catch (e) {
        proc.kill('SIGKILL');
        throw e;
    }
    // The pipes may still hold output after 'exit'.
    if (!proc.stdout.readableEnded) {
        await once(proc.stdout, 'end');
    }
    if (!proc.stderr.readableEnded) {
        await once(proc.stderr, 'end');
    }
    return { ...result, stdout, stderr };
}

/** `masthead user add --data DIR NAME --role ROLE` with the password on stdin; asserts success. */
export async function addStaff(dataDir, { name, role, password }, { t } = {}) {
    const r = await runMasthead(['user', 'add', '--data', dataDir, name, '--role', role], { t, stdin: `${password}\n` });
    assert.equal(r.code, 0, `masthead user add ${name}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), `added ${name} (${role})`);
}

/**
 * `masthead import --data DIR FILE...`: {code, stdout, stderr}, with the summary line that
 * ends stderr (asserted to be there) taken out of `stderr` and kept as `r.summary` (not
 * enumerable, so deepEqual on {code, signal, stdout, stderr} still compares what matters).
 */
export async function runImport(dataDir, files, { t } = {}) {
    const r = await runMasthead(['import', '--data', dataDir, ...files], { t });
    const lines = r.stderr.split('\n');
    const at = lines.findLastIndex((l) => l.startsWith('masthead: import: ') && l.includes(' files in '));
    assert.ok(at >= 0, `import ends with a summary line on stderr:\n${r.stderr}`);
    const summary = lines.splice(at, 1)[0];
    const result = { code: r.code, signal: r.signal, stdout: r.stdout, stderr: lines.join('\n') };
    Object.defineProperty(result, 'summary', { value: summary, enumerable: false });
    return result;
}


/**
 * Starts `masthead serve --listen 127.0.0.1:0 --data DIR [--config FILE] ARGS...` and resolves
 * once it prints its "serving" line (20 s deadline).
 *   config: YAML text written to a temporary file, or configFile: an existing path;
 *   dataDir: a data folder (default: a new temporary folder, which gets the demo articles).
 * Returns {url, port, dataDir, proc, stdout (array of lines so far), stderr(), waitForLine,
 * stop()}. stop() sends SIGTERM, waits for the exit and asserts exit code 0.
 */
export async function startServer({ t, config, configFile, dataDir, args = [], env } = {}) {
    if (dataDir === undefined) {
        dataDir = path.join(await makeTempDir(t), 'data');
    }
    if (config !== undefined) {
        configFile = await writeConfig(await makeTempDir(t, 'masthead-config-'), config);
    }
    const argv = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir];
    if (configFile !== undefined) {
        argv.push('--config', configFile);
    }
    argv.push(...args);
    const proc = spawn(BIN, argv, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
    });
    const exited = trackProcess(proc, t);
    let exitResult = null;
    exited.then((r) => (exitResult = r));

    const lines = [];
    let partial = '';
    let stderr = '';
    const lineWaiters = new Set();
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
        partial += chunk;
        const parts = partial.split('\n');
        partial = parts.pop();
        for (const line of parts) {
            lines.push(line);
            for (const w of lineWaiters) {
                w();
            }
        }
    });
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));

    /** Resolves with the first stdout line (from index `from`) matching `re`. */
    const waitForLine = (re, deadlineMs = 5000, from = 0) =>
        new Promise((resolve, reject) => {
            const check = () => {
                for (let i = from; i < lines.length; ++i) {
                    if (re.test(lines[i])) {
                        cleanup();
                        resolve(lines[i]);
                        return true;
                    }
                }
                if (exitResult) {
                    cleanup();
                    reject(
                        new Error(
                            `masthead exited (${JSON.stringify(exitResult)}) before printing ` +
                                `a line matching ${re}\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`,
                        ),
                    );
                    return true;
                }
                return false;
            };
            const timer = setTimeout(() => {
                cleanup();
                reject(
                    new Error(
                        `no stdout line matching ${re} within ${deadlineMs} ms\nstdout:\n` +
                            `${lines.join('\n')}\nstderr:\n${stderr}`,
                    ),
                );
            }, deadlineMs);
            const waiter = () => check();
            const cleanup = () => {
                clearTimeout(timer);
                lineWaiters.delete(waiter);
            };
            lineWaiters.add(waiter);
            exited.then(() => setImmediate(check));
            check();
        });

    let servingLine;
    let port;
    try {
        servingLine = await waitForLine(/^masthead: serving /, 20000);
        // The line shows the address listened on first (then the public base_url).
        const m = /^masthead: serving http:\/\/127\.0\.0\.1:(\d+)\/ /.exec(servingLine);
        assert.ok(m, `unexpected serving line: ${servingLine}`);
        port = Number(m[1]);
    } catch (e) {
        proc.kill('SIGKILL');
        throw e;
    }
    const server = {
        url: `http://127.0.0.1:${port}`,
        port,
        dataDir,
        proc,
        stdout: lines,
        stderr: () => stderr,
        exited,
        waitForLine,
        signalled: false,
        /** Sends `sig` (once per server: a second SIGTERM during shutdown may kill it). */
        signal(sig) {
            server.signalled = true;
            proc.kill(sig);
        },
        /** SIGTERM (unless a signal was already sent), then waits (deadline) for the exit;
         * asserts exit code 0. */
        async stop({ deadlineMs = 15000 } = {}) {
            const started = Date.now();
            if (exitResult === null && !server.signalled) {
                server.signal('SIGTERM');
            }
            const r = await withDeadline(exited, deadlineMs, 'masthead to exit after SIGTERM');
            if (!proc.stdout.readableEnded) {
                await once(proc.stdout, 'end');
            }
            assert.deepEqual(
                r,
                { code: 0, signal: null },
                `masthead should exit 0 after SIGTERM; stderr:\n${stderr}`,
            );
            return { ...r, elapsedMs: Date.now() - started };
        },
    };
    return server;
}

/** Parses HTTP/1.1 responses (Content-Length framed, as masthead sends them) from a byte
 * stream. */
class ResponseParser {
    constructor() {
        this.buffer = Buffer.alloc(0);
    }

    push(chunk) {
        this.buffer = Buffer.concat([this.buffer, chunk]);
    }

    /** Returns the next complete response, or null if more bytes are needed. `isHead`: the
     * request was HEAD, so the response has no body whatever its Content-Length says. */
    next(isHead) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) {
            return null;
        }
        const headText = this.buffer.subarray(0, end).toString('latin1');
        const [statusLine, ...fieldLines] = headText.split('\r\n');
        const m = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(statusLine);
        if (!m) {
            throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
        }
        const status = Number(m[2]);
        const headers = new Map();
        const rawHeaders = [];
        for (const line of fieldLines) {
            const colon = line.indexOf(':');
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            rawHeaders.push([name, value]);
            headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
        }
        const bodyless = isHead || status === 204 || status === 304 || (status >= 100 && status < 200);
        let length = 0;
        if (!bodyless) {
            if (headers.get('transfer-encoding')) {
                throw new Error('chunked responses are not expected from masthead');
            }
            if (!headers.has('content-length')) {
                throw new Error(`response ${status} has neither Content-Length nor an empty body`);
            }
            length = Number(headers.get('content-length'));
        }
        const start = end + 4;
        if (this.buffer.length < start + length) {
            return null;
        }
        const body = Buffer.from(this.buffer.subarray(start, start + length));
        this.buffer = this.buffer.subarray(start + length);
        return {
            version: m[1],
            status,
            reason: m[3],
            headers,
            rawHeaders,
            body,
            text: () => body.toString('utf8'),
        };
    }
}

/**
 * One TCP connection to the server, for keep-alive, pipelining and malformed requests.
 *   const c = await RawConnection.open(port);
 *   c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
 *   const r = await c.readResponse();
 */
export class RawConnection {
    static async open(port, { t } = {}) {
        const socket = net.connect({ port, host: '127.0.0.1' });
        await withDeadline(once(socket, 'connect'), 5000, `connect to port ${port}`);
        const c = new RawConnection(socket);
        afterTest(t, () => c.destroy());
        return c;
    }

    constructor(socket) {
        this.socket = socket;
        this.parser = new ResponseParser();
        this.closed = false;
        this.error = null;
        this.wake = () => {};
        socket.on('data', (chunk) => {
            this.parser.push(chunk);
            this.wake();
        });
        socket.on('error', (e) => {
            this.error = e;
            this.wake();
        });
        socket.on('close', () => {
            this.closed = true;
            this.wake();
        });
        this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    }

    write(bytes) {
        this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    }

    /** The next response; rejects if the connection closes first or after the deadline. */
    async readResponse({ head = false, deadlineMs = 5000 } = {}) {
        const end = Date.now() + deadlineMs;
        for (;;) {
            const r = this.parser.next(head);
            if (r) {
                return r;
            }
            if (this.closed || this.error) {
                throw new Error(
                    `connection ${this.error ? `failed (${this.error.code})` : 'closed'} before a ` +
                        `complete response; ${this.parser.buffer.length} bytes unparsed: ` +
                        JSON.stringify(this.parser.buffer.subarray(0, 200).toString('latin1')),
                );
            }
            const left = end - Date.now();
            if (left <= 0) {
                throw new Error(
                    `no complete response within ${deadlineMs} ms; got ` +
                        JSON.stringify(this.parser.buffer.subarray(0, 200).toString('latin1')),
                );
            }
            await new Promise((resolve) => {
                const timer = setTimeout(resolve, left);
                this.wake = () => {
                    clearTimeout(timer);
                    this.wake = () => {};
                    resolve();
                };
            });
        }
    }

    /** Resolves true once the server has closed the connection (false after the deadline). */
    async waitClosed(deadlineMs = 5000) {
        try {
            await withDeadline(this.closedPromise, deadlineMs, 'connection close');
            return true;
        } catch {
            return false;
        }
    }

    /** Bytes received after the last parsed response. */
    get unparsed() {
        return this.parser.buffer;
    }

    destroy() {
        this.socket.destroy();
    }
}

/** Methods of the requests in `bytes`, in order (request lines at the start of a line). */
function requestMethods(bytes) {
    const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
    return [...text.matchAll(/(?:^|\n)([A-Za-z]+) \S+ HTTP\/\d\.\d\r?\n/g)].map((m) => m[1]);
}

/**
 * Sends `bytes` on a new connection and collects responses until `responses` are parsed or
 * the server closes the connection (deadline). Returns {responses, closed}; `closed` tells
 * whether the server closed the connection within `closeWaitMs` after the last response.
 */
export async function rawExchange(port, bytes, { responses = 1, deadlineMs = 5000, closeWaitMs = 0, t } = {}) {
    const c = await RawConnection.open(port, { t });
    try {
        c.write(bytes);
        const methods = requestMethods(bytes);
        const out = [];
        const end = Date.now() + deadlineMs;
        while (out.length < responses) {
            try {
                out.push(
                    await c.readResponse({
                        head: (methods[out.length] ?? '').toUpperCase() === 'HEAD',
                        deadlineMs: Math.max(1, end - Date.now()),
                    }),
                );
            } catch (e) {
                if (c.closed && c.unparsed.length === 0) {
                    break;
                }
                throw e;
            }
        }
        const closed = c.closed || (closeWaitMs > 0 && (await c.waitClosed(closeWaitMs)));
        return { responses: out, closed, unparsed: c.unparsed };
    } finally {
        c.destroy();
    }
}

/**
 * One request on its own connection ("Connection: close"), with exactly the headers given
 * (plus Host). Returns the parsed response: {status, headers (Map, lower-case names), body
 * (Buffer), text()}.
 */
export async function request(base, target, { method = 'GET', headers = {}, body } = {}) {
    const port = typeof base === 'number' ? base : Number(new URL(base).port);
    const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
    const names = Object.keys(headers).map((h) => h.toLowerCase());
    for (const [name, value] of Object.entries(headers)) {
        lines.push(`${name}: ${value}`);
    }
    if (!names.includes('connection')) {
        lines.push('Connection: close');
    }
    let payload = Buffer.alloc(0);
    if (body !== undefined) {
        payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
        if (!names.includes('content-length')) {
            lines.push(`Content-Length: ${payload.length}`);
        }
    }
    const bytes = Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), payload]);
    const c = await RawConnection.open(port);
    try {
        c.write(bytes);
        return await c.readResponse({ head: method === 'HEAD', deadlineMs: 10000 });
    } finally {
        c.destroy();
    }
}

/** GET `target` and assert status `want` (default 200); returns the response. */
export async function get(base, target, { status = 200, headers } = {}) {
    const r = await request(base, target, { headers });
    assert.equal(r.status, status, `GET ${target}: status ${r.status}\n${r.text().slice(0, 500)}`);
    return r;
}

/** Decodes the HTML entities masthead and cmark emit (named basics and numeric). */
export function decodeEntities(s) {
    return s
        .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
}

/** The text of an HTML fragment: tags removed, entities decoded, white space collapsed. */
export function textOf(html) {
    return decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** Start tags named `name` in `html`: [{index, attrs (Map, decoded values), raw}]. */
export function tags(html, name) {
    const out = [];
    const re = new RegExp(`<${name}(?=[\\s>/])([^>]*)>`, 'gi');
    for (const m of html.matchAll(re)) {
        const attrs = new Map();
        for (const a of m[1].matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
            attrs.set(a[1].toLowerCase(), decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
        }
        out.push({ index: m.index, attrs, raw: m[0] });
    }
    return out;
}

/** The first element `<name ...attrs...>...</name>` whose start tag matches `attrRe`
 * (e.g. /class="breadcrumb"/): {index, inner} or null. Not for nested same-name elements. */
export function element(html, name, attrRe = /.*/) {
    const re = new RegExp(`<${name}(?=[\\s>])([^>]*)>([\\s\\S]*?)</${name}>`, 'gi');
    for (const m of html.matchAll(re)) {
        if (attrRe.test(m[1])) {
            return { index: m.index, attrs: m[1], inner: m[2], outer: m[0] };
        }
    }
    return null;
}

/** The value of <meta property=P> or <meta name=P>, decoded; undefined if absent. */
export function meta(html, key) {
    const found = tags(html, 'meta').find(
        (m) => m.attrs.get('property') === key || m.attrs.get('name') === key,
    );
    return found?.attrs.get('content');
}

/** The parsed JSON of every <script type="application/ld+json"> block. */
export function jsonLdBlocks(html) {
    return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
        (m) => JSON.parse(m[1]),
    );
}

/** Reads a counter from Prometheus text: the value of `name{labels}` or 0 if absent. */
export function promValue(text, name, labels) {
    const want = Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
    for (const line of text.split('\n')) {
        if (line.startsWith(`${name}{${want}} `)) {
            return Number(line.slice(name.length + want.length + 3));
        }
    }
    return 0;
}

/** Parses the value of one YAML front-matter line as the demo files write it. */
function yamlValue(raw) {
    const v = raw.trim();
    if (v.startsWith('"')) {
        return JSON.parse(v);
    }
    if (v.startsWith("'")) {
        return v.slice(1, -1).replace(/''/g, "'");
    }
    if (v.startsWith('[')) {
        return v
            .slice(1, -1)
            .split(',')
            .map((s) => s.trim());
    }
    return v;
}

/** The demo articles (content/demo/*.md) as {file, headline, section, published, updated,
 * slug, byline, summary, kind, tags, path, body}, from their front matter. */
export function readDemoArticles() {
    const out = [];
    for (const name of fs.readdirSync(DEMO_DIR).filter((n) => n.endsWith('.md')).sort()) {
        const text = fs.readFileSync(path.join(DEMO_DIR, name), 'utf8');
        const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
        const a = { file: name, body };
        for (const line of front.split('\n')) {
            const colon = line.indexOf(':');
            a[line.slice(0, colon)] = yamlValue(line.slice(colon + 1));
        }
        const sectionPath = a.section
            .split('/')
            .map((s) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
            .join('/');
        a.sectionPath = `/${sectionPath}`;
        a.path = `${a.sectionPath}/${a.slug}`;
        out.push(a);
    }
    return out;
}

/**
 * Runs `masthead ARGS...` (normally `serve`) that is expected to fail at start-up. Resolves
 * {code, signal, stdout, stderr, serving: false} when it exits, or {serving: true, stdout,
 * stderr} as soon as it prints its "serving" line (it is then killed), so a start-up that
 * wrongly succeeds costs no waiting.
 */
export async function startOrExit(args, { t, deadlineMs = 20000 } = {}) {
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = trackProcess(proc, t);
    let stdout = '';
    let stderr = '';
    let wake = () => {};
    proc.stdout.setEncoding('utf8').on('data', (d) => {
        stdout += d;
        wake();
    });
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const serving = new Promise((resolve) => {
        wake = () => {
            if (/^masthead: serving /m.test(stdout)) {
                resolve({ serving: true });
            }
        };
    });
    const outcome = await withDeadline(
        Promise.race([exited.then((r) => ({ ...r, serving: false })), serving]),
        deadlineMs,
        `masthead ${args.join(' ')} to exit or serve`,
    ).catch((e) => {
        proc.kill('SIGKILL');
        throw e;
    });
    if (outcome.serving) {
        proc.kill('SIGKILL');
        await exited;
        return { serving: true, stdout, stderr };
    }
    if (!proc.stdout.readableEnded) {
        await once(proc.stdout, 'end');
    }
    if (!proc.stderr.readableEnded) {
        await once(proc.stderr, 'end');
    }
    return { ...outcome, stdout, stderr };
}
