// `masthead glossary add|remove|list|import`: the newsroom glossary from a terminal.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "app/data_folder.h"
#include "dictionary/glossary_import.h"
#include "dictionary/glossary_store.h"

namespace masthead::app {

namespace {

std::string scopeLabel(std::string_view article_slug) {
    return article_slug.empty() ? "site" : "article " + std::string(article_slug);
}

int glossaryFailure(const Error& e) {
    std::fprintf(stderr, "masthead: glossary: %s\n", e.message.c_str());
    if (!e.detail.empty()) {
        std::fprintf(stderr, "masthead: detail: %s\n", e.detail.c_str());
    }
    return 1;
}

}  // namespace

int glossaryAdd(const std::filesystem::path& data_dir, const dictionary::GlossaryInput& input) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failCommand(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto saved = store.save(input);
    if (!saved) {
        return glossaryFailure(saved.error());
    }
    std::printf("%s %s (%s)\n", *saved == dictionary::GlossarySave::kAdded ? "added" : "updated",
                input.term.c_str(), scopeLabel(input.article_slug).c_str());
    return 0;
}

int glossaryRemove(const std::filesystem::path& data_dir, const std::string& article_slug,
                   const std::string& term) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failCommand(db.error());
    }
    dictionary::GlossaryStore store(**db);
    if (auto removed = store.remove(article_slug, term); !removed) {
        return glossaryFailure(removed.error());
    }
    std::printf("removed %s (%s)\n", term.c_str(), scopeLabel(article_slug).c_str());
    return 0;
}

int glossaryList(const std::filesystem::path& data_dir,
                 const std::optional<std::string>& article_slug) {
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failCommand(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto entries = article_slug ? store.entriesOf(*article_slug) : store.entries();
    if (!entries) {
        return glossaryFailure(entries.error());
    }
    for (const dictionary::GlossaryEntry& e : *entries) {
        std::printf("%s\t%s\t%s\t%s\n", e.article_id ? e.article_slug.c_str() : "site",
                    e.term.c_str(), e.korean.c_str(), e.note.c_str());
    }
    return 0;
}

int glossaryImport(const std::filesystem::path& data_dir, const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: cannot read the file\n", file.c_str());
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto inputs = dictionary::parseGlossaryJson(text.str());
    if (!inputs) {
        for (const std::string& problem : inputs.error()) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(), problem.c_str());
        }
        return 1;
    }
    bool created = false;
    auto db = openData(data_dir, created);
    if (!db) {
        return failCommand(db.error());
    }
    dictionary::GlossaryStore store(**db);
    auto imported = store.importEntries(*inputs);
    if (!imported) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), imported.error().message.c_str());
        return 1;
    }
    std::printf("imported %zu entries from %s (%zu added, %zu updated)\n", inputs->size(),
                file.c_str(), imported->added, imported->updated);
    return 0;
}

}  // namespace masthead::app
