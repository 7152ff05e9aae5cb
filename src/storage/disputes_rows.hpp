// Row readers of the disputes domain shared by the backends (sqlite/disputes_repo.cpp,
// postgres/disputes_repo.cpp): templates over the backend's statement type, whose columns each backend
// selects in the order given here (its PARTY_COLS and AGREEMENT_COLS).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/dispute.hpp"
#include "core/status.hpp"

namespace wangge::storage {

// id, order_id, role, person_id, name_enc, name_masked, cid_enc, cid_hash, cid_masked, phone_enc, phone_hash,
// phone_masked, address, created_at
template <class Stmt>
dispute::Party ReadPartyRow(const Stmt& s) {
  dispute::Party p;
  p.id = s.Int(0);
  p.order_id = s.Int(1);
  p.role = s.Text(2);
  p.person_id = s.OptInt(3);
  p.name_enc = s.Blob(4);
  p.name_masked = s.Text(5);
  p.cid_enc = s.Blob(6);
  p.cid_hash = s.Blob(7);
  p.cid_masked = s.Text(8);
  p.phone_enc = s.Blob(9);
  p.phone_hash = s.Blob(10);
  p.phone_masked = s.Text(11);
  p.address = s.Text(12);
  p.created_at = s.Int(13);
  return p;
}

// Every row of a statement selecting the party columns.
template <class Stmt>
Result<std::vector<dispute::Party>> ReadPartyRows(Stmt& s) {
  std::vector<dispute::Party> out;
  while (s.Step()) out.push_back(ReadPartyRow(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

// signed_by: a JSON array of party ids, as PutAgreement writes it (SignedByJson).
inline std::vector<int64_t> ParseSignedBy(const std::string& text) {
  std::vector<int64_t> ids;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) ids.push_back(v.get<int64_t>());
  return ids;
}
inline std::string SignedByJson(const std::vector<int64_t>& ids) { return nlohmann::json(ids).dump(); }

// order_id, facts, responsibility, terms, performance_manner, performance_location, performance_due,
// signed_by, mediator, signed_at, recorded_by, updated_at, version
template <class Stmt>
dispute::Agreement ReadAgreementRow(const Stmt& s) {
  dispute::Agreement a;
  a.order_id = s.Int(0);
  a.facts = s.Text(1);
  a.responsibility = s.Text(2);
  a.terms = s.Text(3);
  a.performance_manner = s.Text(4);
  a.performance_location = s.Text(5);
  a.performance_due = s.Text(6);
  a.signed_by = ParseSignedBy(s.Text(7));
  a.mediator = s.Text(8);
  a.signed_at = s.Int(9);
  a.recorded_by = s.Int(10);
  a.updated_at = s.Int(11);
  a.version = s.Int(12);
  return a;
}

}  // namespace wangge::storage
