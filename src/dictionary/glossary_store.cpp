#include "dictionary/glossary_store.h"

#include "db/change_log.h"
#include "dictionary/entry.h"
#include "dictionary/query.h"
#include "util/text.h"

namespace masthead::dictionary {
namespace {

constexpr std::string_view kColumns =
    "g.id, g.article_id, COALESCE(a.slug, ''), g.term, g.term_key, g.korean, g.note";

/// Valid UTF-8 without control characters; line breaks and tabs are allowed (they become
/// spaces). kInvalidInput naming `what`.
Result<std::string> plainText(std::string_view s, std::string_view what) {
    if (text::firstInvalidUtf8(s)) {
        return fail(Error::invalidInput(std::string(what) + " is not valid UTF-8"));
    }
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7F) {
            return fail(Error::invalidInput(std::string(what) + " holds control characters"));
        }
    }
    return collapseSpaces(s);
}

GlossaryEntry entryFromRow(const db::Row& row) {
    GlossaryEntry e;
    e.id = row.integer(0);
    if (!row.isNull(1)) {
        e.article_id = row.integer(1);
    }
    e.article_slug = row.text(2);
    e.term = row.text(3);
    e.term_key = row.text(4);
    e.korean = row.text(5);
    e.note = row.text(6);
    return e;
}

std::string scopeOf(std::string_view slug) {
    return slug.empty() ? std::string("the site") : "the article \"" + std::string(slug) + "\"";
}

}  // namespace

Result<CheckedGlossaryInput> checkGlossaryInput(const GlossaryInput& input) {
    CheckedGlossaryInput out;
    out.article_slug = input.article_slug;
    auto term = plainText(input.term, "the term");
    if (!term) {
        return fail(term.error());
    }
    // The key is what a reader's query becomes (normalizeQuery), so that the two meet; the
    // 64-byte limit applies to the folded term, not to the spaces around it.
    const std::string folded = foldText(*term);
    if (folded.size() > kMaxGlossaryTermBytes) {
        return fail(Error::invalidInput("the term is longer than " +
                                        std::to_string(kMaxGlossaryTermBytes) + " bytes"));
    }
    auto key = normalizeQuery(folded);
    if (!key) {
        return fail(Error::invalidInput("the term is empty"));
    }
    out.term = std::move(*term);
    out.term_key = std::move(*key);

    auto korean = plainText(input.korean, "the Korean gloss");
    if (!korean) {
        return fail(korean.error());
    }
    if (korean->empty()) {
        return fail(Error::invalidInput("the Korean gloss is empty"));
    }
    if (korean->size() > kMaxGlossaryKoreanBytes) {
        return fail(Error::invalidInput("the Korean gloss is longer than " +
                                        std::to_string(kMaxGlossaryKoreanBytes) + " bytes"));
    }
    out.korean = std::move(*korean);

    auto note = plainText(input.note, "the note");
    if (!note) {
        return fail(note.error());
    }
    if (note->size() > kMaxGlossaryNoteBytes) {
        return fail(Error::invalidInput("the note is longer than " +
                                        std::to_string(kMaxGlossaryNoteBytes) + " bytes"));
    }
    out.note = std::move(*note);
    return out;
}

Result<std::optional<std::int64_t>> GlossaryStore::articleId(std::string_view slug) {
    if (slug.empty()) {
        return std::optional<std::int64_t>();
    }
    auto rows = db_.query("SELECT id FROM articles WHERE slug = $1", {std::string(slug)});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return fail(Error::notFound("no article with the slug \"" + std::string(slug) + "\""));
    }
    return std::optional<std::int64_t>(rows->front().integer(0));
}

Result<void> GlossaryStore::recordChange() {
    // Running servers read the glossary again when the change log says so.
    return db::ChangeLog(db_).record("glossary");
}

Result<GlossarySave> GlossaryStore::upsert(const CheckedGlossaryInput& entry) {
    auto article = articleId(entry.article_slug);
    if (!article) {
        return fail(article.error());
    }
    // Two statements rather than ON CONFLICT: site-wide entries are unique through a partial
    // index (article_id IS NULL), which an upsert would have to name per engine.
    auto updated = *article ? db_.execute(
                                  "UPDATE glossary_entries SET term = $1, korean = $2, note = $3 "
                                  "WHERE article_id = $4 AND term_key = $5",
                                  {entry.term, entry.korean, entry.note, **article, entry.term_key})
                            : db_.execute(
                                  "UPDATE glossary_entries SET term = $1, korean = $2, note = $3 "
                                  "WHERE article_id IS NULL AND term_key = $4",
                                  {entry.term, entry.korean, entry.note, entry.term_key});
    if (!updated) {
        return fail(updated.error());
    }
    if (*updated > 0) {
        return GlossarySave::kUpdated;
    }
    auto inserted = db_.execute(
        "INSERT INTO glossary_entries (article_id, term, term_key, korean, note) "
        "VALUES ($1, $2, $3, $4, $5)",
        {*article ? db::Value(**article) : db::Value(nullptr), entry.term, entry.term_key,
         entry.korean, entry.note});
    if (!inserted) {
        return fail(inserted.error());
    }
    return GlossarySave::kAdded;
}

Result<GlossarySave> GlossaryStore::save(const GlossaryInput& input) {
    auto checked = checkGlossaryInput(input);
    if (!checked) {
        return fail(checked.error());
    }
    return db::inTransaction(db_, [&](db::Database&) -> Result<GlossarySave> {
        auto saved = upsert(*checked);
        if (!saved) {
            return fail(saved.error());
        }
        if (auto bumped = recordChange(); !bumped) {
            return fail(bumped.error());
        }
        return saved;
    });
}

Result<void> GlossaryStore::remove(std::string_view article_slug, std::string_view term) {
    auto key = normalizeQuery(foldText(term));
    if (!key) {
        return fail(Error::invalidInput("the term is empty or not valid"));
    }
    return db::inTransaction(db_, [&](db::Database&) -> Result<void> {
        auto article = articleId(article_slug);
        if (!article) {
            return fail(article.error());
        }
        auto removed =
            *article ? db_.execute(
                           "DELETE FROM glossary_entries WHERE article_id = $1 AND term_key = $2",
                           {**article, *key})
                     : db_.execute(
                           "DELETE FROM glossary_entries WHERE article_id IS NULL AND "
                           "term_key = $1",
                           {*key});
        if (!removed) {
            return fail(removed.error());
        }
        if (*removed == 0) {
            return fail(Error::notFound("no glossary entry \"" + std::string(term) + "\" for " +
                                        scopeOf(article_slug)));
        }
        return recordChange();
    });
}

Result<GlossaryImport> GlossaryStore::importEntries(std::span<const GlossaryInput> inputs) {
    std::vector<CheckedGlossaryInput> checked;
    checked.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        auto c = checkGlossaryInput(inputs[i]);
        if (!c) {
            return fail(
                Error::invalidInput("entry " + std::to_string(i + 1) + ": " + c.error().message));
        }
        for (std::size_t j = 0; j < checked.size(); ++j) {
            if (checked[j].term_key == c->term_key && checked[j].article_slug == c->article_slug) {
                return fail(Error::invalidInput(
                    "entry " + std::to_string(i + 1) + ": repeats entry " + std::to_string(j + 1) +
                    " (\"" + checked[j].term + "\" for " + scopeOf(c->article_slug) + ")"));
            }
        }
        checked.push_back(std::move(*c));
    }
    return db::inTransaction(db_, [&](db::Database&) -> Result<GlossaryImport> {
        GlossaryImport summary;
        for (std::size_t i = 0; i < checked.size(); ++i) {
            auto saved = upsert(checked[i]);
            if (!saved) {
                Error e = saved.error();
                e.message = "entry " + std::to_string(i + 1) + ": " + e.message;
                return fail(std::move(e));
            }
            ++(*saved == GlossarySave::kAdded ? summary.added : summary.updated);
        }
        if (!checked.empty()) {
            if (auto bumped = recordChange(); !bumped) {
                return fail(bumped.error());
            }
        }
        return summary;
    });
}

Result<std::vector<GlossaryEntry>> GlossaryStore::select(std::string_view where,
                                                         std::initializer_list<db::Value> params) {
    auto rows =
        db_.query("SELECT " + std::string(kColumns) +
                      " FROM glossary_entries g LEFT JOIN articles a ON a.id = "
                      "g.article_id " +
                      std::string(where) + " ORDER BY g.article_id IS NOT NULL, a.slug, g.term_key",
                  params);
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<GlossaryEntry> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        out.push_back(entryFromRow(row));
    }
    return out;
}

Result<std::vector<GlossaryEntry>> GlossaryStore::entries() { return select("", {}); }

Result<std::vector<GlossaryEntry>> GlossaryStore::entriesOf(std::string_view article_slug) {
    auto article = articleId(article_slug);
    if (!article) {
        return fail(article.error());
    }
    if (!*article) {
        return select("WHERE g.article_id IS NULL", {});
    }
    return select("WHERE g.article_id = $1", {**article});
}

Result<void> reloadGlossary(GlossaryStore& store, Glossary& glossary) {
    auto entries = store.entries();
    if (!entries) {
        return fail(entries.error());
    }
    glossary.publish(std::move(*entries));
    return {};
}

}  // namespace masthead::dictionary
