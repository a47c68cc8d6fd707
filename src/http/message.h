#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace masthead::http {

/// The decoded fields of a form, in the order sent.
using FormFields = std::vector<std::pair<std::string, std::string>>;

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

[[nodiscard]] std::string_view toString(Method method);

struct Header {
    std::string name;  ///< lowercase
    std::string value;
};

/// A parsed, size-checked HTTP request, independent of the socket it came from.
struct Request {
    Method method = Method::kGet;
    std::string method_text;
    std::string target;  ///< as sent: "/opinion/editorials?page=2"
    std::string path;    ///< percent-decoded path: "/opinion/editorials"
    std::string query;   ///< raw query without '?'
    std::vector<Header> headers;
    std::string body;
    std::string remote;      ///< peer address
    std::string request_id;  ///< also sent back as X-Request-Id and written to the access log
    /// Values captured by the route pattern, e.g. {"name", "masthead.css"}.
    std::vector<std::pair<std::string, std::string>> params;

    /// The first header of that (lowercase) name, or "".
    [[nodiscard]] std::string_view header(std::string_view lower_name) const;
    /// A decoded query parameter, or nullopt when absent.
    [[nodiscard]] std::optional<std::string> queryParam(std::string_view name) const;
    [[nodiscard]] std::string_view param(std::string_view name) const;
    /// The value of a cookie from the Cookie header(s), or "" when absent.
    [[nodiscard]] std::string_view cookie(std::string_view name) const;
    /// True when Accept-Encoding allows gzip (q > 0).
    [[nodiscard]] bool acceptsGzip() const;
    /// The fields of an application/x-www-form-urlencoded body, decoded; nullopt when the
    /// body is not such a form or its escapes are malformed.
    [[nodiscard]] std::optional<FormFields> form() const;
    /// form(), or no fields at all when the body is not a form.
    [[nodiscard]] FormFields fields() const { return form().value_or(FormFields{}); }
};

/// The first value of `name` among form fields, or "" when absent.
[[nodiscard]] std::string_view field(const FormFields& form, std::string_view name);

/// An immutable representation of a resource: the bytes, their gzip variant when worth
/// having, and the validators. Cached pages are Entities shared by every response that
/// sends them, so nothing is copied or compressed per request.
struct Entity {
    std::string content_type;
    std::string body;
    std::string gzip_body;  ///< empty when not compressible or not smaller
    std::string etag;       ///< quoted strong validator of `body`; empty: none
    std::string gzip_etag;  ///< quoted validator of `gzip_body`
    std::string cache_control;
    /// Made for one request (makeOnce): compressed when sent, and only if the client takes gzip.
    bool gzip_when_sent = false;
    /// The gzip variant was made at the fastest level (makeQuick): worth making again at the
    /// best one once the page proves to be read often (bestOf).
    bool gzip_quick = false;

    /// Builds the entity: computes the ETag and, for text types of 200+ bytes, the gzip
    /// variant (best compression: this runs once per cached page, not per request).
    [[nodiscard]] static std::shared_ptr<const Entity> make(std::string content_type,
                                                            std::string body,
                                                            std::string cache_control);
    /// The same with the gzip variant at the fastest level (a third of the time, some 10%
    /// more bytes): for a page rendered on a cache miss, which may never be read again.
    [[nodiscard]] static std::shared_ptr<const Entity> makeQuick(std::string content_type,
                                                                 std::string body,
                                                                 std::string cache_control);
    /// A quick entity again with its gzip variant at the best level (its own validator);
    /// null when `e` is not a quick one.
    [[nodiscard]] static std::shared_ptr<const Entity> bestOf(const Entity& e);
    /// A response made for one request only (a signed-in reader's page, a form): no
    /// validator (nothing stores it to revalidate) and no gzip variant made in advance; the
    /// server compresses it at the fastest level when the client accepts gzip.
    [[nodiscard]] static std::shared_ptr<const Entity> makeOnce(std::string content_type,
                                                                std::string body,
                                                                std::string cache_control);
    /// A response made for one request whose client accepts gzip, compressed already (e.g.
    /// by gzipJoin): only the gzip variant is there to send.
    [[nodiscard]] static std::shared_ptr<const Entity> makeOnceGzipped(std::string content_type,
                                                                       std::string gzip_body,
                                                                       std::string cache_control);
};

struct Response {
    int status = 200;
    std::shared_ptr<const Entity> entity;  ///< null: no body
    std::vector<Header> headers;           ///< extra headers (Location, Allow, Link, ...)

    [[nodiscard]] static Response of(int status, std::shared_ptr<const Entity> entity) {
        return Response{status, std::move(entity), {}};
    }
    Response& with(std::string name, std::string value) {
        headers.push_back({std::move(name), std::move(value)});
        return *this;
    }
};

/// "OK", "Not Found", ...
[[nodiscard]] std::string_view reasonPhrase(int status);

}  // namespace masthead::http
