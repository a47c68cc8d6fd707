// Reader login (issue 3) end to end: the real binary, fetch with manual redirects and a cookie
// jar written here, and on the other side
//   - a real OpenID Connect provider (npm oidc-provider 8.8.1, ../support/oidc_provider.mjs),
//     logging its user in at once ("Newsroom SSO") or through its own forms ("Staff SSO",
//     whose "[ Cancel ]" link gives error=access_denied);
//   - local stand-ins of Twitter's, Facebook's and Naver's OAuth 2.0 endpoints
//     (../support/social_apis.mjs): the real services cannot be reached from tests, so these
//     answer as those services' documentation says they do;
//   - a provider that is down (a closed port) and one that never answers (a server that
//     accepts connections and stays silent).
//
// Masthead's callback URL is http://127.0.0.1:PORT/login/ID/callback, and its port is known
// only once it serves, while its configuration must name the provider's issuer before that.
// So the providers start first with a "native" client (RFC 8252 section 7.3): oidc-provider
// then accepts a loopback redirect_uri on any port, but still checks its scheme, host and path,
// and that the token request sends the same redirect_uri as the authorization request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';

import { DEFAULT_CLIENT, DEFAULT_USERS, startOidcProvider } from '../support/oidc_provider.mjs';
import { DEFAULT_USERS as SOCIAL_USERS, startSocialApis } from '../support/social_apis.mjs';
import { SITE_NAME, element, get, readDemoArticles, startServer, tags, textOf } from '../support/masthead.mjs';

const ARTICLE = readDemoArticles()[0].path;
const RETURN = `${ARTICLE}#comments`;
const TIMEOUT_MS = 1000; // timeout_ms of the providers that are down or silent
const HOSTILE_NAME = `<script>alert("name")</script>\u0007 ${'long '.repeat(20)}`;
const HOSTILE_TWITTER = {
    id: '666',
    name: HOSTILE_NAME,
    username: 'mallory',
    profile_image_url: 'http://insecure.example/picture.png',
};

/** A client of oidc-provider for Masthead's callback of provider `id`, on any loopback port. */
const clientFor = (id) => ({
    ...DEFAULT_CLIENT,
    application_type: 'native',
    redirect_uris: [`http://127.0.0.1/login/${id}/callback`],
});

/**
 * One browser: a cookie jar for 127.0.0.1 (cookies do not depend on the port, so Masthead's and
 * the providers' cookies share it, as in a real browser) and fetch without following redirects.
 */
class Browser {
    cookies = new Map();

    async fetch(url, options = {}) {
        const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const res = await fetch(url, {
            ...options,
            redirect: 'manual',
            headers: { ...(options.headers ?? {}), ...(cookie && { cookie }) },
        });
        res.setCookies = new Map();
        for (const line of res.headers.getSetCookie()) {
            const [pair, ...attrs] = line.split(';').map((s) => s.trim());
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq);
            const value = pair.slice(eq + 1);
            const attributes = attrs.join('; ').toLowerCase();
            res.setCookies.set(name, { value, attributes });
            if (value === '' || /(^|; )max-age=0\b/.test(attributes) || /expires=thu, 01 jan 1970/.test(attributes)) {
                this.cookies.delete(name);
            } else {
                this.cookies.set(name, value);
            }
        }
        return res;
    }

    /** Follows redirects from `url` until the next one leads to a URL starting with `prefix`;
     * returns that URL, not fetched. `onPage(url, res)` answers a page that is not a redirect. */
    async follow(url, prefix, { onPage } = {}) {
        if (url.startsWith(prefix)) {
            return new URL(url);
        }
        for (let hops = 0; hops < 12; ++hops) {
            const res = await this.fetch(url);
            const location = res.headers.get('location');
            if (!location) {
                if (!onPage) {
                    assert.fail(`no redirect from ${url}: ${res.status} ${(await res.text()).slice(0, 500)}`);
                }
                url = await onPage(url, res);
            } else {
                await res.arrayBuffer();
                url = new URL(location, url).toString();
            }
            if (url.startsWith(prefix)) {
                return new URL(url);
            }
        }
        throw new Error(`too many redirects before ${prefix}`);
    }
}

/** A closed port of 127.0.0.1: bound once, then released. */
async function closedPort() {
    const s = net.createServer();
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    const { port } = s.address();
    s.close();
    await once(s, 'close');
    return port;
}

/** A server that accepts connections and never answers. */
async function silentServer() {
    const sockets = new Set();
    const s = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
    });
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    return {
        port: s.address().port,
        async close() {
            for (const socket of sockets) {
                socket.destroy();
            }
            s.close();
            await once(s, 'close');
        },
    };
}

/** The text of an HTML response, as a reader reads it. */
const readText = async (res) => textOf(await res.text());

describe('reader login through OAuth 2.0 and OpenID Connect providers', { timeout: 120_000 }, () => {
    let server;
    let op; // logs alice in at once
    let forms; // its login and consent forms
    let social;
    let hostile; // a Twitter stand-in whose account has a hostile name and an http picture
    let silent;
    let downPort;
    let discovery;

    const callbackOf = (id) => `${server.url}/login/${id}/callback`;

    /** GET /login/ID?return=RETURN in `browser`: the 302 to the provider. */
    async function begin(browser, id, returnTo = RETURN) {
        const res = await browser.fetch(`${server.url}/login/${id}?return=${encodeURIComponent(returnTo)}`);
        const body = await res.text();
        assert.equal(res.status, 302, `/login/${id}: ${res.status} ${textOf(body).slice(0, 300)}`);
        return res;
    }

    /** Starts a login at `id` and lets the provider answer; returns the callback URL (not yet fetched). */
    async function toCallback(browser, id, options) {
        const started = await begin(browser, id);
        return browser.follow(started.headers.get('location'), callbackOf(id), options);
    }

    /** A whole login; returns the callback's response (303 when signed in). */
    async function login(browser, id) {
        const back = await toCallback(browser, id);
        return browser.fetch(back.toString());
    }

    /** What the article's comment box says to `browser`: {text, signedIn, avatar, csrf, article}. */
    async function box(browser) {
        const res = await browser.fetch(server.url + ARTICLE);
        assert.equal(res.status, 200);
        const html = await res.text();
        const inBox = element(html, 'div', /class="comment-box comment-box-in"/);
        const outBox = element(html, 'div', /class="comment-box comment-box-out"/);
        const b = inBox ?? outBox;
        assert.ok(b, 'the page has a comment box');
        const form = element(html, 'form', /class="comment-form"/)?.outer ?? '';
        const hidden = (name) => tags(form, 'input').find((i) => i.attrs.get('name') === name)?.attrs.get('value');
        return {
            text: textOf(b.outer),
            html: b.outer,
            signedIn: Boolean(inBox),
            avatar: tags(b.outer, 'img').find((i) => /comment-avatar/.test(i.attrs.get('class') ?? ''))?.attrs.get('src'),
            csrf: hidden('csrf'),
            article: hidden('article'),
            cacheControl: res.headers.get('cache-control'),
        };
    }

    /** A refused callback: `status`, a message matching `re`, and no session. */
    async function assertRefused(res, status, re, what) {
        const text = await readText(res);
        assert.equal(res.status, status, `${what}: status ${res.status}: ${text.slice(0, 300)}`);
        assert.match(text, re, `${what}: message`);
        assert.equal(res.setCookies.get('mh_session'), undefined, `${what}: no session cookie`);
        return text;
    }

    before(async () => {
        op = await startOidcProvider({ auto: true, clients: [clientFor('corp-sso')] });
        forms = await startOidcProvider({ auto: false, clients: [clientFor('staff-sso')] });
        social = await startSocialApis();
        hostile = await startSocialApis({ users: { ...SOCIAL_USERS, twitter: HOSTILE_TWITTER } });
        silent = await silentServer();
        downPort = await closedPort();
        discovery = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
        const secretOf = (s) => `      client_id: ${s.client_id}\n      client_secret: ${s.client_secret}\n`;
        const endpoints = (s) =>
            `      authorization_endpoint: ${s.authorization_endpoint}\n` +
            `      token_endpoint: ${s.token_endpoint}\n` +
            `      userinfo_endpoint: "${s.userinfo_endpoint}"\n`;
        const config =
            'server:\n  access_log: off\nlogin:\n  providers:\n' +
            `    - id: corp-sso\n      kind: oidc\n      label: Newsroom SSO\n      issuer: ${op.issuer}\n${secretOf(DEFAULT_CLIENT)}` +
            `    - id: staff-sso\n      kind: oidc\n      label: Staff SSO\n      issuer: ${forms.issuer}\n${secretOf(DEFAULT_CLIENT)}` +
            `    - kind: twitter\n${secretOf(social.twitter)}${endpoints(social.twitter)}` +
            `    - kind: facebook\n${secretOf(social.facebook)}${endpoints(social.facebook)}` +
            `    - kind: naver\n${secretOf(social.naver)}${endpoints(social.naver)}` +
            `    - id: x-hostile\n      kind: twitter\n      label: X\n${secretOf(hostile.twitter)}${endpoints(hostile.twitter)}` +
            `    - id: down\n      kind: oidc\n      label: Broken SSO\n      issuer: http://127.0.0.1:${downPort}\n` +
            `${secretOf(DEFAULT_CLIENT)}      timeout_ms: ${TIMEOUT_MS}\n` +
            `    - id: silent\n      kind: oidc\n      label: Silent SSO\n      issuer: http://127.0.0.1:${silent.port}\n` +
            `${secretOf(DEFAULT_CLIENT)}      timeout_ms: ${TIMEOUT_MS}\n`;
        server = await startServer({ config });
    });
    after(async () => {
        await server?.stop();
        await Promise.all([op?.close(), forms?.close(), social?.close(), hostile?.close(), silent?.close()]);
    });

    it('the article offers one button per provider, in the configured order', async () => {
        const html = (await get(server.url, ARTICLE)).text();
        const b = element(html, 'div', /class="comment-box comment-box-out"/);
        assert.match(
            textOf(element(b.outer, 'p', /class="comment-login-prompt"/).inner),
            new RegExp(`^Log in to Newsroom SSO, Staff SSO, Twitter, Facebook, Naver, X, Broken SSO or Silent SSO account to connect with ${SITE_NAME}$`),
        );
        const buttons = tags(b.outer, 'a').filter((a) => /\blogin-button\b/.test(a.attrs.get('class') ?? ''));
        const ids = ['corp-sso', 'staff-sso', 'twitter', 'facebook', 'naver', 'x-hostile', 'down', 'silent'];
        assert.deepEqual(buttons.map((a) => a.attrs.get('class')), ids.map((id) => `login-button login-${id}`));
        assert.deepEqual(buttons.map((a) => a.attrs.get('href')), ids.map((id) => `/login/${id}?return=${encodeURIComponent(RETURN)}`));
        assert.ok(!/Demo sign-in/.test(textOf(b.outer)), 'no demo sign-in without --demo');
        const page = (await get(server.url, '/login')).text();
        assert.deepEqual(
            tags(page, 'a').filter((a) => /\blogin-button\b/.test(a.attrs.get('class') ?? '')).map((a) => a.attrs.get('href')),
            ids.map((id) => `/login/${id}?return=%2F`),
        );
    });

    it('OpenID Connect: from the button to the provider and back, signed in as Alice Tester', async () => {
        const browser = new Browser();
        const started = await begin(browser, 'corp-sso');
        assert.equal(started.headers.get('cache-control'), 'no-store');
        const bound = started.setCookies.get('mh_login');
        assert.ok(bound?.value, 'the login is bound to this browser by mh_login');
        assert.match(bound.attributes, /httponly/);
        assert.match(bound.attributes, /samesite=lax/);
        assert.match(bound.attributes, /max-age=600/);

        const to = new URL(started.headers.get('location'));
        assert.equal(`${to.origin}${to.pathname}`, discovery.authorization_endpoint, 'to the discovered authorization endpoint');
        const q = to.searchParams;
        assert.equal(q.get('response_type'), 'code');
        assert.equal(q.get('client_id'), DEFAULT_CLIENT.client_id);
        assert.equal(q.get('redirect_uri'), callbackOf('corp-sso'));
        assert.deepEqual(q.get('scope').split(' ').sort(), ['openid', 'profile']);
        assert.equal(q.get('state'), bound.value, 'the cookie holds the state');
        assert.match(q.get('state'), /^[A-Za-z0-9_-]{43}$/);
        assert.equal(q.get('code_challenge_method'), 'S256');
        assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
        assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{43}$/);

        const back = await browser.follow(to.toString(), callbackOf('corp-sso'));
        assert.equal(back.searchParams.get('state'), bound.value);
        assert.ok(back.searchParams.get('code'));
        const res = await browser.fetch(back.toString());
        assert.equal(res.status, 303, await readText(res));
        assert.equal(res.headers.get('location'), RETURN);
        const session = res.setCookies.get('mh_session');
        assert.match(session.value, /^[A-Za-z0-9_-]{43}$/);
        assert.match(session.attributes, /httponly/);
        assert.match(session.attributes, /samesite=lax/);
        assert.equal(res.setCookies.get('mh_login')?.value, '', 'mh_login is cleared');

        const signedIn = await box(browser);
        assert.ok(signedIn.signedIn, 'the comment form');
        assert.match(signedIn.text, /Commenting as Alice Tester \(Newsroom SSO\)/);
        assert.equal(signedIn.avatar, DEFAULT_USERS.alice.picture, 'the picture from the id_token');
        assert.equal(signedIn.cacheControl, 'private, no-store');

        // Alice comments; the comment carries her name and picture.
        const posted = await browser.fetch(`${server.url}/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, accept: 'application/json' },
            body: new URLSearchParams({ csrf: signedIn.csrf, article: signedIn.article, body: 'Hello from SSO.', accept_policy: '1' }).toString(),
        });
        assert.equal(posted.status, 201, await posted.clone().text());
        const { comment } = await posted.json();
        assert.equal(comment.author, 'Alice Tester');
        assert.equal(comment.avatar, DEFAULT_USERS.alice.picture);

        // Logging in again is the same reader (she may delete her comment) in a new session.
        const oldSession = browser.cookies.get('mh_session');
        const again = await login(browser, 'corp-sso');
        assert.equal(again.status, 303);
        assert.notEqual(browser.cookies.get('mh_session'), oldSession, 'the session is rotated');
        const stale = new Browser();
        stale.cookies.set('mh_session', oldSession);
        assert.equal((await box(stale)).signedIn, false, 'the old session is gone');
        const own = await (await browser.fetch(`${server.url}/comments/${comment.id}`)).text();
        assert.ok(element(own, 'form', /class="comment-delete"/), 'the returning reader owns her comment');
    });

    it('a used callback cannot be replayed: 400, and nobody is signed in', async () => {
        const browser = new Browser();
        const back = await toCallback(browser, 'corp-sso');
        const state = back.searchParams.get('state');
        assert.equal((await browser.fetch(back.toString())).status, 303);

        for (const replayer of [browser, new Browser()]) {
            replayer.cookies.set('mh_login', state); // as the browser held it before the callback
            const res = await replayer.fetch(back.toString());
            await assertRefused(res, 400, /was not started in this browser, was already used, or took too long/, 'a replayed callback');
        }
        const fresh = new Browser();
        fresh.cookies.set('mh_login', state);
        await fresh.fetch(back.toString());
        assert.equal((await box(fresh)).signedIn, false, 'the replaying browser is not signed in');
    });

    it('a forged or foreign state is refused with 400, and the real login still completes', async () => {
        const alice = new Browser();
        const back = await toCallback(alice, 'corp-sso');
        const state = back.searchParams.get('state');
        const message = /was not started in this browser, was already used, or took too long/;

        const wrongState = new URL(back);
        wrongState.searchParams.set('state', 'A'.repeat(43));
        await assertRefused(await alice.fetch(wrongState.toString()), 400, message, 'a wrong state with the right cookie');

        const noState = new URL(back);
        noState.searchParams.delete('state');
        await assertRefused(await alice.fetch(noState.toString()), 400, message, 'no state');

        // Login CSRF: an attacker's callback URL opened in a browser that started its own login.
        const mallory = new Browser();
        await begin(mallory, 'corp-sso');
        assert.notEqual(mallory.cookies.get('mh_login'), state);
        await assertRefused(await mallory.fetch(back.toString()), 400, message, 'the cookie of another browser\u2019s login');
        assert.equal((await box(mallory)).signedIn, false);

        const nobody = new Browser();
        await assertRefused(await nobody.fetch(back.toString()), 400, message, 'no mh_login cookie');

        // A made-up state in both the URL and the cookie was never issued.
        const madeUp = new Browser();
        madeUp.cookies.set('mh_login', 'B'.repeat(43));
        const forged = new URL(back);
        forged.searchParams.set('state', 'B'.repeat(43));
        await assertRefused(await madeUp.fetch(forged.toString()), 400, message, 'a state that was never issued');

        // State of another provider's login used on this provider's callback.
        const other = new Browser();
        const twitterBack = await toCallback(other, 'twitter');
        const crossed = new URL(callbackOf('corp-sso'));
        crossed.search = twitterBack.search;
        await assertRefused(await other.fetch(crossed.toString()), 400, message, 'another provider\u2019s state');

        const res = await alice.fetch(back.toString());
        assert.equal(res.status, 303, 'the genuine callback still signs Alice in');
        assert.match((await box(alice)).text, /Commenting as Alice Tester/);
    });

    it('a login cancelled at the provider (error=access_denied) is 400 naming the provider, with a way back', async () => {
        const browser = new Browser();
        const started = await begin(browser, 'staff-sso');
        let cancelled = false;
        const back = await browser.follow(started.headers.get('location'), callbackOf('staff-sso'), {
            onPage: async (url, res) => {
                // The provider's login form: the reader clicks "[ Cancel ]".
                const html = await res.text();
                const cancel = tags(html, 'a').find((a) => /Cancel/.test(textOf(html.slice(a.index, a.index + 200))));
                assert.ok(cancel, `the provider's page has a Cancel link: ${html.slice(0, 300)}`);
                cancelled = true;
                return new URL(cancel.attrs.get('href'), url).toString();
            },
        });
        assert.ok(cancelled);
        assert.equal(back.searchParams.get('error'), 'access_denied');
        const res = await browser.fetch(back.toString());
        const html = await res.clone().text();
        await assertRefused(res, 400, /The login at Staff SSO was cancelled, so you are not logged in\./, 'cancelled');
        assert.ok(tags(html, 'a').some((a) => a.attrs.get('href') === RETURN), 'a link back to where the reader was');
        assert.equal((await box(browser)).signedIn, false);
    });

    it('a provider that is down answers 502 naming it, within its timeout', async () => {
        for (const [id, label, re] of [
            ['down', 'Broken SSO', /could not be reached/],
            ['silent', 'Silent SSO', /did not answer in time/],
        ]) {
            const browser = new Browser();
            const started = Date.now();
            const res = await browser.fetch(`${server.url}/login/${id}?return=${encodeURIComponent(RETURN)}`);
            const took = Date.now() - started;
            const text = await readText(res);
            assert.equal(res.status, 502, `${id}: ${text.slice(0, 300)}`);
            assert.ok(text.includes(label), `${id}: the page names ${label}: ${text.slice(0, 300)}`);
            assert.match(text, re);
            assert.equal(res.setCookies.get('mh_login'), undefined, `${id}: no login started`);
            assert.ok(took < TIMEOUT_MS + 4000, `${id}: answered after ${took} ms (timeout_ms ${TIMEOUT_MS})`);
            if (id === 'silent') {
                assert.ok(took >= TIMEOUT_MS - 50, `${id}: waited for its timeout (${took} ms)`);
            }
        }
        // Unknown providers are 404.
        const none = await new Browser().fetch(`${server.url}/login/nope?return=%2F`);
        assert.equal(none.status, 404);
        assert.equal((await new Browser().fetch(`${server.url}/login/nope/callback?code=x&state=y`)).status, 404);
    });

    for (const [id, label, name, picture, check] of [
        ['twitter', 'Twitter', SOCIAL_USERS.twitter.name, SOCIAL_USERS.twitter.profile_image_url, (q) => {
            assert.deepEqual(q.get('scope').split(' ').sort(), ['tweet.read', 'users.read']);
            assert.equal(q.get('code_challenge_method'), 'S256');
        }],
        ['facebook', 'Facebook', SOCIAL_USERS.facebook.name, SOCIAL_USERS.facebook.picture.data.url, (q) => {
            assert.equal(q.get('scope'), 'public_profile');
            assert.equal(q.get('code_challenge_method'), 'S256');
        }],
        ['naver', 'Naver', SOCIAL_USERS.naver.nickname, SOCIAL_USERS.naver.profile_image, (q) => {
            assert.equal(q.get('scope'), null, 'Naver takes no scope');
        }],
    ]) {
        it(`${label} (local stand-in): signed in with the profile API's name "${name}"`, async () => {
            const browser = new Browser();
            const started = await begin(browser, id);
            const to = new URL(started.headers.get('location'));
            assert.equal(`${to.origin}${to.pathname}`, social[id].authorization_endpoint);
            assert.equal(to.searchParams.get('client_id'), social[id].client_id);
            assert.equal(to.searchParams.get('redirect_uri'), callbackOf(id));
            assert.equal(to.searchParams.get('state'), browser.cookies.get('mh_login'));
            assert.equal(to.searchParams.get('nonce'), null, 'no nonce outside OpenID Connect');
            check(to.searchParams);
            const back = await browser.follow(to.toString(), callbackOf(id));
            const res = await browser.fetch(back.toString());
            assert.equal(res.status, 303, await readText(res));
            assert.equal(res.headers.get('location'), RETURN);
            const b = await box(browser);
            assert.ok(b.signedIn);
            assert.ok(b.text.includes(`Commenting as ${name} (${label})`), b.text);
            assert.equal(b.avatar, picture);
            // The code was redeemed once; replaying the callback does not sign in again.
            const replay = new Browser();
            replay.cookies.set('mh_login', back.searchParams.get('state'));
            await assertRefused(await replay.fetch(back.toString()), 400, /already used/, `${label}: replay`);
        });
    }

    it('a profile name is shown as text, cut at 64 characters; a picture that is not https is dropped', async () => {
        const browser = new Browser();
        const res = await login(browser, 'x-hostile');
        assert.equal(res.status, 303, await readText(res));
        const b = await box(browser);
        assert.ok(b.signedIn);
        assert.ok(!b.html.includes('<script>'), 'no live markup from the provider');
        const shown = textOf(element(b.html, 'strong').inner);
        const expected = [...HOSTILE_NAME.replace(/[\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim()].slice(0, 64).join('').trim();
        assert.equal(shown, expected);
        assert.equal([...shown].length <= 64, true);
        assert.equal(b.avatar, undefined, 'no picture from an http URL');
    });
});
