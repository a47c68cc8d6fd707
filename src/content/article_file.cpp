#include "content/article_file.h"

#include <algorithm>
#include <array>
#include <set>

#include "util/text.h"
#include "util/time_format.h"
#include "util/yaml.h"

namespace masthead::content {
namespace {

constexpr std::array<std::string_view, 11> kKeys = {"headline", "section", "published", "kind",
                                                    "byline",   "source",  "summary",   "slug",
                                                    "tags",     "updated", "status"};
constexpr std::size_t kMaxHeadline = 300;
constexpr std::size_t kMaxShortField = 200;
constexpr std::size_t kMaxSummary = 1000;
constexpr std::size_t kMaxSlug = 120;
constexpr std::size_t kMaxSectionDepth = 4;
constexpr std::size_t kMaxTags = 30;

/// Builds "FILE:LINE: message" errors. Lines of the front matter are offset by the opening
/// `---` line.
class Problems {
  public:
    explicit Problems(std::string_view file) : file_(file) {}
    [[nodiscard]] std::unexpected<Error> at(int line, std::string_view what) const {
        return fail(Error::invalidInput(std::string(file_) + ":" + std::to_string(line) + ": " +
                                        std::string(what)));
    }
    [[nodiscard]] std::unexpected<Error> atNode(const yaml::Node& node,
                                                std::string_view what) const {
        return at(lineOf(node), what);
    }
    /// The file's line of a node of the front matter (its line 1 is the file's line 2).
    [[nodiscard]] static int lineOf(const yaml::Node& node) { return node.line + 1; }

  private:
    std::string_view file_;
};

bool isLine(std::string_view line, std::string_view want) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
    }
    return line == want;
}

Result<std::string> scalarText(const Problems& problems, std::string_view key,
                               const yaml::Node& node, std::size_t max_bytes) {
    if (!node.isScalar()) {
        return problems.atNode(node, "\"" + std::string(key) + "\" must be text");
    }
    std::string value(text::trim(node.scalar));
    if (value.size() > max_bytes) {
        return problems.atNode(node, "\"" + std::string(key) + "\" is longer than " +
                                         std::to_string(max_bytes) + " bytes");
    }
    return value;
}

}  // namespace

Result<ArticleFile> parseArticleFile(std::string_view file_name, std::string_view bytes) {
    const Problems problems(file_name);
    if (auto bad = text::firstInvalidUtf8(bytes)) {
        return problems.at(text::lineOf(bytes, *bad),
                           "invalid UTF-8 (byte " + std::to_string(*bad) + ")");
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    }
    const std::size_t first_end = bytes.find('\n');
    if (!isLine(bytes.substr(0, first_end), "---")) {
        return problems.at(1, "no front matter: the file must begin with a line \"---\"");
    }
    // Find the closing line.
    std::size_t pos = first_end + 1;
    int line = 2;
    std::size_t front_end = std::string_view::npos;
    std::size_t body_start = bytes.size();
    while (pos <= bytes.size() && first_end != std::string_view::npos) {
        const std::size_t eol = bytes.find('\n', pos);
        const std::string_view text_line =
            bytes.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        if (isLine(text_line, "---")) {
            front_end = pos;
            body_start = eol == std::string_view::npos ? bytes.size() : eol + 1;
            break;
        }
        if (eol == std::string_view::npos) {
            break;
        }
        pos = eol + 1;
        ++line;
    }
    if (front_end == std::string_view::npos) {
        // The last line of the file (a final newline does not start another line).
        const std::size_t last = bytes.ends_with('\n') ? bytes.size() - 1 : bytes.size();
        return problems.at(text::lineOf(bytes, last),
                           "the front matter is not closed by a line \"---\"");
    }
    const int closing_line = line;
    auto parsed = yaml::parse(bytes.substr(first_end + 1, front_end - (first_end + 1)));
    if (!parsed) {
        return problems.at(parsed.error().line + 1,
                           "front matter is not valid YAML: " + parsed.error().message);
    }
    const yaml::Node& doc = *parsed;
    if (!doc.isMapping()) {
        return problems.at(2, "the front matter must be a list of \"key: value\" lines");
    }

    ArticleInput article;
    std::set<std::string, std::less<>> seen;
    for (const auto& [key_node, value] : doc.entries) {
        const std::string key = key_node.isScalar() ? key_node.scalar : "";
        if (std::ranges::find(kKeys, key) == kKeys.end()) {
            return problems.atNode(key_node,
                                   "unknown key \"" + key +
                                       "\" (known keys: headline, section, published, kind, "
                                       "byline, source, summary, slug, tags, updated, status)");
        }
        if (!seen.insert(key).second) {
            return problems.atNode(key_node, "key \"" + key + "\" appears twice");
        }
        if (key == "tags") {
            if (value.isNull()) {
                continue;
            }
            if (!value.isSequence()) {
                return problems.atNode(value, "\"tags\" must be a list, such as [Seoul, housing]");
            }
            for (const yaml::Node& tag_node : value.items) {
                auto tag = scalarText(problems, "tags", tag_node, 60);
                if (!tag) {
                    return fail(tag.error());
                }
                if (tag->empty()) {
                    return problems.atNode(tag_node, "a tag is empty");
                }
                if (std::ranges::find(article.tags, *tag) == article.tags.end()) {
                    article.tags.push_back(*tag);
                }
            }
            if (article.tags.size() > kMaxTags) {
                return problems.atNode(value, "more than " + std::to_string(kMaxTags) + " tags");
            }
            continue;
        }
        const std::size_t limit = key == "headline"  ? kMaxHeadline
                                  : key == "summary" ? kMaxSummary
                                                     : kMaxShortField;
        auto text_value = scalarText(problems, key, value, limit);
        if (!text_value) {
            return fail(text_value.error());
        }
        std::string& v = *text_value;
        if (key == "headline") {
            if (v.empty()) {
                return problems.atNode(value, "\"headline\" is empty");
            }
            article.headline = std::move(v);
        } else if (key == "section") {
            for (std::string_view part : text::split(v, '/')) {
                const std::string name(text::trim(part));
                if (name.empty() || text::slugify(name).empty()) {
                    return problems.atNode(
                        value,
                        "\"section\" must be names separated by \"/\" with Latin "
                        "letters or digits in each, such as Opinion/Editorials");
                }
                if (article.section_names.empty() && isReservedTopSlug(text::slugify(name))) {
                    return problems.atNode(value, R"("section" cannot be ")" + name +
                                                      "\": the address /" + text::slugify(name) +
                                                      " belongs to the site itself");
                }
                article.section_names.push_back(name);
            }
            if (article.section_names.size() > kMaxSectionDepth) {
                return problems.atNode(value, "\"section\" is nested more than " +
                                                  std::to_string(kMaxSectionDepth) +
                                                  " levels deep");
            }
        } else if (key == "published" || key == "updated") {
            auto t = parseRfc3339(v);
            if (!t) {
                return problems.atNode(value, "\"" + key + "\" is " + t.error().message);
            }
            (key == "published" ? article.published_at : article.updated_at.emplace()) = *t;
        } else if (key == "kind") {
            auto kind = parseArticleKind(v);
            if (!kind) {
                return problems.atNode(value,
                                       "\"kind\" must be news, editorial, column or "
                                       "feature, not \"" +
                                           v + "\"");
            }
            article.kind = *kind;
        } else if (key == "status") {
            auto status = parseArticleStatus(v);
            if (!status) {
                return problems.atNode(value,
                                       R"("status" must be draft or published, not ")" + v + "\"");
            }
            article.status = *status;
        } else if (key == "slug") {
            if (v == "print") {
                return problems.atNode(value,
                                       "\"slug\" cannot be \"print\": "
                                       "ARTICLE/print is each article's print view");
            }
            if (!text::isSlug(v) || v.size() > kMaxSlug) {
                return problems.atNode(
                    value,
                    "\"slug\" must be lowercase letters, digits and single hyphens "
                    "(at most 120), such as china-and-defectors");
            }
            article.slug = std::move(v);
        } else if (key == "byline") {
            article.byline = std::move(v);
        } else if (key == "source") {
            article.source = std::move(v);
        } else if (key == "summary") {
            article.summary = std::move(v);
        }
    }

    for (std::string_view required : {"headline", "section", "published"}) {
        if (!seen.contains(required)) {
            return problems.at(closing_line,
                               "the required key \"" + std::string(required) + "\" is missing");
        }
    }
    if (article.updated_at && *article.updated_at < article.published_at) {
        return problems.atNode(*doc.find("updated"), R"("updated" is earlier than "published")");
    }
    if (article.slug.empty()) {
        article.slug = text::slugify(article.headline, 80);
        if (article.slug.empty()) {
            return problems.atNode(*doc.find("headline"),
                                   "no slug can be made from the headline; add a \"slug\" key");
        }
    }
    article.body_markdown = std::string(bytes.substr(body_start));
    if (text::trim(article.body_markdown).empty()) {
        return problems.at(closing_line + 1, "the article has no body after the front matter");
    }
    const yaml::Node* address_node = doc.find("slug") ? doc.find("slug") : doc.find("headline");
    return ArticleFile{std::move(article), Problems::lineOf(*address_node)};
}

}  // namespace masthead::content
