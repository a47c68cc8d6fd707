// Setup step of bench/comments.sh: signs N readers in through the demo sign-in of a server
// started with `masthead serve --demo`, the way a browser does, and writes one line per reader:
//
//   mh_session cookie <TAB> the comment form's csrf token <TAB> article id
//
// For each reader: GET /login (the mh_pre cookie and the login form's csrf token), POST
// /login/demo (a new reader and session: the mh_session cookie), then GET the article page
// with that cookie and read the csrf token of its comment form (and its article id). Readers
// are spread over the articles given, in turn.
//
//   node bench/comments_readers.mjs BASE_URL COUNT CONCURRENCY OUT_FILE PATH [PATH...]
//
// Runs COUNT sign-ins CONCURRENCY at a time over keep-alive connections. Any unexpected answer
// stops it (exit status 1) with the reason on stderr. Prints "readers: N in S s (R/s)".
import http from "node:http";
import fs from "node:fs";

const [base, countArg, concArg, outFile, ...paths] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concArg);
if (!base || !(count > 0) || !(concurrency > 0) || !outFile || paths.length === 0) {
  console.error("usage: node comments_readers.mjs BASE_URL COUNT CONCURRENCY OUT_FILE PATH...");
  process.exit(2);
}
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function request(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function cookie(res, name) {
  for (const c of res.headers["set-cookie"] || []) {
    const m = c.match(new RegExp(`^${name}=([^;]*)`));
    if (m && m[1]) return m[1];
  }
  return "";
}

function csrfIn(html, form) {
  const at = html.indexOf(form);
  if (at < 0) return "";
  const m = html.slice(at, at + 2000).match(/name="csrf" value="([^"]+)"/);
  return m ? m[1] : "";
}

const origin = `${url.protocol}//${url.host}`;
const lines = new Array(count);

async function signIn(i) {
  const path = paths[i % paths.length];
  const login = await request("GET", `/login?return=${encodeURIComponent(path)}`, {});
  const pre = cookie(login, "mh_pre");
  const preCsrf = csrfIn(login.body, 'action="/login/demo"');
  if (login.status !== 200 || !pre || !preCsrf) {
    throw new Error(`GET /login answered ${login.status} without an mh_pre cookie and a demo form (is the server started with --demo?)`);
  }
  const form = new URLSearchParams({ csrf: preCsrf, return: path, name: `Bench reader ${i + 1}` }).toString();
  const demo = await request(
    "POST",
    "/login/demo",
    {
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": Buffer.byteLength(form),
      Origin: origin,
      Cookie: `mh_pre=${pre}`,
    },
    form,
  );
  const session = cookie(demo, "mh_session");
  if (demo.status !== 303 || !session) {
    throw new Error(`POST /login/demo answered ${demo.status} without an mh_session cookie: ${demo.body.slice(0, 300)}`);
  }
  const page = await request("GET", path, { Cookie: `mh_session=${session}` });
  const csrf = csrfIn(page.body, 'class="comment-form"');
  const article = (page.body.match(/<input type="hidden" name="article" value="(\d+)">/) || [])[1];
  if (page.status !== 200 || !csrf || !article) {
    throw new Error(`GET ${path} signed in answered ${page.status} without a comment form (csrf and article id)`);
  }
  lines[i] = `${session}\t${csrf}\t${article}`;
}

const started = process.hrtime.bigint();
let next = 0;
async function worker() {
  while (next < count) {
    await signIn(next++);
  }
}
try {
  await Promise.all(Array.from({ length: concurrency }, worker));
} catch (e) {
  console.error(`comments_readers: ${e.message}`);
  process.exit(1);
}
fs.writeFileSync(outFile, lines.join("\n") + "\n");
agent.destroy();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`readers: ${count} in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s)`);
