// libFuzzer target: what the server derives from a request's target and headers (router
// match, query parameters, Accept-Encoding) never crashes on any bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace masthead::http;
    static const Router router({
        {Method::kGet, "/", "home", [](const Request&) { return Response{}; }},
        {Method::kGet, "/static/{file}", "static", [](const Request&) { return Response{}; }},
        {Method::kGet, "/{path...}/print", "print", [](const Request&) { return Response{}; }},
        {Method::kGet, "/{path...}", "page", [](const Request&) { return Response{}; }},
    });
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\n');
    Request request;
    request.path = std::string(input.substr(0, split));
    request.query = split == std::string_view::npos ? "" : std::string(input.substr(split + 1));
    request.headers = {{"accept-encoding", request.query}};
    (void)router.match(Method::kGet, request.path);
    (void)router.match(Method::kPost, request.path);
    (void)request.queryParam("page");
    (void)request.acceptsGzip();
    return 0;
}
