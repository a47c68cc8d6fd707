// The dictionary (issue 4) through the real server: GET /api/dictionary against Debian's real
// WordNet and GCIDE data (lemmas, phrases from the sentence, unknown words, bad queries,
// caching headers), the newsroom's glossary edited with `masthead glossary` while the server
// runs, and start-up with broken or missing dictionaries (the site serves without one, the
// API answers 503 and pages do not offer it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

import {
    get,
    makeTempDir,
    readDemoArticles,
    request,
    runMasthead,
    startServer,
    tags,
    waitFor,
    writeFileIn,
} from '../support/masthead.mjs';

const WN_INDEX = '/usr/share/dictd/wn.index';
const WN_DATA = '/usr/share/dictd/wn.dict.dz';
const GCIDE_DATA = '/usr/share/dictd/gcide.dict.dz';
// The server reloads content (and the glossary) about once a second.
const RELOAD_DEADLINE_MS = 6000;

const DEMO = readDemoArticles();
const RENTERS = DEMO.find((a) => a.slug === 'young-renters-need-more-than-loans');
const BUSES = DEMO.find((a) => a.slug === 'seoul-night-buses-second-life');

/** GET /api/dictionary with these parameters; returns {r, json}. */
async function lookup(server, params, { status = 200 } = {}) {
    const target = `/api/dictionary?${new URLSearchParams(params)}`;
    const r = await request(server.url, target);
    assert.equal(r.status, status, `${target}: status ${r.status}: ${r.text().slice(0, 300)}`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', target);
    return { r, json: JSON.parse(r.text()) };
}

/** The status and JSON of a raw target (for bytes URLSearchParams would encode). */
async function rawLookup(server, target) {
    const r = await request(server.url, target);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', target);
    return { status: r.status, json: JSON.parse(r.text()), r };
}

const source = (json, id) => json.sources.find((s) => s.id === id);
const headwords = (json) => json.sources.flatMap((s) => s.entries.map((e) => e.headword));

/** `masthead glossary ARGS...` on the server's data folder: {code, stdout, stderr}. */
const glossary = (server, args, t) =>
    runMasthead(['glossary', args[0], '--data', server.dataDir, ...args.slice(1)], { t });

/** The article id of a page, from `<article data-article-id>`. */
async function articleId(server, article) {
    const html = (await get(server.url, article.path)).text();
    const m = /<article\b[^>]*\sdata-article-id="(\d+)"/.exec(html);
    assert.ok(m, `${article.path} has data-article-id`);
    return Number(m[1]);
}

/** Whether an article page offers the dictionary: its script and its toolbar button. */
function offersDictionary(html) {
    const script = tags(html, 'script').some((s) => /\/static\/dictionary\.[0-9a-f]+\.js$/.test(s.attrs.get('src') ?? ''));
    const button = /class="[^"]*\btool-dictionary\b/.test(html);
    return { script, button };
}

describe('GET /api/dictionary with the real dictionaries', { timeout: 120_000 }, () => {
    let server;

    before(async () => {
        server = await startServer({ config: 'server:\n  access_log: off\n' });
    });
    after(async () => {
        await server?.stop();
    });

    it('prints what it loaded at start-up', () => {
        const line = server.stdout.find((l) => l.startsWith('masthead: dictionary: '));
        assert.match(line, /^masthead: dictionary: wn \d+ headwords, gcide \d+ headwords, \d+ WordNet lemmas, in \d+ ms$/);
        const wn = Number(/wn (\d+) headwords/.exec(line)[1]);
        assert.ok(wn > 140_000, `WordNet has ${wn} headwords`);
    });

    it('finds the lemma of an inflected word: defectors → defector', async () => {
        const { r, json } = await lookup(server, { q: 'defectors' });
        assert.equal(r.headers.get('cache-control'), 'public, max-age=86400');
        assert.equal(json.query, 'defectors');
        assert.equal(json.normalized, 'defectors');
        assert.deepEqual(json.lemmas[0], { lemma: 'defector', pos: 'noun' });
        assert.equal(json.phrase, null);
        assert.deepEqual(json.glossary, []);
        const wn = source(json, 'wn');
        assert.equal(wn.name, 'WordNet 3.0');
        assert.match(wn.licence, /WordNet 3\.0/);
        const entry = wn.entries[0];
        assert.equal(entry.headword, 'defector');
        assert.equal(entry.pos, 'noun');
        assert.equal(entry.pronunciation, null);
        assert.equal(entry.senses[0].number, 1);
        assert.equal(entry.senses[0].text, 'a person who abandons their duty (as on a military post)');
        assert.deepEqual(entry.senses[0].synonyms, ['deserter']);
        assert.deepEqual(entry.senses[0].examples, []);
    });

    it('knows irregular forms and reads GCIDE: fled → flee, with a pronunciation', async () => {
        const { json } = await lookup(server, { q: 'Fled' });
        assert.equal(json.query, 'Fled');
        assert.equal(json.normalized, 'fled');
        assert.deepEqual(json.lemmas[0], { lemma: 'flee', pos: 'verb' });
        assert.ok(headwords(json).includes('flee'), `headwords: ${headwords(json)}`);
        const gcide = source(json, 'gcide');
        assert.equal(gcide.name, 'GCIDE');
        assert.match(gcide.licence, /GNU GPL/);
        const flee = gcide.entries.find((e) => e.headword === 'Flee');
        assert.ok(flee, 'GCIDE has Flee');
        assert.equal(flee.pos, 'verb');
        assert.equal(flee.pronunciation, 'flē');
        assert.ok(source(json, 'wn').entries.some((e) => e.headword === 'flee'));
    });

    it('offers the phrase around the word in its sentence first: hot potato', async () => {
        const context = 'Defectors have become a political hot potato for Beijing.';
        for (const q of ['hot', 'potato']) {
            const { json } = await lookup(server, { q, context });
            assert.equal(json.phrase, 'hot potato', q);
            assert.equal(json.sources[0].entries[0].headword, 'hot potato', q);
            assert.equal(json.sources[0].entries[0].senses[0].text, 'a difficult situation', q);
        }
        const { json } = await lookup(server, { q: 'potato' });
        assert.equal(json.phrase, null, 'no phrase without a sentence');
        assert.equal(json.sources[0].entries[0].headword, 'potato');
        // Curly apostrophes, as a browser selection has them.
        const korea = await lookup(server, { q: 'Korea\u2019s' });
        assert.equal(korea.json.normalized, "korea's");
        assert.ok(headwords(korea.json).includes('Korea'));
    });

    it('answers 404 with suggestions for an unknown word', async () => {
        const { r, json } = await lookup(server, { q: 'defecter' }, { status: 404 });
        assert.equal(json.error, 'No entry for "defecter".');
        assert.equal(json.query, 'defecter');
        assert.ok(json.suggestions.length >= 1 && json.suggestions.length <= 5, `${json.suggestions}`);
        assert.equal(json.suggestions[0], 'defector');
        assert.equal(r.headers.get('cache-control'), 'no-store');
        const nonsense = await lookup(server, { q: 'qwzxv' }, { status: 404 });
        assert.deepEqual(Object.keys(nonsense.json).sort(), ['error', 'query', 'suggestions']);
        assert.ok(nonsense.json.suggestions.length <= 5);
        // The same unknown word again (now from the cache) is the same answer.
        const again = await lookup(server, { q: 'defecter' }, { status: 404 });
        assert.deepEqual(again.json, json);
    });

    it('answers 400 for empty, over-long, invalid UTF-8 and control-character queries', async () => {
        const cases = [
            ['/api/dictionary', 'The query is empty.'],
            ['/api/dictionary?q=', 'The query is empty.'],
            ['/api/dictionary?q=%20%20', 'The query is empty.'],
            [`/api/dictionary?q=${'a'.repeat(65)}`, 'The query is longer than 64 bytes.'],
            // 22 three-byte Hangul syllables: 66 bytes, though 22 characters.
            [`/api/dictionary?q=${encodeURIComponent('가'.repeat(22))}`, 'The query is longer than 64 bytes.'],
            ['/api/dictionary?q=%FF', 'The query is not valid UTF-8.'],
            ['/api/dictionary?q=caf%C3', 'The query is not valid UTF-8.'],
            ['/api/dictionary?q=de%01fector', 'The query holds control characters.'],
            ['/api/dictionary?q=%7F', 'The query holds control characters.'],
            ['/api/dictionary?q=refuge&article=abc', null],
            ['/api/dictionary?q=refuge&article=0', null],
        ];
        for (const [target, message] of cases) {
            const { status, json, r } = await rawLookup(server, target);
            assert.equal(status, 400, target);
            assert.equal(typeof json.error, 'string', target);
            if (message) {
                assert.equal(json.error, message, target);
            }
            assert.deepEqual(Object.keys(json), ['error'], target);
            assert.equal(r.headers.get('cache-control'), 'no-store', target);
        }
        // 64 bytes is still a query.
        const { status } = await rawLookup(server, `/api/dictionary?q=${'a'.repeat(64)}`);
        assert.equal(status, 404);
    });

    it('sends the same bytes again, gzip when asked, and 304 for a known ETag', async () => {
        const first = await lookup(server, { q: 'repatriated' });
        assert.deepEqual(first.json.lemmas[0], { lemma: 'repatriate', pos: 'verb' });
        const second = await lookup(server, { q: 'repatriated' });
        assert.equal(second.r.text(), first.r.text());
        const etag = first.r.headers.get('etag');
        assert.ok(etag);
        const gz = await request(server.url, '/api/dictionary?q=repatriated', {
            headers: { 'Accept-Encoding': 'gzip' },
        });
        assert.equal(gz.status, 200);
        assert.equal(gz.headers.get('content-encoding'), 'gzip');
        const cached = await request(server.url, '/api/dictionary?q=repatriated', {
            headers: { 'If-None-Match': etag },
        });
        assert.equal(cached.status, 304);
    });

    it('article pages offer the dictionary: dictionary.js after popularity.js, and the button', async () => {
        const html = (await get(server.url, RENTERS.path)).text();
        const scripts = tags(html, 'script')
            .map((s) => s.attrs.get('src'))
            .filter(Boolean);
        assert.equal(scripts.length, 3, `scripts: ${scripts}`);  // and comments.js
        assert.match(scripts[0], /^\/static\/popularity\.[0-9a-f]+\.js$/);
        assert.match(scripts[1], /^\/static\/dictionary\.[0-9a-f]+\.js$/);
        assert.equal((await get(server.url, scripts[1])).status, 200);
        assert.deepEqual(offersDictionary(html), { script: true, button: true });
        const home = (await get(server.url, '/')).text();
        assert.equal(offersDictionary(home).script, false, 'only article pages load dictionary.js');
        const print = (await get(server.url, `${RENTERS.path}/print`)).text();
        assert.ok(
            tags(print, 'script').some((s) => /\/static\/dictionary\.[0-9a-f]+\.js$/.test(s.attrs.get('src') ?? '')),
            'the print view loads dictionary.js',
        );
    });

    it('shows glossary entries added with `masthead glossary` while it runs', async (t) => {
        const renters = await articleId(server, RENTERS);
        const buses = await articleId(server, BUSES);
        // Only the glossary knows "jeonse": 404 until an editor adds it.
        await lookup(server, { q: 'jeonse' }, { status: 404 });

        let out = await glossary(server, ['add', 'jeonse', '전세', 'a lump-sum deposit instead of monthly rent'], t);
        assert.equal(out.code, 0, out.stderr);
        assert.equal(out.stdout, 'added jeonse (site)\n');
        out = await glossary(server, ['add', '--article', RENTERS.slug, 'Jeonse', '전세 보증금', 'here: the deposit'], t);
        assert.equal(out.code, 0, out.stderr);
        out = await glossary(server, ['add', '--article', RENTERS.slug, 'defector', '탈북자'], t);
        assert.equal(out.code, 0, out.stderr);

        const site = {
            term: 'jeonse',
            korean: '전세',
            note: 'a lump-sum deposit instead of monthly rent',
            scope: 'site',
        };
        const inArticle = { term: 'Jeonse', korean: '전세 보증금', note: 'here: the deposit', scope: 'article' };
        // The server may reload between two of the commands: wait for the last one's entry.
        await waitFor(
            async () => (await lookup(server, { q: 'defector', article: renters })).json.glossary.length === 1,
            RELOAD_DEADLINE_MS,
            { intervalMs: 100, message: 'the glossary entries in the API' },
        );
        const { json } = await lookup(server, { q: 'Jeonse', article: renters });
        assert.deepEqual(json.glossary, [inArticle, site], 'the article\u2019s entry first');
        assert.deepEqual(json.sources, [], 'only the glossary knows it');
        assert.equal(json.normalized, 'jeonse');
        // The site's entry everywhere else; the article's only with its id.
        assert.deepEqual((await lookup(server, { q: 'jeonse' })).json.glossary, [site]);
        assert.deepEqual((await lookup(server, { q: 'jeonse', article: buses })).json.glossary, [site]);
        // Matched by lemma, before the dictionaries' entries.
        const defectors = await lookup(server, { q: 'defectors', article: renters });
        assert.deepEqual(defectors.json.glossary, [
            { term: 'defector', korean: '탈북자', note: '', scope: 'article' },
        ]);
        assert.equal(source(defectors.json, 'wn').entries[0].headword, 'defector');
        assert.deepEqual((await lookup(server, { q: 'defectors', article: buses })).json.glossary, []);

        out = await glossary(server, ['list'], t);
        assert.equal(out.code, 0, out.stderr);
        assert.equal(
            out.stdout,
            'site\tjeonse\t전세\ta lump-sum deposit instead of monthly rent\n' +
                `${RENTERS.slug}\tdefector\t탈북자\t\n` +
                `${RENTERS.slug}\tJeonse\t전세 보증금\there: the deposit\n`,
        );

        out = await glossary(server, ['remove', 'JEONSE'], t);
        assert.equal(out.code, 0, out.stderr);
        assert.equal(out.stdout, 'removed JEONSE (site)\n');
        await waitFor(
            async () => {
                const j = JSON.parse((await request(server.url, `/api/dictionary?q=jeonse&article=${renters}`)).text());
                return j.glossary.length === 1 && j.glossary[0].scope === 'article';
            },
            RELOAD_DEADLINE_MS,
            { intervalMs: 100, message: 'the removed entry to leave the API' },
        );
        await waitFor(
            async () => (await request(server.url, '/api/dictionary?q=jeonse')).status === 404,
            RELOAD_DEADLINE_MS,
            { intervalMs: 100, message: 'jeonse to be unknown again without the article' },
        );
    });

    it('refuses glossary mistakes with exit 1 and a reason', async (t) => {
        const cases = [
            [['add', '--article', 'no-such-article', 'jeonse', '전세'], 'masthead: glossary: no article with the slug "no-such-article"\n'],
            [['add', 'x'.repeat(65), '전세'], 'masthead: glossary: the term is longer than 64 bytes\n'],
            [['add', 'jeonse', '가'.repeat(67)], 'masthead: glossary: the Korean gloss is longer than 200 bytes\n'],
            [['add', 'jeonse', '전세', 'n'.repeat(501)], 'masthead: glossary: the note is longer than 500 bytes\n'],
            [['remove', 'never-added'], 'masthead: glossary: no glossary entry "never-added" for the site\n'],
        ];
        for (const [args, stderr] of cases) {
            const out = await glossary(server, args, t);
            assert.equal(out.code, 1, args.join(' '));
            assert.equal(out.stderr, stderr, args.join(' '));
        }
        const usage = await glossary(server, ['add', 'only-a-term'], t);
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /glossary add: give TERM KOREAN and optionally NOTE/);
    });

    it('imports a JSON file all or nothing, naming each wrong entry', async (t) => {
        const dir = await makeTempDir(t);
        const before = (await glossary(server, ['list'], t)).stdout;

        const bad = await writeFileIn(
            dir,
            'bad.json',
            JSON.stringify([
                { term: 'chaebol', korean: '재벌' },
                { term: 'hagwon' },
                { term: 'suneung', korean: '수능', notes: 'typo' },
                { term: '', korean: '빈' },
                'wolse',
            ]),
        );
        let out = await runMasthead(['glossary', 'import', '--data', server.dataDir, bad], { t });
        assert.equal(out.code, 1);
        assert.equal(
            out.stderr,
            `${bad}: entry 2: "korean" is missing\n` +
                `${bad}: entry 3: unknown key "notes" (known: article, korean, note, term)\n` +
                `${bad}: entry 4: the term is empty\n` +
                `${bad}: entry 5: must be an object with "term" and "korean"\n`,
        );

        const unknownArticle = await writeFileIn(
            dir,
            'unknown-article.json',
            JSON.stringify([
                { term: 'chaebol', korean: '재벌' },
                { term: 'hagwon', korean: '학원', article: 'no-such-article' },
            ]),
        );
        out = await runMasthead(['glossary', 'import', '--data', server.dataDir, unknownArticle], { t });
        assert.equal(out.code, 1);
        assert.equal(out.stderr, `${unknownArticle}: entry 2: no article with the slug "no-such-article"\n`);

        const notJson = await writeFileIn(dir, 'not.json', '[{"term": "chaebol",');
        out = await runMasthead(['glossary', 'import', '--data', server.dataDir, notJson], { t });
        assert.equal(out.code, 1);
        assert.match(out.stderr, new RegExp(`^${notJson.replace(/[.]/g, '\\.')}: not valid JSON: parse error at line 1`));

        assert.equal((await glossary(server, ['list'], t)).stdout, before, 'nothing was written');

        const good = await writeFileIn(
            dir,
            'good.json',
            JSON.stringify([
                { term: 'chaebol', korean: '재벌', note: 'a family-run conglomerate' },
                { term: 'hagwon', korean: '학원', note: 'a private cram school', article: RENTERS.slug },
            ]),
        );
        out = await runMasthead(['glossary', 'import', '--data', server.dataDir, good], { t });
        assert.equal(out.code, 0, out.stderr);
        assert.equal(out.stdout, `imported 2 entries from ${good} (2 added, 0 updated)\n`);
        const json = await waitFor(
            async () => {
                const r = await request(server.url, '/api/dictionary?q=chaebol');
                const j = JSON.parse(r.text());
                return j.glossary?.length === 1 ? j : null;
            },
            RELOAD_DEADLINE_MS,
            { intervalMs: 100, message: 'the imported entry in the API' },
        );
        assert.deepEqual(json.glossary[0], {
            term: 'chaebol',
            korean: '재벌',
            note: 'a family-run conglomerate',
            scope: 'site',
        });
    });
});

describe('start-up with broken or missing dictionaries', { timeout: 120_000 }, () => {
    /** A config whose dictionary has the given sources (YAML list items). */
    const config = (sources) =>
        `server:\n  access_log: off\ndictionary:\n  sources:${sources.length === 0 ? ' []' : ''}\n${sources.join('')}`;

    /** A dictd index that breaks on its third line, in a new temporary folder. */
    async function corruptIndex(t) {
        const dir = await makeTempDir(t, 'masthead-dict-');
        return writeFileIn(dir, 'gcide.index', 'refuge\tB4\tBa\nrefugee\tC4\tCa\nbroken line without tabs\n');
    }

    it('a corrupt index is named at start-up; the other source serves', async (t) => {
        const index = await corruptIndex(t);
        const server = await startServer({
            t,
            config: config([
                `    - {id: wn, name: WordNet 3.0, index: ${WN_INDEX}, data: ${WN_DATA}, format: wordnet}\n`,
                `    - {id: gcide, name: GCIDE, index: ${index}, data: ${GCIDE_DATA}, format: gcide}\n`,
            ]),
        });
        await waitFor(() => server.stderr().includes(index), 5000, { message: 'the corrupt index on stderr' });
        assert.match(
            server.stderr(),
            new RegExp(`^masthead: dictionary: source gcide not loaded: ${index.replace(/[.]/g, '\\.')}:3: malformed index line`, 'm'),
        );
        assert.ok(server.stdout.some((l) => /^masthead: dictionary: wn \d+ headwords, \d+ WordNet lemmas, in \d+ ms$/.test(l)));
        const { json } = await lookup(server, { q: 'defectors' });
        assert.deepEqual(json.sources.map((s) => s.id), ['wn']);
        assert.deepEqual(offersDictionary((await get(server.url, RENTERS.path)).text()), { script: true, button: true });
        await server.stop();
    });

    for (const [name, yaml] of [
        ['no source loads', null],
        ['sources: []', config([])],
        ['enabled: false', 'server:\n  access_log: off\ndictionary:\n  enabled: false\n'],
    ]) {
        it(`${name}: the site serves, the API answers 503 and pages hide the dictionary`, async (t) => {
            const text =
                yaml ??
                config([`    - {id: gcide, index: ${await corruptIndex(t)}, data: ${GCIDE_DATA}, format: gcide}\n`]);
            const server = await startServer({ t, config: text });
            const { r, json } = await lookup(server, { q: 'defectors' }, { status: 503 });
            assert.deepEqual(json, { error: 'The dictionary is not available.' });
            assert.equal(r.headers.get('cache-control'), 'no-store');
            const html = (await get(server.url, RENTERS.path)).text();
            assert.deepEqual(offersDictionary(html), { script: false, button: false });
            assert.ok(tags(html, 'script').some((s) => /\/static\/popularity\./.test(s.attrs.get('src') ?? '')));
            const print = (await get(server.url, `${RENTERS.path}/print`)).text();
            assert.equal(offersDictionary(print).script, false);
            if (yaml === null) {
                await waitFor(() => /not available/.test(server.stderr()), 5000, { message: 'the reason on stderr' });
                assert.match(server.stderr(), /^masthead: dictionary: not available, the site serves without it: no dictionary could be loaded: gcide: .*gcide\.index:3: malformed index line/m);
            }
            await server.stop();
        });
    }
});
