// Outgoing webhooks: telling other systems (a county 12345 hotline platform, a department's own system) that
// something happened, e.g. "order.dispatched". One call of PostWebhook is one delivery attempt; the caller
// keeps the outbox and retries failures on the WebhookBackoffSeconds schedule, at most kWebhookMaxAttempts
// times.
//
// Transport: plain HTTP/1.1 only. https:// URLs are refused by ParseWebhookUrl ("no TLS yet"); a receiver
// that needs TLS can sit behind a local relay (e.g. nginx or stunnel on the same host forwarding to https).
//
// The request:
//   POST <path> HTTP/1.1
//   Host: <host>[:<port> unless 80]
//   Content-Type: application/json; charset=utf-8
//   Content-Length: <bytes of body>
//   User-Agent: wangge-webhook/1
//   X-Wangge-Event: <event>                  e.g. order.dispatched
//   X-Wangge-Delivery: <delivery_id>         the same on every retry of one delivery: receivers de-duplicate
//   X-Wangge-Timestamp: <unix seconds>       when this attempt was signed
//   X-Wangge-Signature: sha256=<hex>         see WebhookSignature
//   Connection: close
//
// Signature scheme (for receivers): signature = "sha256=" + lowercase hex HMAC-SHA256(key = the shared
// secret, message = "<X-Wangge-Timestamp>.<raw request body bytes>"). A receiver recomputes it over the body
// exactly as received, compares in constant time, and rejects the request when the timestamp is more than 5
// minutes away from its own clock (a replayed old request then fails even with a valid signature).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge::service {

struct WebhookRequest {
  std::string url;          // http://host[:port]/path, checked by ParseWebhookUrl
  std::string secret;       // shared HMAC key
  std::string event;        // e.g. "order.dispatched"; printable ASCII, no CR/LF
  std::string delivery_id;  // unique per delivery, repeated on retries; printable ASCII, no CR/LF
  std::string body;         // JSON
  int64_t timestamp = 0;    // unix seconds, signed into X-Wangge-Signature
};

struct WebhookResult {
  bool delivered = false;  // the receiver answered 2xx
  int http_status = 0;     // 0 when no status line was received
  // "" when delivered, else "timeout", "connection refused", "HTTP 500", "invalid response",
  // "connection closed before response", "invalid url: …", "resolve failed: …", "connection failed: …" …
  std::string error;
  int64_t elapsed_ms = 0;
};

struct ParsedUrl {
  std::string host;  // lowercased; an IPv6 literal without its brackets
  uint16_t port = 80;
  std::string path;  // starts with '/'; includes any query; the fragment is dropped
};

// Checks a webhook URL: at most 2000 bytes; scheme http (case-insensitive) only, https refused with its own
// message; a host name (letters, digits, '-', '.') or IPv4/[IPv6] literal; optional port 1-65535; no
// userinfo ("user:pass@"); a path of printable ASCII (non-ASCII must be percent-encoded), "/" when absent.
// kInvalidArgument (field "url") with a Chinese and an English message otherwise.
Result<ParsedUrl> ParseWebhookUrl(std::string_view url);

// "sha256=" + hex HMAC-SHA256(secret, "<timestamp>.<body>"), the scheme described above.
std::string WebhookSignature(std::string_view secret, int64_t timestamp, std::string_view body);

// Makes one POST and waits for the status line of the answer. `timeout` bounds the whole attempt: name
// resolution, connect, sending and reading (except that a hanging system resolver for a host *name* can hold
// the call until getaddrinfo gives up; IP literals never resolve over the network). Reads at most 64 KiB of
// the answer and nothing after its status line. Never throws; every failure is in the result. delivered is
// true exactly for a 2xx status.
WebhookResult PostWebhook(const WebhookRequest& req, std::chrono::milliseconds timeout);

// Seconds to wait after failed attempt number `attempt` (1 = the first delivery attempt) before the next one:
// 30 s, then four times longer each time (30, 120, 480, 1920, 7680 …), capped at 6 hours (21600).
// Deterministic, no jitter, so a schedule can be shown and tested; attempt < 1 counts as 1.
int64_t WebhookBackoffSeconds(int attempt);

// A delivery is given up after this many failed attempts: with the schedule above the last one is made
// 53430 s (about 14.8 hours) after the first.
constexpr int kWebhookMaxAttempts = 8;

}  // namespace wangge::service
