#include "http/client_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "util/text.h"

namespace masthead::http {

std::optional<IpBytes> parseIp(std::string_view text) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    const std::string s(text);  // inet_pton wants a terminated string
    IpBytes out{};
    if (s.find(':') == std::string::npos) {
        in_addr v4{};
        if (inet_pton(AF_INET, s.c_str(), &v4) != 1) {
            return std::nullopt;
        }
        out[10] = 0xff;
        out[11] = 0xff;
        const auto* b = reinterpret_cast<const unsigned char*>(&v4.s_addr);
        std::copy(b, b + 4, out.begin() + 12);
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) {
        return std::nullopt;
    }
    std::copy(v6.s6_addr, v6.s6_addr + 16, out.begin());
    return out;
}

bool IpNetwork::contains(const IpBytes& address) const {
    unsigned left = prefix;
    for (std::size_t i = 0; i < bytes.size() && left > 0; ++i) {
        const unsigned bits = left >= 8 ? 8 : left;
        const auto mask = static_cast<unsigned char>(0xff << (8 - bits));
        if ((address[i] & mask) != (bytes[i] & mask)) {
            return false;
        }
        left -= bits;
    }
    return true;
}

Result<IpNetwork> parseIpNetwork(std::string_view text) {
    const auto bad = [&] {
        return fail(Error::invalidInput(
            "\"" + std::string(text) +
            "\" is not an IP address or network (such as 10.0.0.0/8, fd00::/8 or 127.0.0.1)"));
    };
    const std::size_t slash = text.find('/');
    const auto address = parseIp(text.substr(0, slash));
    if (!address) {
        return bad();
    }
    const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    IpNetwork net{*address, 128};
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        unsigned length = 0;
        const auto [ptr, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
            length > (v4 ? 32U : 128U)) {
            return bad();
        }
        net.prefix = v4 ? 96 + length : length;
    }
    return net;
}

std::string clientAddress(std::string_view peer, std::string_view forwarded_for,
                          std::span<const IpNetwork> trusted) {
    const auto is_trusted = [&](std::string_view address) {
        const auto bytes = parseIp(address);
        if (!bytes) {
            return false;
        }
        for (const IpNetwork& net : trusted) {
            if (net.contains(*bytes)) {
                return true;
            }
        }
        return false;
    };
    if (trusted.empty() || forwarded_for.empty() || !is_trusted(peer)) {
        return std::string(peer);
    }
    std::string_view client = peer;
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        const std::size_t comma = rest.rfind(',');
        const std::string_view hop =
            text::trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        if (!parseIp(hop)) {
            break;  // not an address: believe nothing further left
        }
        client = hop;
        if (!is_trusted(hop)) {
            break;
        }
    }
    return std::string(client);
}

}  // namespace masthead::http
