// The archive on a running server (issue 10): an article imported, edited and unpublished by
// another process is on (or off) its own page, its section front and the home page within a
// second of the import's exit; `masthead import` takes folders, says what it did in one line,
// and importing the same files again changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

import { articleFile, makeTempDir, request, runImport, startServer, writeFileIn } from '../support/masthead.mjs';

// A change is seen within this of the import's exit: the server looks for changes every
// 200 ms and applies one in well under a millisecond (bench/archive.sh measures the release
// build; this is the sanitizer build on a shared machine).
const VISIBLE_WITHIN_MS = 1000;

/** Polls until `check()` holds; returns the milliseconds it took, or fails past the deadline. */
async function within(ms, what, check) {
    const start = performance.now();
    for (;;) {
        if (await check()) {
            return performance.now() - start;
        }
        const waited = performance.now() - start;
        assert.ok(waited < ms, `${what} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

describe('changes to the archive on a running server', () => {
    let server;
    let dir;
    const article = '/national/archive-night-trains';
    const story = (headline, status = 'published') =>
        articleFile(
            {
                headline,
                section: 'National',
                published: '2031-01-05T09:00:00+09:00',
                slug: 'archive-night-trains',
                status,
            },
            'Night trains return to the east coast line.\n',
        );
    const shows = async (target, headline) => {
        const r = await request(server.url, target);
        return r.status === 200 && r.text().includes(headline);
    };
    const everywhere = (headline) => async () =>
        (await shows(article, headline)) && (await shows('/national', headline)) && (await shows('/', headline));

    before(async () => {
        dir = await makeTempDir(undefined, 'masthead-archive-');
        server = await startServer({ dataDir: path.join(dir, 'data') });
        // Every page cached before the change.
        for (const target of ['/', '/national', article]) {
            await request(server.url, target);
        }
    });
    after(async () => {
        await server?.stop();
    });

    it('shows an imported article on its page, its front and the home page within the second', async () => {
        const file = await writeFileIn(dir, 'story.md', story('Night trains return to the coast'));
        const r = await runImport(server.dataDir, [file]);
        assert.equal(r.code, 0, r.stderr);
        const ms = await within(VISIBLE_WITHIN_MS, 'the new article everywhere', everywhere('Night trains return to the coast'));
        console.log(`imported article visible after ${ms.toFixed(0)} ms`);
    });

    it('shows an edit everywhere within the second', async () => {
        const file = await writeFileIn(dir, 'story.md', story('Night trains return to the east coast'));
        assert.equal((await runImport(server.dataDir, [file])).code, 0);
        const ms = await within(VISIBLE_WITHIN_MS, 'the edit everywhere', everywhere('Night trains return to the east coast'));
        console.log(`edit visible after ${ms.toFixed(0)} ms`);
    });

    it('shows its bounded caches on /metrics', async () => {
        const metrics = (await request(server.url, '/metrics')).text();
        for (const cache of ['pages', 'articles', 'comment_sections']) {
            assert.match(metrics, new RegExp(`^masthead_cache_capacity_bytes\\{cache="${cache}"\\} [1-9]\\d*$`, 'm'));
            assert.match(metrics, new RegExp(`^masthead_cache_hits_total\\{cache="${cache}"\\} \\d+$`, 'm'));
        }
        assert.match(metrics, /^masthead_cache_bytes\{cache="pages"\} [1-9]\d*$/m, 'pages were cached');
    });

    it('takes an unpublished article off its page, its front and the home page within the second', async () => {
        const file = await writeFileIn(dir, 'story.md', story('Night trains return to the east coast', 'draft'));
        assert.equal((await runImport(server.dataDir, [file])).code, 0);
        const ms = await within(VISIBLE_WITHIN_MS, 'the article gone everywhere', async () => {
            const page = await request(server.url, article);
            return (
                page.status === 404 &&
                !(await shows('/national', 'Night trains')) &&
                !(await shows('/', 'Night trains'))
            );
        });
        console.log(`unpublished article gone after ${ms.toFixed(0)} ms`);
    });
});

describe('masthead import of a folder', () => {
    it('imports every .md file under it, says so in one line, and a second run changes nothing', async () => {
        const dir = await makeTempDir(undefined, 'masthead-folder-import-');
        const dataDir = path.join(dir, 'data');
        const folder = path.join(dir, 'articles');
        for (let i = 0; i < 3; i++) {
            await writeFileIn(
                path.join(folder, `2031/0${i + 1}`),
                `story-${i}.md`,
                articleFile({ headline: `Folder story ${i}`, section: 'Culture', published: '2031-01-05T09:00:00+09:00' }),
            );
        }
        await writeFileIn(folder, 'README.txt', 'not an article');
        const first = await runImport(dataDir, [folder]);
        assert.deepEqual(first, {
            code: 0,
            signal: null,
            stdout: '/culture/folder-story-0\n/culture/folder-story-1\n/culture/folder-story-2\n',
            stderr: '',
        });
        assert.match(first.summary, /^masthead: import: 3 of 3 files in [\d.]+ s \([\d,-]+\/s\): 3 added or updated, 0 unchanged, 0 failed$/);
        assert.doesNotMatch(first.summary, /\r|\x1b/, 'no progress bar when stderr is not a terminal');

        const again = await runImport(dataDir, [folder]);
        assert.deepEqual(again, { code: 0, signal: null, stdout: '', stderr: '' });
        assert.match(again.summary, /: 0 added or updated, 3 unchanged, 0 failed; nothing changed$/);
    });
});
