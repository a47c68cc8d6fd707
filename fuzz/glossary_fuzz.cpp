// libFuzzer target: the glossary's JSON import file (dictionary::parseGlossaryJson) must never
// crash; every entry it accepts must pass checkGlossaryInput, and every problem it reports
// must say where it is.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dictionary/glossary_import.h"
#include "util/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    auto parsed = masthead::dictionary::parseGlossaryJson(json);
    if (!parsed) {
        MASTHEAD_CHECK(!parsed.error().empty(), "a refused file says why");
        for (const auto& problem : parsed.error()) {
            MASTHEAD_CHECK(problem.starts_with("entry ") || problem.starts_with("not valid JSON") ||
                               problem.starts_with("must be a JSON array") ||
                               problem.starts_with("... and "),
                           "each problem names its entry");
        }
        return 0;
    }
    for (const auto& input : *parsed) {
        MASTHEAD_CHECK(masthead::dictionary::checkGlossaryInput(input).has_value(),
                       "accepted entries are valid");
    }
    return 0;
}
