// The login test peers on their own: one authorization-code + PKCE round trip with fetch
// against the OpenID Connect provider (both with its forms and logged in automatically) and
// against each stand-in of Twitter, Facebook and Naver. No Masthead binary is needed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

import { DEFAULT_CLIENT, DEFAULT_USERS, startOidcProvider } from '../support/oidc_provider.mjs';
import { DEFAULT_USERS as SOCIAL_USERS, startSocialApis } from '../support/social_apis.mjs';

const REDIRECT = DEFAULT_CLIENT.redirect_uris[0];
const random = () => randomBytes(32).toString('base64url');
const s256 = (v) => createHash('sha256').update(v).digest('base64url');
const basic = (id, secret) =>
    'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** A browser's part of the redirects: follows them with a cookie jar until `redirect`. */
class Browser {
    cookies = new Map();

    async fetch(url, options = {}) {
        const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const res = await fetch(url, {
            ...options,
            redirect: 'manual',
            headers: { ...(options.headers ?? {}), ...(cookie && { cookie }) },
        });
        for (const line of res.headers.getSetCookie()) {
            const [pair] = line.split(';');
            const eq = pair.indexOf('=');
            this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
        }
        return res;
    }

    /** Follows redirects from `url` until one leads to `redirect`; returns that URL. */
    async follow(url, redirect, { onPage } = {}) {
        for (let hops = 0; hops < 12; ++hops) {
            const res = await this.fetch(url);
            const location = res.headers.get('location');
            if (!location) {
                if (!onPage) {
                    assert.fail(`no redirect from ${url}: ${res.status} ${await res.text()}`);
                }
                url = await onPage(url, res);
                continue;
            }
            await res.arrayBuffer();
            url = new URL(location, url).toString();
            if (url.startsWith(redirect)) {
                return new URL(url);
            }
        }
        throw new Error('too many redirects');
    }
}

function authorizationUrl(endpoint, params) {
    const url = new URL(endpoint);
    for (const [k, v] of Object.entries(params)) {
        url.searchParams.set(k, v);
    }
    return url.toString();
}

async function postForm(url, form, headers = {}) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: await res.json() };
}

describe('OpenID Connect provider (oidc-provider)', () => {
    for (const auto of [true, false]) {
        it(`logs alice in with PKCE and a nonce (${auto ? 'automatically' : 'through its forms'})`, async () => {
            const op = await startOidcProvider({ auto });
            try {
                const discovery = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
                assert.equal(discovery.issuer, op.issuer);
                assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
                const state = random();
                const nonce = random();
                const verifier = random();
                const browser = new Browser();
                const start = authorizationUrl(discovery.authorization_endpoint, {
                    response_type: 'code',
                    client_id: DEFAULT_CLIENT.client_id,
                    redirect_uri: REDIRECT,
                    scope: 'openid profile',
                    state,
                    nonce,
                    code_challenge: s256(verifier),
                    code_challenge_method: 'S256',
                });
                // devInteractions: a login form (any password), then a consent form.
                const onPage = async (url, res) => {
                    const html = await res.text();
                    const prompt = html.includes('name="login"') ? 'login' : 'consent';
                    const form = prompt === 'login' ? { prompt, login: 'alice', password: 'x' } : { prompt };
                    const posted = await browser.fetch(url, {
                        method: 'POST',
                        headers: { 'content-type': 'application/x-www-form-urlencoded' },
                        body: new URLSearchParams(form).toString(),
                    });
                    await posted.arrayBuffer();
                    return new URL(posted.headers.get('location'), url).toString();
                };
                const back = await browser.follow(start, REDIRECT, { onPage: auto ? undefined : onPage });
                assert.equal(back.searchParams.get('state'), state);
                assert.equal(back.searchParams.get('iss'), op.issuer);

                const tokens = await postForm(
                    discovery.token_endpoint,
                    {
                        grant_type: 'authorization_code',
                        code: back.searchParams.get('code'),
                        redirect_uri: REDIRECT,
                        code_verifier: verifier,
                    },
                    { authorization: basic(DEFAULT_CLIENT.client_id, DEFAULT_CLIENT.client_secret) },
                );
                assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
                const claims = claimsOf(tokens.json.id_token);
                assert.equal(claims.iss, op.issuer);
                assert.equal(claims.aud, DEFAULT_CLIENT.client_id);
                assert.equal(claims.sub, 'alice');
                assert.equal(claims.nonce, nonce);

                const me = await (
                    await fetch(discovery.userinfo_endpoint, {
                        headers: { authorization: `Bearer ${tokens.json.access_token}` },
                    })
                ).json();
                assert.equal(me.sub, 'alice');
                assert.equal(me.name, DEFAULT_USERS.alice.name);
                assert.equal(me.picture, DEFAULT_USERS.alice.picture);
                const jwks = await (await fetch(discovery.jwks_uri)).json();
                assert.ok(jwks.keys.length > 0);
            } finally {
                await op.close();
            }
        });
    }
});

describe('Twitter, Facebook and Naver stand-ins', () => {
    let apis;
    before(async () => {
        apis = await startSocialApis();
    });
    after(async () => {
        await apis.close();
    });

    /** Authorization with PKCE, then the token request `tokenRequest` builds. */
    async function login(service, scope, tokenRequest) {
        const api = apis[service];
        const state = random();
        const verifier = random();
        const back = await new Browser().follow(
            authorizationUrl(api.authorization_endpoint, {
                response_type: 'code',
                client_id: api.client_id,
                redirect_uri: REDIRECT,
                ...(scope && { scope }),
                state,
                code_challenge: s256(verifier),
                code_challenge_method: 'S256',
            }),
            REDIRECT,
        );
        assert.equal(back.searchParams.get('state'), state);
        const code = back.searchParams.get('code');
        assert.ok(code);
        const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
        const tokens = await tokenRequest(api, form, state);
        assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
        assert.ok(tokens.json.access_token, JSON.stringify(tokens.json));
        const again = await tokenRequest(api, form, state); // codes are single-use
        assert.ok(again.json.error, JSON.stringify(again.json));
        const res = await fetch(api.userinfo_endpoint, {
            headers: { authorization: `Bearer ${tokens.json.access_token}` },
        });
        assert.equal(res.status, 200);
        return res.json();
    }

    it('Twitter: HTTP Basic client authentication and users/me', async () => {
        const me = await login('twitter', 'users.read tweet.read', (api, form) =>
            postForm(api.token_endpoint, { ...form, client_id: api.client_id }, {
                authorization: basic(api.client_id, api.client_secret),
            }),
        );
        assert.deepEqual(me, { data: SOCIAL_USERS.twitter });
    });

    it('Twitter: a wrong code_verifier is refused', async () => {
        const api = apis.twitter;
        const back = await new Browser().follow(
            authorizationUrl(api.authorization_endpoint, {
                response_type: 'code',
                client_id: api.client_id,
                redirect_uri: REDIRECT,
                state: 's',
                code_challenge: s256('right'),
                code_challenge_method: 'S256',
            }),
            REDIRECT,
        );
        const tokens = await postForm(
            api.token_endpoint,
            { grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: 'wrong' },
            { authorization: basic(api.client_id, api.client_secret) },
        );
        assert.equal(tokens.status, 400);
        assert.equal(tokens.json.error, 'invalid_grant');
    });

    it('Facebook: client_secret in the form and /me with picture', async () => {
        const me = await login('facebook', 'public_profile', (api, form) =>
            postForm(api.token_endpoint, { ...form, client_id: api.client_id, client_secret: api.client_secret }),
        );
        assert.deepEqual(me, SOCIAL_USERS.facebook);
    });

    it('Naver: state in the token request and the resultcode envelope', async () => {
        const me = await login('naver', null, (api, form, state) =>
            postForm(api.token_endpoint, { ...form, client_id: api.client_id, client_secret: api.client_secret, state }),
        );
        assert.deepEqual(me, { resultcode: '00', message: 'success', response: SOCIAL_USERS.naver });
    });
});
