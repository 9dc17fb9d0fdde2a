// Facts about network addresses that decide what may leave this machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

// True for "localhost", 127.0.0.0/8 and ::1 (addresses as text, not resolved).
bool IsLoopbackAddress(const std::string& host);

// IP addresses and ranges as Kusto's functions read them (ASCII blanks trimmed), shared by the
// SQLite functions and the ClickHouse dialect.
struct Ipv4Range {
  uint32_t address = 0;
  int prefix = 32;
};
// "a.b.c.d" or "a.b.c.d/bits": four decimal octets of up to three digits, each at most 255;
// bits 0-32.
std::optional<Ipv4Range> ParseIpv4Range(std::string_view text);
// The mask of a prefix length (0-32).
uint32_t Ipv4Mask(int prefix);

struct Ipv6Range {
  unsigned char bytes[16] = {};
  int prefix = 128;
};
// An IPv6 address or range as inet_pton reads it; IPv4 text (inet_pton's: no leading zeros) as
// its IPv4-mapped address ::ffff:a.b.c.d, prefix 96 + bits.
std::optional<Ipv6Range> ParseIpv6Range(std::string_view text);

}  // namespace quarry
