#include "popularity/view_archive.h"

namespace masthead::popularity {

Result<void> ViewArchive::save(std::span<const MinuteViews> rows) {
    if (rows.empty()) {
        return {};
    }
    return db::inTransaction(db_, [&](db::Database& tx) -> Result<void> {
        for (const MinuteViews& r : rows) {
            // An article deleted meanwhile loses its reads: the join keeps the foreign key.
            auto done = tx.execute(
                "INSERT INTO article_views (article_id, minute, views) "
                "SELECT id, $2, $3 FROM articles WHERE id = $1 "
                "ON CONFLICT (article_id, minute) DO UPDATE SET "
                "views = article_views.views + excluded.views",
                {r.article_id, r.minute, r.views});
            if (!done) {
                return fail(done.error());
            }
        }
        return {};
    });
}

Result<std::vector<MinuteViews>> ViewArchive::since(std::int64_t since_minute) {
    auto rows = db_.query(
        "SELECT article_id, minute, views FROM article_views WHERE minute >= $1 "
        "ORDER BY minute",
        {since_minute});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<MinuteViews> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        out.push_back({row.integer(0), row.integer(1), row.integer(2)});
    }
    return out;
}

Result<void> ViewArchive::prune(std::int64_t before_minute) {
    auto done = db_.execute("DELETE FROM article_views WHERE minute < $1", {before_minute});
    if (!done) {
        return fail(done.error());
    }
    return {};
}

Result<std::vector<ArticleOverride>> ViewArchive::overrides() {
    auto rows = db_.query("SELECT article_id, mode FROM popular_overrides ORDER BY article_id");
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<ArticleOverride> out;
    for (const db::Row& row : *rows) {
        out.push_back({row.integer(0), row.text(1) == "pin" ? Override::kPin : Override::kExclude});
    }
    return out;
}

Result<void> ViewArchive::setOverride(std::int64_t article_id, Override mode) {
    auto done = db_.execute(
        "INSERT INTO popular_overrides (article_id, mode) VALUES ($1, $2) "
        "ON CONFLICT (article_id) DO UPDATE SET mode = excluded.mode",
        {article_id, std::string(mode == Override::kPin ? "pin" : "exclude")});
    if (!done) {
        return fail(done.error());
    }
    return {};
}

Result<void> ViewArchive::clearOverride(std::int64_t article_id) {
    auto done = db_.execute("DELETE FROM popular_overrides WHERE article_id = $1", {article_id});
    if (!done) {
        return fail(done.error());
    }
    return {};
}

}  // namespace masthead::popularity
