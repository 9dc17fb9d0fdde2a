#include "core/net.h"

#include <arpa/inet.h>

#include <cstring>

namespace quarry {

bool IsLoopbackAddress(const std::string& host) {
  if (host == "localhost") return true;
  unsigned char v4[4], v6[16];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return inet_pton(AF_INET6, host.c_str(), v6) == 1 && std::memcmp(v6, kLoopback6, 16) == 0;
}

}  // namespace quarry
