// `masthead import`: good files land and are served by a running server; every kind of bad
// file is refused with "FILE:LINE: what is wrong", exit code 1, and nothing from it imported.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

import {
    articleFile,
    element,
    get,
    makeTempDir,
    request,
    runImport,
    startServer,
    textOf,
    waitFor,
    writeFileIn,
} from '../support/masthead.mjs';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Resolves once GET `target` is 200 and its <h1> is `headline` (the catalog refreshed). */
async function waitForArticle(server, target, headline, deadlineMs = 8000) {
    return waitFor(
        async () => {
            const r = await request(server.url, target);
            if (r.status !== 200) {
                return false;
            }
            const h1 = element(r.text(), 'h1', /class="headline"/);
            return h1 && textOf(h1.inner) === headline ? r : false;
        },
        deadlineMs,
        { message: `${target} to show "${headline}"`, intervalMs: 100 },
    );
}

describe('import of good files into a running site', () => {
    let server;
    let dir;
    before(async () => {
        dir = await makeTempDir(undefined, 'masthead-import-');
        server = await startServer({ dataDir: path.join(dir, 'data') });
    });
    after(async () => {
        await server?.stop();
    });

    it('prints the URL path, exits 0, and the site serves the article with all its fields', async () => {
        const file = await writeFileIn(
            dir,
            'market.md',
            articleFile(
                {
                    headline: 'Gwangjang Market night stalls stay open past midnight',
                    section: 'Culture/Food',
                    published: '2026-11-28T20:00:00+09:00',
                    updated: '2026-11-29T08:15:00+09:00',
                    kind: 'feature',
                    byline: 'Moon Ha-neul',
                    source: 'Yonhap',
                    summary: 'Vendors say tourists and night-shift workers keep them busy.',
                    slug: 'gwangjang-night-stalls',
                    tags: '[food, markets, Seoul]',
                },
                'Bindaetteok sizzles on the griddles.\n\n## Longer hours\n\nMost stalls now close at **1 a.m.**\n',
            ),
        );
        const r = await runImport(server.dataDir, [file]);
        assert.deepEqual(r, { code: 0, signal: null, stdout: '/culture/food/gwangjang-night-stalls\n', stderr: '' });

        const page = (await waitForArticle(server, '/culture/food/gwangjang-night-stalls', 'Gwangjang Market night stalls stay open past midnight')).text();
        assert.equal(textOf(element(page, 'p', /class="article-kind"/).inner), 'Feature');
        assert.match(page, /<span class="byline">By Moon Ha-neul<\/span>/);
        assert.match(page, /<span class="source">Yonhap<\/span>/);
        assert.match(page, /Published <time datetime="2026-11-28T20:00:00\+09:00">Nov\. 28, 2026 20:00<\/time>/);
        assert.match(page, /Updated <time datetime="2026-11-29T08:15:00\+09:00">Nov\. 29, 2026 08:15<\/time>/);
        const body = element(page, 'div', /class="article-body"/).inner;
        assert.match(body, /<p>Bindaetteok sizzles on the griddles\.<\/p>/);
        assert.match(body, /<h2>Longer hours<\/h2>/);
        assert.match(body, /<strong>1 a\.m\.<\/strong>/);
        assert.equal(textOf(element(page, 'nav', /class="breadcrumb"/).inner), 'Home > Culture > Food');

        const front = (await get(server.url, '/culture/food')).text();
        assert.match(front, /href="\/culture\/food\/gwangjang-night-stalls"/);
        assert.match(front, /Vendors say tourists and night-shift workers keep them busy\./);
        const home = (await get(server.url, '/')).text();
        assert.match(
            element(home, 'section', /class="lead-story"/).inner,
            /href="\/culture\/food\/gwangjang-night-stalls"/,
            'the newest story leads the home page',
        );
    });

    it('makes the slug from the headline when there is none, and derives a summary from the body', async () => {
        const file = await writeFileIn(
            dir,
            'no-slug.md',
            articleFile(
                { headline: '"Hello, World: the 2026 edition!"', section: 'National', published: '2026-11-20T09:00:00+09:00' },
                'First paragraph, used as the summary.\n\nSecond paragraph.\n',
            ),
        );
        const r = await runImport(server.dataDir, [file]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, '/national/hello-world-the-2026-edition\n');
        const page = (await waitForArticle(server, '/national/hello-world-the-2026-edition', 'Hello, World: the 2026 edition!')).text();
        assert.match(page, /<meta name="description" content="First paragraph, used as the summary\.">/);
    });

    it('accepts CRLF line ends and a UTF-8 byte order mark', async () => {
        const crlf = articleFile(
            { headline: 'Written on Windows', section: 'National', published: '2026-11-20T10:00:00+09:00', tags: '[a, b]' },
            'Line one\nline two.\n\nSecond paragraph.\n',
        ).replace(/\n/g, '\r\n');
        const files = [
            await writeFileIn(dir, 'crlf.md', crlf),
            await writeFileIn(
                dir,
                'bom.md',
                Buffer.concat([
                    Buffer.from([0xef, 0xbb, 0xbf]),
                    Buffer.from(articleFile({ headline: 'Starts with a BOM', section: 'National', published: '2026-11-20T11:00:00+09:00' })),
                ]),
            ),
        ];
        const r = await runImport(server.dataDir, files);
        assert.deepEqual(r, { code: 0, signal: null, stdout: '/national/written-on-windows\n/national/starts-with-a-bom\n', stderr: '' });
        const page = (await waitForArticle(server, '/national/written-on-windows', 'Written on Windows')).text();
        assert.doesNotMatch(page, /\r/, 'no carriage returns reach the page');
        assert.match(element(page, 'div', /class="article-body"/).inner, /<p>Line one\nline two\.<\/p>\n<p>Second paragraph\.<\/p>/);
        await waitForArticle(server, '/national/starts-with-a-bom', 'Starts with a BOM');
    });

    it('re-importing the same slug updates the article in place', async () => {
        const write = (headline, body) =>
            writeFileIn(
                dir,
                'update.md',
                articleFile({ headline, section: 'Business', published: '2026-11-21T09:00:00+09:00', slug: 'rate-decision' }, body),
            );
        let r = await runImport(server.dataDir, [await write('Bank of Korea holds rates', 'First version.\n')]);
        assert.equal(r.stdout, '/business/rate-decision\n');
        const first = await waitForArticle(server, '/business/rate-decision', 'Bank of Korea holds rates');
        const oldEtag = first.headers.get('etag');

        r = await runImport(server.dataDir, [await write('Bank of Korea cuts rates by a quarter point', 'Corrected version.\n')]);
        assert.deepEqual(r, { code: 0, signal: null, stdout: '/business/rate-decision\n', stderr: '' });
        const second = await waitForArticle(server, '/business/rate-decision', 'Bank of Korea cuts rates by a quarter point');
        const html = second.text();
        assert.match(html, /<p>Corrected version\.<\/p>/);
        assert.doesNotMatch(html, /holds rates|First version/);
        assert.notEqual(second.headers.get('etag'), oldEtag, 'a new ETag for the new page');
        const revalidated = await request(server.url, '/business/rate-decision', { headers: { 'If-None-Match': oldEtag } });
        assert.equal(revalidated.status, 200, 'the old ETag no longer matches');

        const front = (await get(server.url, '/business')).text();
        assert.match(front, /Bank of Korea cuts rates by a quarter point/);
        assert.doesNotMatch(front, /holds rates/);
        assert.equal(front.match(/href="\/business\/rate-decision"/g).length, 1, 'listed once');
    });

    it('re-importing a slug into another section moves the article', async () => {
        const write = (section) =>
            writeFileIn(dir, 'move.md', articleFile({ headline: 'Moving story', section, published: '2026-11-21T09:00:00+09:00', slug: 'moving-story' }));
        let r = await runImport(server.dataDir, [await write('National')]);
        assert.equal(r.stdout, '/national/moving-story\n');
        await waitForArticle(server, '/national/moving-story', 'Moving story');
        r = await runImport(server.dataDir, [await write('Business')]);
        assert.equal(r.stdout, '/business/moving-story\n');
        await waitForArticle(server, '/business/moving-story', 'Moving story');
        assert.equal((await request(server.url, '/national/moving-story')).status, 404, 'the old address is gone');
    });

    it('a draft is not served until it is imported again as published', async () => {
        const draft = (status) =>
            writeFileIn(
                dir,
                'draft.md',
                articleFile({ headline: 'Embargoed report', section: 'National', published: '2026-11-22T09:00:00+09:00', slug: 'embargoed-report', status }),
            );
        const marker = await writeFileIn(
            dir,
            'marker.md',
            articleFile({ headline: 'Marker after the draft', section: 'National', published: '2026-11-01T09:00:00+09:00', slug: 'draft-marker' }),
        );
        const r = await runImport(server.dataDir, [await draft('draft'), marker]);
        assert.equal(r.code, 0, r.stderr);
        // The marker was saved after the draft: once it shows, the draft's save is visible too.
        await waitForArticle(server, '/national/draft-marker', 'Marker after the draft');
        assert.equal((await request(server.url, '/national/embargoed-report')).status, 404);
        assert.doesNotMatch((await get(server.url, '/national')).text(), /Embargoed report/);

        assert.equal((await runImport(server.dataDir, [await draft('published')])).code, 0);
        await waitForArticle(server, '/national/embargoed-report', 'Embargoed report');
    });

    it('a good and a bad file together: the good one lands, the exit code is 1', async () => {
        const good = await writeFileIn(
            dir,
            'together-good.md',
            articleFile({ headline: 'The good one', section: 'National', published: '2026-11-23T09:00:00+09:00' }),
        );
        const bad = await writeFileIn(
            dir,
            'together-bad.md',
            articleFile({ headline: 'The bad one', section: 'National', published: 'yesterday' }),
        );
        const r = await runImport(server.dataDir, [bad, good]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, '/national/the-good-one\n');
        assert.match(r.stderr, new RegExp(`^${escapeRe(bad)}:4: "published" is not an RFC 3339 time[^\\n]*\\n$`));
        await waitForArticle(server, '/national/the-good-one', 'The good one');
        assert.equal((await request(server.url, '/national/the-bad-one')).status, 404);
    });

    /** Imports `files` plus a marker saved after them; resolves once the site shows the
     * marker, so everything saved before it is visible too. */
    async function importThenSync(files, tag) {
        const marker = await writeFileIn(
            dir,
            `marker-${tag}.md`,
            articleFile({ headline: `Marker ${tag}`, section: 'National', published: '2026-11-01T09:00:00+09:00', slug: `marker-${tag}` }),
        );
        const r = await runImport(server.dataDir, [...files, marker]);
        assert.ok(r.stdout.endsWith(`/national/marker-${tag}\n`), r.stdout + r.stderr);
        await waitForArticle(server, `/national/marker-${tag}`, `Marker ${tag}`);
        return r;
    }

    it('never prints an address that a built-in route (static, metrics, healthz) hides', async () => {
        const sections = ['Static', 'Metrics', 'Healthz'];
        const files = [];
        for (const section of sections) {
            const slug = `${section.toLowerCase()}-story`;
            files.push(
                await writeFileIn(
                    dir,
                    `${slug}.md`,
                    articleFile({ headline: `A ${section} story`, section, published: '2026-11-20T09:00:00+09:00', slug }),
                ),
            );
        }
        const r = await importThenSync(files, 'reserved');
        const printed = r.stdout.split('\n').filter(Boolean);
        const refused = r.stderr.split('\n').filter(Boolean);
        const wrong = [];
        for (const [i, section] of sections.entries()) {
            const lower = section.toLowerCase();
            const address = `/${lower}/${lower}-story`;
            if (!printed.includes(address)) {
                if (!refused.some((l) => l.startsWith(`${files[i]}:3: `))) {
                    wrong.push(`${section}: neither imported nor refused with FILE:3 (the section line)`);
                }
                continue;
            }
            const article = await request(server.url, address);
            if (article.status !== 200 || textOf(element(article.text(), 'h1')?.inner ?? '') !== `A ${section} story`) {
                wrong.push(`${section}: import printed ${address}, which answers ${article.status} without the article`);
            }
            const front = await request(server.url, `/${lower}`);
            const title = textOf(element(front.text(), 'title')?.inner ?? '');
            if (title !== `${section} | The Masthead Daily`) {
                wrong.push(
                    `${section}: the section front /${lower} (linked from the site navigation) answers ` +
                        `${front.status} ${front.headers.get('content-type')} instead of the section`,
                );
            }
        }
        assert.deepEqual(wrong, []);
    });

    it('never prints an address that is already a section front', async () => {
        const inSub = await writeFileIn(
            dir,
            'in-sub.md',
            articleFile({ headline: 'Inside the sub-section', section: 'Alpha/Beta', published: '2026-11-20T09:00:00+09:00', slug: 'inside' }),
        );
        assert.equal((await runImport(server.dataDir, [inSub])).stdout, '/alpha/beta/inside\n');
        await waitForArticle(server, '/alpha/beta/inside', 'Inside the sub-section');
        assert.match(textOf(element((await get(server.url, '/alpha/beta')).text(), 'title').inner), /^Beta \| /);

        const clash = await writeFileIn(
            dir,
            'clash.md',
            articleFile({ headline: 'Beta the article', section: 'Alpha', published: '2026-11-21T09:00:00+09:00', slug: 'beta' }),
        );
        const r = await importThenSync([clash], 'clash');
        if (!r.stdout.includes('/alpha/beta\n')) {
            assert.match(r.stderr, new RegExp(`^${escapeRe(clash)}:\\d+: `), 'refused with FILE:LINE');
            return;
        }
        // Imported at /alpha/beta: then the section front and the article share one address.
        const front = (await get(server.url, '/alpha/beta')).text();
        assert.match(textOf(element(front, 'title').inner), /^Beta \| /, 'the section front /alpha/beta is still reachable');
        assert.match(front, /Beta the article/, 'and the article is served at its printed address');
    });
});

describe('import of bad files', () => {
    let dir;
    let dataDir;
    const front = (lines, body = 'Body.\n') => ['---', ...lines, '---', ''].join('\n') + body;
    const H = 'headline: A headline';
    const S = 'section: National';
    const P = 'published: 2026-11-20T09:00:00+09:00';
    // [name, file text (a Buffer for raw bytes), the line to blame, what the message says]
    const cases = [
        ['no front matter', 'headline: x\nsection: National\n\nBody.\n', 1, /no front matter/],
        ['an empty file', '', 1, /no front matter/],
        ['front matter never closed', ['---', H, S, P, 'Body text.', ''].join('\n'), 5, /the front matter is not closed by a line "---"/],
        ['front matter not a mapping', front(['- a', '- b']), 2, /"key: value"/],
        ['missing headline', front([S, P]), 4, /the required key "headline" is missing/],
        ['missing section', front([H, P]), 4, /the required key "section" is missing/],
        ['missing published', front([H, S]), 4, /the required key "published" is missing/],
        ['an impossible date', front([H, S, 'published: 2026-11-31T09:00:00+09:00']), 4, /"published" is not an RFC 3339 time/],
        ['a date without a UTC offset', front([H, S, 'published: 2026-11-20T09:00:00']), 4, /"published" is not an RFC 3339 time/],
        ['a date that is not a date', front([H, P, S, 'updated: tomorrow']), 5, /"updated" is not an RFC 3339 time/],
        ['updated before published', front([H, S, P, 'updated: 2026-11-19T09:00:00+09:00']), 5, /"updated" is earlier than "published"/],
        ['an unknown key', front([H, S, 'author: Kim', P]), 4, /unknown key "author"/],
        ['a duplicate key', front([H, S, P, 'headline: Another']), 5, /key "headline" appears twice/],
        ['invalid UTF-8 in the body', Buffer.from(front([H, S, P], 'Body.\n\nBad \xff byte.\n'), 'latin1'), 8, /invalid UTF-8/],
        ['invalid UTF-8 in the front matter', Buffer.from(front(['headline: Caf\xe9 au lait', S, P]), 'latin1'), 2, /invalid UTF-8/],
        ['a bad slug', front([H, S, P, 'slug: Bad_Slug']), 5, /"slug" must be lowercase letters/],
        ['a slug with a double hyphen', front([H, S, P, 'slug: a--b']), 5, /"slug" must be/],
        ['an empty body', front([H, S, P], '\n   \n'), 6, /no body/],
        ['invalid YAML: a second colon', front(['headline: Seoul: a city', S, P]), 2, /not valid YAML/],
        ['invalid YAML: bad indentation', front([H, S, P, '  extra: indented']), 5, /not valid YAML/],
        ['an unknown kind', front([H, S, P, 'kind: rant']), 5, /"kind" must be news, editorial, column or feature/],
        ['an unknown status', front([H, S, P, 'status: pending']), 5, /"status" must be draft or published/],
        ['a section without Latin letters', front([H, 'section: 국내', P]), 3, /"section" must be names/],
        ['an empty section level', front([H, 'section: Opinion//Columns', P]), 3, /"section" must be names/],
        ['no slug can be made from the headline', front(['headline: 한글날', S, P]), 2, /no slug can be made from the headline/],
        ['tags that are not a list', front([H, S, P, 'tags: seoul']), 5, /"tags" must be a list/],
        ['a headline that is a list', front(['headline: [a, b]', S, P]), 2, /"headline" must be text/],
        ['a headline over 300 bytes', front([`headline: ${'x'.repeat(301)}`, S, P]), 2, /longer than 300 bytes/],
    ];
    const fileOf = new Map();
    let batch;

    // One import run with every bad file (a process start costs ~0.5 s under ASan).
    before(async () => {
        dir = await makeTempDir(undefined, 'masthead-bad-import-');
        dataDir = path.join(dir, 'data');
        for (const [name, text] of cases) {
            fileOf.set(name, await writeFileIn(dir, `${name.replace(/\W+/g, '-')}.md`, text));
        }
        batch = await runImport(dataDir, [...fileOf.values()]);
    });

    it('exits 1, prints no address and one error line per file, in order', () => {
        assert.equal(batch.code, 1);
        assert.equal(batch.stdout, '', 'no file was imported');
        const lines = batch.stderr.split('\n').filter(Boolean);
        assert.deepEqual(
            lines.map((l) => [...fileOf.values()].find((f) => l.startsWith(`${f}:`))),
            [...fileOf.values()],
            `stderr:\n${batch.stderr}`,
        );
    });

    for (const [name, , line, message] of cases) {
        it(`refuses ${name}: FILE:${line}`, () => {
            const file = fileOf.get(name);
            const got = batch.stderr.split('\n').find((l) => l.startsWith(`${file}:`));
            assert.ok(got, `an error line for ${file}`);
            assert.match(got, new RegExp(`^${escapeRe(file)}:\\d+: `), 'FILE:LINE: at the start');
            assert.equal(Number(got.slice(file.length + 1).split(':')[0]), line, `the line blamed: ${got}`);
            assert.match(got, message);
        });
    }

    it('a single bad file exits 1 too', async () => {
        const file = fileOf.get('an unknown key');
        const r = await runImport(dataDir, [file]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, new RegExp(`^${escapeRe(file)}:4: unknown key "author" [^\\n]*\\n$`));
    });

    it('nothing from the refused files reached the site', async (t) => {
        const server = await startServer({ t, dataDir });
        try {
            const home = (await get(server.url, '/')).text();
            assert.match(home, /Nothing has been published yet\./);
            assert.doesNotMatch(element(home, 'nav', /class="site-nav"/).inner, /<li>/, 'no sections were created');
            for (const target of ['/national', '/national/a-headline', '/opinion/columns']) {
                assert.equal((await request(server.url, target)).status, 404, target);
            }
        } finally {
            await server.stop();
        }
    });

    it('refuses a double-quoted value that is never closed (invalid YAML)', async () => {
        const own = await makeTempDir(undefined, 'masthead-bad-quote-');
        const file = await writeFileIn(own, 'quote.md', front([S, P, 'headline: "Unterminated quote']));
        const r = await runImport(path.join(own, 'data'), [file]);
        assert.equal(r.stdout, '', 'nothing imported');
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`^${escapeRe(file)}:4: .*(YAML|quot)`, 'i'));
    });
});
