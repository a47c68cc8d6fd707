// The reading pages of a new data folder (the 14 demo articles): home, section fronts,
// articles, print views and pagination, as a reader's browser and a search engine see them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
    SITE_NAME,
    element,
    get,
    jsonLdBlocks,
    meta,
    readDemoArticles,
    request,
    startServer,
    tags,
    textOf,
} from '../support/masthead.mjs';

const demo = readDemoArticles();
const byPath = new Map(demo.map((a) => [a.path, a]));
const newestFirst = (a, b) => Date.parse(b.published) - Date.parse(a.published);
const TOP_SECTIONS = [
    ['/national', 'National'],
    ['/opinion', 'Opinion'],
    ['/business', 'Business'],
    ['/culture', 'Culture'],
];

/** [{path, headline, datetime}] of the story items (<li class="story">) in `html`. */
function stories(html) {
    return [...html.matchAll(/<li class="story">([\s\S]*?)<\/li>/g)].map((m) => {
        const link = /<h\d class="story-headline"><a href="([^"]*)">([\s\S]*?)<\/a>/.exec(m[1]);
        const time = /<time datetime="([^"]*)">/.exec(m[1]);
        return { path: link[1], headline: textOf(link[2]), datetime: time[1] };
    });
}

function assertNewestFirst(list, what) {
    for (let i = 1; i < list.length; ++i) {
        assert.ok(
            Date.parse(list[i - 1].datetime) >= Date.parse(list[i].datetime),
            `${what}: ${list[i - 1].path} (${list[i - 1].datetime}) should not come before ` +
                `${list[i].path} (${list[i].datetime})`,
        );
    }
}

/** Every page of the site: English, the stylesheet and the favicon from /static. */
function assertPageBasics(html, what) {
    assert.match(html, /^<!doctype html>\n<html lang="en">/, `${what}: doctype and lang=en`);
    const icon = tags(html, 'link').find((l) => l.attrs.get('rel') === 'icon');
    assert.ok(icon, `${what}: has <link rel="icon">`);
    assert.match(icon.attrs.get('href'), /^\/static\/favicon\.[0-9a-f]{12}\.svg$/, `${what}: favicon`);
    const css = tags(html, 'link').find((l) => l.attrs.get('rel') === 'stylesheet');
    assert.match(css.attrs.get('href'), /^\/static\/masthead\.[0-9a-f]{12}\.css$/, `${what}: css`);
}

describe('pages of the demo content', () => {
    let server;
    before(async () => {
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
    });

    it('has a new data folder with the 14 demo articles', () => {
        assert.equal(demo.length, 14);
        assert.ok(
            server.stdout.some((l) => /^masthead: new data folder .*: added 14 demo articles$/.test(l)),
            server.stdout.join('\n'),
        );
    });

    it('home: lead story, then one block per top section, newest first', async () => {
        const r = await get(server.url, '/');
        assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
        const html = r.text();
        assertPageBasics(html, '/');
        assert.equal(textOf(element(html, 'title').inner), SITE_NAME);

        const nav = element(html, 'nav', /class="site-nav"/);
        assert.deepEqual(
            [...nav.inner.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]),
            TOP_SECTIONS,
        );

        const newest = [...demo].sort(newestFirst)[0];
        const lead = element(html, 'section', /class="lead-story"/);
        assert.ok(lead, 'home has a lead story');
        assert.deepEqual(
            stories(lead.inner).map((s) => [s.path, s.headline]),
            [[newest.path, newest.headline]],
        );
        assert.ok(lead.inner.includes(newest.summary.slice(0, 60)), 'the lead shows its summary');

        const blocks = [...html.matchAll(/<section class="front-section"[^>]*>([\s\S]*?)<\/section>/g)];
        assert.deepEqual(
            blocks.map((b) => /<h2[^>]*><a href="([^"]*)">([^<]*)<\/a><\/h2>/.exec(b[1]).slice(1)),
            TOP_SECTIONS,
            'one block per top section, in section order',
        );
        for (const [i, [sectionPath]] of TOP_SECTIONS.entries()) {
            const got = stories(blocks[i][1]);
            const want = demo
                .filter((a) => a.path.startsWith(`${sectionPath}/`) && a !== newest)
                .sort(newestFirst)
                .slice(0, 4);
            assert.deepEqual(
                got.map((s) => s.path),
                want.map((a) => a.path),
                `home block ${sectionPath}: the newest four stories except the lead`,
            );
            assert.deepEqual(
                got.map((s) => s.headline),
                want.map((a) => a.headline),
            );
        }
    });

    it('section front: breadcrumb, subsections and every story newest first', async () => {
        const html = (await get(server.url, '/opinion')).text();
        assertPageBasics(html, '/opinion');
        assert.equal(textOf(element(html, 'title').inner), `Opinion | ${SITE_NAME}`);
        assert.equal(
            tags(html, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href'),
            `${server.url}/opinion`,
        );
        const crumbs = element(html, 'nav', /class="breadcrumb"/);
        assert.equal(textOf(crumbs.inner), 'Home > Opinion');
        assert.match(crumbs.inner, /<a href="\/opinion" aria-current="page">Opinion<\/a>/);
        assert.match(
            element(html, 'nav', /class="site-nav"/).inner,
            /<a href="\/opinion" aria-current="page">Opinion<\/a>/,
            'the site navigation marks the current section',
        );
        assert.equal(textOf(element(html, 'h1').inner), 'Opinion');
        const sub = element(html, 'nav', /class="subsections"/);
        assert.ok(sub, '/opinion lists its subsections');
        assert.deepEqual(
            tags(sub.inner, 'a').map((a) => a.attrs.get('href')),
            ['/opinion/editorials', '/opinion/columns'],
        );
        const got = stories(html);
        const want = demo.filter((a) => a.path.startsWith('/opinion/')).sort(newestFirst);
        assert.deepEqual(got.map((s) => s.path), want.map((a) => a.path));
        assertNewestFirst(got, '/opinion');
        assert.equal(element(html, 'nav', /class="pagination"/), null, 'one page: no pagination');

        const sub2 = (await get(server.url, '/opinion/editorials')).text();
        assert.equal(textOf(element(sub2, 'nav', /class="breadcrumb"/).inner), 'Home > Opinion > Editorials');
        assert.deepEqual(
            stories(sub2).map((s) => s.path),
            demo.filter((a) => a.sectionPath === '/opinion/editorials').sort(newestFirst).map((a) => a.path),
        );
    });

    it('article: title, breadcrumb, print link, headline, body and share links in that order', async () => {
        const a = byPath.get('/national/seoul-night-buses-second-life');
        const r = await get(server.url, a.path);
        const html = r.text();
        assertPageBasics(html, a.path);
        const canonical = `${server.url}${a.path}`;

        const title = element(html, 'title');
        assert.equal(textOf(title.inner), a.headline);
        const crumbs = element(html, 'nav', /class="breadcrumb"/);
        assert.equal(textOf(crumbs.inner), 'Home > National');
        assert.deepEqual(tags(crumbs.inner, 'a').map((t) => t.attrs.get('href')), ['/', '/national']);
        const print = tags(html, 'a').find((t) => /\btool-print\b/.test(t.attrs.get('class') ?? ''));
        assert.ok(print, 'has a print link');
        assert.equal(new URL(print.attrs.get('href'), server.url).pathname, `${a.path}/print`);
        const h1 = element(html, 'h1', /class="headline"/);
        assert.equal(textOf(h1.inner), a.headline);
        const body = element(html, 'div', /class="article-body"/);
        assert.ok(body, 'has the article body');
        assert.ok(
            textOf(body.inner).startsWith('Seoul will open four new late-night bus routes on Dec. 14'),
            textOf(body.inner).slice(0, 100),
        );
        assert.match(body.inner, /<h2>New routes<\/h2>/, 'Markdown headings become <h2>');
        assert.match(body.inner, /<em>This article was updated on Nov\. 4/, 'Markdown emphasis');
        const twitter = tags(html, 'a').find((t) =>
            (t.attrs.get('href') ?? '').startsWith('https://twitter.com/intent/tweet?'),
        );
        const facebook = tags(html, 'a').find((t) =>
            (t.attrs.get('href') ?? '').startsWith('https://www.facebook.com/sharer/'),
        );
        assert.ok(twitter && facebook, 'has Twitter and Facebook share links');
        const tweet = new URL(twitter.attrs.get('href')).searchParams;
        assert.equal(tweet.get('url'), canonical);
        assert.equal(tweet.get('text'), a.headline);
        assert.equal(new URL(facebook.attrs.get('href')).searchParams.get('u'), canonical);

        const order = [
            ['title', title.index],
            ['breadcrumb', crumbs.index],
            ['print link', print.index],
            ['h1', h1.index],
            ['body', body.index],
            ['share links', Math.min(twitter.index, facebook.index)],
        ];
        for (let i = 1; i < order.length; ++i) {
            assert.ok(order[i - 1][1] < order[i][1], `${order[i - 1][0]} comes before ${order[i][0]}`);
        }

        const header = element(html, 'header', /class="article-header"/).inner;
        assert.match(header, /<span class="byline">By Kim Seo-yeon<\/span>/);
        assert.match(header, /Published <time datetime="2026-11-03T07:30:00\+09:00">Nov\. 3, 2026 07:30<\/time>/);
        assert.match(header, /Updated <time datetime="2026-11-04T10:15:00\+09:00">Nov\. 4, 2026 10:15<\/time>/);
        assert.deepEqual(
            [...element(html, 'ul', /class="tags"/).inner.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]).sort(),
            [...a.tags].sort(),
        );
    });

    it('article: canonical, Open Graph, Twitter card and JSON-LD NewsArticle', async () => {
        const a = byPath.get('/national/seoul-night-buses-second-life');
        const html = (await get(server.url, a.path)).text();
        const canonical = `${server.url}${a.path}`;
        assert.equal(
            tags(html, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href'),
            canonical,
        );
        assert.equal(meta(html, 'description'), a.summary);
        assert.equal(meta(html, 'og:title'), a.headline);
        assert.equal(meta(html, 'og:type'), 'article');
        assert.equal(meta(html, 'og:url'), canonical);
        assert.equal(meta(html, 'og:site_name'), SITE_NAME);
        assert.equal(meta(html, 'og:description'), a.summary);
        assert.equal(meta(html, 'twitter:card'), 'summary');
        assert.equal(meta(html, 'twitter:title'), a.headline);
        assert.equal(meta(html, 'article:published_time'), '2026-11-03T07:30:00+09:00');
        assert.equal(meta(html, 'article:modified_time'), '2026-11-04T10:15:00+09:00');
        assert.equal(meta(html, 'article:section'), 'National');

        const blocks = jsonLdBlocks(html);
        assert.equal(blocks.length, 1, 'one JSON-LD block');
        const ld = blocks[0];
        assert.equal(ld['@context'], 'https://schema.org');
        assert.equal(ld['@type'], 'NewsArticle');
        assert.equal(ld.headline, a.headline);
        assert.equal(ld.datePublished, '2026-11-03T07:30:00+09:00');
        assert.equal(ld.dateModified, '2026-11-04T10:15:00+09:00');
        assert.equal(ld.articleSection, 'National');
        assert.equal(ld.url, canonical);
        assert.equal(ld.mainEntityOfPage, canonical);
        assert.deepEqual(ld.author, [{ '@type': 'Person', name: 'Kim Seo-yeon' }]);
        assert.equal(ld.publisher?.name, SITE_NAME);
        assert.equal(ld.description, a.summary);
    });

    it('editorial without a byline: kind label, and the publisher as JSON-LD author', async () => {
        const a = byPath.get('/opinion/editorials/trainee-doctors-workweek');
        const html = (await get(server.url, a.path)).text();
        assert.equal(textOf(element(html, 'p', /class="article-kind"/).inner), 'Editorial');
        assert.equal(element(html, 'span', /class="byline"/), null, 'no byline');
        assert.equal(textOf(element(html, 'nav', /class="breadcrumb"/).inner), 'Home > Opinion > Editorials');
        const [ld] = jsonLdBlocks(html);
        assert.equal(ld.headline, a.headline);
        assert.equal(ld.articleSection, 'Editorials');
        assert.equal(ld.datePublished, '2026-11-14T18:30:00+09:00');
        assert.equal(ld.dateModified, ld.datePublished, 'never updated: modified = published');
        const authors = Array.isArray(ld.author) ? ld.author : [ld.author];
        assert.deepEqual(
            authors.map((x) => [x['@type'], x.name]),
            [['Organization', SITE_NAME]],
        );
    });

    it('print view: the article alone, ending with its address', async () => {
        const a = byPath.get('/opinion/columns/grandmother-kimjang-time');
        const canonical = `${server.url}${a.path}`;
        for (const target of [`${a.path}/print`, `${a.path}/print?autoprint=1`]) {
            const r = await get(server.url, target);
            assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
            const html = r.text();
            assertPageBasics(html, target);
            assert.equal(textOf(element(html, 'title').inner), a.headline);
            assert.equal(textOf(element(html, 'h1').inner), a.headline);
            assert.match(html, /<span class="byline">By Lee Hyun-woo<\/span>/);
            assert.ok(element(html, 'div', /class="article-body"/).inner.includes('<p>'), 'has the body');
            assert.equal(meta(html, 'robots'), 'noindex');
            assert.equal(
                tags(html, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href'),
                canonical,
            );
            assert.doesNotMatch(html, /<nav\b/, 'no navigation or breadcrumb');
            assert.doesNotMatch(html, /class="site-nav"|class="toolbar"|class="share"|twitter\.com|facebook\.com/);
            const main = element(html, 'main');
            assert.ok(textOf(main.inner).endsWith(canonical), `ends with the address: ${textOf(main.inner).slice(-120)}`);
            const script = tags(html, 'script').find((s) => s.attrs.has('src'));
            assert.match(script.attrs.get('src'), /^\/static\/print\.[0-9a-f]{12}\.js$/);
            const js = await get(server.url, script.attrs.get('src'));
            assert.equal(js.headers.get('content-type'), 'application/javascript; charset=utf-8');
        }
        await get(server.url, '/opinion/columns/print', { status: 404 });
        await get(server.url, `${a.path}/print/print`, { status: 404 });
    });

    it('unknown articles and sections are 404 pages in the site design', async () => {
        for (const target of ['/nowhere', '/national/no-such-story', '/opinion/editorials/x/y', '/National']) {
            const r = await request(server.url, target);
            assert.equal(r.status, 404, target);
            const html = r.text();
            assert.match(html, new RegExp(SITE_NAME));
            assert.ok(tags(html, 'a').some((a) => a.attrs.get('href') === '/'), `${target}: links to /`);
            assert.equal(meta(html, 'robots'), 'noindex');
        }
    });

    it('pages and their static files: favicon, stylesheet, English, on every kind of page', async () => {
        const html = (await get(server.url, '/no/such/page', { status: 404 })).text();
        assertPageBasics(html, '404 page');
        for (const target of ['/', '/culture', demo[0].path]) {
            const page = (await get(server.url, target)).text();
            for (const l of tags(page, 'link').filter((x) => ['icon', 'stylesheet'].includes(x.attrs.get('rel')))) {
                const r = await get(server.url, l.attrs.get('href'));
                assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
            }
        }
    });

    // ctest runs the binary under TZ=America/New_York: none of that may show.
    it('shows times in the site time zone (Asia/Seoul), whatever TZ the process has', async () => {
        const html = (await get(server.url, '/national')).text();
        assert.match(html, /<time datetime="2026-11-03T07:30:00\+09:00">Nov\. 3, 2026 07:30<\/time>/);
        assert.match(html, /Times are shown in Asia\/Seoul\./);
    });
});

describe('pages with site settings', () => {
    let server;
    before(async () => {
        server = await startServer({
            config: [
                'site:',
                '  name: "The Evening Post"',
                '  section_page_size: 2',
                '  home_stories_per_section: 1',
                '  time_zone: America/Los_Angeles',
                '',
            ].join('\n'),
        });
    });
    after(async () => {
        await server?.stop();
    });

    it('section fronts paginate with rel=prev/next and keep newest-first order across pages', async () => {
        const want = demo.filter((a) => a.path.startsWith('/opinion/')).sort(newestFirst);
        assert.equal(want.length, 5, 'Opinion holds five demo stories: three pages of two');
        const seen = [];
        // The links carry where the next page starts (keyset pagination); the page number
        // stays in the address and the canonical link is the numbered page.
        const keyed = (page, key) => new RegExp(`^/opinion${page === 1 ? '\\?' : `\\?page=${page}&`}${key}=\\d+\\.\\d+$`);
        const expected = [
            { prev: undefined, next: keyed(2, 'older_than'), canonical: '/opinion', title: 'Opinion' },
            { prev: keyed(1, 'newer_than'), next: keyed(3, 'older_than'), canonical: '/opinion?page=2', title: 'Opinion (page 2)' },
            { prev: keyed(2, 'newer_than'), next: undefined, canonical: '/opinion?page=3', title: 'Opinion (page 3)' },
        ];
        const check = (link, want, what) =>
            want === undefined ? assert.equal(link, undefined, what) : assert.match(link ?? '', want, what);
        let target = '/opinion';
        const pages = [];
        for (const [i, e] of expected.entries()) {
            const html = (await get(server.url, target)).text();
            pages.push(html);
            const links = tags(html, 'link');
            const rel = (name) => links.find((l) => l.attrs.get('rel') === name)?.attrs.get('href');
            check(rel('prev'), e.prev, `${target}: rel=prev`);
            check(rel('next'), e.next, `${target}: rel=next`);
            assert.equal(rel('canonical'), `${server.url}${e.canonical}`, `${target}: canonical`);
            assert.equal(textOf(element(html, 'title').inner), `${e.title} | The Evening Post`);
            const pager = element(html, 'nav', /class="pagination"/);
            assert.ok(pager, `${target}: has the pager`);
            assert.match(textOf(pager.inner), new RegExp(`Page ${i + 1} of 3`));
            const anchors = tags(pager.inner, 'a');
            assert.equal(anchors.find((a) => a.attrs.get('rel') === 'prev')?.attrs.get('href'), rel('prev'));
            assert.equal(anchors.find((a) => a.attrs.get('rel') === 'next')?.attrs.get('href'), rel('next'));
            const got = stories(html);
            assert.equal(got.length, i < 2 ? 2 : 1, `${target}: page size 2`);
            seen.push(...got);
            target = rel('next');
        }
        assert.deepEqual(seen.map((s) => s.path), want.map((a) => a.path), 'all stories once, newest first');
        // Back from page 3 and page 2: the same stories as on the way there.
        const back = (html) => tags(html, 'link').find((l) => l.attrs.get('rel') === 'prev').attrs.get('href');
        assert.deepEqual(stories((await get(server.url, back(pages[2]))).text()), stories(pages[1]));
        assert.deepEqual(stories((await get(server.url, back(pages[1]))).text()), stories(pages[0]));
        // Numbered pages show the same.
        assert.deepEqual(stories((await get(server.url, '/opinion?page=2')).text()), stories(pages[1]));
        const first = (await get(server.url, '/opinion?page=1')).text();
        assert.equal(
            tags(first, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href'),
            `${server.url}/opinion`,
            '?page=1 is the section front itself',
        );
        for (const bad of ['older_than=yesterday', 'older_than=12', 'newer_than=1.0', 'older_than=1.2&newer_than=1.2']) {
            await get(server.url, `/opinion?${bad}`, { status: 400 });
        }
    });

    it('a bad page number is 400 and one past the last page is 404', async () => {
        for (const bad of ['0', 'abc', '-1', '1.5', '', '2x', '99999999999999999999999']) {
            const r = await get(server.url, `/opinion?page=${bad}`, { status: 400 });
            assert.equal(r.headers.get('cache-control'), 'no-store');
            assert.match(r.text(), /The Evening Post/);
        }
        for (const beyond of ['4', '1000']) {
            const r = await get(server.url, `/opinion?page=${beyond}`, { status: 404 });
            assert.match(textOf(r.text()), /Opinion has 3 pages\./);
        }
        await get(server.url, '/national?page=2');
        await get(server.url, '/national?page=3', { status: 404 });
    });

    it('home shows home_stories_per_section stories per block and the site name', async () => {
        const html = (await get(server.url, '/')).text();
        assert.equal(textOf(element(html, 'title').inner), 'The Evening Post');
        const blocks = [...html.matchAll(/<section class="front-section"[^>]*>([\s\S]*?)<\/section>/g)];
        assert.equal(blocks.length, 4);
        for (const b of blocks) {
            assert.equal(stories(b[1]).length, 1, 'one story per section block');
        }
    });

    it('times follow site.time_zone', async () => {
        // 2026-11-03T07:30:00+09:00 is 14:30 on Nov. 2 in Los Angeles (PST, UTC-8).
        const html = (await get(server.url, '/national/seoul-night-buses-second-life')).text();
        assert.match(html, /Published <time datetime="2026-11-02T14:30:00-08:00">Nov\. 2, 2026 14:30<\/time>/);
        assert.equal(meta(html, 'article:published_time'), '2026-11-02T14:30:00-08:00');
        assert.equal(jsonLdBlocks(html)[0].datePublished, '2026-11-02T14:30:00-08:00');
        assert.match(html, /Times are shown in America\/Los_Angeles\./);
    });
});

describe('site.base_url', () => {
    it('canonical and og:url use base_url, without a double slash when it ends with "/"', async (t) => {
        for (const base of ['https://news.example', 'https://news.example/']) {
            const server = await startServer({ t, config: `site:\n  base_url: "${base}"\n` });
            const html = (await get(server.url, '/national')).text();
            assert.equal(
                tags(html, 'link').find((l) => l.attrs.get('rel') === 'canonical').attrs.get('href'),
                'https://news.example/national',
                `base_url ${base}`,
            );
            assert.equal(meta(html, 'og:url'), 'https://news.example/national', `base_url ${base}`);
            const article = (await get(server.url, demo[0].path)).text();
            const ld = jsonLdBlocks(article)[0];
            assert.equal(ld.url, `https://news.example${demo[0].path}`, `base_url ${base}`);
            assert.equal(ld.publisher.url, 'https://news.example/', `base_url ${base}`);
            await server.stop();
        }
    });

    it('the start-up line still names the address the server listens on', async (t) => {
        const server = await startServer({ t, config: 'site:\n  base_url: "https://news.example"\n' });
        try {
            const line = server.stdout.find((l) => l.startsWith('masthead: serving '));
            assert.ok(
                line.includes(`127.0.0.1:${server.port}`),
                `with --listen 127.0.0.1:0 the operator must learn the port; got: ${line}`,
            );
        } finally {
            await server.stop();
        }
    });
});
