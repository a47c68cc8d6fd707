#include "http/response_plan.h"

#include "http/compression.h"
#include "util/text.h"

namespace masthead::http {
namespace {

// Sent with every response. The CSP allows no inline script or style; JSON-LD is a data
// block, which CSP does not execute. Images may come from https addresses: readers' pictures
// are the login providers' (an image cannot run script).
constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "X-Frame-Options: DENY\r\n";

}  // namespace

bool etagMatches(std::string_view if_none_match, const Entity& entity) {
    if (entity.etag.empty()) {
        return false;  // a response made for one request has no validator
    }
    for (std::string_view tag : text::split(if_none_match, ',')) {
        tag = text::trim(tag);
        if (tag.starts_with("W/")) {
            tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
        }
        if (tag == "*" || tag == entity.etag ||
            (!entity.gzip_etag.empty() && tag == entity.gzip_etag)) {
            return true;
        }
    }
    return false;
}

ResponsePlan planResponse(const Request& request, const Response& response,
                          std::string& compressed) {
    ResponsePlan plan;
    plan.status = response.status;
    std::string_view body;
    if (const Entity* entity = response.entity.get()) {
        body = entity->body;
        if (!entity->gzip_body.empty() && request.acceptsGzip()) {
            plan.gzip = true;
            body = entity->gzip_body;
        } else if (entity->gzip_when_sent && request.acceptsGzip()) {
            compressed = gzip(body, 1);
            if (compressed.size() < body.size()) {
                plan.gzip = true;
                body = compressed;
            }
        }
        if (plan.status == 200 &&
            (request.method == Method::kGet || request.method == Method::kHead)) {
            const std::string_view inm = request.header("if-none-match");
            if (!inm.empty() && etagMatches(inm, *entity)) {
                plan.status = 304;
            }
        }
    }
    plan.content_length = body.size();
    if (request.method != Method::kHead && plan.status != 204 && plan.status != 304) {
        plan.body = body;
    }
    return plan;
}

void writeHead(std::string& out, const Response& response, const ResponsePlan& plan,
               const HeadContext& context) {
    out.clear();
    out += "HTTP/1.1 ";
    out += std::to_string(plan.status);
    out += ' ';
    out += reasonPhrase(plan.status);
    out += "\r\nDate: ";
    out += context.date;
    out += "\r\nX-Request-Id: ";
    out += context.request_id;
    out += "\r\n";
    out += kSecurityHeaders;
    if (const Entity* entity = response.entity.get()) {
        if (plan.status != 304) {
            out += "Content-Type: ";
            out += entity->content_type;
            out += "\r\nContent-Length: ";
            out += std::to_string(plan.content_length);
            out += "\r\n";
            if (plan.gzip) {
                out += "Content-Encoding: gzip\r\n";
            }
        }
        if (!entity->etag.empty()) {
            out += "ETag: ";
            out += plan.gzip ? entity->gzip_etag : entity->etag;
            out += "\r\n";
        }
        if (!entity->cache_control.empty()) {
            out += "Cache-Control: ";
            out += entity->cache_control;
            out += "\r\n";
        }
        if (!entity->gzip_body.empty() || entity->gzip_when_sent) {
            out += "Vary: Accept-Encoding\r\n";
        }
    } else if (plan.status != 304 && plan.status != 204) {
        out += "Content-Length: 0\r\n";
    }
    for (const Header& extra : response.headers) {
        out += extra.name;
        out += ": ";
        out += extra.value;
        out += "\r\n";
    }
    if (context.close) {
        out += "Connection: close\r\n";
    } else if (context.http_version == 10) {
        out += "Connection: keep-alive\r\n";  // HTTP/1.0 closes unless told otherwise
    }
    out += "\r\n";
}

}  // namespace masthead::http
