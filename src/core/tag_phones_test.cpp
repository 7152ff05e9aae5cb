// Phones inside care-group tags (监护人电话, 照料人电话) are sealed at rest like a person's own phone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

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
  ASSERT_TRUE(UnsealTagPhones(*cipher_, &clear).ok());
  EXPECT_EQ(json::parse(clear.tags[1].fields_json)["guardian_phone"], "13912345678");

  // Another key cannot open it.
  auto other = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
  Person wrong = p;
  EXPECT_FALSE(UnsealTagPhones(*other, &wrong).ok());
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
  MaskTagPhones(&shown, true);
  EXPECT_EQ(json::parse(shown.tags[1].fields_json)["guardian_phone"], "139****5678");
  Person hidden = p;
  MaskTagPhones(&hidden, false);
  EXPECT_FALSE(json::parse(hidden.tags[1].fields_json).contains("guardian_phone"));
  EXPECT_EQ(json::parse(hidden.tags[1].fields_json)["guardian"], "张大");
  // A row written before tags were sealed holds the plain number: it is masked all the same.
  Person legacy = Child();
  MaskTagPhones(&legacy, true);
  EXPECT_EQ(json::parse(legacy.tags[1].fields_json)["guardian_phone"], "139****5678");
}

}  // namespace
}  // namespace wangge
