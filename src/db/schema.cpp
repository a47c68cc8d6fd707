// Masthead's schema history. Times are Unix seconds (UTC) in BIGINT columns.
#include <array>

#include "db/migrations.h"

namespace masthead::db {
namespace {

constexpr auto kMigrations = std::to_array<Migration>({
    {1, "sections and articles", R"sql(
CREATE TABLE sections (
    id @id@,
    parent_id BIGINT REFERENCES sections(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    position BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    id @id@,
    slug TEXT NOT NULL UNIQUE,
    section_id BIGINT NOT NULL REFERENCES sections(id),
    kind TEXT NOT NULL CHECK (kind IN ('news', 'editorial', 'column', 'feature')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    headline TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    byline TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    updated_at BIGINT,
    revision BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX articles_section_published ON articles (section_id, published_at);
CREATE INDEX articles_published ON articles (published_at);
CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
)sql"},
    {2, "popularity: reads per article and minute, newsroom pins and exclusions", R"sql(
CREATE TABLE article_views (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    minute BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (article_id, minute)
);
CREATE INDEX article_views_minute ON article_views (minute);
CREATE TABLE popular_overrides (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('pin', 'exclude'))
);
)sql"},
    {3, "content revision: bumped by every change to sections and articles", R"sql(
CREATE TABLE content_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO content_state (id, revision) VALUES (1, 1);
)sql"},
    // article_id NULL is a site-wide entry. A plain UNIQUE (article_id, term_key) would let
    // two site-wide entries share a term (NULLs are distinct), hence the two partial indexes.
    {4, "dictionary: the newsroom's glossary of terms with their Korean glosses", R"sql(
CREATE TABLE glossary_entries (
    id @id@,
    article_id BIGINT REFERENCES articles(id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    term_key TEXT NOT NULL,
    korean TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX glossary_entries_site_term ON glossary_entries (term_key)
    WHERE article_id IS NULL;
CREATE UNIQUE INDEX glossary_entries_article_term ON glossary_entries (article_id, term_key)
    WHERE article_id IS NOT NULL;
)sql"},
    // Readers are known only by (provider, subject) with the name and picture the provider
    // gave; sessions keep a SHA-256 of the cookie value, never the value itself. A session
    // belongs to a reader or to a staff member, never both.
    {5, "identity and comments: readers, staff, sessions, login states, comments", R"sql(
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE readers (
    id @id@,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    display_name TEXT NOT NULL,
    avatar_url TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    last_login_at BIGINT NOT NULL,
    policy_accepted_at BIGINT,
    banned_until BIGINT,
    ban_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (provider, subject)
);
CREATE TABLE staff (
    id @id@,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('moderator', 'editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    reader_id BIGINT REFERENCES readers(id) ON DELETE CASCADE,
    staff_id BIGINT REFERENCES staff(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CHECK ((reader_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE TABLE login_states (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE comments (
    id @id@,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    reader_id BIGINT NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('visible', 'pending', 'held', 'hidden', 'rejected', 'deleted')),
    hold_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    up_votes BIGINT NOT NULL DEFAULT 0,
    down_votes BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX comments_article ON comments (article_id, created_at);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE INDEX comments_reader ON comments (reader_id, created_at);
)sql"},
    // Votes and reports are one per reader per comment; the moderation log keeps the staff
    // member's name as well, so an entry outlives the account.
    {6, "moderation: votes, reports, word lists, comment modes, audit log, origins", R"sql(
CREATE TABLE comment_votes (
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id BIGINT NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    value BIGINT NOT NULL CHECK (value IN (-1, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
);
CREATE INDEX comment_votes_reader ON comment_votes (reader_id, created_at);
CREATE TABLE comment_reports (
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id BIGINT NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'hate', 'off-topic', 'other')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
);
CREATE TABLE word_rules (
    id @id@,
    word TEXT NOT NULL UNIQUE,
    list TEXT NOT NULL CHECK (list IN ('banned', 'suspect')),
    created_at BIGINT NOT NULL
);
CREATE TABLE comment_modes (
    scope TEXT NOT NULL CHECK (scope IN ('site', 'section', 'article')),
    scope_id BIGINT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('open', 'premoderated', 'closed')),
    close_after_hours BIGINT,
    PRIMARY KEY (scope, scope_id)
);
CREATE TABLE moderation_log (
    id @id@,
    at BIGINT NOT NULL,
    staff_id BIGINT REFERENCES staff(id) ON DELETE SET NULL,
    staff_name TEXT NOT NULL,
    action TEXT NOT NULL,
    comment_id BIGINT,
    reader_id BIGINT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX moderation_log_at ON moderation_log (at);
ALTER TABLE comments ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_origin ON comments (origin, created_at);
CREATE INDEX comments_status ON comments (status, created_at);
)sql"},
    {7, "comments: when a comment's state last changed (removed comments are erased later)", R"sql(
ALTER TABLE comments ADD COLUMN status_at BIGINT;
)sql"},
    // A thread's pages: visible top-level comments by article, newest first, without reading
    // the rows skipped by OFFSET. The index by status went: with it the planner looked up
    // replies through every visible comment instead of through comments_parent (the
    // moderation queue, rare, now reads the table).
    {8, "comments: an index of each thread's visible top-level comments", R"sql(
CREATE INDEX comments_thread ON comments (article_id, created_at, id)
    WHERE parent_id IS NULL AND status = 'visible';
DROP INDEX comments_status;
)sql"},
    // The "best first" order (net votes) of a thread's pages, read from an index like the
    // newest-first order: without it every page sorted the whole thread (50 ms for a deep page
    // of 10,000 comments).
    {9, "comments: an index of each thread's visible top-level comments by net votes", R"sql(
CREATE INDEX comments_best ON comments (article_id, (up_votes - down_votes), id)
    WHERE parent_id IS NULL AND status = 'visible';
)sql"},
    // A data folder that `masthead user add` created still gets the demo articles when the
    // site first starts (one that `masthead import` created does not).
    {10, "content: demo articles still to add at the first start", R"sql(
ALTER TABLE content_state ADD COLUMN demo_pending BIGINT NOT NULL DEFAULT 0;
)sql"},
    // The archive at scale: a front's page at any depth is an index range of
    // article_listings (one row per published article per section it is listed under: its
    // own and every ancestor), with the count of each front kept beside it; the site-wide
    // latest comes from a partial index (the two indexes by date of migration 1 went: nothing
    // reads them, and every import paid for them). change_log tells running servers what changed,
    // so a change costs that change (db/change_log.h). import_hash lets an import skip a file it
    // has stored already.
    {11, "archive: listings per section, counts, the change log, import hashes", R"sql(
CREATE TABLE article_listings (
    section_id BIGINT NOT NULL REFERENCES sections(id),
    published_at BIGINT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (section_id, published_at, article_id)
);
CREATE INDEX article_listings_article ON article_listings (article_id);
CREATE TABLE section_counts (
    section_id BIGINT PRIMARY KEY REFERENCES sections(id),
    published BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX articles_latest ON articles (published_at, id) WHERE status = 'published';
DROP INDEX articles_published;
DROP INDEX articles_section_published;
CREATE TABLE change_log (
    seq @id@,
    topic TEXT NOT NULL,
    subject BIGINT NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT ''
);
ALTER TABLE articles ADD COLUMN import_hash TEXT NOT NULL DEFAULT '';
WITH RECURSIVE chain (article_id, published_at, section_id) AS (
    SELECT id, published_at, section_id FROM articles WHERE status = 'published'
    UNION ALL
    SELECT c.article_id, c.published_at, s.parent_id FROM chain c
        JOIN sections s ON s.id = c.section_id WHERE s.parent_id IS NOT NULL
)
INSERT INTO article_listings (section_id, published_at, article_id)
    SELECT section_id, published_at, article_id FROM chain;
INSERT INTO section_counts (section_id, published)
    SELECT s.id, (SELECT COUNT(*) FROM article_listings l WHERE l.section_id = s.id)
    FROM sections s;
)sql"},
});

}  // namespace

std::span<const Migration> schemaMigrations() { return kMigrations; }

}  // namespace masthead::db
