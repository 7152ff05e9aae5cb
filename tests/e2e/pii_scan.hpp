// Personal-data scan of every HTTP response the end-to-end tests receive (issue 5, "Personal data").
//
// Server::Call hands each request/response pair to Scanner::Observe, so every existing and future e2e test
// is covered without changes to the tests. The scanner knows the caller from the bearer token (or the
// wangge_session cookie): it learns token -> {username, role, scope} from every successful login answer
// and every GET /api/v1/me answer, which covers the demo accounts the fixture logs in, accounts the tests
// create, and API keys once they have been used on /me. A token it never learned is an unknown caller, and
// an unknown (or anonymous) caller may see nothing in clear.
//
// What counts as clear personal data (FindClear):
//   - a citizen ID: a run of 18 characters (17 ASCII digits and a digit or X/x) that ParseCitizenId accepts
//     (check character, a real birth date from 1800 up to today, address code not starting with 0);
//   - a legacy 15-digit ID (the product accepts and upgrades them): a 15-digit run that ParseCitizenId
//     accepts and that (a) was sent in a citizen-ID field (JSON key, import column) of an earlier request
//     of this process (the scanner remembers them), or (b) stands in a JSON field or CSV column that holds
//     citizen IDs. Free-standing 15-digit runs are not flagged otherwise: grid codes (530326 101 001 001) are
//     15 digits with a "plausible" old-ID date and appear everywhere;
//   - a 残疾人证号: 20 characters, a citizen ID as above followed by the category (1-7) and grade (1-4)
//     digits (ParseDisabilityCert); it counts as a citizen ID;
//   - a mobile number: exactly 11 digits, 1 then 3-9.
//   A run counts only as a whole: not preceded or followed by an ASCII letter or digit (hex hashes, base64
//   tokens, tracking numbers "WG2026…" are not personal data) and not part of a decimal number ("103.138…").
//   The forms people type count too (ReadAsDigits): full-width digits (NFKC-equivalent to ASCII) and digits
//   grouped with spaces or dashes ("5303 2619 9001 0112 33", "139-1234-5678").
//
// What may be seen in clear (Allowed), from src/core/roles.cpp, docs/architecture.md and the services:
//   1. POST /api/v1/people/{id}/unmask answering 200, to a role with kPersonUnmask (the server checks the
//      jurisdiction and writes the audit row first);
//   2. GET /api/v1/export/people with a non-empty `purpose`, answering 200, to a role with kPersonUnmask
//      (audited as person.export_unmasked); without a purpose an export is masked like any list;
//   3. an order's `reporter_phone` (the caller's call-back number) when the role SeesReporterContact
//      (command centres, 12345, admin) and the order's place_code lies within the caller's scope;
//   5. POST /api/v1/disputes/{id}/unmask answering 200 (a dispute case's parties), to a role with
//      sensitive.read or dispute.mediate (the service checks the scope or that the caller mediates the case,
//      the purpose, and writes the audit row first);
//   6. POST /api/v1/petitions/{id}/unmask answering 200 (a petition's petitioners), to a role with
//      petition.register (the service checks the scope and the purpose, and writes the audit row first);
//   7. a service order's or wish's `reporter_phone` (the person served) to a role with service.manage whose
//      scope covers its place, and to the provider serving it while it is open (handler_user_id);
//   4. the fictitious example row of the import template (GET /api/v1/import/people/template), the same
//      published values for everyone, and the example number in the phone validator's error message
//      ("如 13812345678") in 4xx answers.
//   Everything else is a violation: people lists and details (masked), care-group fields, orders for other
//   roles, public tracking, the board and Open311, problem messages, audit rows, CSV and .xlsx exports
//   without a purpose, XML, /metrics.
//
// Bodies: JSON is walked value by value (the key path is the context); .xlsx answers are decoded with the
// product's sheet reader and every cell scanned (a file that does not decode is a violation: an export the
// scan cannot read is not proven clean); images, PDF and other binary bodies (a NUL byte) are counted but
// not scanned; every other body (CSV, XML, text) is scanned as text, CSV cell by cell.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/roles.hpp"
#include "http_client.hpp"
#include "sheet/sheet.hpp"

namespace wangge::e2e::pii {

using nlohmann::json;

// Who made a request, as far as the scanner knows.
struct Caller {
  bool known = false;  // false: anonymous, or a token the scanner never saw issued
  std::string username;
  std::string role;   // roles.hpp name, e.g. "grid_worker"
  std::string scope;  // jurisdiction code ("" = everything, for system_admin)
  int64_t user_id = 0;

  std::string Describe() const {
    if (!known) return "unknown caller (strictest rule)";
    return username + " (" + role + (scope.empty() ? "" : ", " + scope) + ")";
  }
};

enum class Kind { kCitizenId, kCitizenId15, kMobile };

inline const char* KindName(Kind k) {
  switch (k) {
    case Kind::kCitizenId:
      return "citizen ID";
    case Kind::kCitizenId15:
      return "15-digit citizen ID";
    case Kind::kMobile:
      return "mobile number";
  }
  return "?";
}

struct Match {
  Kind kind;
  size_t pos = 0;  // byte offset in the scanned text
  std::string value;
  size_t raw_len =
      0;  // bytes of the text it was written in (more than value.size() for spaced or full-width forms)
};

inline bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Masks a found value for messages: IDs as 530326********123X, phones as 138****5678.
inline std::string MaskValue(const Match& m) {
  return m.kind == Kind::kMobile ? MaskPhone(m.value)
                                 : m.value.substr(0, 6) + std::string(m.value.size() - 10, '*') +
                                       m.value.substr(m.value.size() - 4);
}

// Every clear citizen ID and mobile number in `text`, written plainly. `old_ids`: 15-digit IDs to flag
// wherever they stand; `id_context`: the text is a citizen-ID field, so any valid 15-digit ID in it counts.
inline std::vector<Match> FindClearPlain(std::string_view text,
                                         const std::set<std::string>* old_ids = nullptr,
                                         bool id_context = false) {
  std::vector<Match> out;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && IsDigit(text[j])) ++j;
    size_t end = j;
    if (end - i == 17 && end < n && (text[end] == 'X' || text[end] == 'x')) {  // ID with check char X
      ++end;
      // … and a 残疾人证号 ending in X + category + grade digits
      if (end + 2 <= n && IsDigit(text[end]) && IsDigit(text[end + 1]) &&
          (end + 2 == n || !IsDigit(text[end + 2])))
        end += 2;
    }
    const size_t len = end - i;
    const bool bounded_before =
        i == 0 || (!IsAsciiAlnum(text[i - 1]) && !(text[i - 1] == '.' && i >= 2 && IsDigit(text[i - 2])));
    const bool bounded_after = end == n || (!IsAsciiAlnum(text[end]) &&
                                            !(text[end] == '.' && end + 1 < n && IsDigit(text[end + 1])));
    if (bounded_before && bounded_after) {
      std::string_view run = text.substr(i, len);
      if (len == 18) {
        if (ParseCitizenId(run).ok()) out.push_back({Kind::kCitizenId, i, std::string(run)});
      } else if (len == 20) {  // a 残疾人证号 holds its holder's citizen ID: the same rules
        if (ParseDisabilityCert(run).ok()) out.push_back({Kind::kCitizenId, i, std::string(run)});
      } else if (len == 15) {
        const bool known_old = old_ids != nullptr && old_ids->count(std::string(run)) > 0;
        if ((known_old || id_context) && ParseCitizenId(run).ok())
          out.push_back({Kind::kCitizenId15, i, std::string(run)});
      } else if (len == 11 && run[0] == '1' && run[1] >= '3' && run[1] <= '9') {
        out.push_back({Kind::kMobile, i, std::string(run)});
      }
    }
    i = end;
  }
  for (Match& m : out) m.raw_len = m.value.size();
  return out;
}

// `text` as a reader sees it (written here independently of the product's scanner, as this file is the tests'
// oracle): full-width digits and X (U+FF10-FF19, U+FF38/U+FF58) folded to ASCII as NFKC does, and a single
// separator between two digits — space, U+3000, no-break space, '-', U+FF0D, U+2010-2015 — dropped, so
// "5303 2619 9001 0112 33" and "１３９１２３４５６７８" read as the numbers they are. `origin[k]` is the byte
// of `text` the k-th output byte came from (origin.back() = text.size()).
inline std::string ReadAsDigits(std::string_view text, std::vector<size_t>* origin) {
  std::string out;
  origin->clear();
  auto digit_at = [&](size_t k, char* d, size_t* len) {  // an ASCII or full-width digit/X at byte k
    const auto u = [&](size_t x) { return static_cast<unsigned char>(text[x]); };
    if (k < text.size() && IsDigit(text[k])) {
      *d = text[k];
      *len = 1;
      return true;
    }
    if (k + 2 < text.size() && u(k) == 0xEF && u(k + 1) == 0xBC && u(k + 2) >= 0x90 && u(k + 2) <= 0x99) {
      *d = static_cast<char>('0' + (u(k + 2) - 0x90));
      *len = 3;
      return true;
    }
    if (k + 2 < text.size() && u(k) == 0xEF &&
        ((u(k + 1) == 0xBC && u(k + 2) == 0xB8) || (u(k + 1) == 0xBD && u(k + 2) == 0x98))) {
      *d = 'X';
      *len = 3;
      return true;
    }
    return false;
  };
  auto separator_at = [&](size_t k) -> size_t {  // its length in bytes, 0 when none
    const auto u = [&](size_t x) { return static_cast<unsigned char>(text[x]); };
    if (k >= text.size()) return 0;
    if (text[k] == ' ' || text[k] == '-') return 1;
    if (k + 1 < text.size() && u(k) == 0xC2 && u(k + 1) == 0xA0) return 2;
    if (k + 2 < text.size() && u(k) == 0xE3 && u(k + 1) == 0x80 && u(k + 2) == 0x80) return 3;
    if (k + 2 < text.size() && u(k) == 0xEF && u(k + 1) == 0xBC && u(k + 2) == 0x8D) return 3;
    if (k + 2 < text.size() && u(k) == 0xE2 && u(k + 1) == 0x80 && u(k + 2) >= 0x90 && u(k + 2) <= 0x95)
      return 3;
    return 0;
  };
  size_t k = 0;
  while (k < text.size()) {
    char d = 0;
    size_t len = 0;
    if (digit_at(k, &d, &len)) {
      out.push_back(d);
      origin->push_back(k);
      k += len;
      char d2 = 0;
      size_t len2 = 0;
      if (const size_t sep = separator_at(k); sep != 0 && d != 'X' && digit_at(k + sep, &d2, &len2)) k += sep;
      continue;
    }
    out.push_back(text[k]);
    origin->push_back(k);
    ++k;
  }
  origin->push_back(text.size());
  return out;
}

// Every clear citizen ID and mobile number in `text`, written plainly or in the forms people type
// (ReadAsDigits).
inline std::vector<Match> FindClear(std::string_view text, const std::set<std::string>* old_ids = nullptr,
                                    bool id_context = false) {
  std::vector<Match> out = FindClearPlain(text, old_ids, id_context);
  std::vector<size_t> origin;
  const std::string read = ReadAsDigits(text, &origin);
  if (read == text) return out;
  std::set<size_t> seen;
  for (const Match& m : out) seen.insert(m.pos);
  for (Match m : FindClearPlain(read, old_ids, id_context)) {
    const size_t begin = origin[m.pos], end = origin[m.pos + m.value.size()];
    if (seen.count(begin)) continue;
    m.pos = begin;
    m.raw_len = end - begin;
    out.push_back(std::move(m));
  }
  return out;
}

// `text` around a match, the match masked and any other long digit run in the window starred, so the
// failure message itself leaks nothing.
inline std::string Snippet(std::string_view text, const Match& m) {
  const size_t radius = 24;
  size_t b = m.pos > radius ? m.pos - radius : 0;
  const size_t raw_len = m.raw_len != 0 ? m.raw_len : m.value.size();
  size_t e = std::min(text.size(), m.pos + raw_len + radius);
  while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;  // whole UTF-8 characters
  while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  std::string before(text.substr(b, m.pos - b)), after(text.substr(m.pos + raw_len, e - m.pos - raw_len));
  auto star_runs = [](std::string s) {
    size_t k = 0;
    while (k < s.size()) {
      if (!IsDigit(s[k])) {
        ++k;
        continue;
      }
      size_t l = k;
      while (l < s.size() && IsDigit(s[l])) ++l;
      if (l - k >= 7)
        for (size_t x = k + 2; x < l - 2; ++x) s[x] = '*';
      k = l;
    }
    return s;
  };
  std::string s = star_runs(before) + "[" + MaskValue(m) + "]" + star_runs(after);
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

struct Violation {
  std::string method, path, caller, where, kind, snippet;
  std::string Describe() const {
    return "personal data in clear: " + method + " " + path + " as " + caller + ": " + kind + " at " + where +
           ": …" + snippet + "…";
  }
};

struct Totals {
  int64_t responses = 0, bytes = 0;
  int64_t json = 0, text = 0, xlsx = 0, binary_skipped = 0, binary_bytes = 0;
  int64_t allowed = 0;  // clear values the caller may see (unmask, purposeful export, reporter contact)
  int64_t violations = 0;
  int64_t unknown_callers = 0;  // responses to anonymous or unknown tokens (scanned with the strictest rule)
};

// One request and its answer, as the scanner sees them.
struct Exchange {
  std::string method, target, token, request_body;
  const Response* response = nullptr;
};

class Scanner {
 public:
  static Scanner& Get() {
    static Scanner s;
    return s;
  }

  // The token from an Authorization: Bearer header, else from a wangge_session cookie.
  static std::string TokenOf(const Headers& headers) {
    std::string cookie_token;
    for (const auto& [k, v] : headers) {
      const std::string name = Lower(k);
      if (name == "authorization" && v.rfind("Bearer ", 0) == 0) return v.substr(7);
      if (name == "cookie") {
        const std::string key = "wangge_session=";
        size_t p = v.find(key);
        while (p != std::string::npos && p > 0 && v[p - 1] != ' ' && v[p - 1] != ';') p = v.find(key, p + 1);
        if (p != std::string::npos) {
          size_t e = v.find(';', p);
          cookie_token =
              v.substr(p + key.size(), e == std::string::npos ? std::string::npos : e - p - key.size());
        }
      }
    }
    return cookie_token;
  }

  void Learn(const std::string& token, Caller c) {
    if (token.empty()) return;
    c.known = true;
    std::lock_guard lk(mu_);
    callers_[token] = std::move(c);
  }

  Caller CallerOf(const std::string& token) const {
    std::lock_guard lk(mu_);
    auto it = callers_.find(token);
    return it == callers_.end() ? Caller{} : it->second;
  }

  // Checks one answer for `caller`; pure apart from reading the remembered 15-digit IDs.
  std::vector<Violation> Check(const Caller& caller, const std::string& method, const std::string& target,
                               const Response& r, Totals* totals = nullptr) const {
    std::set<std::string> old_ids;
    {
      std::lock_guard lk(mu_);
      old_ids = old_ids_;
    }
    Ctx cx{caller, method, target, PathOf(target), r, &old_ids, {}, 0};
    cx.rule = RuleFor(cx);
    const std::string& body = r.body;
    Totals local;
    Totals& t = totals != nullptr ? *totals : local;
    ++t.responses;
    t.bytes += static_cast<int64_t>(body.size());
    if (!caller.known) ++t.unknown_callers;
    if (body.empty()) return {};
    const std::string ctype = Lower(r.Header("content-type"));
    if (ctype.find("spreadsheetml") != std::string::npos || body.rfind("PK\x03\x04", 0) == 0) {
      ++t.xlsx;
      auto table = sheet::ReadXlsx(body);
      if (!table.ok()) {
        cx.out.push_back(Violation{method, PathOf(target), caller.Describe(), "the whole body",
                                   "undecodable .xlsx", table.status().en()});
      } else {
        ScanTable(cx, *table);
      }
    } else if (ctype.rfind("image/", 0) == 0 || ctype == "application/pdf" ||
               body.find('\0') != std::string::npos) {
      ++t.binary_skipped;
      t.binary_bytes += static_cast<int64_t>(body.size());
      return {};
    } else if (const json& j = r.Json(); !j.is_discarded() && (j.is_object() || j.is_array())) {
      ++t.json;
      Walk(cx, j, "$", nullptr);
    } else if (ctype.find("csv") != std::string::npos) {
      ++t.text;
      auto table = sheet::ReadCsv(body);
      if (table.ok())
        ScanTable(cx, *table);
      else
        ScanText(cx, body, "body", false);
    } else {
      ++t.text;
      ScanText(cx, body, "body", false);
    }
    t.allowed += cx.allowed;
    t.violations += static_cast<int64_t>(cx.out.size());
    return cx.out;
  }

  // The hook in Server::Call: learns callers, remembers submitted 15-digit IDs, checks the answer, fails the
  // running test on a violation.
  void Observe(const Request& req, const Response& r) {
    const std::string token = TokenOf(req.headers);
    const std::string path = PathOf(req.target);
    RememberOldIds(path, req.body);
    if (r.status == 200 && ((req.method == "POST" && path == "/api/v1/auth/login") ||
                            (req.method == "GET" && path == "/api/v1/me"))) {
      json j = r.Json();
      const json& u = path == "/api/v1/me" ? j : j["user"];
      const std::string t = path == "/api/v1/me" ? token : j.value("token", "");
      if (u.is_object() && u.contains("role") && u["role"].is_string())
        Learn(t, Caller{true, u.value("username", ""), u.value("role", ""), u.value("scope", ""),
                        u.value("user_id", int64_t{0})});
    }
    Caller caller = CallerOf(token);
    Totals t;
    std::vector<Violation> found = Check(caller, req.method, req.target, r, &t);
    {
      std::lock_guard lk(mu_);
      Add(totals_, t);
    }
    for (const Violation& v : found) ADD_FAILURE() << v.Describe();
  }

  Totals totals() const {
    std::lock_guard lk(mu_);
    return totals_;
  }

  std::string Summary() const {
    Totals t = totals();
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        "[pii scan] responses scanned: %lld (%lld bytes; JSON %lld, text/CSV/XML %lld, .xlsx decoded %lld, "
        "binary not scanned %lld = %lld bytes; unknown or anonymous callers %lld); clear values allowed "
        "by rule: %lld; violations: %lld",
        static_cast<long long>(t.responses), static_cast<long long>(t.bytes), static_cast<long long>(t.json),
        static_cast<long long>(t.text), static_cast<long long>(t.xlsx),
        static_cast<long long>(t.binary_skipped), static_cast<long long>(t.binary_bytes),
        static_cast<long long>(t.unknown_callers), static_cast<long long>(t.allowed),
        static_cast<long long>(t.violations));
    return buf;
  }

  // Prints the summary; with WANGGE_E2E_PII_LOG set, also appends it as one JSON line to that file (ctest
  // runs one process per test: the lines add up to the suite's figures).
  void Report() const {
    std::printf("%s\n", Summary().c_str());
    std::fflush(stdout);
    if (const char* f = std::getenv("WANGGE_E2E_PII_LOG"); f != nullptr && *f != '\0') {
      Totals t = totals();
      std::ofstream out(f, std::ios::app);
      out << json{{"responses", t.responses},
                  {"bytes", t.bytes},
                  {"json", t.json},
                  {"text", t.text},
                  {"xlsx", t.xlsx},
                  {"binary_skipped", t.binary_skipped},
                  {"allowed", t.allowed},
                  {"violations", t.violations},
                  {"unknown_callers", t.unknown_callers}}
                 .dump()
          << "\n";
    }
  }

 private:
  enum class Rule { kNone, kUnmask, kExportWithPurpose, kTemplate, kDisputeUnmask, kPetitionUnmask };

  struct Ctx {
    const Caller& caller;
    const std::string& method;
    const std::string& target;
    std::string path;
    const Response& r;
    const std::set<std::string>* old_ids;
    std::vector<Violation> out;
    int64_t allowed;
    Rule rule = Rule::kNone;
  };

  static void Add(Totals& a, const Totals& b) {
    a.responses += b.responses, a.bytes += b.bytes, a.json += b.json, a.text += b.text, a.xlsx += b.xlsx;
    a.binary_skipped += b.binary_skipped, a.binary_bytes += b.binary_bytes, a.allowed += b.allowed;
    a.violations += b.violations, a.unknown_callers += b.unknown_callers;
  }

  static std::string PathOf(const std::string& target) { return target.substr(0, target.find('?')); }

  static std::string QueryParam(const std::string& target, const std::string& name) {
    size_t q = target.find('?');
    if (q == std::string::npos) return "";
    std::string query = target.substr(q + 1);
    size_t p = 0;
    while (p <= query.size()) {
      size_t e = query.find('&', p);
      std::string kv = query.substr(p, e == std::string::npos ? std::string::npos : e - p);
      if (kv.rfind(name + "=", 0) == 0) return kv.substr(name.size() + 1);
      if (e == std::string::npos) break;
      p = e + 1;
    }
    return "";
  }

  static bool MayUnmask(const Caller& c) {
    if (!c.known) return false;
    auto role = RoleFromName(c.role);
    return role && HasPermission(*role, Permission::kPersonUnmask);
  }

  static Rule RuleFor(const Ctx& cx) {
    const std::string& p = cx.path;
    if (cx.r.status != 200) return Rule::kNone;
    const std::string unmask_suffix = "/unmask";
    if (cx.method == "POST" && p.rfind("/api/v1/people/", 0) == 0 && p.size() > unmask_suffix.size() &&
        p.compare(p.size() - unmask_suffix.size(), unmask_suffix.size(), unmask_suffix) == 0)
      return Rule::kUnmask;
    if (cx.method == "POST" && p.rfind("/api/v1/disputes/", 0) == 0 && p.size() > unmask_suffix.size() &&
        p.compare(p.size() - unmask_suffix.size(), unmask_suffix.size(), unmask_suffix) == 0)
      return Rule::kDisputeUnmask;
    if (cx.method == "POST" && p.rfind("/api/v1/petitions/", 0) == 0 && p.size() > unmask_suffix.size() &&
        p.compare(p.size() - unmask_suffix.size(), unmask_suffix.size(), unmask_suffix) == 0)
      return Rule::kPetitionUnmask;
    if (cx.method == "GET" && p == "/api/v1/export/people" && !QueryParam(cx.target, "purpose").empty())
      return Rule::kExportWithPurpose;
    if (cx.method == "GET" && p == "/api/v1/import/people/template") return Rule::kTemplate;
    return Rule::kNone;
  }

  // The import template's published example values (ImportService::Template: fictitious but valid IDs).
  static bool IsTemplateExample(const std::string& v) {
    static const std::string zhang = MakeCitizenId("530326", 1990, 1, 1, 1),
                             li = MakeCitizenId("530326", 1992, 3, 4, 2);
    return v == zhang || v == li || v == "13800000000";
  }
  // The example in the phone validator's message (ValidatePhone: "如 13812345678"), in error answers.
  static constexpr std::string_view kMessageExamplePhone = "13812345678";

  // May this caller see `m`, found at `where` (a JSON key path or a table cell) in `cx`'s answer?
  // `object`: the JSON object holding the value, when it is one.
  static bool Allowed(const Ctx& cx, const Match& m, const std::string& key, const json* object) {
    switch (cx.rule) {
      case Rule::kUnmask:
      case Rule::kExportWithPurpose:
        return MayUnmask(cx.caller);
      case Rule::kDisputeUnmask: {
        if (!cx.caller.known) return false;
        auto role = RoleFromName(cx.caller.role);
        return role && (HasPermission(*role, Permission::kSensitiveRead) ||
                        HasPermission(*role, Permission::kDisputeMediate));
      }
      case Rule::kPetitionUnmask: {
        if (!cx.caller.known) return false;
        auto role = RoleFromName(cx.caller.role);
        return role && HasPermission(*role, Permission::kPetitionRegister);
      }
      case Rule::kTemplate:
        return IsTemplateExample(m.value);
      case Rule::kNone:
        break;
    }
    if (cx.r.status >= 400 && m.kind == Kind::kMobile && m.value == kMessageExamplePhone) return true;
    if (key == "reporter_phone" && m.kind == Kind::kMobile && cx.caller.known && object != nullptr &&
        object->contains("place_code") && (*object)["place_code"].is_string()) {
      auto role = RoleFromName(cx.caller.role);
      const std::string place = (*object)["place_code"].get<std::string>();
      if (role && SeesReporterContact(*role) && IsWithin(place, cx.caller.scope)) return true;
      // 7. a service order's or wish's: the community that sends providers, and its provider while open.
      const std::string kind = object->value("kind", "");
      if (role && (kind == "service" || kind == "wish")) {
        if (HasPermission(*role, Permission::kServiceManage) && IsWithin(place, cx.caller.scope)) return true;
        const json& h = (*object)["handler_user_id"];
        const std::string state = object->value("state", "");
        return h.is_number_integer() && cx.caller.user_id != 0 && h.get<int64_t>() == cx.caller.user_id &&
               (state == "dispatched" || state == "handling" || state == "accepted" || state == "finished");
      }
      return false;
    }
    return false;
  }

  static bool IsIdKey(const std::string& key) {
    return key.find("citizen") != std::string::npos || key == "公民身份号码" ||
           key.find("身份证") != std::string::npos || key == "id_number" || key == "idcard";
  }

  void ScanValue(Ctx& cx, std::string_view text, const std::string& where, const std::string& key,
                 const json* object) const {
    for (const Match& m : FindClear(text, cx.old_ids, IsIdKey(key))) {
      if (Allowed(cx, m, key, object)) {
        ++cx.allowed;
        continue;
      }
      cx.out.push_back(
          Violation{cx.method, cx.path, cx.caller.Describe(), where, KindName(m.kind), Snippet(text, m)});
    }
  }

  void ScanText(Ctx& cx, std::string_view text, const std::string& where, bool id_context) const {
    ScanValue(cx, text, where, id_context ? "citizen_id" : "", nullptr);
  }

  void ScanTable(Ctx& cx, const sheet::Table& t) const {
    for (size_t c = 0; c < t.header.size(); ++c)
      ScanText(cx, t.header[c], "header column " + std::to_string(c + 1), false);
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (size_t c = 0; c < t.rows[r].size(); ++c) {
        const std::string col = c < t.header.size() ? t.header[c] : "column " + std::to_string(c + 1);
        ScanValue(cx, t.rows[r][c], "row " + std::to_string(r + 2) + " " + col, col, nullptr);
      }
  }

  void Walk(Ctx& cx, const json& j, const std::string& where, const json* parent,
            const std::string& key = "") const {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        ScanValue(cx, it.key(), where + " (key)", "", nullptr);
        Walk(cx, it.value(), where + "." + it.key(), &j, it.key());
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i)
        Walk(cx, j[i], where + "[" + std::to_string(i) + "]", parent, key);
    } else if (j.is_string()) {
      ScanValue(cx, j.get_ref<const std::string&>(), where, key, parent);
    } else if (j.is_number()) {
      ScanValue(cx, j.dump(), where, key, parent);
    }
  }

  // 15-digit IDs submitted in request bodies (a JSON field or a CSV/.xlsx column holding citizen IDs): an
  // answer that echoes one is caught wherever it stands. Only identity fields are read: grid codes are 15
  // digits too and must not make every later mention of a grid a "leak".
  void RememberOldIds(const std::string& path, const std::string& body) {
    if (body.empty() || body.size() > (8u << 20)) return;
    std::vector<std::string> found;
    auto take = [&](const std::string& v) {
      std::string s = v;
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
      if (s.size() == 15 && ParseCitizenId(s).ok()) found.push_back(s);
    };
    json j = json::parse(body, nullptr, false);
    if (!j.is_discarded() && (j.is_object() || j.is_array())) {
      std::vector<const json*> stack{&j};
      while (!stack.empty()) {
        const json* x = stack.back();
        stack.pop_back();
        if (x->is_object()) {
          for (auto it = x->begin(); it != x->end(); ++it) {
            if (IsIdKey(it.key()) && it.value().is_string()) take(it.value().get<std::string>());
            stack.push_back(&it.value());
          }
        } else if (x->is_array()) {
          for (const json& e : *x) stack.push_back(&e);
        }
      }
    } else if (path.rfind("/api/v1/import/", 0) == 0) {
      auto table = sheet::Read(body);
      if (table.ok())
        for (size_t c = 0; c < table->header.size(); ++c)
          if (IsIdKey(table->header[c]))
            for (const auto& row : table->rows)
              if (c < row.size()) take(row[c]);
    }
    if (found.empty()) return;
    std::lock_guard lk(mu_);
    for (auto& f : found) old_ids_.insert(std::move(f));
  }

  mutable std::mutex mu_;
  std::map<std::string, Caller> callers_;
  std::set<std::string> old_ids_;
  Totals totals_;
};

}  // namespace wangge::e2e::pii
