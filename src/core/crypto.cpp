#include "core/crypto.hpp"

#include <sodium.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace wangge {
namespace {
constexpr unsigned char kCipherVersion = 0x01;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'w', 'a', 'n', 'g', 'g', 'e', 'f', 'k'};

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
}  // namespace

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Result<FieldCipher> FieldCipher::FromMasterKey(std::string_view master_key) {
  if (master_key.size() != kKeyBytes)
    return InvalidArgument("密钥文件长度错误", "key file must hold exactly 32 bytes", "key");
  static_assert(crypto_secretbox_KEYBYTES == 32 && crypto_kdf_KEYBYTES == 32);
  FieldCipher c;
  c.enc_key_.resize(crypto_secretbox_KEYBYTES);
  c.idx_key_.resize(crypto_generichash_KEYBYTES);
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(c.enc_key_.data()), c.enc_key_.size(), 1,
                             kKdfContext, U(master_key));
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(c.idx_key_.data()), c.idx_key_.size(), 2,
                             kKdfContext, U(master_key));
  return c;
}

std::string FieldCipher::GenerateMasterKey() {
  std::string key(kKeyBytes, '\0');
  crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  return key;
}

namespace {
// Random nonces from a per-thread buffer refilled from the system CSPRNG, so a bulk import does not make one
// getrandom() system call per encrypted field.
void RandomNonce(unsigned char* out) {
  thread_local unsigned char buf[crypto_secretbox_NONCEBYTES * 256];
  thread_local size_t used = sizeof buf;
  if (used + crypto_secretbox_NONCEBYTES > sizeof buf) {
    randombytes_buf(buf, sizeof buf);
    used = 0;
  }
  std::memcpy(out, buf + used, crypto_secretbox_NONCEBYTES);
  sodium_memzero(buf + used, crypto_secretbox_NONCEBYTES);
  used += crypto_secretbox_NONCEBYTES;
}
}  // namespace

std::string FieldCipher::Encrypt(std::string_view plaintext) const {
  std::string out(1 + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kCipherVersion;
  RandomNonce(p + 1);
  crypto_secretbox_easy(p + 1 + crypto_secretbox_NONCEBYTES, U(plaintext), plaintext.size(), p + 1,
                        U(enc_key_));
  return out;
}

Result<std::string> FieldCipher::Decrypt(std::string_view blob) const {
  constexpr size_t kOverhead = 1 + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (blob.size() < kOverhead || static_cast<unsigned char>(blob[0]) != kCipherVersion)
    return InvalidArgument("加密数据格式错误", "encrypted field has an unknown format");
  std::string out(blob.size() - kOverhead, '\0');
  const auto* p = U(blob);
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 p + 1 + crypto_secretbox_NONCEBYTES,
                                 blob.size() - 1 - crypto_secretbox_NONCEBYTES, p + 1, U(enc_key_)) != 0)
    return InvalidArgument("加密数据无法解密（密钥不符或数据被篡改）",
                           "encrypted field failed authentication (wrong key or altered data)");
  return out;
}

std::string FieldCipher::BlindIndex(std::string_view domain, std::string_view value) const {
  std::string out(16, '\0');
  crypto_generichash_state st;
  crypto_generichash_init(&st, U(idx_key_), idx_key_.size(), out.size());
  crypto_generichash_update(&st, U(domain), domain.size());
  const unsigned char sep = 0;
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, U(value), value.size());
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::string FieldCipher::Fingerprint() const { return ToHex(BlindIndex("key-fingerprint", "wangge")); }

std::string HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  std::string h(hash);  // must be NUL-terminated
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 8 || password.size() > 128)
    return InvalidArgument("密码长度须为 8 到 128 个字符", "password must be 8 to 128 characters",
                           "password");
  bool letter = false, digit = false;
  for (char c : password) {
    letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    digit = digit || (c >= '0' && c <= '9');
  }
  if (!letter || !digit)
    return InvalidArgument("密码须同时包含字母和数字", "password must contain letters and digits",
                           "password");
  return Status::Ok();
}

std::string GeneratePassword() {
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  while (true) {
    out.clear();
    for (int i = 0; i < 14; ++i) out += kAlphabet[randombytes_uniform(kAlphabet.size())];
    if (CheckPasswordStrength(out).ok()) return out;
  }
}

std::string RandomToken(size_t n_bytes) {
  std::string raw(n_bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(n_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), U(raw), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string RandomHexUpper(size_t n_bytes) {
  std::string raw(n_bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex = ToHex(raw);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), U(bytes), bytes.size());
  out.pop_back();
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, U(data), data.size());
  return ToHex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char h[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, U(key), key.size());
  crypto_auth_hmacsha256_update(&st, U(data), data.size());
  crypto_auth_hmacsha256_final(&st, h);
  return ToHex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

}  // namespace wangge
