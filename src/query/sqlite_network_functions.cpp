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

#include "core/net.h"
#include "core/strings.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

bool InRange(const Ipv4Range& ip, const Ipv4Range& range) {
  int prefix = std::min(ip.prefix, range.prefix);
  return (ip.address & Ipv4Mask(prefix)) == (range.address & Ipv4Mask(prefix));
}

void ParseIpv4Function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4Range(Text(argv[0]));
  if (!ip) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_int64(ctx, ip->address & Ipv4Mask(ip->prefix));
}

void IsPrivate(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4Range(Text(argv[0]));
  if (!ip) {
    sqlite3_result_null(ctx);
    return;
  }
  static const Ipv4Range kPrivate[] = {{0x0A000000, 8}, {0xAC100000, 12}, {0xC0A80000, 16}};
  bool any = false;
  for (const Ipv4Range& range : kPrivate) any = any || InRange(*ip, range);
  sqlite3_result_int(ctx, any ? 1 : 0);
}

void IsInRange(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv4Range(Text(argv[0]));
  auto range = ParseIpv4Range(Text(argv[1]));
  if (!ip || !range) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_int(ctx, InRange(*ip, *range) ? 1 : 0);
}

void Ipv6IsInRange(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto ip = ParseIpv6Range(Text(argv[0]));
  auto range = ParseIpv6Range(Text(argv[1]));
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
