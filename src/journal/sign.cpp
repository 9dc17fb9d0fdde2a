#include "journal/sign.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

namespace quarry::journal {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct ContextFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using File = std::unique_ptr<FILE, FileCloser>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Context = std::unique_ptr<EVP_MD_CTX, ContextFree>;

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

bool Unhex(const std::string& hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

}  // namespace

Status GenerateKey(const std::string& path) {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &raw) <= 0) {
    return Internal("cannot generate an Ed25519 key");
  }
  Key key(raw);
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create " + path + " (it must not exist yet)");
  File priv(::fdopen(fd, "w"));
  if (!priv) {
    ::close(fd);
    return IoError("cannot write " + path);
  }
  if (PEM_write_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return IoError("cannot write " + path);
  }
  File pub(std::fopen((path + ".pub").c_str(), "w"));
  if (!pub || PEM_write_PUBKEY(pub.get(), key.get()) != 1) {
    return IoError("cannot write " + path + ".pub");
  }
  return Status::Ok();
}

Result<std::string> Sign(const std::string& key_path, const std::string& message) {
  File f(std::fopen(key_path.c_str(), "r"));
  if (!f) return IoError("cannot read the signing key " + key_path);
  Key key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidArgument(key_path + " is not an Ed25519 private key (PEM)");
  }
  Context ctx(EVP_MD_CTX_new());
  unsigned char sig[64];
  size_t size = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &size, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return Internal("Ed25519 signing failed");
  }
  return Hex(sig, size);
}

Result<bool> VerifySignature(const std::string& public_key_path, const std::string& message,
                             const std::string& signature_hex) {
  File f(std::fopen(public_key_path.c_str(), "r"));
  if (!f) return IoError("cannot read the public key " + public_key_path);
  Key key(PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidArgument(public_key_path + " is not an Ed25519 public key (PEM)");
  }
  std::vector<unsigned char> sig;
  if (!Unhex(signature_hex, sig) || sig.size() != 64) return false;
  Context ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Internal("Ed25519 verification could not start");
  }
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace quarry::journal
