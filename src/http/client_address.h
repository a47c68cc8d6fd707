#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/error.h"

namespace masthead::http {

/// An IP address as 16 bytes: IPv6, or IPv4 mapped into IPv6 (::ffff:a.b.c.d), so one
/// comparison serves both.
using IpBytes = std::array<unsigned char, 16>;

/// "203.0.113.7", "2001:db8::1" or "::ffff:203.0.113.7"; nullopt for anything else.
[[nodiscard]] std::optional<IpBytes> parseIp(std::string_view text);

/// A network of proxies whose X-Forwarded-For is believed: an address with a prefix length.
struct IpNetwork {
    IpBytes bytes{};
    unsigned prefix = 128;  ///< of the 16-byte form (an IPv4 /8 is 96 + 8)

    [[nodiscard]] bool contains(const IpBytes& address) const;
};

/// "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1", "::1"). Error kInvalidInput
/// naming the text when it is neither.
[[nodiscard]] Result<IpNetwork> parseIpNetwork(std::string_view text);

/// The address a request came from. `peer` is the connection's other end; when it is one of
/// the `trusted` proxies, the client is the right-most address of X-Forwarded-For (all its
/// fields' values, comma-separated) that is not a trusted proxy itself, as nginx's
/// real_ip_recursive does: addresses left of it were written by the client and prove
/// nothing. A field that is not an address ends the walk at the hop before it. With no
/// trusted proxies, or a peer that is not one, the peer.
[[nodiscard]] std::string clientAddress(std::string_view peer, std::string_view forwarded_for,
                                        std::span<const IpNetwork> trusted);

}  // namespace masthead::http
