#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace masthead::identity {

/// Name/value pairs: request headers ("Accept", "application/json") or form fields.
using HttpFields = std::vector<std::pair<std::string, std::string>>;

/// What a login provider answered. Any status counts as an answer; the caller reads it.
struct HttpReply {
    long status = 0;
    std::string body;
    std::string content_type;  ///< as sent, e.g. "application/json; charset=utf-8", or ""
};

/// The largest answer accepted from a provider: discovery documents, key sets, tokens and
/// profiles are a few kilobytes.
inline constexpr std::size_t kMaxHttpReplyBytes = 1 << 20;

/// Outgoing HTTP calls to login providers. An interface so that tests of the login flow can
/// answer from memory; production uses CurlHttpClient.
///
/// Failures to get any answer are kUpstream with a message that begins with "The login
/// provider" ("The login provider did not answer in time"), which callers may replace by the
/// provider's name, and the technical reason in `detail`.
class HttpClient {
  public:
    virtual ~HttpClient();

    /// GET `url` with `headers`, giving up after `timeout`.
    [[nodiscard]] virtual Result<HttpReply> get(std::string_view url, const HttpFields& headers,
                                                std::chrono::milliseconds timeout) = 0;

    /// POST `form` as application/x-www-form-urlencoded to `url`.
    [[nodiscard]] virtual Result<HttpReply> postForm(std::string_view url, const HttpFields& form,
                                                     const HttpFields& headers,
                                                     std::chrono::milliseconds timeout) = 0;
};

/// HttpClient over libcurl: one easy handle per call, so it is thread-safe. Redirects are not
/// followed, certificates and host names are verified, answers over kMaxHttpReplyBytes fail,
/// and plain http is refused except to loopback hosts (127.0.0.1, [::1], localhost), which
/// tests use for local providers.
class CurlHttpClient final : public HttpClient {
  public:
    CurlHttpClient();

    [[nodiscard]] Result<HttpReply> get(std::string_view url, const HttpFields& headers,
                                        std::chrono::milliseconds timeout) override;
    [[nodiscard]] Result<HttpReply> postForm(std::string_view url, const HttpFields& form,
                                             const HttpFields& headers,
                                             std::chrono::milliseconds timeout) override;
};

/// Percent-encodes everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~).
[[nodiscard]] std::string percentEncode(std::string_view s);

/// `form` as application/x-www-form-urlencoded: "a=1&b=x%20y".
[[nodiscard]] std::string formEncode(const HttpFields& form);

/// True for https URLs, and for http URLs whose host is 127.0.0.1, [::1] or localhost.
/// False for anything else, including text that is not an absolute URL.
[[nodiscard]] bool isAllowedProviderUrl(std::string_view url);

}  // namespace masthead::identity
