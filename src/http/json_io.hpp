// JSON mapping of entities (output) and strict decoding of request bodies (input): unknown keys, wrong
// types and over-long strings are rejected with the field named.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "core/entities.hpp"
#include "core/roles.hpp"
#include "service/org_service.hpp"
#include "service/place_service.hpp"
#include "storage/audit_repo.hpp"
#include "storage/database.hpp"

namespace wangge::http {

using nlohmann::json;

// Reads fields of a JSON object; the first problem is kept and returned by Finish(), which also rejects
// keys that were never asked for.
class JsonIn {
 public:
  explicit JsonIn(const json& j) : j_(j) {}
  bool Has(const char* key) const { return j_.contains(key); }
  JsonIn& Str(const char* key, std::string* out, bool required = false);
  JsonIn& Int(const char* key, int64_t* out, bool required = false);
  JsonIn& Int(const char* key, int* out, bool required = false);
  JsonIn& OptInt(const char* key, std::optional<int64_t>* out);  // null clears
  JsonIn& Bool(const char* key, bool* out, bool required = false);
  JsonIn& Raw(const char* key, const json** out, bool required = false);
  JsonIn& Num(const char* key, std::optional<double>* out);  // null clears
  // Arrays of at most `max_items` strings (each ≤ 200 bytes) / integers.
  JsonIn& StrList(const char* key, std::vector<std::string>* out, size_t max_items = 32);
  JsonIn& IntList(const char* key, std::vector<int64_t>* out, size_t max_items = 32);
  Status Finish();
  Status status() const { return st_; }

 private:
  bool Take(const char* key, bool required, const json** v);
  void Fail(Status st) {
    if (st_.ok()) st_ = std::move(st);
  }
  const json& j_;
  std::set<std::string> seen_;
  Status st_;
};

// Reads {"tags":[{"tag":"dibao","fields":{...},"since":"2024-01-01"}, …]}.
Status ReadTags(const json& arr, std::vector<PersonTag>* out);

json PlaceJson(const Place& p, bool with_boundary = true);
json CountsJson(const PlaceCounts& c);
json NodeJson(const service::PlaceNode& n, bool with_boundary = false);
json BuildingJson(const Building& b);
json HouseholdJson(const Household& h);
json PersonJson(const Person& p, Role role);
json OrgJson(const Organization& o);
json CoverageJson(const service::CoverageRates& c);
json PartyOrgJson(const PartyOrg& o);
json GridPartyCoverageJson(const service::GridPartyRates& c);
json UserJson(const User& u);
json DepartmentJson(const Department& d);
json AuditJson(const storage::AuditEntry& e);

template <typename T, typename F>
json PageJson(const storage::Page<T>& page, F to_json) {
  json items = json::array();
  for (const auto& it : page.items) items.push_back(to_json(it));
  return json{{"items", items}, {"next", page.next.empty() ? json() : json(page.next)}};
}

}  // namespace wangge::http
