#include "web/dictionary_handlers.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "util/check.h"
#include "util/text.h"
#include "web/errors.h"

namespace masthead::web {
namespace {

// Keys in the order the API documents them, which is easier to read than sorted.
using Json = nlohmann::ordered_json;

// A word's meaning does not change from one day to the next; a glossary edit reaches readers
// whose browsers asked before it within a day.
constexpr std::string_view kFoundCacheControl = "public, max-age=86400";

std::shared_ptr<const http::Entity> jsonEntity(const Json& body, std::string_view cache_control) {
    return http::Entity::make("application/json; charset=utf-8",
                              body.dump(-1, ' ', false, Json::error_handler_t::replace),
                              std::string(cache_control));
}

/// "the query is empty" → "The query is empty."
std::string sentence(std::string_view message) {
    std::string out(message);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    }
    if (!out.empty() && out.back() != '.') {
        out += '.';
    }
    return out;
}

/// `words` without the headword itself (WordNet lists it among its sense's synonyms).
std::vector<std::string> otherThan(const std::vector<std::string>& words,
                                   std::string_view headword) {
    const std::string folded = text::toLowerAscii(headword);
    std::vector<std::string> out;
    for (const std::string& w : words) {
        if (text::toLowerAscii(w) != folded) {
            out.push_back(w);
        }
    }
    return out;
}

Json entryJson(const dictionary::Entry& entry) {
    Json senses = Json::array();
    for (const dictionary::Sense& s : entry.senses) {
        senses.push_back({{"number", s.number},
                          {"text", s.text},
                          {"examples", s.examples},
                          {"synonyms", otherThan(s.synonyms, entry.headword)}});
    }
    return {{"headword", entry.headword},
            {"pos", entry.part_of_speech},
            {"pronunciation", entry.pronunciation ? Json(*entry.pronunciation) : Json(nullptr)},
            {"senses", std::move(senses)},
            {"synonyms", otherThan(entry.synonyms, entry.headword)}};
}

Json definitionJson(std::string_view query, const dictionary::Definition& d) {
    Json lemmas = Json::array();
    for (const dictionary::Lemma& l : d.lemmas) {
        lemmas.push_back(
            {{"lemma", l.text}, {"pos", dictionary::partOfSpeechName(l.part_of_speech)}});
    }
    Json glossary = Json::array();
    for (const dictionary::GlossaryMatch& g : d.glossary) {
        glossary.push_back({{"term", g.term},
                            {"korean", g.korean},
                            {"note", g.note},
                            {"scope", g.article_scoped ? "article" : "site"}});
    }
    Json sources = Json::array();
    for (const dictionary::SourceEntries& s : d.sources) {
        Json entries = Json::array();
        for (const auto& e : s.entries) {
            entries.push_back(entryJson(*e));
        }
        sources.push_back({{"name", s.title},
                           {"id", s.source},
                           {"licence", s.attribution},
                           {"entries", std::move(entries)}});
    }
    return {{"query", query},
            {"normalized", d.normalized},
            {"lemmas", std::move(lemmas)},
            {"phrase", d.phrase ? Json(*d.phrase) : Json(nullptr)},
            {"glossary", std::move(glossary)},
            {"sources", std::move(sources)}};
}

}  // namespace

http::Response DictionaryHandlers::lookup(const http::Request& request) {
    // One pass over the query string (Request::queryParam would parse it once per name); the
    // server has already refused malformed escapes.
    // A name given twice counts the first time, as with Request::queryParam.
    std::optional<std::string> q;
    std::optional<std::string> sentence_param;
    std::optional<std::string> article_param;
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    if (boost::urls::parse_query(request.query)) {
        for (const auto& p : boost::urls::params_view(request.query, options)) {
            std::optional<std::string>* slot = nullptr;
            if (p.key == "q") {
                slot = &q;
            } else if (p.key == "context") {
                slot = &sentence_param;
            } else if (p.key == "article") {
                slot = &article_param;
            }
            if (slot != nullptr && !*slot) {
                *slot = p.value;
            }
        }
    }
    const std::string query = q.value_or("");
    const std::string context = sentence_param.value_or("");
    const std::string article_text = article_param.value_or("");
    std::optional<std::int64_t> article;
    if (!article_text.empty()) {
        std::int64_t id = 0;
        const char* end = article_text.data() + article_text.size();
        const auto [ptr, ec] = std::from_chars(article_text.data(), end, id);
        if (ec != std::errc() || ptr != end || id <= 0) {
            return ErrorPages::json(400,
                                    "article must be an article's id, a positive whole number.");
        }
        article = id;
    }
    std::string key;
    key.reserve(query.size() + context.size() + 24);
    key.append(query).append(1, '\0').append(context).append(1, '\0');
    key.append(article ? std::to_string(*article) : "");
    const std::uint64_t generation = lookup_.generation();
    // Definitions and unknown words are cached apart (the caches hold bodies, not statuses);
    // finding suggestions costs more than a definition, so unknown words are cached too.
    // Other errors are cheap (400) or should not stick (503) and are not cached.
    std::shared_ptr<const http::Entity> found;
    std::optional<http::Response> failed;
    auto entity = cache_.get(key, generation, [&]() -> std::shared_ptr<const http::Entity> {
        auto unknown = unknown_.get(key, generation, [&]() -> std::shared_ptr<const http::Entity> {
            auto defined = lookup_.define(query, context, article);
            if (defined) {
                found = jsonEntity(definitionJson(query, *defined), kFoundCacheControl);
                return nullptr;
            }
            const dictionary::LookupError& e = defined.error();
            if (e.code == ErrorCode::kNotFound) {
                return jsonEntity({{"error", sentence(e.message)},
                                   {"query", query},
                                   {"suggestions", e.suggestions}},
                                  "no-store");
            }
            Error told = e;
            told.message = sentence(e.message);
            failed = ErrorPages::json(request, told, "The dictionary is not available.");
            return nullptr;
        });
        if (unknown) {
            failed = http::Response::of(404, std::move(unknown));
        }
        return found;
    });
    if (!entity) {
        MASTHEAD_CHECK(failed.has_value(), "a lookup without a definition says why");
        return std::move(*failed);
    }
    return http::Response::of(200, std::move(entity));
}

}  // namespace masthead::web
