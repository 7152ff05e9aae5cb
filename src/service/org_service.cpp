#include "service/org_service.hpp"

#include <nlohmann/json.hpp>

#include "core/validation.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/orgs_repo.hpp"
#include "storage/party_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {
double Ratio(int64_t a, int64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }

Status CheckPlace(storage::Tx& tx, const std::string& code) {
  auto p = tx.places().Get(code);
  if (!p.ok() || p->retired)
    return InvalidArgument("地点 " + code + " 不存在或已撤销", "place " + code + " does not exist",
                           "place_code");
  return Status::Ok();
}

// The parent of a party org, when given: live, of a higher kind, at a place code that is a prefix of the
// child's (the same place or an ancestor). Its existence is not hidden: a parent that fits lies at or above
// the child's place.
Status CheckPartyParent(storage::Tx& tx, const PartyOrg& o) {
  if (!o.parent_id) return Status::Ok();
  if (*o.parent_id == o.id)
    return InvalidArgument("上级党组织不能是自身", "parent_id must not be the party org itself", "parent_id");
  auto parent = tx.party().Get(*o.parent_id);
  if (!parent.ok() && parent.status().code() != StatusCode::kNotFound) return parent.status();
  bool fits = parent.ok() && !parent->retired && PartyOrgRank(parent->kind) < PartyOrgRank(o.kind) &&
              o.place_code.compare(0, parent->place_code.size(), parent->place_code) == 0;
  if (!fits)
    return InvalidArgument(
        "上级党组织不存在、已撤销、层级不高于本组织或不覆盖本组织所在地点",
        "parent_id must name a live party org of a higher kind whose place code is a prefix of "
        "place_code",
        "parent_id");
  return Status::Ok();
}

nlohmann::json PartyDetail(const PartyOrg& o) {
  return nlohmann::json{{"name", o.name},
                        {"kind", o.kind},
                        {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json()},
                        {"members", o.members},
                        {"retired", o.retired}};
}
}  // namespace

Result<Organization> OrgService::Get(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrgRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Organization o, tx->orgs().Get(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kOrgRead, o.place_code));
  return o;
}

Result<storage::Page<Organization>> OrgService::List(const Ctx& ctx, const std::string& scope,
                                                     const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kOrgRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->orgs().List(s, page);
}

Result<Organization> OrgService::Create(const Ctx& ctx, Organization o) {
  o.retired = false;
  RETURN_IF_ERROR(ValidateOrganization(&o));
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kOrgWrite, o.place_code));
  int64_t id = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckPlace(tx, o.place_code));
    ASSIGN_OR_RETURN(id, tx.orgs().Insert(o));
    return Audit(tx, ctx, "organization.create", "organization", std::to_string(id), o.place_code,
                 nlohmann::json{{"name", o.name}, {"kind", o.kind}}.dump());
  }));
  return Get(ctx, id);
}

Result<Organization> OrgService::Update(const Ctx& ctx, int64_t id, int64_t version,
                                        const std::function<Status(Organization&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrgWrite));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Organization o, tx.orgs().Get(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kOrgWrite, o.place_code));
    RETURN_IF_ERROR(apply(o));
    o.id = id;
    o.version = version;
    RETURN_IF_ERROR(ValidateOrganization(&o));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kOrgWrite, o.place_code));
    RETURN_IF_ERROR(CheckPlace(tx, o.place_code));
    RETURN_IF_ERROR(tx.orgs().Update(o));
    return Audit(
        tx, ctx, "organization.update", "organization", std::to_string(id), o.place_code,
        nlohmann::json{{"name", o.name}, {"party_org_type", o.party_org_type}, {"retired", o.retired}}
            .dump());
  }));
  return Get(ctx, id);
}

Result<CoverageRates> OrgService::Coverage(const Ctx& ctx, const std::string& scope) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kOrgRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(OrgCoverage c, tx->orgs().Coverage(s));
  CoverageRates r;
  r.counts = c;
  r.org_coverage = Ratio(c.with_party_org, c.total);
  r.work_coverage = Ratio(c.with_work, c.total);
  r.with_members_org_coverage = Ratio(c.with_members_and_org, c.with_members);
  r.without_members_work_coverage = Ratio(c.without_members_with_work, c.without_members);
  return r;
}

// ---------------------------------------------------------------- 党组织 tree

Result<PartyOrg> OrgService::GetParty(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrgRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(PartyOrg o, tx->party().Get(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kOrgRead, o.place_code));
  return o;
}

Result<storage::Page<PartyOrg>> OrgService::ListParty(const Ctx& ctx, const std::string& scope,
                                                      const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kOrgRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->party().List(s, page);
}

Result<PartyOrg> OrgService::CreateParty(const Ctx& ctx, PartyOrg o) {
  o.id = 0;
  o.retired = false;
  RETURN_IF_ERROR(ValidatePartyOrg(&o));
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kOrgWrite, o.place_code));
  int64_t id = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckPlace(tx, o.place_code));
    RETURN_IF_ERROR(CheckPartyParent(tx, o));
    ASSIGN_OR_RETURN(id, tx.party().Insert(o));
    return Audit(tx, ctx, "party_org.create", "party_org", std::to_string(id), o.place_code,
                 PartyDetail(o).dump());
  }));
  return GetParty(ctx, id);
}

Result<PartyOrg> OrgService::UpdateParty(const Ctx& ctx, int64_t id, int64_t version,
                                         const std::function<Status(PartyOrg&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrgWrite));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(PartyOrg o, tx.party().Get(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kOrgWrite, o.place_code));
    RETURN_IF_ERROR(apply(o));
    o.id = id;
    o.version = version;
    RETURN_IF_ERROR(ValidatePartyOrg(&o));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kOrgWrite, o.place_code));
    if (!o.retired) {
      RETURN_IF_ERROR(CheckPlace(tx, o.place_code));
      RETURN_IF_ERROR(CheckPartyParent(tx, o));
    }
    RETURN_IF_ERROR(tx.party().Update(o));
    return Audit(tx, ctx, "party_org.update", "party_org", std::to_string(id), o.place_code,
                 PartyDetail(o).dump());
  }));
  return GetParty(ctx, id);
}

Result<GridPartyRates> OrgService::GridCoverage(const Ctx& ctx, const std::string& scope) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kOrgRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(GridPartyCoverage c, tx->party().GridCoverage(s));
  return GridPartyRates{c, Ratio(c.grids_covered, c.grids)};
}

}  // namespace wangge::service
