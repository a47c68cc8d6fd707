#include "web/comment_section.h"

namespace masthead::web {
namespace {

// '<' and a control character: escaped text and the Markdown renderer's output (raw HTML
// off) can never contain it, so the first match is the marker.
constexpr std::string_view kBoxMarker = "<\x01comment-box\x01>";

std::string providerLabel(const identity::Reader& reader,
                          const std::vector<LoginOption>& providers) {
    for (const LoginOption& p : providers) {
        if (p.id == reader.provider) {
            return p.label;
        }
    }
    return reader.provider == "demo" ? "demo sign-in" : reader.provider;
}

}  // namespace

std::string withCsrfToken(std::string_view html, std::string_view token) {
    std::string out;
    out.reserve(html.size() + 64);
    std::size_t at = 0;
    for (std::size_t m = html.find(kCsrfMarker); m != std::string_view::npos;
         m = html.find(kCsrfMarker, at)) {
        out.append(html.substr(at, m - at));
        out.append(token);
        at = m + kCsrfMarker.size();
    }
    out.append(html.substr(at));
    return out;
}

Result<std::shared_ptr<const CommentSection::SectionParts>> CommentSection::sectionParts(
    const content::SectionTree& tree, const content::Article& article) {
    const std::uint64_t version = service_.version(article.id);
    const std::string path = tree.pathOf(article);
    if (auto cached = sections_.find(article.id);
        cached && cached->version == version && cached->article_path == path) {
        return cached;
    }
    auto first = service_.page(article.id, comments::Order::kNewest, 1);
    if (!first) {
        return fail(first.error());
    }
    auto parts = std::make_shared<SectionParts>();
    parts->version = version;
    parts->article_path = path;
    for (const bool member : {false, true}) {
        const std::string html = views_.section(*first, path, kBoxMarker, member);
        const std::size_t at = html.find(kBoxMarker);
        (member ? parts->member_before : parts->before) = html.substr(0, at);
        (member ? parts->member_after : parts->after) = html.substr(at + kBoxMarker.size());
    }
    sections_.put(article.id, parts,
                  sizeof(SectionParts) + parts->before.capacity() + parts->after.capacity() +
                      parts->member_before.capacity() + parts->member_after.capacity());
    return std::shared_ptr<const SectionParts>(std::move(parts));
}

std::string CommentSection::closedWhy(const content::SectionTree& tree,
                                      const content::Article& article) const {
    const comments::ArticleMode mode = service_.modeOf(tree, article);
    return mode.mode == comments::Mode::kClosed ? mode.why : std::string();
}

Result<std::string> CommentSection::publicSection(const content::SectionTree& tree,
                                                  const content::Article& article) {
    auto parts = sectionParts(tree, article);
    if (!parts) {
        return fail(parts.error());
    }
    const std::string path = tree.pathOf(article);
    return (*parts)->before + views_.boxOut(path + "#comments", closedWhy(tree, article)) +
           (*parts)->after;
}

std::string CommentSection::formFor(const Visitor& visitor, const content::SectionTree& tree,
                                    const content::Article& article, std::int64_t parent_id,
                                    std::string_view return_to) const {
    const identity::Reader& reader = *visitor.reader();
    CommentForm form;
    form.reader = &reader;
    form.provider_label = providerLabel(reader, views_.providers());
    form.csrf = visitor.signed_in->csrf_token;
    form.article_id = article.id;
    form.parent_id = parent_id;
    form.return_to = std::string(return_to);
    const comments::ArticleMode mode = service_.modeOf(tree, article);
    if (mode.mode == comments::Mode::kClosed) {
        form.closed = mode.why;
    }
    form.premoderated = mode.mode == comments::Mode::kPremoderated;
    if (reader.bannedAt(service_.now())) {
        form.banned =
            *reader.banned_until == identity::Reader::kBannedForGood
                ? "You may no longer comment on this site."
                : "You may not comment until " +
                      site_.time.display(SysTime(std::chrono::seconds(*reader.banned_until))) + ".";
        if (!reader.ban_reason.empty()) {
            form.banned += " Reason: " + reader.ban_reason;
        }
    }
    return views_.boxIn(form);
}

std::optional<std::string> CommentSection::personalSection(const content::SectionTree& tree,
                                                           const content::Article& article,
                                                           const http::Request& request) {
    if (request.cookie(kSessionCookie).empty()) {
        return std::nullopt;
    }
    auto visitor = visitorOf(sessions_, request);
    if (!visitor || visitor->reader() == nullptr) {
        return std::nullopt;  // unknown, expired or staff: the public page
    }
    auto parts = sectionParts(tree, article);
    if (!parts) {
        return std::nullopt;
    }
    const std::string path = tree.pathOf(article);
    return withCsrfToken((*parts)->member_before, visitor->signed_in->csrf_token) +
           formFor(*visitor, tree, article, 0, path + "#comments") +
           withCsrfToken((*parts)->member_after, visitor->signed_in->csrf_token);
}

}  // namespace masthead::web
