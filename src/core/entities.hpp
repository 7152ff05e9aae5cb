// The base-data entities of "一张表" (collect once, share many). Plain values; validation lives in
// validation.hpp, persistence in storage/, authorization in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge {

// A node of the administrative tree keyed by its code (codes.hpp): province … village/community (行政区划),
// grid (网格, 15 digits) and household unit (十联户, 18 digits) are all places.
struct Place {
  std::string code;
  std::string name;
  int level = 0;  // static_cast<int>(Level)
  std::string parent_code;
  std::string kind;      // village: "village"|"community"; grid: "comprehensive"|"exclusive"; else ""
  std::string boundary;  // GeoJSON Polygon/MultiPolygon geometry, or "" when unknown
  std::optional<int64_t> leader_person_id;  // 网格长 for a grid, 联户长 for a household unit
  std::string leader_name;                  // denormalised display name of the leader (read only)
  bool retired = false;
  int64_t version = 1;  // optimistic concurrency: bumped on every update
  std::string updated_at;
};

// 楼栋 with its 楼栋长.
struct Building {
  int64_t id = 0;
  std::string place_code;  // grid or household unit it stands in
  std::string name;        // "3栋"
  std::string address;
  int floors = 0;
  std::optional<int64_t> leader_person_id;
  bool retired = false;
  int64_t version = 1;
};

// 户
struct Household {
  int64_t id = 0;
  std::string place_code;  // household unit (18) or grid (15)
  std::optional<int64_t> building_id;
  std::string address;         // 门牌 / 住址
  std::string household_no;    // 户号 (户口簿编号), unique within the county when given
  std::string residence_type;  // 户籍 registered | 流动 floating | 寄住 lodging (the household's own)
  int member_count = 0;        // maintained
  bool retired = false;
  int64_t version = 1;
};

// A care or sensitive group tag (关爱/特殊人群) with the group's own fields (JSON object text).
struct PersonTag {
  std::string tag;  // identifier from tags.hpp, e.g. "dibao", "community_correction"
  std::string fields_json = "{}";
  std::string since;  // YYYY-MM-DD
};

// 人. citizen_id and phone are plaintext only in memory; storage keeps them encrypted (crypto.hpp).
struct Person {
  int64_t id = 0;
  std::string place_code;  // of the household, or the grid when no household
  std::optional<int64_t> household_id;
  std::string name;
  std::string citizen_id;        // normalised 18 chars (plaintext in memory only)
  std::string sex;               // "M" | "F" (derived from the citizen ID)
  std::string birth_date;        // YYYY-MM-DD (derived from the citizen ID)
  std::string ethnicity;         // 民族, e.g. "汉族"
  std::string political_status;  // 政治面貌: 中共党员, 共青团员, 群众 …
  std::string phone;             // plaintext in memory only
  std::string residence_type;    // 户籍 | 流动 | 寄住
  std::string relation;          // 与户主关系: 户主, 配偶, 子, 女 …
  std::vector<PersonTag> tags;
  // At rest (storage fills and reads these; service derives them with FieldCipher):
  std::string citizen_id_enc;     // secretbox ciphertext
  std::string citizen_id_hash;    // blind index (unique)
  std::string citizen_id_masked;  // 530326********123X
  std::string phone_enc;
  std::string phone_hash;
  std::string phone_masked;  // 138****5678
  bool retired = false;
  int64_t version = 1;
  std::string updated_at;
};

// 两新组织: a non-public enterprise (非公企业) or social organisation (社会组织) in the ledger.
struct Organization {
  int64_t id = 0;
  std::string place_code;
  std::string name;
  std::string kind;         // "enterprise" | "social_org"
  std::string credit_code;  // 统一社会信用代码 (18 chars), optional
  int employees = 0;
  int party_members = 0;     // 党员人数
  bool three_haves = false;  // "三有" (in the ledger scope: 有党员/有规模/有稳定经营)
  std::string
      party_org_type;  // "" none | "standalone" 单独建 | "joint" 联合建 | "area" 区域建 | "industry" 行业建
  std::string instructor_name;  // 党建指导员, "" when none
  bool retired = false;
  int64_t version = 1;
};

// 两新组织 coverage rates, computed from the ledger (never typed in).
struct OrgCoverage {
  int64_t total = 0;           // organisations in the ledger
  int64_t with_party_org = 0;  // any party_org_type
  int64_t with_work = 0;       // party org or instructor (党的工作覆盖)
  int64_t with_members = 0;    // party_members > 0
  int64_t with_members_and_org = 0;
  int64_t without_members = 0;
  int64_t without_members_with_work = 0;
};

// 党组织: one node of the party organisation tree (街道党工委 → 村(社区)党组织 → 网格党支部 → 楼栋党小组 →
// 党员中心户), linked to the place it covers.
struct PartyOrg {
  int64_t id = 0;
  std::string place_code;  // the place it covers (level fits the kind, validation.hpp)
  std::string name;        // "古城街道党工委", "某社区党委", "一网格党支部"
  std::string kind;        // "street_committee" | "village_org" | "grid_branch" | "building_group" |
                           // "member_household"
  std::optional<int64_t> parent_id;  // the higher party org ("" only for a street committee)
  std::string secretary_name;        // 书记 / 组长 / 户主党员, "" when none
  int members = 0;                   // 党员人数
  bool retired = false;
  int64_t version = 1;
};

// "一网格一支部(小组)": grids with at least one live grid_branch/building_group inside them (computed).
struct GridPartyCoverage {
  int64_t grids = 0;          // live grids in the scope
  int64_t grids_covered = 0;  // of those, grids with a live grid branch or building group
};

struct Department {
  int64_t id = 0;
  std::string code;        // short identifier, e.g. "gongan"
  std::string name;        // 县公安局
  std::string place_code;  // level it belongs to (county/township)
  bool retired = false;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;        // roles.hpp identifier
  std::string place_code;  // jurisdiction scope ("" only for system_admin)
  std::optional<int64_t> department_id;
  std::optional<int64_t> person_id;  // for residents / unit leaders linked to their person record
  bool disabled = false;
  bool must_change_password = false;
  std::string created_at;
};

// Counts shown at every node of the tree (subtree totals).
struct PlaceCounts {
  int64_t households = 0;
  int64_t people = 0;
  int64_t grids = 0;
  int64_t units = 0;
  std::vector<std::pair<std::string, int64_t>> tags;  // tag -> people carrying it
};

}  // namespace wangge
