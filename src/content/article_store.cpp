#include "content/article_store.h"

#include <algorithm>

#include "content/markdown.h"
#include "db/change_log.h"
#include "util/text.h"

namespace masthead::content {
namespace {

// The columns of a Teaser, in teaserFromRow's order; `a.` is the articles table.
constexpr std::string_view kTeaserColumns =
    "a.id, a.slug, a.section_id, a.kind, a.headline, a.summary, a.byline, a.published_at, "
    "a.updated_at, a.revision";
// Fronts' order: newest first, ties by id (the order of article_listings' key).
constexpr std::string_view kFrontOrder = " ORDER BY a.published_at DESC, a.id DESC";

std::int64_t unixSeconds(SysTime t) { return t.time_since_epoch().count(); }

void teaserFromRow(const db::Row& row, Teaser& t) {
    t.id = row.integer(0);
    t.slug = row.text(1);
    t.section_id = row.integer(2);
    t.kind = parseArticleKind(row.text(3)).value_or(ArticleKind::kNews);
    t.headline = row.text(4);
    t.summary = row.text(5);
    t.byline = row.text(6);
    t.published_at = SysTime(std::chrono::seconds(row.integer(7)));
    if (!row.isNull(8)) {
        t.updated_at = SysTime(std::chrono::seconds(row.integer(8)));
    }
    t.revision = row.integer(9);
}

Result<std::vector<std::string>> tagsOf(db::Database& db, std::int64_t id) {
    auto rows = db.query("SELECT tag FROM article_tags WHERE article_id = $1 ORDER BY tag", {id});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<std::string> tags;
    tags.reserve(rows->size());
    for (const db::Row& row : *rows) {
        tags.push_back(row.text(0));
    }
    return tags;
}

}  // namespace

Result<Section> ArticleStore::ensureSectionPath(const std::vector<std::string>& names) {
    auto chain = ensureSectionChain(names);
    if (!chain) {
        return fail(chain.error());
    }
    return chain->empty() ? Section{} : std::move(chain->back());
}

Result<std::vector<Section>> ArticleStore::ensureSectionChain(
    const std::vector<std::string>& names) {
    std::vector<Section> chain;
    chain.reserve(names.size());
    std::optional<std::int64_t> parent;
    std::string path;
    for (const std::string& name : names) {
        const std::string slug = text::slugify(name);
        if (slug.empty()) {
            return fail(Error::invalidInput("section name \"" + name +
                                            "\" has no Latin letters or digits"));
        }
        path += "/" + slug;
        if (auto known = stored_sections_.find(path); known != stored_sections_.end()) {
            chain.push_back(known->second);
            parent = known->second.id;
            continue;
        }
        auto rows = db_.query("SELECT id, name FROM sections WHERE path = $1", {path});
        if (!rows) {
            return fail(rows.error());
        }
        std::int64_t id = 0;
        std::string stored_name = name;
        if (!rows->empty()) {
            id = rows->front().integer(0);
            stored_name = rows->front().text(1);
        } else {
            auto taken = db_.query(
                "SELECT a.headline FROM articles a JOIN sections s ON s.id = a.section_id "
                "WHERE s.path || '/' || a.slug = $1",
                {path});
            if (!taken) {
                return fail(taken.error());
            }
            if (!taken->empty()) {
                return fail(Error::conflict("the section address " + path +
                                            " is already the article \"" + taken->front().text(0) +
                                            "\""));
            }
            auto inserted = db_.query(
                "INSERT INTO sections (parent_id, slug, name, path, position) VALUES ($1, $2, "
                "$3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections)) RETURNING id",
                {parent ? db::Value(*parent) : db::Value(nullptr), slug, name, path});
            if (!inserted) {
                return fail(inserted.error());
            }
            id = inserted->front().integer(0);
            if (auto r = db_.execute("INSERT INTO section_counts (section_id) VALUES ($1)", {id});
                !r) {
                return fail(r.error());
            }
            if (auto r = db::ChangeLog(db_).record("sections", id); !r) {
                return fail(r.error());
            }
        }
        chain.push_back(Section{id, parent, slug, stored_name, path});
        if (!rows->empty()) {
            stored_sections_.emplace(path, chain.back());
        }
        parent = id;
    }
    return chain;
}

Result<SavedArticle> ArticleStore::save(const ArticleInput& input, std::string_view import_hash,
                                        std::optional<std::string> body_html) {
    return db::inTransaction(db_, [&](db::Database&) {
        return saveInTransaction(input, import_hash, std::move(body_html));
    });
}

Result<SavedArticle> ArticleStore::saveInTransaction(const ArticleInput& input,
                                                     std::string_view import_hash,
                                                     std::optional<std::string> body_html) {
    auto chain = ensureSectionChain(input.section_names);
    if (!chain) {
        return fail(chain.error());
    }
    if (chain->empty()) {
        return fail(Error::invalidInput("an article must be filed under a section"));
    }
    const Section& section = chain->back();
    const std::string path = section.path + "/" + input.slug;
    auto front = db_.query("SELECT name FROM sections WHERE path = $1", {path});
    if (!front) {
        return fail(front.error());
    }
    if (!front->empty()) {
        return fail(Error::conflict("the address " + path + " is already the " +
                                    front->front().text(0) +
                                    " section front; choose another slug"));
    }
    // Where the article was listed before this save, to take it off those fronts; and the
    // file it was imported from, to leave it alone when that file is imported again.
    auto before = db_.query("SELECT section_id, status, import_hash FROM articles WHERE slug = $1",
                            {input.slug});
    if (!before) {
        return fail(before.error());
    }
    if (!before->empty() && !import_hash.empty() && before->front().text(2) == import_hash) {
        SavedArticle unchanged;
        unchanged.unchanged = true;
        unchanged.article.slug = input.slug;
        unchanged.section = section;
        return unchanged;
    }
    const std::int64_t old_section = before->empty() ? 0 : before->front().integer(0);
    const bool was_listed = !before->empty() && before->front().text(1) == "published";

    SavedArticle saved;
    Article& a = saved.article;
    static_cast<Teaser&>(a) =
        Teaser{.slug = input.slug,
               .section_id = section.id,
               .kind = input.kind,
               .headline = input.headline,
               .summary = input.summary.empty()
                              ? firstParagraphText(input.body_markdown, kDerivedSummaryBytes)
                              : input.summary,
               .byline = input.byline,
               .published_at = input.published_at,
               .updated_at = input.updated_at};
    a.status = input.status;
    a.source = input.source;
    a.body_markdown = input.body_markdown;
    a.body_html = body_html ? std::move(*body_html) : renderMarkdown(input.body_markdown);
    a.tags = input.tags;
    std::ranges::sort(a.tags);
    const auto [duplicates, end] = std::ranges::unique(a.tags);
    a.tags.erase(duplicates, end);
    const db::Value updated =
        input.updated_at ? db::Value(unixSeconds(*input.updated_at)) : db::Value(nullptr);
    auto rows = db_.query(
        "INSERT INTO articles (slug, section_id, kind, status, headline, summary, byline, "
        "source, body_markdown, body_html, published_at, updated_at, import_hash) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
        "ON CONFLICT (slug) DO UPDATE SET section_id = excluded.section_id, "
        "kind = excluded.kind, status = excluded.status, headline = excluded.headline, "
        "summary = excluded.summary, byline = excluded.byline, source = excluded.source, "
        "body_markdown = excluded.body_markdown, body_html = excluded.body_html, "
        "published_at = excluded.published_at, updated_at = excluded.updated_at, "
        "import_hash = excluded.import_hash, revision = articles.revision + 1 "
        "RETURNING id, revision",
        {a.slug, a.section_id, std::string(toString(a.kind)), std::string(toString(a.status)),
         a.headline, a.summary, a.byline, a.source, a.body_markdown, a.body_html,
         unixSeconds(a.published_at), updated, std::string(import_hash)});
    if (!rows) {
        return fail(rows.error());
    }
    a.id = rows->front().integer(0);
    a.revision = rows->front().integer(1);
    if (!before->empty()) {
        if (auto r = db_.execute("DELETE FROM article_tags WHERE article_id = $1", {a.id}); !r) {
            return fail(r.error());
        }
    }
    for (const std::string& tag : a.tags) {
        auto r =
            db_.execute("INSERT INTO article_tags (article_id, tag) VALUES ($1, $2)", {a.id, tag});
        if (!r) {
            return fail(r.error());
        }
    }
    if (was_listed) {
        auto uncounted = db_.execute(
            "UPDATE section_counts SET published = published - 1 WHERE section_id IN "
            "(SELECT section_id FROM article_listings WHERE article_id = $1)",
            {a.id});
        if (!uncounted) {
            return fail(uncounted.error());
        }
        auto unlisted = db_.execute("DELETE FROM article_listings WHERE article_id = $1", {a.id});
        if (!unlisted) {
            return fail(unlisted.error());
        }
    }
    if (a.status == ArticleStatus::kPublished) {
        // On its section's front and every ancestor's (the chain just walked).
        for (const Section& on : *chain) {
            auto listed = db_.execute(
                "INSERT INTO article_listings (section_id, published_at, article_id) "
                "VALUES ($1, $2, $3)",
                {on.id, unixSeconds(a.published_at), a.id});
            if (!listed) {
                return fail(listed.error());
            }
            auto counted = db_.execute(
                "UPDATE section_counts SET published = published + 1 WHERE section_id = $1",
                {on.id});
            if (!counted) {
                return fail(counted.error());
            }
        }
    }
    const std::string detail = std::to_string(old_section) + "," + std::to_string(a.section_id);
    if (auto r = db::ChangeLog(db_).record("article", a.id, detail); !r) {
        return fail(r.error());
    }
    saved.section = section;
    return saved;
}

Result<std::vector<Section>> ArticleStore::sections() {
    auto rows =
        db_.query("SELECT id, parent_id, slug, name, path FROM sections ORDER BY position, id");
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<Section> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        Section s{row.integer(0), std::nullopt, row.text(2), row.text(3), row.text(4)};
        if (!row.isNull(1)) {
            s.parent_id = row.integer(1);
        }
        out.push_back(std::move(s));
    }
    return out;
}

Result<Article> ArticleStore::articleBySlug(std::string_view slug) {
    auto rows = db_.query("SELECT " + std::string(kTeaserColumns) +
                              ", a.status, a.source, a.body_markdown, a.body_html "
                              "FROM articles a WHERE a.slug = $1",
                          {std::string(slug)});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return fail(Error::notFound("no article with the slug \"" + std::string(slug) + "\""));
    }
    const db::Row& row = rows->front();
    Article a;
    teaserFromRow(row, a);
    a.status = parseArticleStatus(row.text(10)).value_or(ArticleStatus::kDraft);
    a.source = row.text(11);
    a.body_markdown = row.text(12);
    a.body_html = row.text(13);
    auto tags = tagsOf(db_, a.id);
    if (!tags) {
        return fail(tags.error());
    }
    a.tags = std::move(*tags);
    return a;
}

Result<std::optional<Article>> ArticleStore::published(std::string_view where, db::Value key) {
    auto rows = db_.query("SELECT " + std::string(kTeaserColumns) +
                              ", a.source, a.body_html FROM articles a WHERE " +
                              std::string(where) + " AND a.status = 'published'",
                          {std::move(key)});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return std::optional<Article>();
    }
    Article a;
    teaserFromRow(rows->front(), a);
    a.source = rows->front().text(10);
    a.body_html = rows->front().text(11);
    auto tags = tagsOf(db_, a.id);
    if (!tags) {
        return fail(tags.error());
    }
    a.tags = std::move(*tags);
    return std::optional<Article>(std::move(a));
}

Result<std::optional<Article>> ArticleStore::publishedById(std::int64_t id) {
    return published("a.id = $1", id);
}

Result<std::optional<Article>> ArticleStore::publishedBySlug(std::string_view slug) {
    return published("a.slug = $1", std::string(slug));
}

Result<std::optional<Teaser>> ArticleStore::publishedTeaser(std::int64_t id) {
    auto found = teasers("SELECT " + std::string(kTeaserColumns) +
                             " FROM articles a WHERE a.id = $1 AND a.status = 'published'",
                         {id});
    if (!found) {
        return fail(found.error());
    }
    return found->empty() ? std::optional<Teaser>() : std::optional<Teaser>(found->front());
}

Result<std::vector<Teaser>> ArticleStore::teasers(std::string_view sql,
                                                  std::initializer_list<db::Value> params) {
    auto rows = db_.query(sql, params);
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<Teaser> out(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
        teaserFromRow((*rows)[i], out[i]);
    }
    return out;
}

// Each query picks the page's ids from an index alone (a deep OFFSET steps over index
// entries, never over rows), then reads those few articles.
Result<std::vector<Teaser>> ArticleStore::listed(std::int64_t section_id, std::size_t offset,
                                                 std::size_t limit) {
    const auto n = static_cast<std::int64_t>(limit);
    const auto skip = static_cast<std::int64_t>(offset);
    if (section_id == 0) {
        return teasers("SELECT " + std::string(kTeaserColumns) +
                           " FROM articles a WHERE a.id IN (SELECT id FROM articles WHERE status "
                           "= 'published' ORDER BY published_at DESC, id DESC LIMIT $1 OFFSET $2)" +
                           std::string(kFrontOrder),
                       {n, skip});
    }
    return teasers("SELECT " + std::string(kTeaserColumns) +
                       " FROM articles a WHERE a.id IN (SELECT article_id FROM article_listings "
                       "WHERE section_id = $1 ORDER BY published_at DESC, article_id DESC "
                       "LIMIT $2 OFFSET $3)" +
                       std::string(kFrontOrder),
                   {section_id, n, skip});
}

Result<std::vector<Teaser>> ArticleStore::listedAfter(std::int64_t section_id, const ListKey& key,
                                                      std::size_t limit, std::size_t skip) {
    return listedBeside(section_id, key, limit, skip, true);
}

Result<std::vector<Teaser>> ArticleStore::listedBefore(std::int64_t section_id, const ListKey& key,
                                                       std::size_t limit) {
    return listedBeside(section_id, key, limit, 0, false);
}

Result<std::vector<ListKey>> ArticleStore::listingMarks(std::int64_t section_id,
                                                        std::size_t every) {
    // The front's keys in order, numbered; every every-th kept. Only the index is read.
    const std::string ranked =
        section_id == 0
            ? "SELECT published_at, id AS article_id, row_number() OVER (ORDER BY published_at "
              "DESC, id DESC) AS n FROM articles WHERE status = 'published'"
            : "SELECT published_at, article_id, row_number() OVER (ORDER BY published_at DESC, "
              "article_id DESC) AS n FROM article_listings WHERE section_id = $1";
    const auto step = static_cast<std::int64_t>(every);
    auto rows = section_id == 0 ? db_.query("SELECT published_at, article_id FROM (" + ranked +
                                                ") ranked WHERE n % $1 = 0 ORDER BY n",
                                            {step})
                                : db_.query("SELECT published_at, article_id FROM (" + ranked +
                                                ") ranked WHERE n % $2 = 0 ORDER BY n",
                                            {section_id, step});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<ListKey> marks;
    marks.reserve(rows->size());
    for (const db::Row& row : *rows) {
        marks.push_back(ListKey{SysTime(std::chrono::seconds(row.integer(0))), row.integer(1)});
    }
    return marks;
}

Result<std::vector<Teaser>> ArticleStore::listedBeside(std::int64_t section_id, const ListKey& key,
                                                       std::size_t limit, std::size_t skip,
                                                       bool older) {
    // Older: the keys below `key`, from the nearest down; newer: above it, from the nearest
    // up. Either way the page is shown newest first (kFrontOrder).
    const std::string side = older ? " < " : " > ";
    const std::string order = older ? " DESC" : "";
    const auto n = static_cast<std::int64_t>(limit);
    const auto offset = static_cast<std::int64_t>(skip);
    const std::int64_t at = unixSeconds(key.published_at);
    if (section_id == 0) {
        return teasers("SELECT " + std::string(kTeaserColumns) +
                           " FROM articles a WHERE a.id IN (SELECT id FROM articles WHERE status "
                           "= 'published' AND (published_at, id)" +
                           side +
                           "($1, $2) "
                           "ORDER BY published_at" +
                           order + ", id" + order + " LIMIT $3 OFFSET $4)" +
                           std::string(kFrontOrder),
                       {at, key.id, n, offset});
    }
    return teasers("SELECT " + std::string(kTeaserColumns) +
                       " FROM articles a WHERE a.id IN (SELECT article_id FROM article_listings "
                       "WHERE section_id = $1 AND (published_at, article_id)" +
                       side +
                       "($2, $3) "
                       "ORDER BY published_at" +
                       order + ", article_id" + order + " LIMIT $4 OFFSET $5)" +
                       std::string(kFrontOrder),
                   {section_id, at, key.id, n, offset});
}

Result<std::int64_t> ArticleStore::listedCount(std::int64_t section_id) {
    auto rows =
        db_.query("SELECT published FROM section_counts WHERE section_id = $1", {section_id});
    if (!rows) {
        return fail(rows.error());
    }
    return rows->empty() ? 0 : rows->front().integer(0);
}

Result<bool> ArticleStore::demoPending() {
    auto rows = db_.query("SELECT demo_pending FROM content_state WHERE id = 1");
    if (!rows) {
        return fail(rows.error());
    }
    return !rows->empty() && rows->front().integer(0) != 0;
}

Result<void> ArticleStore::setDemoPending(bool pending) {
    auto done = db_.execute("UPDATE content_state SET demo_pending = $1 WHERE id = 1",
                            {std::int64_t{pending ? 1 : 0}});
    if (!done) {
        return fail(done.error());
    }
    return {};
}

Result<bool> ArticleStore::hasContent() {
    auto rows = db_.query("SELECT EXISTS (SELECT 1 FROM sections)");
    if (!rows) {
        return fail(rows.error());
    }
    return rows->front().integer(0) != 0;
}

}  // namespace masthead::content
