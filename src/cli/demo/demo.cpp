// The demo-data generator. See demo.hpp for what it builds.
//
// Shape of the work: a plan of the whole county (townships -> villages -> grid sizes and rectangles) is drawn
// first from the seed; then the villages of each township are generated in full (places, buildings,
// households, people - validated and sealed) on the calling thread while the previous township is being
// written by the database's writer, one db.Write job per township, so generation and SQLite inserts overlap.
#include "cli/demo/demo.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <utility>

#include "cli/demo/orders.hpp"
#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/csv.hpp"
#include "core/dates.hpp"
#include "core/roles.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "storage/audit_repo.hpp"
#include "storage/departments_repo.hpp"
#include "storage/orgs_repo.hpp"
#include "storage/party_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {

namespace {

using namespace demo_detail;  // NOLINT(google-build-using-namespace)

// ------------------------------------------------------------------ random numbers

// Draws only through mt19937_64's raw output (fully specified by the standard), so a seed gives the same
// county with every standard library; std::uniform_*_distribution are implementation-defined.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  // Uniform in [lo, hi], inclusive. The modulo bias over 2^64 is negligible for these small ranges.
  int Int(int lo, int hi) { return lo + static_cast<int>(g_() % static_cast<uint64_t>(hi - lo + 1)); }
  double Real() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool Chance(double p) { return Real() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }
  // Index into a list of probabilities/weights (need not sum to 1).
  size_t Weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Real() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }

 private:
  std::mt19937_64 g_;
};

// A weighted word list with its cumulative weights, for fast picks.
class WordTable {
 public:
  explicit WordTable(const std::vector<WeightedWord>& words) {
    int total = 0;
    for (const auto& w : words) {
      total += w.weight;
      words_.push_back(w.word);
      cum_.push_back(total);
    }
  }
  std::string_view Pick(Rng& rng) const {
    int r = rng.Int(0, cum_.back() - 1);
    auto it = std::upper_bound(cum_.begin(), cum_.end(), r);
    return words_[static_cast<size_t>(it - cum_.begin())];
  }

 private:
  std::vector<std::string_view> words_;
  std::vector<int> cum_;
};

// ------------------------------------------------------------------ dates

// The generator's "today": every birth date and tag date lies on or before it, and ValidatePerson is run
// against it, so the same seed gives the same people whatever the clock says.
constexpr std::string_view kRefDate = "2026-06-30";
const int64_t kRefDays = DaysFromCivil(2026, 6, 30);
const int64_t kFirstIdDay = DaysFromCivil(1920, 1, 1);

// ------------------------------------------------------------------ division tables

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

struct Divisions {
  std::string province_code, province_name, prefecture_code, prefecture_name, county_code, county_name;
  std::vector<std::pair<std::string, std::string>> townships;  // code, name (file order)
};

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

// "street" for 001-099 (街道), "town" 100-199 (镇), "township" 200-399 (乡), "" otherwise.
std::string TownshipKind(std::string_view code) {
  int n = std::stoi(std::string(code.substr(6, 3)));
  if (n < 100) return "street";
  if (n < 200) return "town";
  if (n < 400) return "township";
  return "";
}

// "娜姑镇" -> "娜姑", "新街回族乡" -> "新街", "古城街道" -> "古城".
std::string Stem(std::string_view name) {
  static const std::array<std::string_view, 8> kSuffixes = {"彝族苗族乡", "回族乡", "彝族乡", "苗族乡",
                                                            "民族乡",     "街道",   "镇",     "乡"};
  for (auto s : kSuffixes)
    if (name.size() > s.size() && name.substr(name.size() - s.size()) == s)
      return std::string(name.substr(0, name.size() - s.size()));
  return std::string(name);
}

// ------------------------------------------------------------------ geometry

struct Rect {
  double x0, y0, x1, y1;  // lon/lat degrees: west, south, east, north
};

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

std::vector<Rect> Tile(const Rect& r, const std::vector<double>& weights) {
  std::vector<Rect> out(weights.size());
  if (!weights.empty()) Bisect(r, weights.data(), weights.size(), out.data());
  return out;
}

void AppendNum(std::string& s, double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back as the same double
  s.append(buf, res.ptr);
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

// ------------------------------------------------------------------ the plan

struct GridPlan {
  std::string code, name;
  bool exclusive = false;
  std::string site;  // exclusive grids: "会泽县第一中学"
  int households = 0;
  Rect rect{};
};

struct VillagePlan {
  std::string code, name, kind;  // kind "community" | "village"
  std::string township_code, township_name;
  bool seat = false;  // a community at a town seat
  Rect rect{};
  std::vector<GridPlan> grids;
};

struct TownshipPlan {
  std::string code, name, kind;
  Rect rect{};
  std::vector<VillagePlan> villages;
};

std::string Num3(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

std::string Chinese(int n) {  // 1..99 -> 一..九十九
  static const char* kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return kDigits[n];
  std::string s = n >= 20 ? std::string(kDigits[n / 10]) + "十" : std::string("十");
  return s + kDigits[n % 10];
}

class Namer {
 public:
  explicit Namer(Rng* rng) : rng_(rng) {}
  std::string Village() {
    for (int attempt = 0;; ++attempt) {
      std::string n;
      if (rng_->Chance(0.2)) {  // 李家湾村
        static const WordTable surnames(Surnames());
        n = std::string(surnames.Pick(*rng_)) + "家" + std::string(rng_->Pick(VillageSecond()));
      } else {
        n = std::string(rng_->Pick(VillageFirst())) + std::string(rng_->Pick(VillageSecond()));
      }
      if (attempt > 50) n += Chinese(attempt % 90 + 1);
      if (used_.insert(n + "村").second) return n + "村";
    }
  }
  std::string Community() {
    for (int attempt = 0;; ++attempt) {
      std::string n = std::string(rng_->Pick(CommunityFirst())) + std::string(rng_->Pick(CommunitySecond()));
      if (attempt > 50) n += Chinese(attempt % 90 + 1);
      if (used_.insert(n + "社区").second) return n + "社区";
    }
  }
  bool Reserve(const std::string& name) { return used_.insert(name).second; }

 private:
  Rng* rng_;
  std::set<std::string> used_;
};

struct Plan {
  Divisions div;
  std::vector<TownshipPlan> townships;
};

// The county's bounding box: 会泽县 lies at about 103.0-103.9E, 25.9-26.8N. Other counties get the same box
// (the division tables carry no coordinates).
constexpr Rect kCountyBox{103.0, 25.9, 103.9, 26.8};

Plan MakePlan(Rng& rng, Divisions div, bool full) {
  Plan plan;
  plan.div = std::move(div);
  Namer namer(&rng);
  // Townships: FULL takes all of them; SMALL the first 街道 and the first 镇 (or else the first other one).
  std::vector<std::pair<std::string, std::string>> chosen;
  if (full) {
    chosen = plan.div.townships;
  } else {
    auto first_of = [&](auto pred) -> std::optional<std::pair<std::string, std::string>> {
      for (auto& t : plan.div.townships)
        if (pred(TownshipKind(t.first))) return t;
      return std::nullopt;
    };
    auto a = first_of([](const std::string& k) { return k == "street"; });
    auto b = first_of([](const std::string& k) { return k == "town"; });
    if (!b) b = first_of([](const std::string& k) { return k != "street"; });
    if (a) chosen.push_back(*a);
    if (b) chosen.push_back(*b);
    for (auto& t : plan.div.townships)  // a county with a single kind of township
      if (chosen.size() < 2 && std::find(chosen.begin(), chosen.end(), t) == chosen.end())
        chosen.push_back(t);
  }
  // How many villages/communities each township gets. FULL: ~381 for 25 townships (会泽县).
  std::vector<int> counts(chosen.size(), 0), seats(chosen.size(), 0);
  {
    int streets_total = 0;
    std::vector<size_t> rural;
    for (size_t i = 0; i < chosen.size(); ++i) {
      if (TownshipKind(chosen[i].first) == "street") {
        counts[i] = full ? rng.Int(8, 10) : 2;
        streets_total += counts[i];
      } else {
        rural.push_back(i);
      }
    }
    if (full && !rural.empty()) {
      const int target = static_cast<int>(std::lround(381.0 * static_cast<double>(chosen.size()) / 25.0));
      int remaining = std::max(target - streets_total, static_cast<int>(rural.size()) * 8);
      std::vector<double> w;
      double wsum = 0;
      for (size_t i : rural) {
        w.push_back((TownshipKind(chosen[i].first) == "town" ? 1.25 : 1.0) * (0.7 + 0.6 * rng.Real()));
        wsum += w.back();
      }
      int given = 0;
      std::vector<std::pair<double, size_t>> frac;
      for (size_t j = 0; j < rural.size(); ++j) {
        double exact = remaining * w[j] / wsum;
        counts[rural[j]] = static_cast<int>(exact);
        given += counts[rural[j]];
        frac.emplace_back(exact - counts[rural[j]], j);
      }
      std::sort(frac.begin(), frac.end(), std::greater<>());
      for (size_t j = 0; given < remaining; ++j, ++given) ++counts[rural[frac[j % frac.size()].second]];
      for (size_t i : rural) seats[i] = TownshipKind(chosen[i].first) == "town" ? 2 : 1;
    } else {
      for (size_t i : rural) counts[i] = full ? 12 : 3;
    }
  }
  // Villages and their grids.
  for (size_t ti = 0; ti < chosen.size(); ++ti) {
    TownshipPlan t;
    t.code = chosen[ti].first;
    t.name = chosen[ti].second;
    t.kind = TownshipKind(t.code);
    const bool street = t.kind == "street";
    const std::string stem = Stem(t.name);
    int next_community = 1, next_village = 201;
    for (int vi = 0; vi < counts[ti]; ++vi) {
      VillagePlan v;
      v.township_code = t.code;
      v.township_name = t.name;
      const bool community = street || vi < seats[ti];
      v.kind = community ? "community" : "village";
      v.seat = community && !street;
      v.code = t.code + Num3(community ? next_community++ : next_village++);
      if (v.seat && vi == 0 && namer.Reserve(stem + "社区")) {
        v.name = stem + "社区";
      } else {
        v.name = community ? namer.Community() : namer.Village();
      }
      // Grid sizes.
      int comprehensive = 0, exclusive = 0;
      if (!community) {
        comprehensive = full ? 8 + rng.Int(0, 6) + rng.Int(0, 7) : rng.Int(3, 4);
      } else if (street) {
        comprehensive = full ? rng.Int(3, 8) : 2;
        exclusive = full ? (rng.Chance(0.35) ? 1 : 0) + (rng.Chance(0.1) ? 1 : 0) : (vi == 0 ? 1 : 0);
      } else {
        comprehensive = rng.Int(2, 4);
        exclusive = rng.Chance(0.3) ? 1 : 0;
      }
      for (int g = 1; g <= comprehensive; ++g) {
        GridPlan gp;
        gp.code = v.code + Num3(g);
        gp.name = v.name + "第" + std::to_string(g) + "网格";
        if (!community)
          gp.households =
              rng.Chance(0.04) ? rng.Int(60, 140) : 20 + rng.Int(0, 10) + rng.Int(0, 10) + rng.Int(0, 8);
        else if (street)
          gp.households = rng.Int(320, 480);
        else
          gp.households = rng.Int(300, 460);
        v.grids.push_back(std::move(gp));
      }
      for (int g = 1; g <= exclusive; ++g) {
        GridPlan gp;
        gp.code = v.code + Num3(900 + g);
        gp.exclusive = true;
        if (street) {
          std::string site;
          for (int attempt = 0; attempt < 40 && site.empty(); ++attempt) {
            std::string s = plan.div.county_name + std::string(rng.Pick(ExclusiveSites()));
            if (namer.Reserve(s)) site = s;
          }
          if (site.empty()) site = v.name + "学校";
          gp.site = site;
        } else {
          gp.site = t.name + (rng.Chance(0.5) ? "中心学校" : "卫生院");
          if (!namer.Reserve(gp.site)) gp.site = v.name + "卫生室";
        }
        gp.name = gp.site + "专属网格";
        gp.households = rng.Int(6, 16);
        v.grids.push_back(std::move(gp));
      }
      t.villages.push_back(std::move(v));
    }
    plan.townships.push_back(std::move(t));
  }
  // Geometry: county box -> townships -> villages -> grids, areas by weight (urban places are small).
  auto village_weight = [](const VillagePlan& v) {
    return v.kind == "village" ? 1.0 : (v.seat ? 0.08 : 0.06);
  };
  std::vector<double> tw;
  for (auto& t : plan.townships) {
    double w = 0;
    for (auto& v : t.villages) w += village_weight(v);
    tw.push_back(std::max(w, 0.05));
  }
  auto trects = Tile(kCountyBox, tw);
  for (size_t i = 0; i < plan.townships.size(); ++i) {
    auto& t = plan.townships[i];
    t.rect = trects[i];
    std::vector<double> vw;
    for (auto& v : t.villages) vw.push_back(village_weight(v));
    auto vrects = Tile(t.rect, vw);
    for (size_t j = 0; j < t.villages.size(); ++j) {
      auto& v = t.villages[j];
      v.rect = vrects[j];
      std::vector<double> gw;
      for (auto& g : v.grids) gw.push_back(g.exclusive ? 0.35 : 1.0);
      auto grects = Tile(v.rect, gw);
      for (size_t k = 0; k < v.grids.size(); ++k) v.grids[k].rect = grects[k];
    }
  }
  return plan;
}

// ------------------------------------------------------------------ people

// Demo citizen IDs: address code = the county, the real birth date, and a sequence number 900-999 only (odd =
// male, even = female), so every demo ID is valid but recognisable. Each (birth date, sex) has 50 numbers;
// when a day is used up the birth date moves to the next free day.
class IdPool {
 public:
  explicit IdPool(std::string county)
      : county_(std::move(county)), used_((kRefDays - kFirstIdDay + 2) * 2, 0) {}
  // Returns the ID and may move *day to a free one (the nearest day with a free number, later days first).
  std::string Take(Rng& rng, int64_t* day, bool male) {
    const int64_t want = std::clamp(*day, kFirstIdDay, kRefDays);
    for (int64_t off = 0;; ++off) {
      for (int64_t cand : {want + off, want - off}) {
        if (cand < kFirstIdDay || cand > kRefDays) continue;
        uint64_t& mask = used_[static_cast<size_t>((cand - kFirstIdDay) * 2 + (male ? 1 : 0))];
        if (mask == (uint64_t{1} << 50) - 1) continue;
        int slot = rng.Int(0, 49);
        while (mask & (uint64_t{1} << slot)) slot = (slot + 1) % 50;
        mask |= uint64_t{1} << slot;
        *day = cand;
        const CivilDate t = CivilFromDays(cand);
        return MakeCitizenId(county_, t.year, t.month, t.day, 900 + 2 * slot + (male ? 1 : 0));
      }
    }
  }

 private:
  std::string county_;
  std::vector<uint64_t> used_;
};

struct Ctx {
  explicit Ctx(uint64_t seed, const FieldCipher& c, std::string county)
      : rng(seed), cipher(c), ids(std::move(county)) {}
  Rng rng;
  const FieldCipher& cipher;
  IdPool ids;
  std::string county_name;
  WordTable surnames{Surnames()};
  WordTable hui{SurnamesOf("回族")}, yi{SurnamesOf("彝族")}, miao{SurnamesOf("苗族")};
  int64_t hh_serial = 0;

  std::string_view Surname(std::string_view eth) {
    if (eth == "回族") return hui.Pick(rng);
    if (eth == "彝族") return yi.Pick(rng);
    if (eth == "苗族") return miao.Pick(rng);
    return surnames.Pick(rng);
  }
  std::string Given(bool male, int birth_year) {
    const int gen = birth_year < 1965 ? 0 : (birth_year < 1995 ? 1 : 2);
    const GivenNameChars& g = GivenNames(male ? 0 : 1, gen);
    if (rng.Chance(gen == 1 ? 0.35 : 0.25)) return std::string(rng.Pick(g.last));
    return std::string(rng.Pick(g.first)) + std::string(rng.Pick(g.last));
  }
  std::string Name(bool male, int birth_year) {
    return std::string(Surname("汉族")) + Given(male, birth_year);
  }
  std::string Phone() {
    // 154 is a mobile segment not issued to subscribers: the numbers are well-formed and reach nobody.
    char buf[16];
    std::snprintf(buf, sizeof buf, "154%08d", rng.Int(0, 99999999));
    return buf;
  }
  // A date between max(birth, ref - years_back) and ref.
  int64_t Since(int64_t birth, int years_back) {
    int64_t lo = std::max(birth, kRefDays - 365 * years_back);
    return lo + rng.Int(0, static_cast<int>(kRefDays - lo));
  }
};

// Ethnicity of a household head. Minorities of 会泽县: 彝族, 回族 (新街回族乡 most), 苗族, 布依族.
std::string Ethnicity(Rng& rng, std::string_view township_name) {
  const bool hui_township = township_name.find("回族") != std::string_view::npos;
  static const std::vector<std::string> kNames = {"汉族", "彝族", "回族", "苗族", "布依族", "白族"};
  static const std::vector<double> kBase = {0.925, 0.03, 0.028, 0.01, 0.004, 0.003};
  static const std::vector<double> kHui = {0.52, 0.03, 0.43, 0.01, 0.005, 0.005};
  return kNames[rng.Weighted(hui_township ? kHui : kBase)];
}

struct Member {
  std::string relation;
  bool male = true;
  int age = 0;
  std::string surname;
};

// The members of one household, head first.
std::vector<Member> MakeFamily(Rng& rng, bool urban) {
  static const std::vector<double> kRuralSize = {0.09, 0.16, 0.21, 0.25, 0.17, 0.12};      // mean 3.61
  static const std::vector<double> kUrbanSize = {0.12, 0.22, 0.26, 0.24, 0.11, 0.05};      // mean 3.15
  static const std::vector<double> kHeadAge = {0.08, 0.18, 0.22, 0.22, 0.16, 0.10, 0.04};  // 22-29 … 80-89
  const int size = 1 + static_cast<int>(rng.Weighted(urban ? kUrbanSize : kRuralSize));
  const size_t band = rng.Weighted(kHeadAge);
  int head_age = band == 0 ? rng.Int(22, 29) : static_cast<int>(band) * 10 + 20 + rng.Int(0, 9);
  std::vector<Member> m;
  Member head{"户主", true, head_age, ""};
  if (size == 1)
    head.male = rng.Chance(head_age >= 60 ? 0.45 : 0.6);
  else
    head.male = rng.Chance(urban ? 0.7 : 0.82);
  auto spouse_of = [&](const Member& h) {
    Member s{"配偶", !h.male, 0, ""};
    s.age = std::clamp(h.male ? h.age - rng.Int(-2, 6) : h.age + rng.Int(-2, 6), 20, 98);
    return s;
  };
  auto children = [&](int parent_age, int n, const char* son, const char* daughter,
                      std::vector<Member>* out) {
    int a = std::max(0, parent_age - rng.Int(20, 30));
    for (int i = 0; i < n; ++i) {
      bool male = rng.Chance(0.52);
      out->push_back(Member{male ? son : daughter, male, a, ""});
      a = std::max(0, a - rng.Int(1, 5));
    }
  };
  if (size >= 4 && head_age >= 58 && rng.Chance(0.5)) {
    // Three generations: head, spouse, son, daughter-in-law, grandchildren.
    m.push_back(head);
    m.push_back(spouse_of(head));
    Member son{"子", true, std::max(20, head_age - rng.Int(22, 32)), ""};
    Member dil{"儿媳", false, std::clamp(son.age + rng.Int(-4, 3), 19, 98), ""};
    m.push_back(son);
    m.push_back(dil);
    children(std::min(son.age, dil.age + 2), size - 4, "孙子", "孙女", &m);
    return m;
  }
  int parents = 0;
  bool spouse = size >= 3 || (size == 2 && rng.Chance(0.75));
  if (size >= 5 && head_age <= 50 && rng.Chance(0.45)) parents = size >= 6 && rng.Chance(0.5) ? 2 : 1;
  int kids = size - 1 - (spouse ? 1 : 0) - parents;
  if (kids > 0) head.age = std::max(head.age, 22 + 2 * kids + rng.Int(0, 8));
  if (parents > 0) head.age = std::min(head.age, 65);
  m.push_back(head);
  if (spouse) m.push_back(spouse_of(head));
  children(head.male || !spouse ? head.age : m[1].age, kids, "子", "女", &m);
  if (parents > 0) {
    int pa = std::min(98, head.age + rng.Int(22, 32));
    bool father = parents == 2 || rng.Chance(0.4);
    if (father) m.push_back(Member{"父亲", true, pa, ""});
    if (parents == 2 || !father) m.push_back(Member{"母亲", false, std::min(98, pa - rng.Int(0, 5)), ""});
  }
  return m;
}

// ------------------------------------------------------------------ villages

struct GenHousehold {
  Household h;
  int grid = 0;       // index into VillageJob::grids
  int unit = 0;       // index into VillageJob::units
  int building = -1;  // index into VillageJob::buildings
  std::vector<Person> members;
  std::vector<int> ages;        // completed years on kRefDate
  std::vector<int64_t> births;  // days since 1970-01-01
  std::vector<bool> male;
};

struct PersonRef {
  int household = -1, member = -1;
  bool ok() const { return household >= 0; }
};

struct VillageJob {
  const VillagePlan* plan = nullptr;
  Place village;
  std::vector<Place> grids, units;
  std::vector<int> unit_grid;  // grid index of each unit
  std::vector<Building> buildings;
  std::vector<GenHousehold> households;
  std::vector<PersonRef> grid_leader, unit_leader, building_leader;
  int64_t people = 0, tagged = 0;
};

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

std::string Json(const nlohmann::json& j) { return j.dump(); }

// Care and sensitive groups of one household's members, at roughly the rates of a poor rural county.
void AddTags(Ctx& c, const VillagePlan& vp, GenHousehold& hh) {
  Rng& rng = c.rng;
  const bool rural = vp.kind == "village";
  const size_t n = hh.members.size();
  auto birth_of = [&](size_t i) { return hh.births[i]; };
  auto add = [&](size_t i, const char* tag, nlohmann::json fields, int years_back = 6) {
    hh.members[i].tags.push_back(PersonTag{tag, Json(fields), FormatDate(c.Since(birth_of(i), years_back))});
  };
  // The oldest other adult: guardian of a child, caregiver of an elder.
  auto other_adult = [&](size_t i) -> std::optional<size_t> {
    std::optional<size_t> best;
    for (size_t j = 0; j < n; ++j)
      if (j != i && hh.ages[j] >= 18 && (!best || hh.ages[j] > hh.ages[*best])) best = j;
    return best;
  };
  // 低保: the whole household.
  if (rng.Chance(rural ? 0.05 : 0.025)) {
    nlohmann::json f;
    f["cert_no"] = "HZDB" + std::to_string(rng.Int(10000000, 99999999));
    f["approved_on"] = FormatDate(c.Since(kRefDays - 365 * 8, 8));
    for (size_t i = 0; i < n; ++i) {
      f["monthly_amount"] = rng.Int(25, 65) * 10;
      add(i, "dibao", f);
    }
  }
  static const std::vector<std::string> kDisType = {"肢体", "视力", "听力", "言语", "智力", "精神", "多重"};
  static const std::vector<double> kDisTypeW = {0.50, 0.13, 0.12, 0.02, 0.07, 0.08, 0.08};
  static const std::vector<std::string> kGrade = {"一级", "二级", "三级", "四级"};
  static const std::vector<double> kGradeW = {0.12, 0.22, 0.28, 0.38};
  static const std::vector<std::string> kHealth = {"健康", "慢性病", "失能", "半失能"};
  static const std::vector<std::string> kEntitled = {
      "伤残军人", "烈属", "因公牺牲军人遗属", "病故军人遗属", "在乡老复员军人", "带病回乡退伍军人", "其他"};
  for (size_t i = 0; i < n; ++i) {
    const int age = hh.ages[i];
    const bool male = hh.male[i];
    bool severe_disability = false;
    if (rng.Chance(age < 18 ? 0.015 : (age < 60 ? 0.05 : 0.12))) {
      nlohmann::json f;
      f["disability_type"] = kDisType[rng.Weighted(kDisTypeW)];
      std::string grade = kGrade[rng.Weighted(kGradeW)];
      severe_disability = grade == "一级" || grade == "二级";
      f["grade"] = grade;
      if (rng.Chance(0.8)) {
        // 残疾人证号: the holder's ID, then the category and grade digits.
        (void)rng.Int(10000000,
                      99999999);  // the draw of the old made-up number: keeps every later demo value
        std::string cert = hh.members[i].citizen_id;
        for (char d = '1'; d <= '7'; ++d)
          if (DisabilityCategoryOf(d) == f["disability_type"].get<std::string>()) cert += d;
        for (char d = '1'; d <= '4'; ++d)
          if (DisabilityGradeOf(d) == grade) cert += d;
        f["cert_no"] = cert;
      }
      add(i, "disabled", f, 15);
    }
    if ((age >= 60 && n <= 2 && rng.Chance(0.09)) || (age >= 18 && severe_disability && rng.Chance(0.05))) {
      nlohmann::json f;
      f["support_mode"] = rng.Chance(0.2) ? "集中供养" : "分散供养";
      f["approved_on"] = FormatDate(c.Since(kRefDays - 365 * 10, 10));
      add(i, "tekun", f);
    }
    if (age < 16 && rng.Chance(rural ? 0.02 : 0.005)) {
      if (auto g = other_adult(i)) {
        nlohmann::json f;
        f["guardian"] = hh.members[*g].name;
        if (!hh.members[*g].phone.empty()) f["guardian_phone"] = hh.members[*g].phone;
        if (age >= 6 && age < 12)
          f["school"] = rural ? vp.name.substr(0, vp.name.size() - 3) + "小学" : c.county_name + "第一小学";
        else if (age >= 12)
          f["school"] = Stem(vp.township_name) + "中学";
        add(i, "left_behind_child", f, 4);
      }
    }
    if (rural && !male && age >= 20 && age <= 55 && hh.members[i].relation != "母亲" && rng.Chance(0.04)) {
      nlohmann::json f;
      f["spouse_workplace"] = std::string(rng.Pick(Workplaces()));
      add(i, "left_behind_woman", f, 4);
    }
    if (age >= 60 && rng.Chance(rural ? 0.025 : 0.01)) {
      nlohmann::json f;
      f["caregiver"] = c.Name(rng.Chance(0.5), 1970 + rng.Int(0, 30));
      if (rng.Chance(0.7)) f["caregiver_phone"] = c.Phone();
      add(i, "left_behind_elder", f, 5);
    }
    if (age >= 60 && n == 1 && rng.Chance(0.3)) {
      nlohmann::json f;
      f["caregiver"] = c.Name(rng.Chance(0.5), 1960 + rng.Int(0, 40));
      f["health"] = kHealth[rng.Weighted({0.35, 0.45, 0.08, 0.12})];
      add(i, "living_alone_elder", f, 5);
    }
    if (age >= 45 && rng.Chance(male ? 0.018 : 0.003)) {
      nlohmann::json f;
      f["category"] = kEntitled[rng.Weighted({0.15, 0.1, 0.05, 0.1, 0.25, 0.25, 0.1})];
      add(i, "entitled", f, 20);
    }
    // Sensitive groups (综治 roles only).
    if (age >= 18 && age <= 60 && rng.Chance(male ? 0.001 : 0.0002)) {
      nlohmann::json f;
      int64_t start = c.Since(kRefDays - 700, 2);
      f["start_on"] = FormatDate(start);
      f["end_on"] = FormatDate(start + 30 * rng.Int(6, 36));
      static const std::vector<std::string> kType = {"管制", "缓刑", "假释", "暂予监外执行"};
      f["type"] = kType[rng.Weighted({0.05, 0.8, 0.1, 0.05})];
      hh.members[i].tags.push_back(PersonTag{"community_correction", Json(f), FormatDate(start)});
    }
    if (age >= 20 && age <= 65 && rng.Chance(male ? 0.003 : 0.0004)) {
      nlohmann::json f;
      int64_t released = c.Since(kRefDays - 365 * 5, 5);
      f["released_on"] = FormatDate(released);
      f["resettled"] = rng.Chance(0.85) ? "已安置" : "未安置";
      hh.members[i].tags.push_back(PersonTag{"released_prisoner", Json(f), FormatDate(released)});
    }
    if (age >= 16 && rng.Chance(0.0045)) {
      nlohmann::json f;
      static const std::vector<std::string> kRisk = {"0级", "1级", "2级", "3级", "4级", "5级"};
      f["risk_level"] = kRisk[rng.Weighted({0.55, 0.25, 0.1, 0.06, 0.03, 0.01})];
      if (auto g = other_adult(i)) {
        f["guardian"] = hh.members[*g].name;
        if (!hh.members[*g].phone.empty()) f["guardian_phone"] = hh.members[*g].phone;
      }
      add(i, "severe_mental_disorder", f, 10);
    }
    if (age >= 18 && age <= 55 && rng.Chance(male ? 0.0018 : 0.0003)) {
      nlohmann::json f;
      static const std::vector<std::string> kStatus = {"社区戒毒", "社区康复", "戒断三年未复吸", "其他"};
      f["status"] = kStatus[rng.Weighted({0.2, 0.3, 0.45, 0.05})];
      add(i, "drug_user", f, 8);
    }
    if (age >= 12 && age <= 25 && rng.Chance(0.004)) {
      nlohmann::json f;
      static const std::vector<std::string> kType = {"闲散青少年", "流浪乞讨", "服刑人员未成年子女",
                                                     "有不良行为", "其他"};
      f["type"] = kType[rng.Weighted({0.5, 0.03, 0.12, 0.3, 0.05})];
      add(i, "key_youth", f, 3);
    }
    if (age >= 30 && rng.Chance(0.0004)) {
      nlohmann::json f;
      f["matter"] = std::string(rng.Pick(PetitionMatters()));
      add(i, "key_petitioner", f, 4);
    }
  }
}

// One household: its members as validated, sealed Person records.
Status MakeHousehold(Ctx& c, const VillagePlan& vp, GenHousehold& hh) {
  Rng& rng = c.rng;
  const bool urban = vp.kind == "community";
  std::vector<Member> fam = MakeFamily(rng, urban);
  const std::string eth = Ethnicity(rng, vp.township_name);
  // Surnames: the head's; children take the father's (the head's, or the spouse's when the head is a woman
  // with a husband in the household); parents of the head share it; spouses and daughters-in-law have their
  // own.
  std::string head_surname(c.Surname(eth));
  std::string spouse_surname(c.Surname(eth));
  std::string family = head_surname;
  bool has_spouse = fam.size() > 1 && fam[1].relation == "配偶";
  if (!fam[0].male && has_spouse) family = spouse_surname;
  const bool three_gen = fam.size() > 3 && fam[3].relation == "儿媳";
  for (auto& m : fam) {
    if (m.relation == "户主" || m.relation == "父亲")
      m.surname = head_surname;
    else if (m.relation == "配偶")
      m.surname = spouse_surname;
    else if (m.relation == "母亲" || m.relation == "儿媳")
      m.surname = c.Surname(eth);
    else if (three_gen)
      m.surname = head_surname;  // 子, 孙子, 孙女: the head's line
    else
      m.surname = family;
  }
  if (three_gen &&
      !fam[0].male) {  // a widowed grandmother heading the house: the son keeps his father's name
    for (auto& m : fam)
      if (m.relation == "子" || m.relation == "孙子" || m.relation == "孙女") m.surname = spouse_surname;
  }
  for (size_t i = 0; i < fam.size(); ++i) {
    const Member& m = fam[i];
    int64_t day = kRefDays - static_cast<int64_t>(std::floor(m.age * 365.2425)) - rng.Int(0, 364);
    std::string cid = c.ids.Take(rng, &day, m.male);
    const int age = static_cast<int>((kRefDays - day) / 365.2425);
    const int birth_year = CivilFromDays(day).year;
    Person p;
    p.place_code = hh.h.place_code;
    p.name = m.surname + c.Given(m.male, birth_year);
    p.citizen_id = std::move(cid);
    p.ethnicity = (m.relation == "配偶" || m.relation == "母亲" || m.relation == "儿媳") && rng.Chance(0.15)
                      ? Ethnicity(rng, vp.township_name)
                      : eth;
    if (age >= 18 && rng.Chance(m.male ? 0.105 : 0.05))
      p.political_status = age >= 21 || rng.Chance(0.3) ? "中共党员" : "中共预备党员";
    else if (age >= 14 && age <= 28 && rng.Chance(0.35))
      p.political_status = "共青团员";
    else if (age >= 14)
      p.political_status = "群众";
    if (age >= 16 && rng.Chance(age >= 70 ? 0.55 : 0.92)) p.phone = c.Phone();
    p.residence_type = hh.h.residence_type;
    p.relation = m.relation;
    hh.members.push_back(std::move(p));
    hh.ages.push_back(age);
    hh.births.push_back(day);
    hh.male.push_back(m.male);
  }
  AddTags(c, vp, hh);
  for (Person& p : hh.members) {
    Status st = ValidatePerson(&p, kRefDate);
    if (!st.ok()) return Internal("demo person failed validation: " + st.ToString());
    SealPersonalData(c.cipher, &p);
  }
  return Status::Ok();
}

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
      std::snprintf(no, sizeof no, "HZ%s%05d", vp.code.substr(6).c_str(), ++hh_no);
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

// ------------------------------------------------------------------ organisations

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

// ------------------------------------------------------------------ 党组织 tree

// A party org and the index of its parent in the same list (-1 = none); listed parents first.
struct PlannedPartyOrg {
  PartyOrg org;
  int parent = -1;
};

// One 党工委/党委 per township, one 党组织 per village or community, a 网格党支部 for nine grids in ten and a
// few 楼栋党小组 in urban (community) grids that have a branch.
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

// ------------------------------------------------------------------ accounts

struct AccountSpec {
  std::string username, role, place_code, display_name;
  std::optional<int64_t> person_id;
  bool department = false;  // police: the 公安 department
};

struct Found {
  std::string secretary_village, grid, unit, grid2;
  std::string grid_leader_name, unit_leader_name, party_name, resident_name, grid2_leader_name;
  std::optional<int64_t> grid_leader, unit_leader, party, resident, grid2_leader;
};

// Picks the account holders out of a written village (person IDs are known now).
void Harvest(Rng& rng, const VillageJob& job, const std::string& secretary_village,
             const std::string& grid2_village, Found* f) {
  auto person = [&](const PersonRef& r) -> const Person* {
    if (!r.ok()) return nullptr;
    return &job.households[static_cast<size_t>(r.household)].members[static_cast<size_t>(r.member)];
  };
  if (job.village.code == secretary_village && !job.grids.empty()) {
    f->secretary_village = job.village.code;
    f->grid = job.grids[0].code;
    if (const Person* p = person(job.grid_leader[0])) {
      f->grid_leader = p->id;
      f->grid_leader_name = p->name;
    }
    for (size_t u = 0; u < job.units.size(); ++u)
      if (job.unit_grid[u] == 0) {
        f->unit = job.units[u].code;
        if (const Person* p = person(job.unit_leader[u])) {
          f->unit_leader = p->id;
          f->unit_leader_name = p->name;
        }
        break;
      }
    std::vector<const Person*> party, residents;
    for (const auto& hh : job.households)
      for (size_t m = 0; m < hh.members.size(); ++m) {
        const Person& p = hh.members[m];
        if (hh.ages[m] < 18 || p.id == f->grid_leader || p.id == f->unit_leader) continue;
        if (p.political_status == "中共党员")
          party.push_back(&p);
        else if (p.relation == "户主" && hh.ages[m] <= 60)
          residents.push_back(&p);
      }
    if (!party.empty()) {
      const Person* p = rng.Pick(party);
      f->party = p->id;
      f->party_name = p->name;
    }
    if (!residents.empty()) {
      const Person* p = rng.Pick(residents);
      f->resident = p->id;
      f->resident_name = p->name;
    }
  }
  if (job.village.code == grid2_village && !job.grids.empty()) {
    f->grid2 = job.grids[0].code;
    if (const Person* p = person(job.grid_leader[0])) {
      f->grid2_leader = p->id;
      f->grid2_leader_name = p->name;
    }
  }
}

// The 12345 operator's name, from its own generator so the other accounts and the party org names stay as
// they were for a seed.
std::string HotlineName(uint64_t seed) {
  Rng rng(seed ^ 0x686f746c696e6531ULL);
  static const WordTable surnames(Surnames());
  const GivenNameChars& g = GivenNames(1, 1);
  return std::string(surnames.Pick(rng)) + std::string(rng.Pick(g.first)) + std::string(rng.Pick(g.last));
}

const std::vector<std::pair<const char*, const char*>>& DepartmentTable() {
  static const std::vector<std::pair<const char*, const char*>> v = {
      {"gongan", "县公安局"}, {"chengguan", "县城管局"}, {"scjg", "县市场监管局"}, {"minzheng", "县民政局"},
      {"sifa", "县司法局"},   {"xinfang", "县信访局"},   {"zhujian", "县住建局"},  {"weijian", "县卫健局"}};
  return v;
}

}  // namespace

// ------------------------------------------------------------------ BuildDemo

Result<DemoSummary> BuildDemo(storage::Database& db, const FieldCipher& cipher, const DemoOptions& opt) {
  const auto started = std::chrono::steady_clock::now();
  InitCrypto();
  if (opt.scale != "full" && opt.scale != "small")
    return InvalidArgument("规模只能是 full 或 small", "scale must be full or small", "scale");
  const bool full = opt.scale == "full";
  ASSIGN_OR_RETURN(Divisions div, LoadDivisions(opt.divisions_dir, opt.county));

  // Refuse a county that already has data below it.
  {
    ASSIGN_OR_RETURN(auto tx, db.Read());
    for (Level l : {Level::kTownship, Level::kVillage}) {
      ASSIGN_OR_RETURN(int64_t n, tx->places().CountInScope(opt.county, static_cast<int>(l)));
      if (n > 0)
        return FailedPrecondition(
            "数据库中 " + opt.county + " 下已有地点，演示数据只能写入空的县",
            "the database already has places under " + opt.county + "; the demo needs an empty county");
    }
  }

  // Passwords are hashed (argon2id, ~0.1 s each) on a side thread while the villages are written.
  static const std::array<const char*, 12> kUsers = {"admin",     "county",      "township",    "township2",
                                                     "secretary", "gridworker",  "gridworker2", "unitleader",
                                                     "police",    "partymember", "resident",    "hotline"};
  auto passwords = std::async(std::launch::async, [] {
    std::vector<std::pair<std::string, std::string>> v;  // plaintext, hash
    for (size_t i = 0; i < kUsers.size(); ++i) {
      std::string pw = GeneratePassword();
      v.emplace_back(pw, HashPassword(pw));
    }
    return v;
  });

  Ctx c(opt.seed, cipher, opt.county);
  c.county_name = div.county_name;
  Plan plan = MakePlan(c.rng, std::move(div), full);
  const Divisions& d = plan.div;
  DemoSummary sum;

  // Job 1: province, prefecture, county (unless present), townships, departments.
  std::vector<Department> depts;
  {
    std::vector<Place> upper;
    for (auto [code, name] :
         {std::pair{d.province_code, d.province_name}, std::pair{d.prefecture_code, d.prefecture_name},
          std::pair{d.county_code, d.county_name}})
      upper.push_back(MakePlace(code, name, "", ""));
    std::vector<Place> towns;
    for (const auto& t : plan.townships)
      towns.push_back(MakePlace(t.code, t.name, t.kind, RectGeoJson(t.rect)));
    for (Place& p : upper) RETURN_IF_ERROR(ValidatePlace(&p));
    for (Place& p : towns) RETURN_IF_ERROR(ValidatePlace(&p));
    for (const auto& [code, name] : DepartmentTable()) {
      Department dep;
      dep.code = code;
      dep.name = name;
      dep.place_code = d.county_code;
      RETURN_IF_ERROR(ValidateDepartment(&dep));
      depts.push_back(dep);
    }
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      for (const Place& p : upper) {
        auto got = tx.places().Get(p.code);
        if (got.ok()) continue;
        if (got.status().code() != StatusCode::kNotFound) return got.status();
        RETURN_IF_ERROR(tx.places().Insert(p));
      }
      for (const Place& p : towns) RETURN_IF_ERROR(tx.places().Insert(p));
      // Departments: reuse one that already has the code.
      std::map<std::string, int64_t> existing;
      storage::PageRequest page{"", 1000};
      for (;;) {
        ASSIGN_OR_RETURN(auto pg, tx.departments().List("", page));
        for (const auto& dep : pg.items) existing[dep.code] = dep.id;
        if (pg.next.empty()) break;
        page.after = pg.next;
      }
      for (Department& dep : depts) {
        if (auto it = existing.find(dep.code); it != existing.end()) {
          dep.id = it->second;
          continue;
        }
        ASSIGN_OR_RETURN(dep.id, tx.departments().Insert(dep));
      }
      return Status::Ok();
    }));
    sum.townships = static_cast<int64_t>(towns.size());
    sum.departments = static_cast<int64_t>(depts.size());
  }

  // Where the sample accounts live.
  const TownshipPlan* t1 = &plan.townships[0];
  for (const auto& t : plan.townships)
    if (t.kind == "street") {
      t1 = &t;
      break;
    }
  const TownshipPlan* t2 = nullptr;
  for (const auto& t : plan.townships)
    if (&t != t1 && t.kind != "street") {
      t2 = &t;
      break;
    }
  if (t2 == nullptr) t2 = plan.townships.size() > 1 ? &plan.townships[1] : t1;
  std::string secretary_village, grid2_village;
  for (const auto& v : t1->villages)
    if (v.kind == "community" || secretary_village.empty()) {
      secretary_village = v.code;
      if (v.kind == "community") break;
    }
  for (const auto& v : t2->villages)
    if (v.kind == "village" || grid2_village.empty()) {
      grid2_village = v.code;
      if (v.kind == "village") break;
    }
  if (grid2_village == secretary_village) {  // a single-village county: take another grid of the same village
    grid2_village.clear();
  }

  // Villages, one write job per township: the next township is generated while the previous one is written.
  // (Bigger transactions than one per village cut SQLite's write amplification: the citizen-ID and name
  // indexes are random-keyed, so every transaction rewrites most of their pages.) `pending_jobs` is declared
  // before `pending` so that on an early return the future, which waits for its write, goes first.
  Found found;
  Rng harvest_rng(opt.seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<std::unique_ptr<VillageJob>> pending_jobs;
  std::future<Status> pending;
  auto finish = [&]() -> Status {
    if (!pending.valid()) return Status::Ok();
    Status st = pending.get();
    if (!st.ok()) return st;
    for (const auto& jp : pending_jobs) {
      const VillageJob& j = *jp;
      Harvest(harvest_rng, j, secretary_village, grid2_village, &found);
      sum.villages += 1;
      sum.grids += static_cast<int64_t>(j.grids.size());
      sum.units += static_cast<int64_t>(j.units.size());
      sum.buildings += static_cast<int64_t>(j.buildings.size());
      sum.households += static_cast<int64_t>(j.households.size());
      sum.people += j.people;
      sum.tagged += j.tagged;
    }
    pending_jobs.clear();
    return Status::Ok();
  };
  for (const auto& t : plan.townships) {
    std::vector<std::unique_ptr<VillageJob>> jobs;
    for (const auto& v : t.villages) {
      auto gen = GenerateVillage(c, v);
      if (!gen.ok()) {
        (void)finish();
        return gen.status();
      }
      jobs.push_back(std::move(gen).value());
    }
    RETURN_IF_ERROR(finish());
    pending_jobs = std::move(jobs);
    auto* batch = &pending_jobs;
    pending = std::async(std::launch::async, [&db, batch] {
      return db.Write([batch](storage::Tx& tx) -> Status {
        for (auto& j : *batch) RETURN_IF_ERROR(WriteVillage(tx, *j));
        return Status::Ok();
      });
    });
  }
  RETURN_IF_ERROR(finish());
  if (found.grid2.empty() && !found.grid.empty()) {  // no second village: another grid of the first one
    found.grid2 = found.grid;
    found.grid2_leader = found.grid_leader;
    found.grid2_leader_name = found.grid_leader_name;
  }

  // Last job: organisations, users, the audit row.
  std::vector<Organization> orgs = MakeOrganizations(c, plan, full);
  for (Organization& o : orgs) RETURN_IF_ERROR(ValidateOrganization(&o));
  auto pw = passwords.get();
  const std::string county = d.county_code;
  auto name_or = [&](const std::string& n, bool male) {
    return n.empty() ? c.Name(male, 1975 + c.rng.Int(0, 20)) : n;
  };
  std::vector<AccountSpec> specs = {
      {"admin", "system_admin", "", "系统管理员", std::nullopt},
      {"county", "county_command", county, name_or("", true), std::nullopt},
      {"township", "township_official", t1->code, name_or("", false), std::nullopt},
      {"township2", "township_official", t2->code, name_or("", true), std::nullopt},
      {"secretary", "community_secretary", found.secretary_village, name_or("", true), std::nullopt},
      {"gridworker", "grid_worker", found.grid, name_or(found.grid_leader_name, false), found.grid_leader},
      {"gridworker2", "grid_worker", found.grid2, name_or(found.grid2_leader_name, true), found.grid2_leader},
      {"unitleader", "unit_leader", found.unit, name_or(found.unit_leader_name, true), found.unit_leader},
      {"police", "department_handler", county, name_or("", true), std::nullopt, true},
      {"partymember", "party_member", found.secretary_village, name_or(found.party_name, true), found.party},
      {"resident", "resident", found.secretary_village, name_or(found.resident_name, false), found.resident},
      {"hotline", "hotline_operator", county, HotlineName(opt.seed), std::nullopt},
  };
  std::vector<User> users;
  for (size_t i = 0; i < specs.size(); ++i) {
    User u;
    u.username = specs[i].username;
    u.role = specs[i].role;
    u.place_code = specs[i].place_code;
    u.display_name = specs[i].display_name;
    u.person_id = specs[i].person_id;
    if (specs[i].department) u.department_id = depts[0].id;  // gongan
    u.must_change_password = false;
    RETURN_IF_ERROR(ValidateUser(&u));
    users.push_back(std::move(u));
  }
  // The party org tree draws its names after the accounts, so the accounts stay as they were for a seed.
  std::vector<PlannedPartyOrg> party = MakePartyOrgs(c, plan);
  for (PlannedPartyOrg& po : party) RETURN_IF_ERROR(ValidatePartyOrg(&po.org));
  std::vector<bool> created(users.size(), false);
  RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
    for (const Organization& o : orgs) RETURN_IF_ERROR(tx.orgs().Insert(o).status());
    std::vector<int64_t> party_ids(party.size(), 0);
    for (size_t i = 0; i < party.size(); ++i) {
      PartyOrg o = party[i].org;
      if (party[i].parent >= 0) o.parent_id = party_ids[static_cast<size_t>(party[i].parent)];
      ASSIGN_OR_RETURN(party_ids[i], tx.party().Insert(o));
    }
    for (size_t i = 0; i < users.size(); ++i) {
      auto existing = tx.users().GetByName(users[i].username);
      if (existing.ok()) {  // keep an account someone already made (e.g. `wangge init`'s admin)
        spdlog::warn("demo: user {} exists, left unchanged", users[i].username);
        continue;
      }
      if (existing.status().code() != StatusCode::kNotFound) return existing.status();
      RETURN_IF_ERROR(tx.users().Insert(users[i], pw[i].second).status());
      created[i] = true;
    }
    nlohmann::json detail = {{"scale", opt.scale},
                             {"seed", opt.seed},
                             {"townships", sum.townships},
                             {"villages", sum.villages},
                             {"grids", sum.grids},
                             {"units", sum.units},
                             {"buildings", sum.buildings},
                             {"households", sum.households},
                             {"people", sum.people},
                             {"tagged", sum.tagged},
                             {"organizations", orgs.size()},
                             {"party_orgs", party.size()},
                             {"departments", sum.departments}};
    storage::AuditEntry e;
    e.user_id = 0;
    e.username = "system";
    e.action = "demo.build";
    e.entity = "county";
    e.entity_id = county;
    e.place_code = county;
    e.detail = detail.dump();
    return tx.audit().Append(&e);
  }));
  sum.organizations = static_cast<int64_t>(orgs.size());
  sum.party_orgs = static_cast<int64_t>(party.size());
  for (size_t i = 0; i < users.size(); ++i)
    if (created[i])
      sum.accounts.push_back(DemoAccount{users[i].username, pw[i].first, users[i].role, users[i].place_code,
                                         users[i].display_name});

  // The event-loop history: a year of work orders in every grid.
  DemoOrdersOptions oo;
  oo.county = county;
  oo.full = full;
  oo.seed = opt.seed;
  oo.now = opt.now != 0 ? opt.now : storage::NowUnix();
  for (const auto& t : plan.townships)
    for (const auto& v : t.villages)
      for (const auto& g : v.grids)
        oo.grids.push_back(DemoGrid{g.code, g.name, v.name, t.name, g.rect.x0, g.rect.y0, g.rect.x1,
                                    g.rect.y1, g.households, v.kind == "community", g.exclusive});
  ASSIGN_OR_RETURN(DemoOrdersSummary orders, BuildDemoOrders(db, cipher, oo));
  sum.orders = orders.orders;
  sum.order_events = orders.events;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return sum;
}

}  // namespace wangge::cli
