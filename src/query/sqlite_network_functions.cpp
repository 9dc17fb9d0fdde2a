// Kusto's IPv4 functions:
//   kql_parse_ipv4(text)               the address as a number ("a.b.c.d[/bits]", masked); null
//   kql_ipv4_is_private(text)          in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16; null
//   kql_ipv4_is_in_range(ip, range)    ip inside "a.b.c.d/bits" (or equal to "a.b.c.d"); null
//   kql_ipv6_is_in_range(ip, range)    ip inside "addr/bits" (IPv4 as ::ffff:a.b.c.d); null
#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "core/strings.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

struct Ipv4 {
  uint32_t address = 0;
  int prefix = 32;
};

std::optional<Ipv4> ParseIpv4(std::string_view text) {
  text = TrimAscii(text);
  Ipv4 ip;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view bits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), ip.prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || ip.prefix < 0 || ip.prefix > 32)
      return std::nullopt;
    text = text.substr(0, slash);
  }
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || next == p || next - p > 3 || value > 255) return std::nullopt;
    ip.address = (ip.address << 8) | value;
    p = next;
  }
  if (p != end) return std::nullopt;
  return ip;
}

uint32_t Mask(int prefix) {
  return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
}

bool InRange(const Ipv4& ip, const Ipv4& range) {
  int prefix = std::min(ip.prefix, range.prefix);
  return (ip.address & Mask(prefix)) == (range.address & Mask(prefix));
}

void ParseIpv4Function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4(Text(argv[0]));
  if (!ip) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_int64(ctx, ip->address & Mask(ip->prefix));
}

void IsPrivate(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4(Text(argv[0]));
  if (!ip) {
    sqlite3_result_null(ctx);
    return;
  }
  static const Ipv4 kPrivate[] = {{0x0A000000, 8}, {0xAC100000, 12}, {0xC0A80000, 16}};
  bool any = false;
  for (const Ipv4& range : kPrivate) any = any || InRange(*ip, range);
  sqlite3_result_int(ctx, any ? 1 : 0);
}

void IsInRange(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4(Text(argv[0]));
  auto range = ParseIpv4(Text(argv[1]));
  if (!ip || !range) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_int(ctx, InRange(*ip, *range) ? 1 : 0);
}

struct Ipv6 {
  unsigned char bytes[16] = {};
  int prefix = 128;
};

// An IPv6 address or range; IPv4 text as its IPv4-mapped address (::ffff:a.b.c.d), as Kusto
// reads it.
std::optional<Ipv6> ParseIpv6(std::string_view text) {
  text = TrimAscii(text);
  Ipv6 ip;
  std::optional<int> bits;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    int value = 0;
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
    bits = value;
    text = text.substr(0, slash);
  }
  std::string address(text);
  if (inet_pton(AF_INET6, address.c_str(), ip.bytes) == 1) {
    if (bits && *bits > 128) return std::nullopt;
    ip.prefix = bits.value_or(128);
    return ip;
  }
  unsigned char v4[4];
  if (inet_pton(AF_INET, address.c_str(), v4) != 1 || (bits && *bits > 32)) return std::nullopt;
  ip.bytes[10] = ip.bytes[11] = 0xff;
  std::copy(v4, v4 + 4, ip.bytes + 12);
  ip.prefix = 96 + bits.value_or(32);
  return ip;
}

void Ipv6IsInRange(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv6(Text(argv[0]));
  auto range = ParseIpv6(Text(argv[1]));
  if (!ip || !range) {
    sqlite3_result_null(ctx);
    return;
  }
  bool inside = true;
  for (int bit = 0; bit < range->prefix && inside; ++bit) {
    int mask = 0x80 >> (bit % 8);
    inside = (ip->bytes[bit / 8] & mask) == (range->bytes[bit / 8] & mask);
  }
  sqlite3_result_int(ctx, inside ? 1 : 0);
}

}  // namespace

std::span<const Udf> NetworkUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "parse_ipv4", .args = 1, .scalar = ParseIpv4Function},
      {.name = "ipv4_is_private", .args = 1, .scalar = IsPrivate},
      {.name = "ipv4_is_in_range", .args = 2, .scalar = IsInRange},
      {.name = "ipv6_is_in_range", .args = 2, .scalar = Ipv6IsInRange},
  };
  return kUdfs;
}

}  // namespace quarry::query
