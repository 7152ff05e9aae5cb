// The places of the demo county: the division tables it starts from, the rectangles that tile the county
// into townships, villages and grids, and each village generated in full - its grids, household units,
// buildings and households (the people in them come from people.cpp) - and written.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "cli/demo/demo.hpp"
#include "cli/demo/internal.hpp"
#include "core/codes.hpp"
#include "core/csv.hpp"
#include "core/validation.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::cli::demo_detail {

// ------------------------------------------------------------------ division tables

namespace {

// Rows of a division CSV whose column `key_col` equals `key` (header skipped).
Result<std::vector<std::vector<std::string>>> CsvRows(const std::filesystem::path& path, size_t key_col,
                                                      std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return InvalidArgument("找不到区划文件 " + path.string(), "cannot open division table " + path.string(),
                           "divisions_dir");
  std::stringstream text;
  text << in.rdbuf();
  const std::string bytes = text.str();
  csv::Tokenizer records(bytes);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  bool header = true;
  while (records.Next(&f)) {
    if (header) {
      header = false;
      continue;
    }
    if (f.size() > key_col && f[key_col] == key) rows.push_back(f);
  }
  if (records.error() != csv::Error::kNone) {
    const std::string line = std::to_string(records.error_line());
    return InvalidArgument("区划文件 " + path.string() + " 第 " + line + " 行不是有效的 CSV",
                           "division table " + path.string() + ": line " + line + " is not valid CSV",
                           "divisions_dir");
  }
  return rows;
}

}  // namespace

Result<Divisions> LoadDivisions(const std::string& dir_opt, const std::string& county) {
  if (county.size() != 6 || !ParseCode(county).ok() || *ParseCode(county) != Level::kCounty)
    return InvalidArgument("县级代码应为 6 位", "county must be a 6-digit county code", "county");
  std::filesystem::path dir =
      dir_opt.empty() ? std::filesystem::path("data/divisions") : std::filesystem::path(dir_opt);
  Divisions d;
  d.county_code = county;
  d.prefecture_code = county.substr(0, 4);
  d.province_code = county.substr(0, 2);
  ASSIGN_OR_RETURN(auto areas, CsvRows(dir / "areas.csv", 0, county));
  if (areas.empty() || areas[0].size() < 2)
    return InvalidArgument("区划表中没有县级代码 " + county, "county " + county + " is not in areas.csv",
                           "county");
  d.county_name = areas[0][1];
  ASSIGN_OR_RETURN(auto cities, CsvRows(dir / "cities.csv", 0, d.prefecture_code));
  d.prefecture_name = cities.empty() ? d.prefecture_code : cities[0][1];
  ASSIGN_OR_RETURN(auto provinces, CsvRows(dir / "provinces.csv", 0, d.province_code));
  d.province_name = provinces.empty() ? d.province_code : provinces[0][1];
  ASSIGN_OR_RETURN(auto streets, CsvRows(dir / "streets.csv", 2, county));
  for (auto& r : streets)
    if (r.size() >= 2 && r[0].size() == 9 && ParseCode(r[0]).ok()) d.townships.emplace_back(r[0], r[1]);
  if (d.townships.empty())
    return InvalidArgument("区划表中没有该县的乡级单位", "streets.csv has no townships of county " + county,
                           "county");
  return d;
}

std::string TownshipKind(std::string_view code) {
  int n = std::stoi(std::string(code.substr(6, 3)));
  if (n < 100) return "street";
  if (n < 200) return "town";
  if (n < 400) return "township";
  return "";
}

std::string Stem(std::string_view name) {
  static const std::array<std::string_view, 8> kSuffixes = {"彝族苗族乡", "回族乡", "彝族乡", "苗族乡",
                                                            "民族乡",     "街道",   "镇",     "乡"};
  for (auto s : kSuffixes)
    if (name.size() > s.size() && name.substr(name.size() - s.size()) == s)
      return std::string(name.substr(0, name.size() - s.size()));
  return std::string(name);
}

std::string Num3(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

std::string Chinese(int n) {
  static const char* kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return kDigits[n];
  std::string s = n >= 20 ? std::string(kDigits[n / 10]) + "十" : std::string("十");
  return s + kDigits[n % 10];
}

// ------------------------------------------------------------------ geometry

namespace {

// Cuts are rounded to 1e-6 degree (about 0.1 m) so the GeoJSON stays short; each cut is computed once and
// copied into both rectangles it separates, so shared edges are bit-identical.
double Snap(double v, double lo, double hi) {
  double s = std::round(v * 1e6) / 1e6;
  return (s > lo && s < hi) ? s : v;
}

// Tiles `r` into n rectangles with areas proportional to `w` by recursive bisection along the longer side
// (in metres): consecutive items stay neighbours and tiles stay close to square.
void Bisect(const Rect& r, const double* w, size_t n, Rect* out) {
  if (n == 1) {
    out[0] = r;
    return;
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += w[i];
  size_t k = 1;
  double cum = w[0], best = std::abs(2 * cum - total);
  for (size_t i = 1; i + 1 < n; ++i) {
    double c = cum + w[i];
    if (std::abs(2 * c - total) < best) {
      best = std::abs(2 * c - total);
      cum = c;
      k = i + 1;
    } else {
      break;
    }
  }
  const double frac = cum / total;
  const double lat = (r.y0 + r.y1) / 2 * std::numbers::pi / 180;
  const double width_m = (r.x1 - r.x0) * std::cos(lat), height_m = r.y1 - r.y0;
  Rect a = r, b = r;
  if (width_m >= height_m) {  // west part first
    double cut = Snap(r.x0 + (r.x1 - r.x0) * frac, r.x0, r.x1);
    a.x1 = cut;
    b.x0 = cut;
  } else {  // north part first
    double cut = Snap(r.y1 - (r.y1 - r.y0) * frac, r.y0, r.y1);
    a.y0 = cut;
    b.y1 = cut;
  }
  Bisect(a, w, k, out);
  Bisect(b, w + k, n - k, out + k);
}

void AppendNum(std::string& s, double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back as the same double
  s.append(buf, res.ptr);
}

}  // namespace

std::vector<Rect> Tile(const Rect& r, const std::vector<double>& weights) {
  std::vector<Rect> out(weights.size());
  if (!weights.empty()) Bisect(r, weights.data(), weights.size(), out.data());
  return out;
}

std::string RectGeoJson(const Rect& r) {
  // Counter-clockwise exterior ring (RFC 7946).
  const double pts[5][2] = {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}, {r.x0, r.y0}};
  std::string s = R"({"type":"Polygon","coordinates":[[)";
  for (int i = 0; i < 5; ++i) {
    if (i) s += ',';
    s += '[';
    AppendNum(s, pts[i][0]);
    s += ',';
    AppendNum(s, pts[i][1]);
    s += ']';
  }
  s += "]]}";
  return s;
}

// ------------------------------------------------------------------ villages

Place MakePlace(const std::string& code, const std::string& name, const std::string& kind,
                const std::string& boundary) {
  Place p;
  p.code = code;
  p.name = name;
  p.level = static_cast<int>(*ParseCode(code));
  p.parent_code = ParentCode(code);
  p.kind = kind;
  p.boundary = boundary;
  return p;
}

namespace {

// A random member among households [begin, end) satisfying `pred`, else one satisfying `fallback`.
template <typename Pred, typename Fallback>
PersonRef PickPerson(Rng& rng, const std::vector<GenHousehold>& hhs, const std::vector<int>& which, Pred pred,
                     Fallback fallback) {
  std::vector<PersonRef> best, other;
  for (int h : which)
    for (size_t m = 0; m < hhs[h].members.size(); ++m) {
      const Person& p = hhs[h].members[m];
      const int age = hhs[h].ages[m];
      if (pred(p, age))
        best.push_back({h, static_cast<int>(m)});
      else if (fallback(p, age))
        other.push_back({h, static_cast<int>(m)});
    }
  if (!best.empty()) return rng.Pick(best);
  if (!other.empty()) return rng.Pick(other);
  if (!which.empty()) return {which.front(), 0};
  return {};
}

}  // namespace

Result<std::unique_ptr<VillageJob>> GenerateVillage(Ctx& c, const VillagePlan& vp) {
  Rng& rng = c.rng;
  auto job = std::make_unique<VillageJob>();
  job->plan = &vp;
  job->village = MakePlace(vp.code, vp.name, vp.kind, RectGeoJson(vp.rect));
  RETURN_IF_ERROR(ValidatePlace(&job->village));
  const bool urban = vp.kind == "community";
  int building_no = 0;
  int hh_no = 0;
  std::vector<std::vector<int>> grid_households, unit_households, building_households;
  for (size_t gi = 0; gi < vp.grids.size(); ++gi) {
    const GridPlan& gp = vp.grids[gi];
    Place grid =
        MakePlace(gp.code, gp.name, gp.exclusive ? "exclusive" : "comprehensive", RectGeoJson(gp.rect));
    RETURN_IF_ERROR(ValidatePlace(&grid));
    job->grids.push_back(std::move(grid));
    grid_households.emplace_back();
    // Household units of 10-15 households, consecutive households (by building and door) in each.
    const int n = gp.households;
    const int k = std::max(1, (n + 6) / 12);
    const size_t first_unit = job->units.size();
    for (int u = 0; u < k; ++u) {
      Place unit = MakePlace(gp.code + Num3(u + 1), "第" + std::to_string(u + 1) + "十联户", "", "");
      RETURN_IF_ERROR(ValidatePlace(&unit));
      job->units.push_back(std::move(unit));
      job->unit_grid.push_back(static_cast<int>(gi));
      unit_households.emplace_back();
    }
    // Addresses: urban households live in buildings (楼栋), rural ones by 村民小组 and door number.
    struct Flat {
      int building;
      std::string address;
    };
    std::vector<Flat> flats;
    if (urban) {
      int remaining = n;
      while (remaining > 0) {
        Building b;
        b.place_code = gp.code;
        int units_per, floors;
        if (gp.exclusive) {
          b.name = gp.site.find("医院") != std::string::npos || gp.site.find("卫生") != std::string::npos
                       ? "职工宿舍" + std::to_string(++building_no) + "栋"
                       : "教师周转房" + std::to_string(++building_no) + "栋";
          floors = rng.Int(4, 6);
          units_per = 1;
        } else {
          b.name = std::to_string(++building_no) + "栋";
          floors = rng.Chance(0.15) ? rng.Int(11, 18) : (rng.Chance(0.3) ? 5 : rng.Int(6, 7));
          units_per = rng.Int(1, 3);
        }
        b.floors = floors;
        b.address = vp.name + b.name;
        RETURN_IF_ERROR(ValidateBuilding(&b));
        const int bi = static_cast<int>(job->buildings.size());
        job->buildings.push_back(std::move(b));
        building_households.emplace_back();
        for (int su = 1; su <= units_per && remaining > 0; ++su)
          for (int f = 1; f <= floors && remaining > 0; ++f)
            for (int door = 1; door <= 2 && remaining > 0; ++door) {
              if (rng.Chance(0.1)) continue;  // vacant or not registered
              std::string addr = job->buildings[bi].address + std::to_string(su) + "单元" +
                                 std::to_string(f) + "0" + std::to_string(door);
              flats.push_back(Flat{bi, std::move(addr)});
              --remaining;
            }
      }
    } else {
      int door = 0;
      const std::string group = vp.name + Chinese(static_cast<int>(gi) + 1) + "组";
      for (int i = 0; i < n; ++i) {
        door += rng.Chance(0.1) ? 2 : 1;
        flats.push_back(Flat{-1, group + std::to_string(door) + "号"});
      }
    }
    for (int i = 0; i < n; ++i) {
      const int unit = static_cast<int>(first_unit) + i * k / n;
      GenHousehold hh;
      hh.grid = static_cast<int>(gi);
      hh.unit = unit;
      hh.building = flats[i].building;
      hh.h.place_code = job->units[unit].code;
      hh.h.address = flats[i].address;
      char no[32];
      // 户编号: "HZ" + township and village digits in 会泽; the whole village code elsewhere (unique per
      // county on PostgreSQL, across the database on SQLite).
      if (vp.code.compare(0, 6, kDemoCounty) == 0)
        std::snprintf(no, sizeof no, "HZ%s%05d", vp.code.substr(6).c_str(), ++hh_no);
      else
        std::snprintf(no, sizeof no, "H%s%05d", vp.code.c_str(), ++hh_no);
      hh.h.household_no = no;
      const double r = rng.Real();
      hh.h.residence_type = urban ? (r < 0.8 ? "户籍" : (r < 0.97 ? "流动" : "寄住"))
                                  : (r < 0.94 ? "户籍" : (r < 0.99 ? "流动" : "寄住"));
      RETURN_IF_ERROR(ValidateHousehold(&hh.h));
      RETURN_IF_ERROR(MakeHousehold(c, vp, hh));
      const int idx = static_cast<int>(job->households.size());
      grid_households[gi].push_back(idx);
      unit_households[static_cast<size_t>(unit)].push_back(idx);
      if (hh.building >= 0) building_households[static_cast<size_t>(hh.building)].push_back(idx);
      job->people += static_cast<int64_t>(hh.members.size());
      for (const Person& p : hh.members) job->tagged += p.tags.empty() ? 0 : 1;
      job->households.push_back(std::move(hh));
    }
  }
  // Leaders: 网格长 (a party member of 25-55 if any), 联户长 (a head of household of 25-65), 楼栋长.
  auto adult = [](const Person&, int age) { return age >= 18; };
  for (auto& which : grid_households)
    job->grid_leader.push_back(PickPerson(
        rng, job->households, which,
        [](const Person& p, int age) { return age >= 25 && age <= 55 && p.political_status == "中共党员"; },
        adult));
  for (auto& which : unit_households)
    job->unit_leader.push_back(PickPerson(
        rng, job->households, which,
        [](const Person& p, int age) { return age >= 25 && age <= 65 && p.relation == "户主"; }, adult));
  for (auto& which : building_households)
    job->building_leader.push_back(PickPerson(
        rng, job->households, which, [](const Person&, int age) { return age >= 30 && age <= 70; }, adult));
  return job;
}

// The write job of one village: places, buildings, households, people, then the leaders.
Status WriteVillage(storage::Tx& tx, VillageJob& job) {
  auto& places = tx.places();
  auto& people = tx.people();
  RETURN_IF_ERROR(places.Insert(job.village));
  for (const Place& g : job.grids) RETURN_IF_ERROR(places.Insert(g));
  for (const Place& u : job.units) RETURN_IF_ERROR(places.Insert(u));
  for (Building& b : job.buildings) {
    ASSIGN_OR_RETURN(b.id, people.InsertBuilding(b));
  }
  for (GenHousehold& hh : job.households) {
    if (hh.building >= 0) hh.h.building_id = job.buildings[static_cast<size_t>(hh.building)].id;
    ASSIGN_OR_RETURN(hh.h.id, people.InsertHousehold(hh.h));
    for (Person& p : hh.members) {
      p.household_id = hh.h.id;
      ASSIGN_OR_RETURN(p.id, people.InsertPerson(p));
    }
  }
  auto id_of = [&](const PersonRef& r) -> std::optional<int64_t> {
    if (!r.ok()) return std::nullopt;
    return job.households[static_cast<size_t>(r.household)].members[static_cast<size_t>(r.member)].id;
  };
  auto set_leader = [&](std::vector<Place>& list, const std::vector<PersonRef>& leaders) -> Status {
    for (size_t i = 0; i < list.size(); ++i) {
      auto id = id_of(leaders[i]);
      if (!id) continue;
      list[i].leader_person_id = id;
      RETURN_IF_ERROR(places.Update(list[i]));  // version 1, as inserted
      ++list[i].version;
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(set_leader(job.grids, job.grid_leader));
  RETURN_IF_ERROR(set_leader(job.units, job.unit_leader));
  for (size_t i = 0; i < job.buildings.size(); ++i) {
    auto id = id_of(job.building_leader[i]);
    if (!id) continue;
    job.buildings[i].leader_person_id = id;
    RETURN_IF_ERROR(people.UpdateBuilding(job.buildings[i]));
    ++job.buildings[i].version;
  }
  return Status::Ok();
}

}  // namespace wangge::cli::demo_detail
