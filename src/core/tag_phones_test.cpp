// Phones inside care-group tags (监护人电话, 照料人电话) are sealed at rest like a person's own phone, and
// the 残疾人证号 (which holds the citizen ID) like the ID.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "core/citizen_id.hpp"
#include "core/crypto.hpp"
#include "core/validation.hpp"

namespace wangge {
namespace {

using nlohmann::json;

class TagPhonesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    cipher_.emplace(std::move(FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey())).value());
  }
  Person Child() const {
    Person p;
    p.name = "张小明";
    p.citizen_id = MakeCitizenId("530326", 2016, 5, 1, 901);
    p.tags.push_back(PersonTag{"left_behind_child",
                               json{{"guardian", "张大"}, {"guardian_phone", "13912345678"}}.dump(), ""});
    p.tags.push_back(PersonTag{"dibao", json{{"cert_no", "DB001"}}.dump(), ""});
    EXPECT_TRUE(ValidatePerson(&p, "2024-06-01").ok());
    return p;
  }
  std::optional<FieldCipher> cipher_;
};

TEST_F(TagPhonesTest, SealingLeavesNoPlainPhoneAndUnsealingGivesItBack) {
  Person p = Child();
  SealPersonalData(*cipher_, &p);
  const PersonTag& t = p.tags[1];  // sorted: dibao, left_behind_child
  ASSERT_EQ(t.tag, "left_behind_child");
  EXPECT_EQ(t.fields_json.find("13912345678"), std::string::npos) << t.fields_json;
  json f = json::parse(t.fields_json);
  EXPECT_EQ(f["guardian_phone"]["masked"], "139****5678");
  EXPECT_EQ(f["guardian"], "张大");
  const std::string dibao = json{{"cert_no", "DB001"}}.dump();
  EXPECT_EQ(p.tags[0].fields_json, dibao) << "other fields stay as they are";
  // Sealing again keeps the sealed value (no double encryption).
  Person again = p;
  SealPersonalData(*cipher_, &again);
  EXPECT_EQ(again.tags[1].fields_json, t.fields_json);

  Person clear = p;
  ASSERT_TRUE(UnsealTagFields(*cipher_, &clear).ok());
  EXPECT_EQ(json::parse(clear.tags[1].fields_json)["guardian_phone"], "13912345678");

  // Another key cannot open it.
  auto other = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
  Person wrong = p;
  EXPECT_FALSE(UnsealTagFields(*other, &wrong).ok());
  EXPECT_EQ(wrong.tags[1].fields_json.find("guardian_phone"), std::string::npos)
      << "a field that does not open is dropped";
}

TEST_F(TagPhonesTest, TwoSealingsOfOneNumberCompareEqual) {
  Person a = Child(), b = Child();
  SealPersonalData(*cipher_, &a);
  SealPersonalData(*cipher_, &b);
  EXPECT_NE(a.tags[1].fields_json, b.tags[1].fields_json) << "random nonces";
  EXPECT_EQ(ComparableTagFields(a.tags[1].fields_json), ComparableTagFields(b.tags[1].fields_json));
  Person c = Child();
  c.tags[1].fields_json = json{{"guardian", "张大"}, {"guardian_phone", "13912345679"}}.dump();
  SealPersonalData(*cipher_, &c);
  EXPECT_NE(ComparableTagFields(a.tags[1].fields_json), ComparableTagFields(c.tags[1].fields_json));
}

TEST_F(TagPhonesTest, DisplayMasksSealedAndLegacyPlainPhonesOrDropsThem) {
  Person p = Child();
  SealPersonalData(*cipher_, &p);
  Person shown = p;
  MaskTagFields(&shown, true);
  EXPECT_EQ(json::parse(shown.tags[1].fields_json)["guardian_phone"], "139****5678");
  Person hidden = p;
  MaskTagFields(&hidden, false);
  EXPECT_FALSE(json::parse(hidden.tags[1].fields_json).contains("guardian_phone"));
  EXPECT_EQ(json::parse(hidden.tags[1].fields_json)["guardian"], "张大");
  // A row written before tags were sealed holds the plain number: it is masked all the same.
  Person legacy = Child();
  MaskTagFields(&legacy, true);
  EXPECT_EQ(json::parse(legacy.tags[1].fields_json)["guardian_phone"], "139****5678");
}

TEST_F(TagPhonesTest, DisabilityCertificateIsSealedMaskedLikeTheIdAndCheckedAgainstTheHolder) {
  Person p = Child();
  const std::string cert = p.citizen_id + "42";  // 肢体, 二级
  p.tags.push_back(PersonTag{
      "disabled", json{{"disability_type", "肢体"}, {"grade", "二级"}, {"cert_no", cert}}.dump(), ""});
  ASSERT_TRUE(ValidatePerson(&p, "2024-06-01").ok());
  ASSERT_EQ(p.tags[1].tag, "disabled");  // sorted: dibao, disabled, left_behind_child
  SealPersonalData(*cipher_, &p);
  EXPECT_EQ(p.tags[1].fields_json.find(p.citizen_id), std::string::npos) << p.tags[1].fields_json;
  Person shown = p;
  MaskTagFields(&shown, true);
  EXPECT_EQ(json::parse(shown.tags[1].fields_json)["cert_no"], MaskCitizenId(p.citizen_id) + "42");
  Person hidden = p;
  MaskTagFields(&hidden, false);
  EXPECT_FALSE(json::parse(hidden.tags[1].fields_json).contains("cert_no"));
  Person clear = p;
  ASSERT_TRUE(UnsealTagFields(*cipher_, &clear).ok());
  EXPECT_EQ(json::parse(clear.tags[1].fields_json)["cert_no"], cert);
  // Rotation re-seals it.
  auto next = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
  auto resealed = ResealTagFields(*cipher_, *next, "disabled", p.tags[1].fields_json);
  ASSERT_TRUE(resealed.ok());
  Person rotated;
  rotated.tags.push_back(PersonTag{"disabled", *resealed, ""});
  ASSERT_TRUE(UnsealTagFields(*next, &rotated).ok());
  EXPECT_EQ(json::parse(rotated.tags[0].fields_json)["cert_no"], cert);

  // Checked against the holder: another person's ID, or digits that contradict the category or grade.
  const std::string other = MakeCitizenId("530326", 1980, 1, 1, 123);
  for (const auto& [bad, type, grade] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{other + "42", "肢体", "二级"},
                                                                      {cert, "视力", "二级"},
                                                                      {cert, "肢体", "一级"},
                                                                      {p.citizen_id + "82", "肢体", "二级"},
                                                                      {p.citizen_id + "4", "肢体", "二级"}}) {
    SCOPED_TRACE(bad + " " + type + " " + grade);
    Person q = Child();
    q.tags.push_back(PersonTag{
        "disabled", json{{"disability_type", type}, {"grade", grade}, {"cert_no", bad}}.dump(), ""});
    Status st = ValidatePerson(&q, "2024-06-01");
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.field(), "tags.disabled.cert_no");
    EXPECT_EQ(st.zh().find(bad), std::string::npos) << "the message does not echo the number";
  }
}

TEST(DisabilityCertTest, ParseAndMask) {
  const std::string id = MakeCitizenId("530326", 1975, 3, 9, 12);
  auto ok = ParseDisabilityCert(" " + id + "71 ");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, id + "71");
  EXPECT_EQ(DisabilityCategoryOf('7'), "多重");
  EXPECT_EQ(DisabilityGradeOf('1'), "一级");
  EXPECT_EQ(DisabilityCategoryOf('8'), "");
  EXPECT_EQ(DisabilityGradeOf('0'), "");
  for (const std::string& bad :
       std::vector<std::string>{id, id + "7", id + "713", id + "01", id + "75", std::string(20, '1'),
                                id.substr(0, 17) + "Y71", "530326750309012   71"}) {
    SCOPED_TRACE(bad);
    auto r = ParseDisabilityCert(bad, {}, "tags.disabled.cert_no");
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "tags.disabled.cert_no");
    EXPECT_FALSE(r.status().zh().empty());
    EXPECT_FALSE(r.status().en().empty());
  }
  EXPECT_EQ(MaskDisabilityCert(id + "71"), MaskCitizenId(id) + "71");
  EXPECT_EQ(MaskDisabilityCert("HZCJ12345678"), "************");
}

}  // namespace
}  // namespace wangge
