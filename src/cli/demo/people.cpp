// The people of the demo county: families of a plausible size and age structure, names by ethnicity, sex and
// generation, demo citizen IDs, phones, political status, and the care and sensitive group tags - each
// person validated and sealed as the service would store them.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/demo/internal.hpp"
#include "core/citizen_id.hpp"
#include "core/tags.hpp"
#include "core/validation.hpp"

namespace wangge::cli::demo_detail {

// ------------------------------------------------------------------ people

std::string IdPool::Take(Rng& rng, int64_t* day, bool male) {
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

namespace {

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

}  // namespace

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

}  // namespace wangge::cli::demo_detail
