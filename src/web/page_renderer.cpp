#include "web/page_renderer.h"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

namespace masthead::web {
namespace {

using content::Article;
using content::ArticleKind;
using content::Section;
using content::SectionTree;
using content::Teaser;
using kainjow::mustache::data;

std::string encodeComponent(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::string_view kindLabel(ArticleKind kind) {
    switch (kind) {
        case ArticleKind::kEditorial:
            return "Editorial";
        case ArticleKind::kColumn:
            return "Column";
        case ArticleKind::kFeature:
            return "Feature";
        case ArticleKind::kNews:
            return "";
    }
    return "";
}

data list() { return {data::type::list}; }

/// Mustache treats an empty string as true; absent keys make `{{#key}}` sections vanish.
void setIfPresent(data& d, const std::string& key, const std::string& value) {
    if (!value.empty()) {
        put(d, key, value);
    }
}

/// `s` as a JSON string, by nlohmann's escaping (invalid UTF-8 replaced).
std::string jsonString(std::string_view s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// A JSON text made safe inside <script type="application/ld+json">: no "</script" can close
/// the element early, whatever the article says.
std::string scriptSafe(std::string_view json) {
    std::string out;
    out.reserve(json.size() + 32);
    for (char c : json) {
        if (c == '<') {
            out += "\\u003c";
        } else if (c == '>') {
            out += "\\u003e";
        } else if (c == '&') {
            out += "\\u0026";
        } else {
            out += c;
        }
    }
    return out;
}

const Section& topOf(const SectionTree& tree, const Section& s) { return *tree.trail(s).front(); }

}  // namespace

std::string PageRenderer::layout(const SectionTree& tree, PageMeta meta,
                                 const std::string& content) const {
    data d;
    put(d, "title", meta.title);
    put(d, "description", meta.description);
    put(d, "canonical", site_.base_url + meta.canonical_path);
    if (!meta.prev_url.empty()) {
        put(d, "prev_url", meta.prev_url);
    }
    if (!meta.next_url.empty()) {
        put(d, "next_url", meta.next_url);
    }
    put(d, "noindex", meta.noindex);
    put(d, "css_url", assets_.url("masthead.css"));
    put(d, "favicon_url", assets_.url("favicon.svg"));
    put(d, "site_name", site_.name);
    put(d, "site_tagline", site_.tagline);
    put(d, "time_zone_label", site_.time.zoneName());
    put(d, "og_type", meta.og_type);
    put(d, "og_title", meta.og_title.empty() ? meta.title : meta.og_title);
    put(d, "article_meta", std::move(meta.article_meta));
    if (!meta.json_ld.empty()) {
        put(d, "json_ld", meta.json_ld);
    }
    data scripts = list();
    for (const std::string& url : meta.scripts) {
        scripts.push_back(data(url));
    }
    put(d, "scripts", std::move(scripts));
    put(d, "body_class", meta.body_class);
    data nav = list();
    for (const Section* s : tree.topSections()) {
        data item;
        put(item, "path", s->path);
        put(item, "name", s->name);
        put(item, "current", s == meta.current_top);
        nav.push_back(item);
    }
    put(d, "nav", std::move(nav));
    put(d, "content", content);  // (one copy: kainjow takes no string by move)
    return templates_.render("layout", d);
}

std::string PageRenderer::breadcrumb(const SectionTree& tree, const Section& section,
                                     bool current) const {
    data trail = list();
    const auto sections = tree.trail(section);
    for (const Section* s : sections) {
        data item;
        put(item, "path", s->path);
        put(item, "name", s->name);
        put(item, "current", current && s == sections.back());
        trail.push_back(item);
    }
    data d;
    put(d, "trail", std::move(trail));
    return templates_.render("breadcrumb", d);
}

std::string PageRenderer::storyItem(const SectionTree& tree, const Teaser& article, int level,
                                    bool show_summary, bool show_section) const {
    data d;
    put(d, "path", tree.pathOf(article));
    put(d, "headline", article.headline);
    put(d, "level", std::to_string(level));
    put(d, "show_summary", show_summary && !article.summary.empty());
    put(d, "summary", article.summary);
    setIfPresent(d, "byline", article.byline);
    put(d, "published_iso", site_.time.iso(article.published_at));
    put(d, "published_display", site_.time.display(article.published_at));
    if (show_section) {
        const Section& s = tree.sectionOf(article);
        put(d, "section_name", s.name);
        put(d, "section_path", s.path);
    }
    if (comment_counts_) {
        if (const std::size_t n = comment_counts_(article.id); n > 0) {
            put(d, "comments", std::to_string(n) + (n == 1 ? " comment" : " comments"));
        }
    }
    return templates_.render("story_item", d);
}

std::string PageRenderer::popularBox(std::span<const PopularItem> popular) const {
    if (popular.empty()) {
        return {};
    }
    data items = list();
    for (const PopularItem& p : popular) {
        data item;
        put(item, "path", p.path);
        put(item, "headline", p.headline);
        put(item, "section", p.section);
        items.push_back(item);
    }
    data d;
    put(d, "items", std::move(items));
    return templates_.render("popular", d);
}

std::string PageRenderer::home(const SectionTree& tree, const Teaser* lead,
                               std::span<const HomeSection> home_sections,
                               std::span<const PopularItem> popular) const {
    data d;
    put(d, "site_name", site_.name);
    if (lead != nullptr) {
        put(d, "lead", storyItem(tree, *lead, 2, true, true));
    }
    data sections = list();
    for (const HomeSection& block : home_sections) {
        data stories = list();
        std::size_t shown = 0;
        for (const Teaser& a : block.stories) {
            if (lead != nullptr && a.id == lead->id) {
                continue;
            }
            // The section's newest story carries its summary; the rest are headlines.
            stories.push_back(storyItem(tree, a, 3, shown == 0, false));
            if (++shown == site_.home_stories_per_section) {
                break;
            }
        }
        if (shown == 0) {
            continue;
        }
        const Section& s = *block.section;
        data item;
        put(item, "slug", s.slug);
        put(item, "path", s.path);
        put(item, "name", s.name);
        put(item, "stories", std::move(stories));
        sections.push_back(item);
    }
    put(d, "sections", std::move(sections));
    put(d, "has_content", lead != nullptr);
    put(d, "popular", popularBox(popular));

    PageMeta meta;
    meta.title = site_.name;
    meta.description = site_.description;
    meta.canonical_path = "/";
    meta.body_class = "page-home";
    return layout(tree, std::move(meta), templates_.render("home", d));
}

std::size_t PageRenderer::pagesOf(std::size_t stories) const {
    return std::max<std::size_t>(1,
                                 (stories + site_.section_page_size - 1) / site_.section_page_size);
}

std::string PageRenderer::frontPageUrl(const Section& section, std::size_t page) {
    return page == 1 ? section.path : section.path + "?page=" + std::to_string(page);
}

std::string PageRenderer::section(const SectionTree& tree, const Section& section,
                                  const FrontPage& front,
                                  std::span<const PopularItem> popular) const {
    const bool nested = !tree.children(section).empty();
    data d;
    put(d, "breadcrumb", breadcrumb(tree, section, true));
    put(d, "name", section.name);
    data children = list();
    for (const Section* c : tree.children(section)) {
        data item;
        put(item, "path", c->path);
        put(item, "name", c->name);
        children.push_back(item);
    }
    put(d, "has_children", nested);
    put(d, "children", std::move(children));
    data articles = list();
    for (const Teaser& a : front.stories) {
        articles.push_back(storyItem(tree, a, 2, true, nested));
    }
    put(d, "has_articles", !front.stories.empty());
    put(d, "popular", popularBox(popular));
    put(d, "articles", std::move(articles));
    PageMeta meta;
    put(d, "paginated", front.pages > 1 || !front.prev_url.empty() || !front.next_url.empty());
    put(d, "page", std::to_string(front.page));
    put(d, "pages", std::to_string(std::max(front.pages, front.page)));
    if (!front.prev_url.empty()) {
        meta.prev_url = front.prev_url;
        put(d, "prev_url", meta.prev_url);
    }
    if (!front.next_url.empty()) {
        meta.next_url = front.next_url;
        put(d, "next_url", meta.next_url);
    }
    meta.title = section.name +
                 (front.page > 1 ? " (page " + std::to_string(front.page) + ")" : "") + " | " +
                 site_.name;
    meta.og_title = section.name;
    meta.description = "The latest from " + section.name + " at " + site_.name + ".";
    meta.canonical_path = frontPageUrl(section, front.page);
    meta.body_class = "page-section";
    meta.current_top = &topOf(tree, section);
    return layout(tree, std::move(meta), templates_.render("section", d));
}

TemplateData PageRenderer::articleData(const SectionTree& tree, const Article& article) const {
    const std::string path = tree.pathOf(article);
    data d;
    put(d, "site_name", site_.name);
    put(d, "headline", article.headline);
    put(d, "kind", std::string(toString(article.kind)));
    if (const auto label = kindLabel(article.kind); !label.empty()) {
        put(d, "kind_label", std::string(label));
    }
    setIfPresent(d, "byline", article.byline);
    setIfPresent(d, "source", article.source);
    put(d, "published_iso", site_.time.iso(article.published_at));
    put(d, "published_display", site_.time.display(article.published_at));
    if (article.updated_at) {
        put(d, "updated_iso", site_.time.iso(*article.updated_at));
        put(d, "updated_display", site_.time.display(*article.updated_at));
    }
    put(d, "body_html", article.body_html);
    put(d, "canonical", site_.base_url + path);
    put(d, "css_url", assets_.url("masthead.css"));
    put(d, "favicon_url", assets_.url("favicon.svg"));
    return d;
}

std::string PageRenderer::jsonLd(const SectionTree& tree, const Article& article,
                                 const std::string& published_iso,
                                 const std::string& modified_iso) const {
    // Written as text, not built as a nlohmann::json tree (a map node per key: 8% of a cold
    // article page's time); nlohmann escapes each string, and the keys are in the order a
    // tree would print them.
    const std::string url = jsonString(site_.base_url + tree.pathOf(article));
    const std::string publisher = R"({"@type":"Organization","name":)" + jsonString(site_.name) +
                                  R"(,"url":)" + jsonString(site_.base_url + "/") + "}";
    std::string j = R"({"@context":"https://schema.org","@type":"NewsArticle","articleSection":)";
    j += jsonString(tree.sectionOf(article).name);
    j += R"(,"author":[)";
    j += article.byline.empty() ? publisher
                                : R"({"@type":"Person","name":)" + jsonString(article.byline) + "}";
    j += R"(],"dateModified":)";
    j += jsonString(modified_iso);
    j += R"(,"datePublished":)";
    j += jsonString(published_iso);
    if (!article.summary.empty()) {
        j += R"(,"description":)";
        j += jsonString(article.summary);
    }
    j += R"(,"headline":)";
    j += jsonString(article.headline);
    j += R"(,"inLanguage":"en","isAccessibleForFree":true)";
    if (!article.tags.empty()) {
        j += R"(,"keywords":[)";
        for (std::size_t i = 0; i < article.tags.size(); ++i) {
            j += i == 0 ? "" : ",";
            j += jsonString(article.tags[i]);
        }
        j += "]";
    }
    j += R"(,"mainEntityOfPage":)";
    j += url;
    j += R"(,"publisher":)";
    j += publisher;
    j += R"(,"url":)";
    j += url;
    j += "}";
    return scriptSafe(j);
}

std::string PageRenderer::article(const SectionTree& tree, const Article& article,
                                  std::span<const PopularItem> popular,
                                  std::string_view comments) const {
    const std::string path = tree.pathOf(article);
    const Section& section = tree.sectionOf(article);
    const std::string canonical = site_.base_url + path;
    const std::string published_iso = site_.time.iso(article.published_at);
    const std::string modified_iso =
        article.updated_at ? site_.time.iso(*article.updated_at) : published_iso;

    data d = articleData(tree, article);
    put(d, "breadcrumb", breadcrumb(tree, section, false));
    put(d, "print_url", printPath(path) + "?autoprint=1");
    put(d, "id", std::to_string(article.id));
    put(d, "read_seconds", std::to_string(site_.read_beacon_seconds));
    put(d, "popular", popularBox(popular));
    put(d, "comments", std::string(comments));
    data tags = list();
    for (const std::string& t : article.tags) {
        tags.push_back(data(t));
    }
    put(d, "has_tags", !article.tags.empty());
    put(d, "tags", tags);
    put(d, "twitter_share_url",
        "https://twitter.com/intent/tweet?text=" + encodeComponent(article.headline) +
            "&url=" + encodeComponent(canonical));
    put(d, "facebook_share_url",
        "https://www.facebook.com/sharer/sharer.php?u=" + encodeComponent(canonical));
    put(d, "dictionary", site_.dictionary_available);

    PageMeta meta;
    meta.title = article.headline;
    meta.og_title = article.headline;
    meta.og_type = "article";
    meta.description = article.summary;
    meta.canonical_path = path;
    meta.body_class = "page-article";
    meta.current_top = &topOf(tree, section);
    meta.json_ld = jsonLd(tree, article, published_iso, modified_iso);
    meta.scripts.push_back(assets_.url("popularity.js"));
    if (site_.dictionary_available) {
        meta.scripts.push_back(assets_.url("dictionary.js"));
    }
    if (!comments.empty()) {
        meta.scripts.push_back(assets_.url("comments.js"));
    }
    data article_meta;
    put(article_meta, "published_iso", published_iso);
    put(article_meta, "modified_iso", modified_iso);
    put(article_meta, "section_name", section.name);
    put(article_meta, "tags", std::move(tags));
    meta.article_meta = std::move(article_meta);
    return layout(tree, std::move(meta), templates_.render("article", d));
}

std::string PageRenderer::print(const SectionTree& tree, const Article& article) const {
    data d = articleData(tree, article);
    put(d, "print_js_url", assets_.url("print.js"));
    put(d, "id", std::to_string(article.id));
    // The print view may list the words the reader looked up (dictionary.js reads them from
    // the device's storage).
    put(d, "dictionary", site_.dictionary_available);
    if (site_.dictionary_available) {
        put(d, "dictionary_js_url", assets_.url("dictionary.js"));
    }
    return templates_.render("print", d);
}

std::string PageRenderer::error(const SectionTree& tree, int status,
                                std::string_view message) const {
    return error(tree, status, message, {}, {});
}

std::string PageRenderer::error(const SectionTree& tree, int status, std::string_view message,
                                std::string_view back_url, std::string_view back_label) const {
    std::string heading;
    switch (status) {
        case 403:
            heading = "Not allowed";
            break;
        case 404:
            heading = "Page not found";
            break;
        case 405:
            heading = "Not allowed here";
            break;
        case 409:
            heading = "Already there";
            break;
        case 413:
        case 431:
            heading = "Request too large";
            break;
        case 422:
            heading = "Not accepted";
            break;
        case 429:
            heading = "Please slow down";
            break;
        case 500:
            heading = "Something went wrong";
            break;
        default:
            heading = status >= 500 ? "Something went wrong" : "Bad request";
    }
    data d;
    put(d, "heading", heading);
    put(d, "message", std::string(message));
    if (!back_url.empty()) {
        put(d, "back_url", std::string(back_url));
        put(d, "back_label", std::string(back_label));
    }
    PageMeta meta;
    meta.title = heading + " | " + site_.name;
    meta.description = site_.description;
    meta.canonical_path = "/";
    meta.body_class = "page-error";
    meta.noindex = true;
    return layout(tree, std::move(meta), templates_.render("error", d));
}

std::string PageRenderer::plain(const SectionTree& tree, const PlainPage& page) const {
    PageMeta meta;
    meta.title = page.title + " | " + site_.name;
    meta.og_title = page.title;
    meta.description = page.description.empty() ? site_.description : page.description;
    meta.canonical_path = page.canonical_path;
    meta.body_class = page.body_class;
    meta.noindex = page.noindex;
    for (const std::string& name : page.scripts) {
        meta.scripts.push_back(assets_.url(name));
    }
    return layout(tree, std::move(meta), page.content);
}

}  // namespace masthead::web
