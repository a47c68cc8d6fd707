#include "content/article_store.h"

#include <map>

#include "content/markdown.h"
#include "util/text.h"

namespace masthead::content {
namespace {

constexpr std::size_t kDerivedSummaryBytes = 240;

constexpr std::string_view kArticleColumns =
    "id, slug, section_id, kind, status, headline, summary, byline, source, body_markdown, "
    "body_html, published_at, updated_at, revision";

Article articleFromRow(const db::Row& row) {
    Article a;
    a.id = row.integer(0);
    a.slug = row.text(1);
    a.section_id = row.integer(2);
    a.kind = parseArticleKind(row.text(3)).value_or(ArticleKind::kNews);
    a.status = parseArticleStatus(row.text(4)).value_or(ArticleStatus::kDraft);
    a.headline = row.text(5);
    a.summary = row.text(6);
    a.byline = row.text(7);
    a.source = row.text(8);
    a.body_markdown = row.text(9);
    a.body_html = row.text(10);
    a.published_at = SysTime(std::chrono::seconds(row.integer(11)));
    if (!row.isNull(12)) {
        a.updated_at = SysTime(std::chrono::seconds(row.integer(12)));
    }
    a.revision = row.integer(13);
    return a;
}

}  // namespace

Result<Section> ArticleStore::ensureSectionPath(const std::vector<std::string>& names) {
    Section current;
    std::optional<std::int64_t> parent;
    std::string path;
    for (const std::string& name : names) {
        const std::string slug = text::slugify(name);
        if (slug.empty()) {
            return fail(Error::invalidInput("section name \"" + name +
                                            "\" has no Latin letters or digits"));
        }
        path += "/" + slug;
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
            if (auto bumped = bumpRevision(); !bumped) {
                return fail(bumped.error());
            }
        }
        current = Section{id, parent, slug, stored_name, path};
        parent = id;
    }
    return current;
}

Result<SavedArticle> ArticleStore::save(const ArticleInput& input) {
    return db::inTransaction(db_, [&](db::Database&) -> Result<SavedArticle> {
        auto section = ensureSectionPath(input.section_names);
        if (!section) {
            return fail(section.error());
        }
        const std::string path = section->path + "/" + input.slug;
        auto front = db_.query("SELECT name FROM sections WHERE path = $1", {path});
        if (!front) {
            return fail(front.error());
        }
        if (!front->empty()) {
            return fail(Error::conflict("the address " + path + " is already the " +
                                        front->front().text(0) +
                                        " section front; choose another slug"));
        }
        const std::string summary =
            input.summary.empty() ? firstParagraphText(input.body_markdown, kDerivedSummaryBytes)
                                  : input.summary;
        const db::Value updated =
            input.updated_at ? db::Value(std::int64_t{input.updated_at->time_since_epoch().count()})
                             : db::Value(nullptr);
        auto rows = db_.query(
            "INSERT INTO articles (slug, section_id, kind, status, headline, summary, byline, "
            "source, body_markdown, body_html, published_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
            "ON CONFLICT (slug) DO UPDATE SET section_id = excluded.section_id, "
            "kind = excluded.kind, status = excluded.status, headline = excluded.headline, "
            "summary = excluded.summary, byline = excluded.byline, source = excluded.source, "
            "body_markdown = excluded.body_markdown, body_html = excluded.body_html, "
            "published_at = excluded.published_at, updated_at = excluded.updated_at, "
            "revision = articles.revision + 1 "
            "RETURNING id",
            {input.slug, section->id, std::string(toString(input.kind)),
             std::string(toString(input.status)), input.headline, summary, input.byline,
             input.source, input.body_markdown, renderMarkdown(input.body_markdown),
             std::int64_t{input.published_at.time_since_epoch().count()}, updated});
        if (!rows) {
            return fail(rows.error());
        }
        const std::int64_t id = rows->front().integer(0);
        if (auto r = db_.execute("DELETE FROM article_tags WHERE article_id = $1", {id}); !r) {
            return fail(r.error());
        }
        for (const std::string& tag : input.tags) {
            auto r = db_.execute("INSERT INTO article_tags (article_id, tag) VALUES ($1, $2)",
                                 {id, tag});
            if (!r) {
                return fail(r.error());
            }
        }
        if (auto bumped = bumpRevision(); !bumped) {
            return fail(bumped.error());
        }
        auto article = articleBySlug(input.slug);
        if (!article) {
            return fail(article.error());
        }
        return SavedArticle{std::move(*article), std::move(*section)};
    });
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

Result<std::vector<Article>> ArticleStore::publishedArticles() {
    auto rows = db_.query("SELECT " + std::string(kArticleColumns) +
                          " FROM articles WHERE status = 'published' "
                          "ORDER BY published_at DESC, id DESC");
    if (!rows) {
        return fail(rows.error());
    }
    auto tag_rows = db_.query(
        "SELECT t.article_id, t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id "
        "WHERE a.status = 'published' ORDER BY t.article_id, t.tag");
    if (!tag_rows) {
        return fail(tag_rows.error());
    }
    std::map<std::int64_t, std::vector<std::string>> tags;
    for (const db::Row& row : *tag_rows) {
        tags[row.integer(0)].push_back(row.text(1));
    }
    std::vector<Article> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        Article a = articleFromRow(row);
        if (auto it = tags.find(a.id); it != tags.end()) {
            a.tags = std::move(it->second);
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<Article> ArticleStore::articleBySlug(std::string_view slug) {
    auto rows =
        db_.query("SELECT " + std::string(kArticleColumns) + " FROM articles WHERE slug = $1",
                  {std::string(slug)});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return fail(Error::notFound("no article with the slug \"" + std::string(slug) + "\""));
    }
    Article a = articleFromRow(rows->front());
    auto tag_rows =
        db_.query("SELECT tag FROM article_tags WHERE article_id = $1 ORDER BY tag", {a.id});
    if (!tag_rows) {
        return fail(tag_rows.error());
    }
    for (const db::Row& row : *tag_rows) {
        a.tags.push_back(row.text(0));
    }
    return a;
}

Result<void> ArticleStore::bumpRevision() {
    auto done = db_.execute("UPDATE content_state SET revision = revision + 1 WHERE id = 1");
    if (!done) {
        return fail(done.error());
    }
    return {};
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

Result<std::int64_t> ArticleStore::contentRevision() {
    auto rows = db_.query("SELECT revision FROM content_state WHERE id = 1");
    if (!rows) {
        return fail(rows.error());
    }
    return rows->empty() ? 0 : rows->front().integer(0);
}

}  // namespace masthead::content
