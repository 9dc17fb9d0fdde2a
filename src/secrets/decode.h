// Secrets hidden one encoding deep: a Kubernetes Secret's base64 `data:`, a Docker config's
// `auth`, a base64 blob in an environment variable. Runs of base64 long enough to hold a
// credential are decoded, and the text they decode to is scanned like any other.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quarry::secrets {

// Spans [begin, end) of TEXT that are runs of base64 (standard or URL alphabet, optional `=`
// padding) at least MIN_LENGTH long and at most 64 KiB.
std::vector<std::pair<size_t, size_t>> Base64Runs(std::string_view text, size_t min_length);

// RUN decoded into OUT when it decodes to text (at least 95% printable ASCII, tabs and line
// breaks): false for binary (hashes, images, compressed data).
bool DecodeToText(std::string_view run, std::string& out);

}  // namespace quarry::secrets
