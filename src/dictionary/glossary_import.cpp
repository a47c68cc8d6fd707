#include "dictionary/glossary_import.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace masthead::dictionary {
namespace {

// More problems than this are summarized: a wrong file would otherwise print one per line.
constexpr std::size_t kMaxProblems = 20;
constexpr std::array<std::string_view, 4> kKeys = {"article", "korean", "note", "term"};

}  // namespace

std::expected<std::vector<GlossaryInput>, std::vector<std::string>> parseGlossaryJson(
    std::string_view json) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." → the part
        // after the prefix.
        std::string what = e.what();
        if (const auto at = what.find("parse error"); at != std::string::npos) {
            what = what.substr(at);
        }
        return std::unexpected(std::vector<std::string>{"not valid JSON: " + what});
    }
    if (!root.is_array()) {
        return std::unexpected(std::vector<std::string>{
            "must be a JSON array of entries such as [{\"term\": \"jeonse\", \"korean\": "
            "\"전세\"}]"});
    }
    std::vector<GlossaryInput> inputs;
    std::vector<std::string> problems;
    std::size_t number = 0;
    for (const nlohmann::json& item : root) {
        ++number;
        const std::string at = "entry " + std::to_string(number) + ": ";
        auto problem = [&](const std::string& what) { problems.push_back(at + what); };
        if (!item.is_object()) {
            problem(R"(must be an object with "term" and "korean")");
            continue;
        }
        bool ok = true;
        for (const auto& [key, value] : item.items()) {
            if (std::ranges::find(kKeys, key) == kKeys.end()) {
                problem("unknown key \"" + key + "\" (known: article, korean, note, term)");
                ok = false;
            } else if (!value.is_string()) {
                problem("\"" + key + "\" must be text");
                ok = false;
            }
        }
        for (const char* required : {"term", "korean"}) {
            if (!item.contains(required)) {
                problem(std::string("\"") + required + "\" is missing");
                ok = false;
            }
        }
        if (!ok) {
            continue;
        }
        GlossaryInput input{.article_slug = item.value("article", ""),
                            .term = item.at("term").get<std::string>(),
                            .korean = item.at("korean").get<std::string>(),
                            .note = item.value("note", "")};
        if (auto checked = checkGlossaryInput(input); !checked) {
            problem(checked.error().message);
            continue;
        }
        inputs.push_back(std::move(input));
    }
    if (!problems.empty()) {
        if (problems.size() > kMaxProblems) {
            const std::size_t more = problems.size() - kMaxProblems;
            problems.resize(kMaxProblems);
            problems.push_back("... and " + std::to_string(more) + " more problems");
        }
        return std::unexpected(std::move(problems));
    }
    return inputs;
}

}  // namespace masthead::dictionary
