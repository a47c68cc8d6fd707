#include "content/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <array>
#include <memory>
#include <mutex>

namespace masthead::content {
namespace {

constexpr std::array<const char*, 4> kExtensions = {"table", "strikethrough", "autolink",
                                                    "tagfilter"};

struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserDeleter {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct CharDeleter {
    void operator()(char* p) const { free(p); }
};

struct Parsed {
    std::unique_ptr<cmark_parser, ParserDeleter> parser;  // owns the extension list
    std::unique_ptr<cmark_node, NodeDeleter> doc;
};

Parsed parse(std::string_view markdown, int options) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    Parsed parsed;
    parsed.parser.reset(cmark_parser_new(options));
    for (const char* name : kExtensions) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parsed.parser.get(), ext);
        }
    }
    cmark_parser_feed(parsed.parser.get(), markdown.data(), markdown.size());
    parsed.doc.reset(cmark_parser_finish(parsed.parser.get()));
    return parsed;
}

/// Puts each table in a focusable, labelled scrolling region, so a wide table scrolls on a
/// phone without breaking the page and keyboard users can scroll it too.
std::string wrapTables(std::string_view html) {
    constexpr std::string_view kOpen = "<table>";
    constexpr std::string_view kClose = "</table>";
    std::string out;
    out.reserve(html.size() + 128);
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = html.find(kOpen, pos);
        if (open == std::string_view::npos) {
            break;
        }
        const std::size_t close = html.find(kClose, open);
        if (close == std::string_view::npos) {
            break;
        }
        out += html.substr(pos, open - pos);
        out += R"(<div class="table-scroll" role="region" tabindex="0" aria-label="Table">)";
        out += html.substr(open, close + kClose.size() - open);
        out += "</div>";
        pos = close + kClose.size();
    }
    out += html.substr(pos);
    return out;
}

constexpr int kRenderOptions = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;  // never UNSAFE

std::string htmlOf(const Parsed& parsed) {
    std::unique_ptr<char, CharDeleter> html(cmark_render_html(
        parsed.doc.get(), kRenderOptions, cmark_parser_get_syntax_extensions(parsed.parser.get())));
    return html ? wrapTables(html.get()) : std::string();
}

/// The first paragraph's plain text of a parsed document, cut as firstParagraphText says.
std::string summaryOf(cmark_node* doc, std::size_t max_chars) {
    for (cmark_node* n = cmark_node_first_child(doc); n != nullptr; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) {
            continue;
        }
        std::unique_ptr<char, CharDeleter> text(cmark_render_plaintext(n, CMARK_OPT_SMART, 0));
        std::string s = text ? text.get() : "";
        for (char& c : s) {
            if (c == '\n') {
                c = ' ';
            }
        }
        while (!s.empty() && s.back() == ' ') {
            s.pop_back();
        }
        if (s.size() <= max_chars) {
            return s;
        }
        std::size_t cut = s.rfind(' ', max_chars);
        if (cut == std::string::npos || cut == 0) {
            cut = max_chars;
            while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
                --cut;  // never split a UTF-8 sequence
            }
        }
        s.resize(cut);
        while (!s.empty() && (s.back() == ',' || s.back() == ' ' || s.back() == ';')) {
            s.pop_back();
        }
        return s + "…";
    }
    return {};
}

}  // namespace

std::string renderMarkdown(std::string_view markdown) {
    return htmlOf(parse(markdown, kRenderOptions));
}

std::string firstParagraphText(std::string_view markdown, std::size_t max_chars) {
    Parsed parsed = parse(markdown, kRenderOptions);
    return summaryOf(parsed.doc.get(), max_chars);
}

RenderedMarkdown renderWithSummary(std::string_view markdown, std::size_t max_chars) {
    Parsed parsed = parse(markdown, kRenderOptions);
    return {htmlOf(parsed), summaryOf(parsed.doc.get(), max_chars)};
}

}  // namespace masthead::content
