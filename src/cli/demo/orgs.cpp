// The 两新组织 of the demo county: enterprises and social organisations with credit codes, staff, party
// members and the party organisation type the 两新 indicators count.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "cli/demo/internal.hpp"

namespace wangge::cli::demo_detail {

namespace {

// 统一社会信用代码 (GB 32100-2015): registration authority, type, the county code, a 9-character organisation
// code (GB 11714: here "DM" + 6 digits + its check character, "DM" marking demo data) and the check
// character.
std::string CreditCode(char authority, char type, std::string_view county, int serial) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char body[8];
  std::snprintf(body, sizeof body, "%06d", serial % 1000000);
  std::string org = std::string("DM") + body;
  static constexpr int kOrgW[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char ch = org[static_cast<size_t>(i)];
    int v = ch >= '0' && ch <= '9' ? ch - '0' : ch - 'A' + 10;
    sum += v * kOrgW[i];
  }
  int c9 = 11 - sum % 11;
  org += c9 == 10 ? 'X' : (c9 == 11 ? '0' : static_cast<char>('0' + c9));
  std::string s = std::string(1, authority) + type + std::string(county) + org;
  int total = 0, w = 1;
  for (char ch : s) {
    total += static_cast<int>(kChars.find(ch)) * w;
    w = w * 3 % 31;
  }
  s += kChars[static_cast<size_t>((31 - total % 31) % 31)];
  return s;
}

}  // namespace

std::vector<Organization> MakeOrganizations(Ctx& c, const Plan& plan, bool full) {
  Rng& rng = c.rng;
  std::vector<Organization> out;
  const int enterprises = full ? 300 : 12, social = full ? 50 : 3;
  // Township weights: the county seat (街道) has most of the firms.
  std::vector<double> tw;
  for (const auto& t : plan.townships)
    tw.push_back(t.kind == "street" ? 6.0 : (t.kind == "town" ? 2.0 : 1.0));
  std::set<std::string> names;
  for (int i = 0; i < enterprises + social; ++i) {
    const bool enterprise = i < enterprises;
    const TownshipPlan& t = plan.townships[rng.Weighted(tw)];
    std::vector<double> vw;
    for (const auto& v : t.villages) vw.push_back(v.kind == "community" ? 4.0 : 1.0);
    const VillagePlan& v = t.villages[rng.Weighted(vw)];
    std::vector<const GridPlan*> grids;
    for (const auto& g : v.grids)
      if (!g.exclusive) grids.push_back(&g);
    Organization o;
    o.place_code = rng.Pick(grids)->code;
    o.kind = enterprise ? "enterprise" : "social_org";
    for (int attempt = 0;; ++attempt) {
      std::string brand = std::string(rng.Pick(BrandSyllables())) + std::string(rng.Pick(BrandSyllables()));
      std::string name =
          enterprise
              ? (t.kind == "street" || rng.Chance(0.5) ? plan.div.county_name.substr(0, 6) : Stem(t.name)) +
                    brand + std::string(rng.Pick(EnterpriseTrades())) +
                    std::string(rng.Pick(EnterpriseForms()))
              : (rng.Chance(0.6) ? plan.div.county_name : t.name) + std::string(rng.Pick(SocialOrgKinds()));
      if (attempt > 20) name += std::to_string(attempt);
      if (names.insert(name).second) {
        o.name = name;
        break;
      }
    }
    if (o.kind == "enterprise" && o.name.size() >= 9 && o.name.substr(o.name.size() - 9) == "合作社")
      o.name.insert(o.name.size() - 9, "专业");
    const bool coop = o.name.find("合作社") != std::string::npos;
    o.credit_code = rng.Chance(0.9)
                        ? CreditCode(enterprise ? (coop ? 'N' : '9') : '5',
                                     enterprise ? (coop ? '3' : '1') : (rng.Chance(0.5) ? '1' : '2'),
                                     plan.div.county_code, i + 1)
                        : "";
    o.employees =
        enterprise
            ? std::clamp(static_cast<int>(std::exp(1.5 + 2.2 * rng.Real() + 1.2 * rng.Real())), 3, 2000)
            : rng.Int(3, 60);
    double p_members = o.employees >= 50 ? 0.85 : (o.employees >= 10 ? 0.55 : 0.25);
    if (rng.Chance(p_members))
      o.party_members = std::max(1, static_cast<int>(o.employees * (0.03 + 0.08 * rng.Real())));
    const double r = rng.Real();
    if (o.party_members >= 3)
      o.party_org_type = r < 0.7 ? "standalone" : (r < 0.8 ? "joint" : "");
    else if (o.party_members >= 1)
      o.party_org_type = r < 0.35 ? "joint" : (r < 0.5 ? "area" : (r < 0.6 ? "industry" : ""));
    else
      o.party_org_type = r < 0.1 ? "area" : (r < 0.2 ? "industry" : "");
    if (rng.Chance(o.party_org_type.empty() ? 0.5 : 0.3))
      o.instructor_name = c.Name(rng.Chance(0.6), 1965 + rng.Int(0, 30));
    o.three_haves = (o.employees >= 10 && rng.Chance(0.8)) || (o.party_members > 0 && rng.Chance(0.9));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace wangge::cli::demo_detail
