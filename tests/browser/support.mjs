// Shared helpers of the browser tests: temp folders, the masthead binary (import, serve),
// Debian's Chromium through playwright-core, and poppler's pdftotext/pdfinfo.
// Self-contained on purpose: the integration tests have their own helpers in tests/support/.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

export const SOURCE_DIR = path.resolve(process.env.MASTHEAD_SOURCE_DIR || path.join(here, '..', '..'));
export const MASTHEAD_BIN = path.resolve(
  process.env.MASTHEAD_BIN || path.join(SOURCE_DIR, 'build', 'dev', 'masthead'));
export const CHROMIUM = process.env.MASTHEAD_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(here, 'artifacts');

// The reference article page's text, which lives beside the repository (../shared), not in
// it: a fresh clone has none. MASTHEAD_REFERENCE_FILE points elsewhere.
export const REFERENCE_FILE = path.resolve(process.env.MASTHEAD_REFERENCE_FILE ||
  path.join(SOURCE_DIR, '..', 'shared', 'reference', 'seed-article-page.txt'));

/**
 * false when the reference text is there; otherwise the reason a suite that needs it is
 * skipped, printed once as "SKIPPED: ..." (ctest's SKIP_REGULAR_EXPRESSION reports the test
 * as skipped on that line).
 */
export function skipWithoutReference() {
  if (fs.existsSync(REFERENCE_FILE)) return false;
  const reason = `needs the reference page text ${REFERENCE_FILE}, which is beside the ` +
    'repository (../shared), not in a clone of it';
  console.log(`SKIPPED: ${reason}`);
  return reason;
}

// Generous for the sanitized dev build on 2 shared cores; nothing waits this long when healthy.
const SERVER_START_TIMEOUT_MS = 30_000;
const SERVER_STOP_TIMEOUT_MS = 15_000;

// Servers still running when this process exits (a crash, a runner timeout) are killed with it.
const liveServers = new Set();
process.on('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

/** A fresh temp folder; remove it with removeDir(). */
export function makeTempDir(prefix = 'masthead-browser-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir) {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes a config file that keeps the server's stdout quiet (no access log). */
export function writeQuietConfig(dir) {
  const file = path.join(dir, 'masthead.yaml');
  fs.writeFileSync(file, 'server:\n  access_log: off\n');
  return file;
}

function requireBinary() {
  if (!fs.existsSync(MASTHEAD_BIN)) {
    throw new Error(`masthead binary not found at ${MASTHEAD_BIN}: build it ` +
      '(cmake --preset dev && cmake --build --preset dev) or set MASTHEAD_BIN');
  }
}

/**
 * Runs `masthead import --data DIR FILE...` and returns the URL paths it printed, one per file.
 */
export async function importArticles(dataDir, files) {
  requireBinary();
  try {
    const { stdout } = await execFileP(MASTHEAD_BIN, ['import', '--data', dataDir, ...files],
      { timeout: 60_000 });
    return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  } catch (err) {
    throw new Error(`masthead import failed (exit ${err.code}): ${err.stderr || err.message}`);
  }
}

/**
 * Starts `masthead serve --listen 127.0.0.1:0` and resolves once it prints its address.
 * Returns { url, origin, stop() }; url has no trailing slash. stop() sends SIGTERM and
 * resolves with { code, signal, stderr } once the process has exited.
 */
export async function startServer({ dataDir, configFile } = {}) {
  requireBinary();
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir];
  if (configFile) args.push('--config', configFile);
  const child = spawn(MASTHEAD_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  liveServers.add(child);
  child.on('exit', () => liveServers.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`masthead serve did not report its address within ` +
        `${SERVER_START_TIMEOUT_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, SERVER_START_TIMEOUT_MS);
    const onData = (chunk) => {
      stdout += chunk;
      const m = stdout.match(/masthead: serving (http:\/\/\S+?)\/? \(data /);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining so the server never blocks on a full pipe
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`masthead serve exited early (code ${code}, signal ${signal})\n` +
        `stdout: ${stdout}\nstderr: ${stderr}`));
    });
  }).catch((err) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw err;
  });

  let stopping = null;
  const stop = () => {
    if (!stopping) {
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => {
          timer = setTimeout(() => resolve(null), SERVER_STOP_TIMEOUT_MS);
        });
        let result = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (result === null) {
          child.kill('SIGKILL');
          result = { ...(await exited), killed: true };
        }
        return { ...result, stderr };
      })();
    }
    return stopping;
  };
  return { url, origin: new URL(url).origin, stop, process: child };
}

/** A server on a fresh data folder (which gets the demo articles), plus its temp dir. */
export async function startDemoServer() {
  const dir = makeTempDir();
  try {
    const configFile = writeQuietConfig(dir);
    const server = await startServer({ dataDir: path.join(dir, 'data'), configFile });
    return { ...server, dir };
  } catch (err) {
    removeDir(dir);
    throw err;
  }
}

/** Launches Debian's Chromium headless. Chromium's stderr noise (dbus, dev-shm) is ignored. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup.sh (apt chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collapses every run of whitespace (including no-break spaces) into one space, and trims. */
export function normalizeSpace(text) {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Removes all whitespace and soft hyphens, to compare text across PDF line wrapping. */
export function squash(text) {
  return text.replace(/[\s\u00ad]+/gu, '');
}

/**
 * Finds each needle in haystack, in order. Returns the first needle that
 * is missing at or after the previous match, or null when all are found in order.
 */
export function firstOutOfOrder(haystack, needles) {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) {
      return { needle, from, anywhere: haystack.indexOf(needle) };
    }
    from = at + needle.length;
  }
  return null;
}

/** Writes a PDF buffer to dir/name and returns { text, pages } from pdftotext and pdfinfo. */
export async function readPdf(buffer, dir, name) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, buffer);
  const { stdout: text } = await execFileP('pdftotext', ['-enc', 'UTF-8', file, '-'],
    { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
  const { stdout: info } = await execFileP('pdfinfo', [file], { timeout: 30_000 });
  const m = info.match(/^Pages:\s+(\d+)/m);
  return { text, pages: m ? Number(m[1]) : NaN, info, file };
}

export function ensureArtifactsDir() {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return ARTIFACTS_DIR;
}

/**
 * Stops a server from startServer()/startDemoServer() and removes its temp dir (if any).
 * Returns a message when it did not exit cleanly (exit 0 after SIGTERM), else null; the
 * sanitized dev build exits non-zero when AddressSanitizer finds a leak or an error.
 */
export async function stopServer(server, dir = server?.dir) {
  if (!server) {
    removeDir(dir);
    return null;
  }
  const result = await server.stop();
  removeDir(dir);
  if (result.code === 0 && !result.killed) return null;
  return `masthead serve should exit 0 on SIGTERM; got code ${result.code}, signal ` +
    `${result.signal}${result.killed ? ' (needed SIGKILL)' : ''}\n${result.stderr}`;
}

/** axe-core violations as readable lines: rule, impact, help, and each failing node. */
export function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) =>
    `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}\n      ${n.html}`).join('\n'))
    .join('\n');
}

/** Lets queued events, timers and a frame run (for checks that something did NOT happen). */
export const settle = (page) => page.evaluate(() =>
  new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));

/**
 * A browser context for tests of the Masthead at `serverUrl`: timeouts of `deadlineMs` (20 s
 * for navigations), every request off 127.0.0.1 aborted, and on Masthead's pages every script
 * error pushed to `pageErrors` and every CSP violation (the securitypolicyviolation event, or
 * a CSP console error) to `cspReports`. `options` go to browser.newContext().
 */
export async function watchedContext(browser, { serverUrl, pageErrors, cspReports, deadlineMs }, options = {}) {
  const isMasthead = (url) => url.startsWith(serverUrl);
  const ctx = await browser.newContext(options);
  ctx.setDefaultTimeout(deadlineMs);
  ctx.setDefaultNavigationTimeout(20_000);
  await ctx.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  if (options.javaScriptEnabled !== false) {
    await ctx.exposeFunction('__reportCspViolation', (report) => {
      if (isMasthead(report.page)) cspReports.push(`${report.path}: ${report.text}`);
    });
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation({ page: location.href, path: location.pathname,
          text: `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}` });
      });
    });
  }
  ctx.on('page', (p) => {
    p.on('pageerror', (err) => { if (isMasthead(p.url())) pageErrors.push(`${p.url()}: ${err.message}`); });
    p.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/.test(msg.text()) && isMasthead(p.url())) {
        cspReports.push(`${new URL(p.url()).pathname}: console: ${msg.text()}`);
      }
    });
  });
  return ctx;
}
