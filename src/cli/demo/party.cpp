// The 党组织 tree of the demo county: 街道(乡镇)党(工)委 -> 村(社区)党组织 -> 网格党支部 -> 楼栋党小组.
#include "cli/demo/internal.hpp"

namespace wangge::cli::demo_detail {

std::vector<PlannedPartyOrg> MakePartyOrgs(Ctx& c, const Plan& plan) {
  Rng& rng = c.rng;
  std::vector<PlannedPartyOrg> out;
  auto secretary = [&] { return c.Name(rng.Chance(0.7), 1965 + rng.Int(0, 25)); };
  int grid_serial = 0;
  for (const auto& t : plan.townships) {
    PlannedPartyOrg top;
    top.org.place_code = t.code;
    top.org.kind = "street_committee";
    top.org.name = t.name + (t.kind == "street" ? "党工委" : "党委");
    top.org.secretary_name = secretary();
    top.org.members = rng.Int(300, 1500);
    const int top_index = static_cast<int>(out.size());
    out.push_back(std::move(top));
    for (const auto& v : t.villages) {
      const bool community = v.kind == "community";
      PlannedPartyOrg vo;
      vo.org.place_code = v.code;
      vo.org.kind = "village_org";
      vo.org.name = v.name + (community ? "党委" : (rng.Chance(0.6) ? "党总支" : "党支部"));
      vo.org.secretary_name = secretary();
      vo.org.members = rng.Int(20, 150);
      vo.parent = top_index;
      const int village_index = static_cast<int>(out.size());
      out.push_back(std::move(vo));
      for (const auto& g : v.grids) {
        if (++grid_serial % 10 == 7) continue;  // one grid in ten still lacks its branch
        PlannedPartyOrg go;
        go.org.place_code = g.code;
        go.org.kind = "grid_branch";
        go.org.name = g.name + "党支部";
        go.org.secretary_name = secretary();
        go.org.members = rng.Int(3, 40);
        go.parent = village_index;
        const int grid_index = static_cast<int>(out.size());
        out.push_back(std::move(go));
        if (!community || g.exclusive || !rng.Chance(0.3)) continue;
        const int groups = rng.Int(1, 2);
        for (int i = 1; i <= groups; ++i) {
          PlannedPartyOrg bo;
          bo.org.place_code = g.code;
          bo.org.kind = "building_group";
          bo.org.name = g.name + "第" + Chinese(i) + "楼栋党小组";
          bo.org.secretary_name = secretary();
          bo.org.members = rng.Int(3, 12);
          bo.parent = grid_index;
          out.push_back(std::move(bo));
        }
      }
    }
  }
  return out;
}

}  // namespace wangge::cli::demo_detail
