// The rules of 减负 without storage: the citation check's cases in order (the first that applies names the
// refusal), the cap's period keys, and the shipped template's counts (会泽's 13 / 16 / 64, 碧江's 20
// cancelled certificates) and its well-formedness.
#include "core/duty.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/shipped_data.hpp"

namespace wangge::duty {
namespace {

Cited Current(Section s = Section::kDuty) {
  Cited c;
  c.found = true;
  c.list_status = ListStatus::kPublished;
  c.list_version = c.current_version = 2;
  c.section = s;
  c.seq = 3;
  c.title = "开展人民调解";
  return c;
}

TEST(DutyCitation, AnActiveDutyOrAssistItemOfTheCurrentVersionIsAdmitted) {
  EXPECT_FALSE(CheckCitation(Current(), 2).refused());
  EXPECT_FALSE(CheckCitation(Current(Section::kAssist), 2).refused());
}

TEST(DutyCitation, EachWayOfCitingWronglyNamesItsReason) {
  EXPECT_EQ(CheckCitation(Cited{}, 2).code, "no_item");
  Cited c = Current();
  c.same_county = false;
  EXPECT_EQ(CheckCitation(c, 2).code, "other_county");
  c = Current();
  c.list_kind = ListKind::kService;
  EXPECT_EQ(CheckCitation(c, 2).code, "not_admission");
  EXPECT_NE(CheckCitation(c, 2).zh.find("为民服务事项清单"), std::string::npos);
  c = Current();
  c.list_status = ListStatus::kDraft;
  EXPECT_EQ(CheckCitation(c, 2).code, "draft");
  EXPECT_EQ(CheckCitation(Current(), 1).code, "version");
  c = Current();
  c.list_version = 1;
  c.list_status = ListStatus::kSuperseded;
  const Refusal old = CheckCitation(c, 1);
  EXPECT_EQ(old.code, "superseded");
  EXPECT_NE(old.zh.find("现行为第 2 版"), std::string::npos) << old.zh;
  c = Current();
  c.withdrawn = true;
  EXPECT_EQ(CheckCitation(c, 2).code, "withdrawn");
  c = Current(Section::kCancelled);
  c.alternative = "申请人书面承诺";
  const Refusal cert = CheckCitation(c, 2);
  EXPECT_EQ(cert.code, "cancelled");
  EXPECT_NE(cert.zh.find("替代方式：申请人书面承诺"), std::string::npos) << cert.zh;
  EXPECT_NE(cert.en.find("alternative"), std::string::npos);
}

TEST(DutyCap, PeriodKeysOfAPlannedDay) {
  EXPECT_EQ(PeriodKey(CapPeriod::kMonth, "2026-12-20"), "2026-12");
  EXPECT_EQ(PeriodKey(CapPeriod::kQuarter, "2026-12-20"), "2026-Q4");
  EXPECT_EQ(PeriodKey(CapPeriod::kQuarter, "2026-01-01"), "2026-Q1");
  EXPECT_EQ(PeriodKey(CapPeriod::kQuarter, "2026-07-31"), "2026-Q3");
  EXPECT_EQ(PeriodKey(CapPeriod::kYear, "2026-07-31"), "2026");
  EXPECT_TRUE(CountsAgainstCap(InspectionStatus::kApproved));
  EXPECT_FALSE(CountsAgainstCap(InspectionStatus::kPending));
  EXPECT_FALSE(CountsAgainstCap(InspectionStatus::kRefused));
}

TEST(DutyTemplate, HoldsTheSeedsCountsWithAlternativesOnlyForCancelledCertificates) {
  const auto parsed = ParseTemplateCsv(data::DutyListsCsv());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::map<std::string, int> by;
  std::set<std::pair<int, std::string>> titles;
  for (const TemplateItem& t : *parsed) {
    ++by[std::string(SectionName(t.section))];
    EXPECT_EQ(t.section == Section::kCancelled, !t.alternative.empty()) << t.title;
    EXPECT_TRUE(titles.insert({static_cast<int>(t.list), t.title}).second) << "duplicate " << t.title;
  }
  EXPECT_EQ(by["duty"] + by["assist"], 13);
  EXPECT_EQ(by["cancelled"], 20);
  EXPECT_EQ(by["service"], 16);
  EXPECT_EQ(by["power"], 64);
  EXPECT_EQ(Template().size(), parsed->size());
  EXPECT_EQ(ParseTemplateCsv("list,section,group,title,basis,department,alternative\nadmission,power,,x,,,\n")
                .status()
                .code(),
            StatusCode::kInvalidArgument);  // a section of another list
}

}  // namespace
}  // namespace wangge::duty
