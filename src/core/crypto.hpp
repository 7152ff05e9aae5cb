// libsodium wrappers: field encryption at rest (secretbox), blind indexes (keyed BLAKE2b), argon2id password
// hashes, random tokens and SHA-256. Call InitCrypto() once before anything else (idempotent).
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge {

// Initialises libsodium. Throws std::runtime_error if the library cannot start (a start-up failure).
void InitCrypto();

// The master key is 32 random bytes kept in a key file outside the database (created by `wangge init`).
// Two sub-keys are derived from it: one encrypts fields, one computes blind indexes, so an index value
// reveals nothing about the encryption key and vice versa.
class FieldCipher {
 public:
  static constexpr size_t kKeyBytes = 32;
  // kInvalidArgument if `master_key` is not exactly 32 bytes.
  static Result<FieldCipher> FromMasterKey(std::string_view master_key);
  static std::string GenerateMasterKey();

  // Ciphertext = version byte 0x01 | 24-byte random nonce | secretbox(plaintext). Never empty for any input.
  std::string Encrypt(std::string_view plaintext) const;
  // kInvalidArgument if the blob is too short, of an unknown version, or fails authentication.
  Result<std::string> Decrypt(std::string_view blob) const;
  // Deterministic keyed hash (16 bytes) of a normalised value, to find a record by citizen ID or phone
  // without decrypting every row. `domain` separates fields ("cid", "phone").
  std::string BlindIndex(std::string_view domain, std::string_view value) const;
  // Hex of a keyed hash of a constant: tells which key a database was sealed with, reveals nothing about it.
  std::string Fingerprint() const;

 private:
  FieldCipher() = default;
  std::string enc_key_;
  std::string idx_key_;
};

// argon2id (libsodium crypto_pwhash_str, INTERACTIVE limits: 2 passes, 64 MiB). Takes ~50-100 ms on purpose.
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// A password policy: 8-128 bytes, at least one letter and one digit.
Status CheckPasswordStrength(std::string_view password);
// A readable random password for generated accounts (demo, user add): 14 chars from an unambiguous alphabet.
std::string GeneratePassword();

// n random bytes, URL-safe base64 without padding (session tokens).
std::string RandomToken(size_t n_bytes = 32);
std::string Sha256Hex(std::string_view data);
// `n_bytes` random bytes as upper-case hex (an order's tracking key: 5 bytes, 10 characters read out over a
// phone).
std::string RandomHexUpper(size_t n_bytes);
// Equal contents, in time that does not depend on where they differ (secrets compared with a caller's guess).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
std::string ToHex(std::string_view bytes);
// HMAC-SHA256, hex (for webhook signatures and tests).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace wangge
