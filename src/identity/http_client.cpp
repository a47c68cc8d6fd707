#include "identity/http_client.h"

#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>

namespace masthead::identity {
namespace {

constexpr std::chrono::milliseconds kMaxConnectTimeout{3000};

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

/// What the write callback collects; `overflow` tells a too-large answer from other errors.
struct Sink {
    std::string body;
    bool overflow = false;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body.size() + n > kMaxHttpReplyBytes) {
        sink->overflow = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// The URL without its query, for log details: queries may carry codes.
std::string withoutQuery(std::string_view url) {
    return std::string(url.substr(0, url.find_first_of("?#")));
}

Result<HttpReply> perform(std::string_view url, const HttpFields& headers,
                          std::chrono::milliseconds timeout, const std::string* form) {
    const std::string target(url);
    if (!isAllowedProviderUrl(target)) {
        return fail(Error::internal(
            "The login provider's address is not allowed",
            "only https URLs, or http to a loopback host, are allowed: " + withoutQuery(target)));
    }
    initCurlOnce();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return fail(
            Error::internal("The login provider could not be reached", "curl_easy_init failed"));
    }
    std::unique_ptr<curl_slist, CurlDeleter> header_list;
    for (const auto& [name, value] : headers) {
        std::string line = name;
        line.append(": ").append(value);
        curl_slist* grown = curl_slist_append(header_list.get(), line.c_str());
        if (grown == nullptr) {
            return fail(Error::internal("The login provider could not be reached",
                                        "curl_slist_append failed"));
        }
        if (!header_list) {
            header_list.reset(grown);  // later appends return the same head
        }
    }
    Sink sink;
    std::array<char, CURL_ERROR_SIZE> error_text{};
    const long timeout_ms = static_cast<long>(timeout.count());
    const long connect_ms = static_cast<long>(std::min(timeout, kMaxConnectTimeout).count());
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, target.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxHttpReplyBytes));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Masthead");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text.data());
    if (form != nullptr) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form->c_str());
    }
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        const std::string why =
            std::string(error_text[0] != '\0' ? error_text.data() : curl_easy_strerror(rc)) + " (" +
            withoutQuery(target) + ")";
        if (rc == CURLE_OPERATION_TIMEDOUT) {
            return fail(Error::upstream("The login provider did not answer in time", why));
        }
        if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
            return fail(
                Error::upstream("The login provider sent an answer that is too large", why));
        }
        return fail(Error::upstream("The login provider could not be reached", why));
    }
    HttpReply reply;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    const char* type = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
        reply.content_type = type;
    }
    reply.body = std::move(sink.body);
    return reply;
}

bool isUnreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

}  // namespace

HttpClient::~HttpClient() = default;

CurlHttpClient::CurlHttpClient() { initCurlOnce(); }

Result<HttpReply> CurlHttpClient::get(std::string_view url, const HttpFields& headers,
                                      std::chrono::milliseconds timeout) {
    return perform(url, headers, timeout, nullptr);
}

Result<HttpReply> CurlHttpClient::postForm(std::string_view url, const HttpFields& form,
                                           const HttpFields& headers,
                                           std::chrono::milliseconds timeout) {
    HttpFields all = headers;
    all.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    const std::string body = formEncode(form);
    return perform(url, all, timeout, &body);
}

std::string percentEncode(std::string_view s) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (isUnreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4U];
            out += kHex[c & 0x0FU];
        }
    }
    return out;
}

std::string formEncode(const HttpFields& form) {
    std::string out;
    for (const auto& [name, value] : form) {
        if (!out.empty()) {
            out += '&';
        }
        out += percentEncode(name);
        out += '=';
        out += percentEncode(value);
    }
    return out;
}

bool isAllowedProviderUrl(std::string_view url) {
    bool https = false;
    if (url.starts_with("https://")) {
        https = true;
        url.remove_prefix(8);
    } else if (url.starts_with("http://")) {
        url.remove_prefix(7);
    } else {
        return false;
    }
    const std::string_view authority = url.substr(0, url.find_first_of("/?#"));
    // No user info ("http://127.0.0.1@example.com" goes to example.com) and no odd characters.
    for (const char c : authority) {
        if (c == '@' || c == '\\' || c == ' ' || static_cast<unsigned char>(c) < 0x21) {
            return false;
        }
    }
    std::string_view host = authority;
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = host.substr(0, close + 1);
    } else {
        host = host.substr(0, host.find(':'));
    }
    if (host.empty()) {
        return false;
    }
    return https || host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

}  // namespace masthead::identity
