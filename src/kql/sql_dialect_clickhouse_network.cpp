// Kusto's IP functions in ClickHouse SQL, as the SQLite UDFs of
// src/query/sqlite_network_functions.cpp compute them: text trimmed of ASCII blanks, IPv4 as four
// decimal octets, ranges parsed by core/net (a range must be a literal here). IPv6 text is read by
// 18.16's IPv6StringToNum, which is looser than inet_pton: text that only looks like an address
// may read as one here and as null on SQLite. 18.16 evaluates both branches of if(), so numbers
// are read with the OrZero/OrNull forms.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clickhouse_sql.h"
#include "core/net.h"
#include "kql/sql_dialect_clickhouse_internal.h"

namespace quarry::kql {

bool LiteralText(const std::string& sql, std::string& value) {
  const std::string head = "coalesce(", tail = ", '')";
  if (sql.size() > head.size() + tail.size() && sql.compare(0, head.size(), head) == 0 &&
      sql.compare(sql.size() - tail.size(), tail.size(), tail) == 0) {
    return LiteralValue(sql.substr(head.size(), sql.size() - head.size() - tail.size()), value);
  }
  return LiteralValue(sql, value);
}

namespace {

std::string Trimmed(const std::string& text) {
  return "replaceRegexpAll(ifNull(" + text + ", ''), " +
         ClickHouseString("^[\\t\\n\\r ]+|[\\t\\n\\r ]+$") + ", '')";
}

// The regex of an octet: up to three digits at most 255 (ParseIpv4Range), or as inet_pton reads
// it, without leading zeros (ParseIpv6Range's IPv4 text).
const char* const kOctet = "([0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])";
const char* const kStrictOctet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";

std::string Quad(const char* octet) {
  std::string o(octet);
  return o + "\\." + o + "\\." + o + "\\." + o;
}

// The address part (before any '/') and the prefix length after it (`none` without one; 999
// when it is not a number).
std::string AddressPart(const std::string& t) {
  return "arrayElement(splitByChar('/', " + t + "), 1)";
}
std::string Bits(const std::string& t, int none) {
  return "if(position(" + t + ", '/') > 0, ifNull(toUInt64OrNull(arrayElement(splitByChar('/', " +
         t + "), 2)), 999), " + std::to_string(none) + ")";
}

// a.b.c.d as a UInt64 (the text must already be known to be one).
std::string Ipv4Value(const std::string& address) {
  std::string octets = "splitByChar('.', " + address + ")";
  std::string number;
  for (int i = 1; i <= 4; ++i) {
    number += (i > 1 ? " + " : "") + std::string("toUInt64OrZero(arrayElement(") + octets + ", " +
              std::to_string(i) + ")) * " + std::to_string(uint64_t{1} << (8 * (4 - i)));
  }
  return number;
}

// Whether `ip` reads as an IPv4 address (or range), and whether it is inside a literal IPv4
// range ("a.b.c.d[/bits]"), its own prefix narrowing the comparison as in the SQLite UDF.
struct Ipv4Test {
  std::string valid, inside;
};
std::optional<Ipv4Test> Ipv4InRange(const std::string& ip, const std::string& range_sql) {
  std::string text;
  if (!LiteralText(range_sql, text)) return std::nullopt;
  std::optional<Ipv4Range> range = ParseIpv4Range(text);
  if (!range) return std::nullopt;
  uint64_t network = range->address & Ipv4Mask(range->prefix);
  std::string t = Trimmed(ip);
  std::string bits = Bits(t, 32);
  Ipv4Test out;
  out.valid = "match(" + t + ", " + ClickHouseString("^" + Quad(kOctet) + "(/[0-9]+)?$") +
              ") AND " + bits + " <= 32";
  std::string prefix = "least(" + bits + ", toUInt64(" + std::to_string(range->prefix) + "))";
  std::string mask = "if(" + prefix +
                     " = 0, toUInt64(0), bitAnd(bitShiftLeft(toUInt64(4294967295), toUInt8(32 - " +
                     prefix + ")), toUInt64(4294967295)))";
  out.inside = "bitAnd(" + Ipv4Value(AddressPart(t)) + ", " + mask + ") = bitAnd(toUInt64(" +
               std::to_string(network) + "), " + mask + ")";
  return out;
}

}  // namespace

std::optional<std::string> ClickHouseNetworkFunction(std::string_view name,
                                                     const std::vector<std::string>& args) {
  if (name == "parse_ipv4" && args.size() == 1) {
    std::string t = Trimmed(args[0]);
    std::string bits = Bits(t, 32);
    std::string mask = "if(" + bits +
                       " = 0, toUInt64(0), bitAnd(bitShiftLeft(toUInt64(4294967295), toUInt8(32 - "
                       "least(" +
                       bits + ", toUInt64(32)))), toUInt64(4294967295)))";
    return "if(match(" + t + ", " + ClickHouseString("^" + Quad(kOctet) + "(/[0-9]+)?$") +
           ") AND " + bits + " <= 32, toInt64(bitAnd(" + Ipv4Value(AddressPart(t)) + ", " + mask +
           ")), NULL)";
  }
  if (name == "ipv4_is_private" && args.size() == 1) {
    std::string valid, any;
    for (const char* range : {"'10.0.0.0/8'", "'172.16.0.0/12'", "'192.168.0.0/16'"}) {
      Ipv4Test test = *Ipv4InRange(args[0], range);
      valid = test.valid;
      any += (any.empty() ? "" : " OR ") + test.inside;
    }
    return "if(" + valid + ", " + any + ", NULL)";
  }
  if (name == "ipv4_is_in_range" && args.size() == 2) {
    std::optional<Ipv4Test> test = Ipv4InRange(args[0], args[1]);
    if (!test) NotOnClickHouse("ipv4_is_in_range with a range that is not a literal a.b.c.d/bits");
    return "if(" + test->valid + ", " + test->inside + ", NULL)";
  }
  if (name == "ipv6_is_in_range" && args.size() == 2) {
    std::string text;
    std::optional<Ipv6Range> range;
    if (LiteralText(args[1], text)) range = ParseIpv6Range(text);
    if (!range) NotOnClickHouse("ipv6_is_in_range with a range that is not a literal address");
    std::string t = Trimmed(args[0]);
    std::string address = AddressPart(t);
    // IPv4 text as its IPv4-mapped address; IPv6 text as 18.16 reads it, which gives zeros for
    // junk: only the forms of the zero address may read as zeros. As hex digits: a FixedString
    // made String loses its trailing zero bytes.
    std::string v4 =
        "match(" + address + ", " + ClickHouseString("^" + Quad(kStrictOctet) + "$") + ")";
    std::string hex_bytes = "hex(if(" + v4 + ", IPv4ToIPv6(toUInt32(" + Ipv4Value(address) +
                            ")), IPv6StringToNum(" + address + ")))";
    std::string valid = "(match(" + t + ", '^[^/]*(/[0-9]+)?$') AND (" + v4 + " AND " +
                        Bits(t, 32) + " <= 32 OR NOT " + v4 + " AND " + Bits(t, 128) +
                        " <= 128 AND match(" + address +
                        ", '^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$') AND (" + hex_bytes + " != '" +
                        std::string(32, '0') + "' OR match(" + address + ", '^[0:]+$'))))";
    // The range's first `prefix` bits: whole bytes compared as hex digits, the rest under a mask.
    int whole = range->prefix / 8, rest = range->prefix % 8;
    std::string hex;
    static const char kHex[] = "0123456789ABCDEF";
    for (int i = 0; i < whole; ++i) {
      hex += kHex[range->bytes[i] >> 4];
      hex += kHex[range->bytes[i] & 15];
    }
    std::string inside = whole == 0 ? "1"
                                    : "substring(" + hex_bytes + ", 1, " +
                                          std::to_string(2 * whole) + ") = '" + hex + "'";
    if (rest > 0) {
      int mask = (0xFF << (8 - rest)) & 0xFF;
      inside += " AND bitAnd(reinterpretAsUInt8(unhex(substring(" + hex_bytes + ", " +
                std::to_string(2 * whole + 1) + ", 2))), " + std::to_string(mask) +
                ") = " + std::to_string(range->bytes[whole] & mask);
    }
    return "if(" + valid + ", " + inside + ", NULL)";
  }
  return std::nullopt;
}

}  // namespace quarry::kql
