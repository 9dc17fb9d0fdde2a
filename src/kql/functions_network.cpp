// IP addresses and ranges.
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

// The ranges are values, or one dynamic array of them.
E Ipv4IsInAnyRange(CallLowering& c) {
  std::string ip = c.Str(0);
  if (c.size() == 2 && c.Arg(1).type == Type::kDynamic) {
    return c.Result("EXISTS (SELECT 1 FROM json_each(" + c.Sql(1) + ") WHERE " +
                    c.Udf({ip, "value"}) + ")");
  }
  std::string sql = "(";
  for (size_t i = 1; i < c.size(); ++i) {
    sql += (i > 1 ? " OR " : "") + std::string("coalesce(") + c.Udf({ip, c.Str(i)}) + ", 0)";
  }
  return c.Result(sql + ")");
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "parse_ipv4",
     .signature = "ip: string",
     .result = Returns(Type::kLong),
     .lower = [](CallLowering& c) { return c.Result(c.Udf({c.Str(0)})); },
     .udf = "parse_ipv4",
     .doc = "An IPv4 address (or a range's base) as a number; null when it is not one",
     .example = R"(parse_ipv4("10.0.0.1"))"},
    {.name = "ipv4_is_private",
     .signature = "ip: string",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result(c.Udf({c.Str(0)})); },
     .udf = "ipv4_is_private",
     .doc = "Whether an IPv4 address is in a private range (RFC 1918)",
     .example = R"(ipv4_is_private("192.168.1.20"))"},
    {.name = "ipv4_is_in_range",
     .signature = "ip: string, range: string",
     .result = Returns(Type::kBool),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.Udf({c.Str(0), c.Str(1)}));
         },
     .udf = "ipv4_is_in_range",
     .doc = "Whether an IPv4 address is in a range (an address or CIDR)",
     .example = R"(ipv4_is_in_range("10.0.0.5", "10.0.0.0/24"))"},
    {.name = "ipv4_is_in_any_range",
     .signature = "ip: string, range: any, ...",
     .result = Returns(Type::kBool),
     .lower = Ipv4IsInAnyRange,
     .udf = "ipv4_is_in_range",
     .doc = "Whether an IPv4 address is in any of the ranges (values or one array)",
     .example = R"(ipv4_is_in_any_range("10.0.0.5", "192.168.0.0/16", "10.0.0.0/8"))"},
    {.name = "parse_ipv6",
     .signature = "ip: string",
     .result = Returns(Type::kString),
     .doc = "An IPv4 or IPv6 address in IPv6's canonical form",
     .example = R"(parse_ipv6("::ffff:10.0.0.1"))"},
    {.name = "ipv4_is_match",
     .signature = "ip1: string, ip2: string, [prefix: long]",
     .result = Returns(Type::kBool),
     .doc = "Whether two IPv4 addresses (or ranges) are equal under the prefix",
     .example = R"(ipv4_is_match("10.0.0.5", "10.0.0.9", 24))"},
    {.name = "ipv4_compare",
     .signature = "ip1: string, ip2: string, [prefix: long]",
     .result = Returns(Type::kInt),
     .doc = "-1, 0 or 1 as the first IPv4 address sorts before, with or after the second",
     .example = R"(ipv4_compare("10.0.0.5", "10.0.0.9"))"},
    {.name = "ipv6_is_match",
     .signature = "ip1: string, ip2: string, [prefix: long]",
     .result = Returns(Type::kBool),
     .doc = "Whether two IPv6 addresses (or ranges) are equal under the prefix",
     .example = R"(ipv6_is_match("fe80::1", "fe80::2", 64))"},
    {.name = "ipv6_compare",
     .signature = "ip1: string, ip2: string, [prefix: long]",
     .result = Returns(Type::kInt),
     .doc = "-1, 0 or 1 as the first IPv6 address sorts before, with or after the second",
     .example = R"(ipv6_compare("fe80::1", "fe80::2"))"},
    {.name = "ipv6_is_in_range",
     .signature = "ip: string, range: string",
     .result = Returns(Type::kBool),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.Udf({c.Str(0), c.Str(1)}));
         },
     .udf = "ipv6_is_in_range",
     .doc = "Whether an IPv6 address is in a range (an address or CIDR)",
     .example = R"(ipv6_is_in_range("fe80::1", "fe80::/64"))"},
    {.name = "ipv4_netmask_suffix",
     .signature = "ip: string",
     .result = Returns(Type::kInt),
     .doc = "The prefix length of an IPv4 range (32 for an address)",
     .example = R"(ipv4_netmask_suffix("10.0.0.0/8"))"},
    {.name = "format_ipv4",
     .signature = "ip: any, [prefix: long]",
     .result = Returns(Type::kString),
     .doc = "An IPv4 address (text or number) as text, masked to the prefix",
     .example = "format_ipv4(167772161)"},
    {.name = "format_ipv4_mask",
     .signature = "ip: any, [prefix: long]",
     .result = Returns(Type::kString),
     .doc = "An IPv4 range as CIDR text",
     .example = R"(format_ipv4_mask("10.1.2.3", 16))"},
    {.name = "ipv4_range_to_cidr_list",
     .signature = "start: string, end: string",
     .result = Returns(Type::kDynamic),
     .doc = "The CIDR ranges covering the IPv4 addresses from `start` to `end`",
     .example = R"(ipv4_range_to_cidr_list("10.0.0.0", "10.0.0.255"))"},
    {.name = "has_ipv4",
     .signature = "source: string, ip: string",
     .result = Returns(Type::kBool),
     .doc = "Whether the text holds the IPv4 address as a term",
     .example = R"(has_ipv4("src=10.0.0.5 port=22", "10.0.0.5"))"},
    {.name = "has_ipv4_prefix",
     .signature = "source: string, prefix: string",
     .result = Returns(Type::kBool),
     .doc = "Whether the text holds an IPv4 address starting with the prefix",
     .example = R"(has_ipv4_prefix("src=10.0.0.5", "10.0."))"},
    {.name = "has_any_ipv4",
     .signature = "source: string, ip: any, ...",
     .result = Returns(Type::kBool),
     .doc = "Whether the text holds any of the IPv4 addresses",
     .example = R"(has_any_ipv4("src=10.0.0.5", "10.0.0.5", "10.0.0.6"))"},
    {.name = "has_any_ipv4_prefix",
     .signature = "source: string, prefix: any, ...",
     .result = Returns(Type::kBool),
     .doc = "Whether the text holds an IPv4 address starting with any of the prefixes",
     .example = R"(has_any_ipv4_prefix("src=10.0.0.5", "10.0.", "192.168."))"},
};

}  // namespace

std::span<const FunctionSpec> NetworkFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
