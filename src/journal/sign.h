// Optional Ed25519 signatures of journal entries (OpenSSL): the signer signs each entry's hash,
// so that whoever holds only the public key can tell the entries were written by the key's
// holder, not rewritten and re-chained by someone with write access to the case.
#pragma once

#include <string>

#include "core/status.h"

namespace quarry::journal {

// Writes a new private key to `path` (PEM, mode 0600) and its public key to `path`.pub.
Status GenerateKey(const std::string& path);

// The signature (hex) of `message` with the private key in `key_path`.
Result<std::string> Sign(const std::string& key_path, const std::string& message);

// Whether `signature_hex` is the signature of `message` by the public key in `public_key_path`.
Result<bool> VerifySignature(const std::string& public_key_path, const std::string& message,
                             const std::string& signature_hex);

}  // namespace quarry::journal
