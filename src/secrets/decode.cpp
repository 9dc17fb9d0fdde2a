#include "secrets/decode.h"

#include <array>

namespace quarry::secrets {
namespace {

// 0..63 for both alphabets, 64 for '=', 255 for anything else.
constexpr std::array<uint8_t, 256> MakeTable() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = 255;
  for (size_t i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<uint8_t>(i);
    t['a' + i] = static_cast<uint8_t>(26 + i);
  }
  for (size_t i = 0; i < 10; ++i) t['0' + i] = static_cast<uint8_t>(52 + i);
  t['+'] = t['-'] = 62;
  t['/'] = t['_'] = 63;
  t['='] = 64;
  return t;
}
constexpr std::array<uint8_t, 256> kTable = MakeTable();
constexpr size_t kMaxRun = size_t{64} * 1024;

}  // namespace

std::vector<std::pair<size_t, size_t>> Base64Runs(std::string_view text, size_t min_length) {
  std::vector<std::pair<size_t, size_t>> runs;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  if (min_length == 0) min_length = 1;
  // A run of at least MIN_LENGTH that starts at or after I covers I + MIN_LENGTH - 1: when that
  // byte is not base64, no such run starts before it, and most of ordinary text is skipped
  // without being read.
  size_t i = 0;
  while (i + min_length <= n) {
    size_t probe = i + min_length - 1;
    if (kTable[p[probe]] >= 64) {
      i = probe + 1;
      continue;
    }
    size_t begin = probe;
    while (begin > i && kTable[p[begin - 1]] < 64) --begin;
    size_t end = probe + 1;
    while (end < n && kTable[p[end]] < 64) ++end;
    // '=' is padding only when it completes a quartet; otherwise it is the `=` of an
    // assignment and the value after it is a run of its own.
    size_t run_end = end;
    size_t pad = 0;
    while (end + pad < n && p[end + pad] == '=' && pad < 2) ++pad;
    if (pad > 0 && (end - begin + pad) % 4 == 0) run_end = end + pad;
    if (end - begin >= min_length && run_end - begin <= kMaxRun) runs.emplace_back(begin, run_end);
    i = run_end;
  }
  return runs;
}

bool DecodeToText(std::string_view run, std::string& out) {
  out.clear();
  // Hex digits only (hashes, ids) decode to bytes, never to text.
  bool hex = true;
  for (char c : run.substr(0, 64)) {
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  }
  if (hex) return false;
  out.reserve(run.size() * 3 / 4);
  uint32_t bits = 0;
  int held = 0;
  for (char c : run) {
    uint8_t v = kTable[static_cast<unsigned char>(c)];
    if (v == 64) break;
    if (v > 64) return false;
    bits = (bits << 6) | v;
    held += 6;
    if (held >= 8) {
      held -= 8;
      auto byte = static_cast<unsigned char>((bits >> held) & 0xff);
      // Binary shows in its first bytes: stop there rather than decode all of it.
      if (out.size() < 12 && byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
        return false;
      }
      out.push_back(static_cast<char>(byte));
    }
  }
  size_t printable = 0;
  for (unsigned char c : out) {
    printable += (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
  }
  return !out.empty() && printable * 100 >= out.size() * 95;
}

}  // namespace quarry::secrets
