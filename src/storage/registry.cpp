#include "storage/registry.hpp"

namespace wangge::storage {

const std::vector<TableInfo>& Tables() {
  using P = PlaceRole;
  using S = SealKind;
  static const std::vector<TableInfo> tables = {
      {"schema_migrations", TableKind::kSystem},
      {"places", TableKind::kData, {{"code", P::kKey}, {"parent_code", P::kParent}}},
      {"buildings", TableKind::kData, {{"place_code", P::kOwn}}},
      {"households", TableKind::kData, {{"place_code", P::kOwn}}},
      {"people",
       TableKind::kData,
       {{"place_code", P::kOwn}},
       {{"cid_enc", S::kCipher},
        {"cid_hash", S::kBlindIndex},
        {"phone_enc", S::kCipher},
        {"phone_hash", S::kBlindIndex}}},
      {"person_tags", TableKind::kData, {{"place_code", P::kOwn}}, {{"fields", S::kTagFields}}},
      {"organizations", TableKind::kData, {{"place_code", P::kOwn}}},
      {"place_counts", TableKind::kData, {{"code", P::kCounter}}, {}, /*maintained=*/true},
      {"departments", TableKind::kData, {{"place_code", P::kOwn}}},
      // Accounts are replicated (reference tables when sharded): every request looks its session up by token
      // before it knows a county, and a username is unique across the installation (docs/scale-out.md).
      {"users", TableKind::kReference, {{"place_code", P::kScope}}},
      {"sessions", TableKind::kReference},
      {"audit", TableKind::kData, {{"place_code", P::kHistorical}}},
      {"party_orgs", TableKind::kData, {{"place_code", P::kOwn}}},
      {"categories", TableKind::kReference},
      {"calendar_days", TableKind::kReference},
      {"catalog_version", TableKind::kReference},
      {"orders",
       TableKind::kData,
       {{"place_code", P::kOwn}, {"command_place", P::kReference}, {"assignee_place", P::kReference}},
       {{"reporter_name_enc", S::kCipher}, {"reporter_phone_enc", S::kCipher}}},
      {"order_events", TableKind::kData},
      {"order_callins", TableKind::kData},
      {"order_rollup", TableKind::kData, {{"subject", P::kRollup}}, {}, /*maintained=*/true},
      {"notifications", TableKind::kData},
      {"webhooks", TableKind::kData, {{"scope", P::kScope}}, {{"secret_enc", S::kCipher}}},
      {"webhook_deliveries", TableKind::kData},
      {"attachments", TableKind::kData},
      {"attachment_refs", TableKind::kData},
      {"settings", TableKind::kSystem},
      {"attachment_uploads", TableKind::kData},
      {"dispute_parties",
       TableKind::kData,
       {},
       {{"name_enc", S::kCipher},
        {"cid_enc", S::kCipher},
        {"cid_hash", S::kBlindIndex},
        {"phone_enc", S::kCipher},
        {"phone_hash", S::kBlindIndex}}},
      {"dispute_agreements", TableKind::kData},
      {"screenings", TableKind::kData, {{"place_code", P::kOwn}}},
      // The ledger (core/ledger.hpp): an account's balance is maintained with each entry and checked against
      // the sum of its movements (`wangge check`); entries and movements are append-only but for place_code.
      {"ledger_accounts", TableKind::kData, {{"place_code", P::kOwn}}, {}, /*maintained=*/true},
      {"ledger_entries", TableKind::kData, {{"place_code", P::kOwn}}},
      {"ledger_movements", TableKind::kData},
      {"ledger_periods", TableKind::kData, {{"place_code", P::kOwn}}},
      {"shop_items", TableKind::kData, {{"place_code", P::kOwn}}},
      {"shop_redemptions", TableKind::kData, {{"place_code", P::kOwn}}},
      {"activities", TableKind::kData, {{"place_code", P::kOwn}}},
      {"activity_signups", TableKind::kData},
      {"service_menu", TableKind::kData, {{"place_code", P::kOwn}}},
      {"errand_runners", TableKind::kData, {{"place_code", P::kOwn}}},
      {"errands", TableKind::kData},
      {"errand_documents", TableKind::kData},
      {"dual_units", TableKind::kData, {{"place_code", P::kOwn}}},
      {"dual_members", TableKind::kData, {{"place_code", P::kOwn}, {"grid_code", P::kReference}}},
      {"dual_posts", TableKind::kData, {{"place_code", P::kOwn}, {"grid_code", P::kReference}}},
      {"dual_claims", TableKind::kData},
      {"dual_logs", TableKind::kData, {{"place_code", P::kOwn}}},
      {"roll_criteria", TableKind::kData, {{"place_code", P::kOwn}}},
      {"roll_entries", TableKind::kData, {{"place_code", P::kOwn}}},
      {"roll_objections", TableKind::kData},
      {"roll_publications", TableKind::kData, {{"place_code", P::kOwn}}},
      {"duty_lists", TableKind::kData, {{"place_code", P::kOwn}}},
      {"duty_items", TableKind::kData, {{"place_code", P::kOwn}}},
      {"duty_tasks", TableKind::kData, {{"place_code", P::kOwn}}},
      {"duty_refusals", TableKind::kData, {{"place_code", P::kOwn}}},
      {"inspections", TableKind::kData, {{"place_code", P::kOwn}}},
      {"inspection_caps", TableKind::kData, {{"place_code", P::kOwn}}},
  };
  return tables;
}

const TableInfo* FindTable(std::string_view name) {
  for (const TableInfo& t : Tables())
    if (t.name == name) return &t;
  return nullptr;
}

bool FollowsMove(PlaceRole role) { return role != PlaceRole::kHistorical; }

}  // namespace wangge::storage
