#include "secrets/validate.h"

#include <simdjson.h>
#include <zlib.h>

#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace quarry::secrets {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// GitHub's token formats (and npm's) end in 6 base62 characters holding the CRC32 of the 30
// characters before them.
bool GithubChecksum(std::string_view secret) {
  size_t underscore = secret.find('_');
  std::string_view body =
      underscore == std::string_view::npos ? secret : secret.substr(underscore + 1);
  if (body.size() < 7) return false;
  std::string_view payload = body.substr(0, body.size() - 6);
  uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size()));
  std::array<char, 6> digits{};
  for (size_t i = 6; i-- > 0;) {
    digits[i] = kBase62[crc % 62];
    crc /= 62;
  }
  return crc == 0 && std::string_view(digits.data(), 6) == body.substr(body.size() - 6);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

bool Base64UrlDecode(std::string_view in, std::string& out) {
  uint32_t bits = 0;
  int held = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = Base64Value(c);
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    held += 6;
    if (held >= 8) {
      held -= 8;
      out.push_back(static_cast<char>((bits >> held) & 0xff));
    }
  }
  return true;
}

// A JSON object, parsed; HAS_ALG: it must have an "alg" member.
bool JsonObject(const std::string& text, bool has_alg) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) return false;
  simdjson::dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) return false;
  if (!has_alg) return true;
  simdjson::dom::element alg;
  return object["alg"].get(alg) == simdjson::SUCCESS;
}

bool Jwt(std::string_view secret) {
  size_t first = secret.find('.');
  if (first == std::string_view::npos) return false;
  size_t second = secret.find('.', first + 1);
  if (second == std::string_view::npos || secret.find('.', second + 1) != std::string_view::npos) {
    return false;
  }
  std::string header, payload;
  return Base64UrlDecode(secret.substr(0, first), header) &&
         Base64UrlDecode(secret.substr(first + 1, second - first - 1), payload) &&
         JsonObject(header, true) && JsonObject(payload, false);
}

// A BEGIN line and base64 (or headers) after it; when the END line is present, it names the
// same kind of key.
bool PemPrivateKey(std::string_view secret) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  if (secret.substr(0, kBegin.size()) != kBegin) return false;
  size_t label_end = secret.find("-----", kBegin.size());
  if (label_end == std::string_view::npos) return false;
  std::string_view label = secret.substr(kBegin.size(), label_end - kBegin.size());
  if (label.find("PRIVATE KEY") == std::string_view::npos) return false;
  std::string_view body = secret.substr(label_end + 5);
  size_t end = body.find("-----END ");
  if (end != std::string_view::npos) {
    std::string_view closing = body.substr(end + 9);
    if (closing.substr(0, label.size()) != label) return false;
    body = body.substr(0, end);
  }
  size_t base64 = 0;
  for (char c : body) {
    if (Base64Value(c) >= 0 || c == '=') {
      ++base64;
    } else if (c != '\n' && c != '\r' && c != ' ' && c != '\\' && c != ':' && c != ',') {
      return false;
    }
  }
  return base64 > 0 || end == std::string_view::npos;
}

bool AwsAccessKeyId(std::string_view secret) {
  // Access key ids only: AIDA, AROA and the other unique-id prefixes name principals.
  static constexpr std::array<std::string_view, 4> kPrefixes = {"AKIA", "ASIA", "ABIA", "ACCA"};
  if (secret.size() != 20) return false;
  bool known = false;
  for (auto p : kPrefixes) known = known || secret.substr(0, 4) == p;
  if (!known) return false;
  for (char c : secret.substr(4)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

}  // namespace

bool FailsOwnChecksum(std::string_view secret) {
  static constexpr std::array<std::string_view, 6> kChecksummed = {"ghp_", "gho_", "ghu_",
                                                                   "ghs_", "ghr_", "npm_"};
  if (secret.size() != 40) return false;
  bool known = false;
  for (auto p : kChecksummed) known = known || secret.substr(0, 4) == p;
  if (!known) return false;
  for (char c : secret.substr(4)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return !GithubChecksum(secret);
}

const char* ValidatorName(Validator v) {
  switch (v) {
    case Validator::kNone:
      return "";
    case Validator::kGithubCrc32:
      return "github-crc32";
    case Validator::kJwt:
      return "jwt";
    case Validator::kPemPrivateKey:
      return "pem-private-key";
    case Validator::kAwsAccessKeyId:
      return "aws-access-key-id";
  }
  return "";
}

bool ParseValidator(const std::string& name, Validator& out) {
  for (Validator v : {Validator::kGithubCrc32, Validator::kJwt, Validator::kPemPrivateKey,
                      Validator::kAwsAccessKeyId}) {
    if (name == ValidatorName(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

bool Validate(Validator v, std::string_view secret) {
  switch (v) {
    case Validator::kNone:
      return true;
    case Validator::kGithubCrc32:
      return GithubChecksum(secret);
    case Validator::kJwt:
      return Jwt(secret);
    case Validator::kPemPrivateKey:
      return PemPrivateKey(secret);
    case Validator::kAwsAccessKeyId:
      return AwsAccessKeyId(secret);
  }
  return true;
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const auto n = static_cast<double>(s.size());
  for (uint32_t c : counts) {
    if (c == 0) continue;
    double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

}  // namespace quarry::secrets
