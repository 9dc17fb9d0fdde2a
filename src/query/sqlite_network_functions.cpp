// Kusto's IPv4 functions:
//   kql_parse_ipv4(text)               the address as a number ("a.b.c.d[/bits]", masked); null
//   kql_ipv4_is_private(text)          in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16; null
//   kql_ipv4_is_in_range(ip, range)    ip inside "a.b.c.d/bits" (or equal to "a.b.c.d"); null
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

}  // namespace

std::span<const Udf> NetworkUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "parse_ipv4", .args = 1, .scalar = ParseIpv4Function},
      {.name = "ipv4_is_private", .args = 1, .scalar = IsPrivate},
      {.name = "ipv4_is_in_range", .args = 2, .scalar = IsInRange},
  };
  return kUdfs;
}

}  // namespace quarry::query
