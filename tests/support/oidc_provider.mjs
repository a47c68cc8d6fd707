// A real OpenID Connect provider for the login tests: oidc-provider 8.8.1 (installed with the
// browser tests' packages) on an ephemeral port of 127.0.0.1, with PKCE required, the given
// clients and users, and either its built-in login and consent forms (devInteractions: any
// password is accepted) or, with `auto`, a fixed user logged in and consenting with no forms.
// See ../shared TOOLING.md section 6 for what was verified about it.
import { once } from 'node:events';
import * as http from 'node:http';

const { default: Provider } = await import(
    new URL('../browser/node_modules/oidc-provider/lib/index.js', import.meta.url)
);

/** The default relying party: Masthead on its default port. */
export const DEFAULT_CLIENT = {
    client_id: 'masthead',
    client_secret: 'masthead-test-secret',
    redirect_uris: ['http://127.0.0.1:8080/login/corp-sso/callback'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
};

/** Accounts by id; the claims are what the id_token and userinfo may carry. */
export const DEFAULT_USERS = {
    alice: {
        sub: 'alice',
        name: 'Alice Tester',
        picture: 'https://avatars.example/alice.png',
        email: 'alice@example.test',
        email_verified: true,
    },
    bob: { sub: 'bob', name: 'Bob 김', email: 'bob@example.test', email_verified: true },
};

/**
 * Starts the provider. `auto`: false for the login and consent forms, true to log in the first
 * of `users` without forms, or a user id to log in that user.
 * @returns {Promise<{issuer: string, port: number, close: () => Promise<void>}>}
 */
export async function startOidcProvider({
    port = 0,
    clients = [DEFAULT_CLIENT],
    users = DEFAULT_USERS,
    auto = false,
} = {}) {
    const server = http.createServer();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    const actualPort = server.address().port;
    const issuer = `http://127.0.0.1:${actualPort}`;
    const autoUser = auto === true ? Object.keys(users)[0] : auto || null;

    const provider = new Provider(issuer, {
        clients,
        pkce: { required: () => true, methods: ['S256'] },
        claims: {
            openid: ['sub'],
            profile: ['name', 'picture'],
            email: ['email', 'email_verified'],
        },
        cookies: { keys: ['test-only-cookie-signing-key'] },
        findAccount: async (ctx, id) =>
            users[id] && { accountId: id, claims: async () => ({ ...users[id], sub: id }) },
        features: { devInteractions: { enabled: !autoUser } },
        ...(autoUser && { interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` } }),
    });
    if (autoUser) {
        provider.use(async (ctx, next) => {
            const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
            if (!match) {
                return next();
            }
            const { prompt, params, session, grantId } = await provider.interactionDetails(
                ctx.req,
                ctx.res,
            );
            let result;
            if (prompt.name === 'login') {
                result = { login: { accountId: autoUser } };
            } else {
                const grant = grantId
                    ? await provider.Grant.find(grantId)
                    : new provider.Grant({
                          accountId: session.accountId,
                          clientId: params.client_id,
                      });
                if (prompt.details.missingOIDCScope) {
                    grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
                }
                if (prompt.details.missingOIDCClaims) {
                    grant.addOIDCClaims(prompt.details.missingOIDCClaims);
                }
                result = { consent: { grantId: await grant.save() } };
            }
            return provider.interactionFinished(ctx.req, ctx.res, result, {
                mergeWithLastSubmission: true,
            });
        });
    }
    server.on('request', provider.callback());

    return {
        issuer,
        port: actualPort,
        async close() {
            server.closeAllConnections();
            server.close();
            await once(server, 'close');
        },
    };
}
