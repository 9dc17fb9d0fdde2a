#include "core/net.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/strings.h"

namespace quarry {

bool IsLoopbackAddress(const std::string& host) {
  if (host == "localhost") return true;
  unsigned char v4[4], v6[16];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return inet_pton(AF_INET6, host.c_str(), v6) == 1 && std::memcmp(v6, kLoopback6, 16) == 0;
}

std::optional<Ipv4Range> ParseIpv4Range(std::string_view text) {
  text = TrimAscii(text);
  Ipv4Range ip;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view bits = text.substr(slash + 1);
    if (!bits.empty() && bits[0] == '-') return std::nullopt;  // from_chars would read -0
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

uint32_t Ipv4Mask(int prefix) {
  return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
}

std::optional<Ipv6Range> ParseIpv6Range(std::string_view text) {
  text = TrimAscii(text);
  Ipv6Range ip;
  std::optional<int> bits;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    int value = 0;
    std::string_view digits = text.substr(slash + 1);
    if (!digits.empty() && digits[0] == '-') return std::nullopt;
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

}  // namespace quarry
