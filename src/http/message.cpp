#include "http/message.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "http/compression.h"
#include "util/text.h"

namespace masthead::http {

std::string_view toString(Method method) {
    switch (method) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
        case Method::kOptions:
            return "OPTIONS";
        case Method::kOther:
            return "OTHER";
    }
    return "OTHER";
}

std::string_view Request::header(std::string_view lower_name) const {
    for (const Header& h : headers) {
        if (h.name == lower_name) {
            return h.value;
        }
    }
    return {};
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
    if (!boost::urls::parse_query(query)) {
        return std::nullopt;  // malformed escapes: treat as absent
    }
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    for (const auto& p : boost::urls::params_view(query, options)) {
        if (p.key == name) {
            return std::string(p.value);
        }
    }
    return std::nullopt;
}

std::optional<FormFields> Request::form() const {
    const std::string_view type = header("content-type");
    const std::string essence = text::toLowerAscii(text::trim(type.substr(0, type.find(';'))));
    if (essence != "application/x-www-form-urlencoded" || !boost::urls::parse_query(body)) {
        return std::nullopt;
    }
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& p : boost::urls::params_view(body, options)) {
        fields.emplace_back(p.key, p.value);
    }
    return fields;
}

std::string_view field(const FormFields& form, std::string_view name) {
    for (const auto& [key, value] : form) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::string_view Request::param(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::string_view Request::cookie(std::string_view name) const {
    for (const Header& h : headers) {
        if (h.name != "cookie") {
            continue;
        }
        for (std::string_view pair : text::split(h.value, ';')) {
            pair = text::trim(pair);
            const auto eq = pair.find('=');
            if (eq != std::string_view::npos && text::trim(pair.substr(0, eq)) == name) {
                std::string_view value = text::trim(pair.substr(eq + 1));
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                    value = value.substr(1, value.size() - 2);
                }
                return value;
            }
        }
    }
    return {};
}

bool Request::acceptsGzip() const {
    // Accept-Encoding: gzip, deflate, br;q=0.9 -- an explicit "gzip" entry decides; otherwise
    // "*" does; q=0 refuses (RFC 9110 12.5.3).
    std::optional<bool> gzip;
    std::optional<bool> any;
    for (std::string_view item : text::split(header("accept-encoding"), ',')) {
        const auto parts = text::split(item, ';');
        const std::string coding = text::toLowerAscii(text::trim(parts[0]));
        if (coding != "gzip" && coding != "*") {
            continue;
        }
        bool accepted = true;
        for (std::size_t i = 1; i < parts.size(); ++i) {
            std::string_view p = text::trim(parts[i]);
            if (p.starts_with("q=") || p.starts_with("Q=")) {
                p.remove_prefix(2);
                accepted = !(p == "0" || p == "0." || p == "0.0" || p == "0.00" || p == "0.000");
            }
        }
        (coding == "gzip" ? gzip : any) = accepted;
    }
    return gzip.value_or(any.value_or(false));
}

namespace {

bool compressible(std::string_view content_type, std::string_view body) {
    const bool textual = content_type.starts_with("text/") ||
                         content_type.starts_with("application/json") ||
                         content_type.starts_with("application/javascript") ||
                         content_type.starts_with("application/xml") ||
                         content_type.starts_with("application/rss+xml") ||
                         content_type.starts_with("application/atom+xml") ||
                         content_type.starts_with("image/svg+xml");
    return textual && body.size() >= 200;
}

}  // namespace

namespace {

std::shared_ptr<Entity> entityWith(std::string content_type, std::string body,
                                   std::string cache_control, int level) {
    auto e = std::make_shared<Entity>();
    const std::string tag = text::fingerprint(body);
    e->etag = "\"" + tag + "\"";
    if (compressible(content_type, body)) {
        std::string compressed = gzip(body, level);
        if (compressed.size() < body.size()) {
            e->gzip_body = std::move(compressed);
            // Each level's bytes differ: each has its own strong validator.
            e->gzip_etag =
                "\"" + tag + (level == 9 ? "-gz\"" : "-gz" + std::to_string(level) + "\"");
            e->gzip_quick = level != 9;
        }
    }
    e->content_type = std::move(content_type);
    e->body = std::move(body);
    // A rendered page's string grew as it was made, to up to twice its size; cached pages
    // are counted by what they hold, so give the rest back.
    e->body.shrink_to_fit();
    e->gzip_body.shrink_to_fit();
    e->cache_control = std::move(cache_control);
    return e;
}

}  // namespace

std::shared_ptr<const Entity> Entity::make(std::string content_type, std::string body,
                                           std::string cache_control) {
    return entityWith(std::move(content_type), std::move(body), std::move(cache_control), 9);
}

std::shared_ptr<const Entity> Entity::makeQuick(std::string content_type, std::string body,
                                                std::string cache_control) {
    return entityWith(std::move(content_type), std::move(body), std::move(cache_control), 1);
}

std::shared_ptr<const Entity> Entity::bestOf(const Entity& e) {
    if (!e.gzip_quick) {
        return nullptr;
    }
    return entityWith(e.content_type, e.body, e.cache_control, 9);
}

std::shared_ptr<const Entity> Entity::makeOnce(std::string content_type, std::string body,
                                               std::string cache_control) {
    auto e = std::make_shared<Entity>();
    e->gzip_when_sent = compressible(content_type, body);
    e->content_type = std::move(content_type);
    e->body = std::move(body);
    e->cache_control = std::move(cache_control);
    return e;
}

std::shared_ptr<const Entity> Entity::makeOnceGzipped(std::string content_type,
                                                      std::string gzip_body,
                                                      std::string cache_control) {
    auto e = std::make_shared<Entity>();
    e->content_type = std::move(content_type);
    e->gzip_body = std::move(gzip_body);
    e->cache_control = std::move(cache_control);
    return e;
}

std::string_view reasonPhrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 413:
            return "Content Too Large";
        case 414:
            return "URI Too Long";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Content";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        default:
            return "Unknown";
    }
}

}  // namespace masthead::http
