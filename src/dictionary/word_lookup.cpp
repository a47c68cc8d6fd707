#include "dictionary/word_lookup.h"

#include <algorithm>

#include "dictionary/query.h"

namespace masthead::dictionary {

DefinitionOutcome WordLookup::define(std::string_view query, std::string_view context,
                                     std::optional<std::int64_t> article_id) const {
    if (!dictionary_.available()) {
        return std::unexpected(
            LookupError{Error::unavailable("the dictionary is not available"), {}});
    }
    LookupOutcome found = dictionary_.lookup(query, context);
    if (!found && found.error().code != ErrorCode::kNotFound) {
        return std::unexpected(std::move(found.error()));
    }
    Definition definition;
    std::vector<std::string> keys;
    auto addKey = [&](const std::string& key) {
        if (std::ranges::find(keys, key) == keys.end()) {
            keys.push_back(key);
        }
    };
    if (found) {
        definition.normalized = std::move(found->query);
        definition.lemmas = std::move(found->lemmas);
        for (Match& match : found->matches) {
            if (match.phrase) {
                if (!definition.phrase) {
                    definition.phrase = match.headword;
                }
                addKey(match.headword);
            }
            for (SourceEntries& source : match.sources) {
                auto same =
                    std::ranges::find(definition.sources, source.source, &SourceEntries::source);
                if (same == definition.sources.end()) {
                    definition.sources.push_back(std::move(source));
                } else {
                    same->entries.insert(same->entries.end(), source.entries.begin(),
                                         source.entries.end());
                }
            }
        }
    } else {
        // Not in any dictionary: the glossary may still know it (a Korean loanword such as
        // "jeonse"). The query was valid, or lookup() would have said so.
        auto normalized = normalizeQuery(query);
        if (!normalized) {
            return std::unexpected(LookupError{normalized.error(), {}});
        }
        definition.normalized = std::move(*normalized);
        definition.lemmas = dictionary_.lemmatize(definition.normalized);
    }
    addKey(definition.normalized);
    for (const Lemma& lemma : definition.lemmas) {
        addKey(lemma.text);
    }

    const auto snapshot = glossary_.snapshot();
    std::vector<const GlossaryEntry*> article_entries;
    std::vector<const GlossaryEntry*> site_entries;
    for (const std::string& key : keys) {
        for (const GlossaryEntry* e : snapshot->find(key, article_id)) {
            auto& list = e->article_id ? article_entries : site_entries;
            if (std::ranges::find(list, e) == list.end()) {
                list.push_back(e);
            }
        }
    }
    for (const auto* list : {&article_entries, &site_entries}) {
        for (const GlossaryEntry* e : *list) {
            definition.glossary.push_back({e->term, e->korean, e->note, e->article_id.has_value()});
        }
    }
    if (!found && definition.glossary.empty()) {
        return std::unexpected(std::move(found.error()));
    }
    return definition;
}

}  // namespace masthead::dictionary
