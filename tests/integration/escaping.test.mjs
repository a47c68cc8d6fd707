// Article text is untrusted: markup in the front matter and the Markdown body must reach
// readers as text, never as HTML or script, and the JSON-LD must stay valid JSON.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

import {
    element,
    get,
    jsonLdBlocks,
    makeTempDir,
    meta,
    request,
    runImport,
    startServer,
    tags,
    textOf,
    writeFileIn,
} from '../support/masthead.mjs';

const HEADLINE = 'Evil <script>alert(1)</script> "quoted" </script> & co';
const BYLINE = '<script>alert(3)</script> "Bob" O\'Brien';
const SUMMARY = 'Summary </script><script>alert(4)</script> "q" \'single\'';
const SOURCE = '<img src=x onerror=alert(5)>';
const SECTION = 'Views <img src=x onerror=alert(2)> & "Co"';
const TAGS = ['<script>alert(6)</script>', 'a"b'];
const ARTICLE = '/opinion/views-img-src-x-onerror-alert-2-co/evil-article';
const SECTION_PATH = '/opinion/views-img-src-x-onerror-alert-2-co';

const FILE = `---
headline: ${JSON.stringify(HEADLINE)}
section: ${JSON.stringify(`Opinion/${SECTION}`)}
published: 2026-11-28T09:00:00+09:00
byline: ${JSON.stringify(BYLINE)}
summary: ${JSON.stringify(SUMMARY)}
source: ${JSON.stringify(SOURCE)}
tags: ${JSON.stringify(TAGS)}
slug: evil-article
---
Hello <script>alert(7)</script> world.

<script>alert(8)</script>

[click me](javascript:alert(9)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=) and <a href="javascript:alert(11)">raw</a>

<img src=x onerror="alert(12)">

<iframe src="https://evil.example/"></iframe>

<style>body { display: none }</style>

[a fine link](https://example.com/?a=1&b=2)

Code: \`</script><script>alert(13)</script>\`
`;

/** No markup from the article survived as markup: every element and attribute in `html` is
 * one the templates write. */
function assertNoInjectedMarkup(html, what) {
    assert.doesNotMatch(html, /<script>alert/i, `${what}: script from the article`);
    for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s>/])[^>]*>/g)) {
        const name = m[1].toLowerCase();
        // The only images are the site's own icons (the comment box's lock and help).
        const ownIcon = name === 'img' && /\ssrc="\/static\/[a-z]+\.[0-9a-f]+\.svg"/.test(m[0]);
        assert.ok(ownIcon || !['iframe', 'style', 'img', 'object', 'embed'].includes(name), `${what}: element ${m[0]}`);
        const [tag] = tags(m[0], name);
        for (const [attr, value] of tag.attrs) {
            assert.ok(!attr.startsWith('on'), `${what}: event handler attribute in ${m[0]}`);
            if (['href', 'src', 'action'].includes(attr)) {
                assert.doesNotMatch(value, /^\s*(javascript|data|vbscript):/i, `${what}: URL in ${m[0]}`);
            }
        }
    }
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [element, attrs, content] of scripts) {
        if (/type="application\/ld\+json"/.test(attrs)) {
            assert.doesNotMatch(content, /</, `${what}: "<" inside the JSON-LD`);
        } else {
            assert.match(attrs, /^ src="\/static\/[a-z]+\.[0-9a-f]{12}\.js" defer$/, `${what}: script ${element}`);
            assert.equal(content, '', `${what}: inline script`);
        }
    }
}

describe('escaping of untrusted article text', () => {
    let server;
    before(async () => {
        const dir = await makeTempDir(undefined, 'masthead-escaping-');
        const dataDir = path.join(dir, 'data');
        const file = await writeFileIn(dir, 'evil.md', FILE);
        const r = await runImport(dataDir, [file]);
        assert.deepEqual(r, { code: 0, signal: null, stdout: `${ARTICLE}\n`, stderr: '' });
        server = await startServer({ dataDir });
    });
    after(async () => {
        await server?.stop();
    });

    it('article page: front matter shows as text, exactly as written', async () => {
        const html = (await get(server.url, ARTICLE)).text();
        assertNoInjectedMarkup(html, 'article');
        assert.equal(textOf(element(html, 'title').inner), HEADLINE);
        assert.equal(textOf(element(html, 'h1', /class="headline"/).inner), HEADLINE);
        assert.equal(textOf(element(html, 'span', /class="byline"/).inner), `By ${BYLINE}`);
        assert.equal(textOf(element(html, 'span', /class="source"/).inner), SOURCE);
        assert.equal(meta(html, 'description'), SUMMARY);
        assert.equal(meta(html, 'og:title'), HEADLINE);
        assert.equal(meta(html, 'twitter:title'), HEADLINE);
        assert.equal(meta(html, 'article:section'), SECTION);
        assert.deepEqual(
            tags(html, 'meta').filter((m) => m.attrs.get('property') === 'article:tag').map((m) => m.attrs.get('content')).sort(),
            [...TAGS].sort(),
        );
        assert.deepEqual(
            [...element(html, 'ul', /class="tags"/).inner.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => textOf(m[1])).sort(),
            [...TAGS].sort(),
        );
        assert.equal(textOf(element(html, 'nav', /class="breadcrumb"/).inner), `Home > Opinion > ${SECTION}`);
        const twitter = tags(html, 'a').find((a) => (a.attrs.get('href') ?? '').startsWith('https://twitter.com/intent/tweet?'));
        assert.equal(new URL(twitter.attrs.get('href')).searchParams.get('text'), HEADLINE);
    });

    it('article page: the JSON-LD parses and carries the text unchanged', async () => {
        const html = (await get(server.url, ARTICLE)).text();
        const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
        assert.equal(blocks.length, 1);
        assert.doesNotMatch(blocks[0][1], /<\/script/i, 'nothing inside can close the element');
        const [ld] = jsonLdBlocks(html);
        assert.equal(ld.headline, HEADLINE);
        assert.equal(ld.description, SUMMARY);
        assert.equal(ld.articleSection, SECTION);
        assert.deepEqual(ld.author, [{ '@type': 'Person', name: BYLINE }]);
        assert.deepEqual([...ld.keywords].sort(), [...TAGS].sort());
    });

    it('Markdown body: raw HTML and script URLs are dropped, text and safe links stay', async () => {
        const html = (await get(server.url, ARTICLE)).text();
        const body = element(html, 'div', /class="article-body"/).inner;
        assertNoInjectedMarkup(body, 'body');
        assert.match(textOf(body), /^Hello .*world\./);
        const links = tags(body, 'a').map((a) => a.attrs.get('href'));
        assert.ok(links.includes('https://example.com/?a=1&b=2'), `a safe link stays: ${links}`);
        for (const href of links) {
            assert.match(href, /^(https?:|$)/, `link target ${JSON.stringify(href)}`);
        }
        assert.match(body, /<code>&lt;\/script&gt;&lt;script&gt;alert\(13\)&lt;\/script&gt;<\/code>/, 'code spans are text');
    });

    it('print view, section front, home and error pages escape the same text', async () => {
        const pages = {
            print: `${ARTICLE}/print`,
            section: SECTION_PATH,
            opinion: '/opinion',
            home: '/',
        };
        for (const [what, target] of Object.entries(pages)) {
            const html = (await get(server.url, target)).text();
            assertNoInjectedMarkup(html, what);
            assert.ok(textOf(html).includes(HEADLINE), `${what}: shows the headline as text`);
        }
        const print = (await get(server.url, `${ARTICLE}/print`)).text();
        assert.equal(textOf(element(print, 'h1').inner), HEADLINE);
        const front = (await get(server.url, SECTION_PATH)).text();
        assert.equal(textOf(element(front, 'h1').inner), SECTION);
        assert.equal(textOf(element(front, 'p', /class="story-summary"/).inner), SUMMARY);

        // The 404 for a page past the end names the section: still as text.
        const nf = await request(server.url, `${SECTION_PATH}?page=2`);
        assert.equal(nf.status, 404);
        assertNoInjectedMarkup(nf.text(), '404');
        assert.ok(textOf(nf.text()).includes(`${SECTION} has 1 page.`), textOf(nf.text()));
    });
});
