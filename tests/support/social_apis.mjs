// Stand-ins for the OAuth 2.0 endpoints of Twitter (X), Facebook and Naver, which tests cannot
// reach: one HTTP server on an ephemeral port of 127.0.0.1 that answers as their documentation
// says they do. The authorization endpoints log a fixed user in at once and redirect straight
// back to redirect_uri with a code and the state; the token endpoints check the client's
// credentials (HTTP Basic for Twitter, form fields for Facebook and Naver), the code, the
// redirect_uri and the PKCE verifier; the profile endpoints answer the bearer of a token.
//
//   Twitter  /twitter/i/oauth2/authorize  /twitter/2/oauth2/token  /twitter/2/users/me
//   Facebook /facebook/v19.0/dialog/oauth /facebook/v19.0/oauth/access_token /facebook/v19.0/me
//   Naver    /naver/oauth2.0/authorize    /naver/oauth2.0/token    /naver/v1/nid/me
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';

export const DEFAULT_CLIENTS = {
    twitter: { client_id: 'twitter-client', client_secret: 'twitter-secret' },
    facebook: { client_id: 'facebook-app', client_secret: 'facebook-secret' },
    naver: { client_id: 'naver-client', client_secret: 'naver-secret' },
};

/** The account each service logs in, in the shape its profile API answers. */
export const DEFAULT_USERS = {
    twitter: {
        id: '2244994945',
        name: 'Twitter Tester',
        username: 'tester',
        profile_image_url: 'https://pbs.twimg.com/profile_images/1/tester_normal.jpg',
    },
    facebook: {
        id: '10158000000000001',
        name: 'Facebook Tester',
        picture: {
            data: {
                height: 50,
                is_silhouette: false,
                url: 'https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=1',
                width: 50,
            },
        },
    },
    naver: {
        id: 'xT5zAqWq1bHuR-0aZSbYOzVfJ4Gc0VZ0eYQ0T6VwJxE',
        nickname: '네이버테스터',
        name: '김네이버',
        profile_image: 'https://ssl.pstatic.net/static/pwe/address/img_profile.png',
    },
};

const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');
const token = () => randomBytes(24).toString('base64url');

function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
        'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...headers,
    });
    res.end(text);
}

async function formOf(req, url) {
    const params = new URLSearchParams(url.search);
    if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) {
            body += chunk;
        }
        for (const [k, v] of new URLSearchParams(body)) {
            params.set(k, v);
        }
    }
    return params;
}

function basicCredentials(req) {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) {
        return null;
    }
    const text = Buffer.from(m[1], 'base64').toString();
    const colon = text.indexOf(':');
    return {
        id: decodeURIComponent(text.slice(0, colon).replace(/\+/g, ' ')),
        secret: decodeURIComponent(text.slice(colon + 1).replace(/\+/g, ' ')),
    };
}

const bearer = (req) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

/**
 * Starts the stand-ins.
 * @returns {Promise<{url: string, twitter: object, facebook: object, naver: object,
 *   codes: Map, close: () => Promise<void>}>} where each service's object holds its
 *   authorization_endpoint, token_endpoint, userinfo_endpoint, client_id and client_secret.
 */
export async function startSocialApis({
    port = 0,
    clients = DEFAULT_CLIENTS,
    users = DEFAULT_USERS,
} = {}) {
    const codes = new Map(); // code -> {service, client_id, redirect_uri, challenge}
    const tokens = new Map(); // access token -> service

    /** The authorization step: the user is logged in and agrees at once. */
    function authorize(service, url, res, { pkceRequired }) {
        const q = url.searchParams;
        const redirect = q.get('redirect_uri');
        if (q.get('client_id') !== clients[service].client_id || !redirect) {
            return send(res, 400, `${service}: unknown client_id or no redirect_uri`);
        }
        const challenge = q.get('code_challenge');
        if (challenge && q.get('code_challenge_method') !== 'S256') {
            return send(res, 400, `${service}: only S256 code challenges are accepted`);
        }
        const back = new URL(redirect);
        if (q.get('response_type') !== 'code' || (pkceRequired && !challenge)) {
            back.searchParams.set('error', 'invalid_request');
        } else {
            const code = token();
            codes.set(code, { service, redirect, challenge });
            back.searchParams.set('code', code);
        }
        if (q.has('state')) {
            back.searchParams.set('state', q.get('state'));
        }
        res.writeHead(302, { location: back.toString() });
        res.end();
    }

    /** The code exchange; null and an answer sent when something is wrong. */
    function redeem(service, params, res, fail) {
        const grant = codes.get(params.get('code'));
        codes.delete(params.get('code')); // codes are single-use
        if (!grant || grant.service !== service) {
            fail('invalid_grant', 'the authorization code is invalid or was already used');
            return null;
        }
        if (params.get('redirect_uri') !== grant.redirect) {
            fail('invalid_grant', 'redirect_uri does not match the authorization request');
            return null;
        }
        if (grant.challenge && s256(params.get('code_verifier') ?? '') !== grant.challenge) {
            fail('invalid_grant', 'code_verifier does not match the code_challenge');
            return null;
        }
        const access = token();
        tokens.set(access, service);
        return access;
    }

    const routes = {
        'GET /twitter/i/oauth2/authorize': (req, res, url) =>
            authorize('twitter', url, res, { pkceRequired: true }),
        'POST /twitter/2/oauth2/token': async (req, res, url) => {
            const params = await formOf(req, url);
            const fail = (error, description, status = 400) =>
                send(res, status, { error, error_description: description });
            const who = basicCredentials(req);
            if (
                who?.id !== clients.twitter.client_id ||
                who?.secret !== clients.twitter.client_secret
            ) {
                return fail('unauthorized_client', 'Missing valid authorization header', 401);
            }
            if (params.get('grant_type') !== 'authorization_code') {
                return fail('invalid_request', 'grant_type must be authorization_code');
            }
            const access = redeem('twitter', params, res, fail);
            if (access) {
                send(res, 200, {
                    token_type: 'bearer',
                    expires_in: 7200,
                    access_token: access,
                    scope: 'users.read tweet.read',
                });
            }
        },
        'GET /twitter/2/users/me': (req, res, url) => {
            if (tokens.get(bearer(req)) !== 'twitter') {
                return send(res, 401, {
                    title: 'Unauthorized',
                    type: 'about:blank',
                    status: 401,
                    detail: 'Unauthorized',
                });
            }
            const { profile_image_url: image, ...user } = users.twitter;
            const fields = (url.searchParams.get('user.fields') ?? '').split(',');
            send(res, 200, {
                data: fields.includes('profile_image_url') ? { ...user, profile_image_url: image } : user,
            });
        },
        'GET /facebook/v19.0/dialog/oauth': (req, res, url) =>
            authorize('facebook', url, res, { pkceRequired: false }),
        'access_token /facebook/v19.0/oauth/access_token': async (req, res, url) => {
            const params = await formOf(req, url);
            const fail = (error, message) =>
                send(res, 400, { error: { message: `${error}: ${message}`, type: 'OAuthException', code: 100 } });
            if (
                params.get('client_id') !== clients.facebook.client_id ||
                params.get('client_secret') !== clients.facebook.client_secret
            ) {
                return fail('invalid_client', 'Error validating client secret.');
            }
            const access = redeem('facebook', params, res, fail);
            if (access) {
                send(res, 200, { access_token: access, token_type: 'bearer', expires_in: 5183944 });
            }
        },
        'GET /facebook/v19.0/me': (req, res, url) => {
            if (tokens.get(bearer(req) ?? url.searchParams.get('access_token')) !== 'facebook') {
                return send(res, 400, {
                    error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
                });
            }
            const fields = (url.searchParams.get('fields') ?? 'id,name').split(',');
            send(res, 200, Object.fromEntries(fields.filter((f) => f in users.facebook).map((f) => [f, users.facebook[f]])));
        },
        'GET /naver/oauth2.0/authorize': (req, res, url) =>
            authorize('naver', url, res, { pkceRequired: false }),
        'access_token /naver/oauth2.0/token': async (req, res, url) => {
            const params = await formOf(req, url);
            // Naver answers errors with status 200 and an "error" member.
            const fail = (error, description) => send(res, 200, { error, error_description: description });
            if (
                params.get('client_id') !== clients.naver.client_id ||
                params.get('client_secret') !== clients.naver.client_secret
            ) {
                return fail('invalid_client', 'client authentication failed');
            }
            if (params.get('grant_type') !== 'authorization_code' || !params.get('state')) {
                return fail('invalid_request', 'grant_type and state are required');
            }
            // Naver's redirect_uri is optional at this step; check it only when sent.
            if (!params.has('redirect_uri')) {
                params.set('redirect_uri', codes.get(params.get('code'))?.redirect ?? '');
            }
            const access = redeem('naver', params, res, fail);
            if (access) {
                send(res, 200, {
                    access_token: access,
                    refresh_token: token(),
                    token_type: 'bearer',
                    expires_in: '3600',
                });
            }
        },
        'GET /naver/v1/nid/me': (req, res) => {
            if (tokens.get(bearer(req)) !== 'naver') {
                return send(res, 401, { resultcode: '024', message: 'Authentication failed' });
            }
            send(res, 200, { resultcode: '00', message: 'success', response: users.naver });
        },
    };

    const server = http.createServer(async (req, res) => {
        const url = new URL(req.url, 'http://127.0.0.1');
        // Token endpoints of Facebook and Naver take GET or POST.
        const route =
            routes[`${req.method} ${url.pathname}`] ??
            (['GET', 'POST'].includes(req.method) ? routes[`access_token ${url.pathname}`] : undefined);
        if (!route) {
            return send(res, 404, { error: 'not_found' });
        }
        try {
            await route(req, res, url);
        } catch (e) {
            send(res, 500, { error: 'server_error', error_description: String(e) });
        }
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${server.address().port}`;

    return {
        url: base,
        twitter: {
            ...clients.twitter,
            authorization_endpoint: `${base}/twitter/i/oauth2/authorize`,
            token_endpoint: `${base}/twitter/2/oauth2/token`,
            userinfo_endpoint: `${base}/twitter/2/users/me?user.fields=profile_image_url`,
        },
        facebook: {
            ...clients.facebook,
            authorization_endpoint: `${base}/facebook/v19.0/dialog/oauth`,
            token_endpoint: `${base}/facebook/v19.0/oauth/access_token`,
            userinfo_endpoint: `${base}/facebook/v19.0/me?fields=id,name,picture`,
        },
        naver: {
            ...clients.naver,
            authorization_endpoint: `${base}/naver/oauth2.0/authorize`,
            token_endpoint: `${base}/naver/oauth2.0/token`,
            userinfo_endpoint: `${base}/naver/v1/nid/me`,
        },
        codes,
        async close() {
            server.closeAllConnections();
            server.close();
            await once(server, 'close');
        },
    };
}
