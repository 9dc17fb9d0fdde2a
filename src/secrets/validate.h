// Offline checks that a candidate secret has the structure its format promises: checksums the
// token carries, decodable parts, a key id's alphabet. A failed check drops the candidate.
#pragma once

#include <string_view>

#include "secrets/rule.h"

namespace quarry::secrets {

// Whether SECRET passes validator V (always true for kNone).
bool Validate(Validator v, std::string_view secret);

// Whether SECRET, found by any rule, is in a format that carries a checksum (GitHub's ghp_,
// gho_, ghu_, ghs_, ghr_ and npm's npm_ tokens) and fails it: a mistyped or made-up token,
// not a credential, whichever rule found it (a URL's password, a bearer header).
bool FailsOwnChecksum(std::string_view secret);

// Shannon entropy of S in bits per character.
double ShannonEntropy(std::string_view s);

}  // namespace quarry::secrets
