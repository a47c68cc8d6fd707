// Helpers shared by the comment and moderation tests: cookies, hidden form fields, the comment
// section of a page, and requests made as a signed-in reader.
import assert from 'node:assert/strict';
import { get, tags } from './masthead.mjs';

/** Headers a browser sends with a form posted from one of the site's own pages. */
export const sameSite = (server) => ({ Origin: server.url, 'Sec-Fetch-Site': 'same-origin' });

/** name -> {value, attributes (lower-case text after the value)} of a response's Set-Cookie lines. */
export function setCookies(r) {
    const out = new Map();
    for (const [name, value] of r.rawHeaders) {
        if (name !== 'set-cookie') {
            continue;
        }
        const [pair, ...attrs] = value.split(';').map((s) => s.trim());
        const eq = pair.indexOf('=');
        out.set(pair.slice(0, eq), { value: pair.slice(eq + 1), attributes: attrs.join('; ').toLowerCase() });
    }
    return out;
}

/** The value of the hidden input `name` in `html` (first one). */
export function hidden(html, name) {
    return tags(html, 'input').find((i) => i.attrs.get('name') === name)?.attrs.get('value');
}

/** The comment section of an article page. */
export function commentSection(html) {
    const at = html.indexOf('<section class="comments" id="comments"');
    assert.ok(at >= 0, 'the page has <section class="comments" id="comments">');
    return html.slice(at, html.indexOf('</section>', at) + '</section>'.length);
}

/** The ids of the comments listed (id="comment-N") in an HTML fragment. */
export const listedIds = (html) =>
    [...html.matchAll(/<li class="comment\b[^"]*" id="comment-(\d+)"/g)].map((m) => Number(m[1]));

/** GET `target` as `reader` (or anonymously with null). */
export const getAs = (server, reader, target, status = 200) =>
    get(server.url, target, { status, headers: reader ? { Cookie: reader.cookie } : {} });
