// The closed vocabularies of a person (民族, 政治面貌, 居住类型, 与户主关系): a value outside them is refused
// with a message that says what is allowed.
#include "core/validation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/citizen_id.hpp"

namespace wangge {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Person Someone() {
  Person p;
  p.name = "张三";
  p.citizen_id = MakeCitizenId("530326", 1990, 1, 1, 1);
  return p;
}

// A short list is given in full, in both languages.
TEST(NotInListTest, ShortListsAreGivenInFull) {
  Person p = Someone();
  p.relation = "老公";
  Status st = ValidatePerson(&p, "2024-06-01");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "relation");
  EXPECT_EQ(
      st.zh(),
      "与户主关系 的取值“老公”不在允许列表中，可选：户主、配偶、子、女、父亲、母亲、孙子、孙女、儿媳、女婿、"
      "兄弟、姐妹、祖父母、外孙子女、其他");
  EXPECT_EQ(
      st.en(),
      "relation value '老公' is not in the allowed list: 户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 孙女, 儿媳, "
      "女婿, 兄弟, 姐妹, 祖父母, 外孙子女, 其他");

  p = Someone();
  p.residence_type = "常住";
  st = ValidatePerson(&p, "2024-06-01");
  EXPECT_THAT(st.zh(), HasSubstr("可选：户籍、流动、寄住"));
  EXPECT_THAT(st.en(), HasSubstr(": 户籍, 流动, 寄住"));

  p = Someone();
  p.political_status = "党员";
  st = ValidatePerson(&p, "2024-06-01");
  EXPECT_THAT(st.zh(), HasSubstr("可选：中共党员、中共预备党员、共青团员"));
  EXPECT_THAT(st.zh(), HasSubstr("、群众"));
}

// The 58 民族 are too many for a message: the template's drop-down list, the count and the first five.
TEST(NotInListTest, LongListsPointToTheTemplatesDropDownList) {
  Person p = Someone();
  p.ethnicity = "汉";
  const Status st = ValidatePerson(&p, "2024-06-01");
  EXPECT_EQ(st.field(), "ethnicity");
  EXPECT_EQ(st.zh(),
            "民族 的取值“汉”不在允许列表中，请从模板的下拉列表中选择（共 58 项，如 汉族、蒙古族、回族、藏族、"
            "维吾尔族 等）");
  EXPECT_EQ(
      st.en(),
      "ethnicity value '汉' is not in the allowed list; see the template's drop-down list (58 values, e.g. "
      "汉族, 蒙古族, 回族, 藏族, 维吾尔族)");
  EXPECT_THAT(st.zh(), Not(HasSubstr("苗族")));
}

// The empty "not set" choice of a list is not shown as a value.
TEST(NotInListTest, TheEmptyChoiceIsNotListed) {
  Organization o;
  o.place_code = "530326001001";
  o.name = "示例企业";
  o.kind = "enterprise";
  o.party_org_type = "单建";
  const Status st = ValidateOrganization(&o);
  EXPECT_EQ(st.field(), "party_org_type");
  EXPECT_THAT(st.en(), HasSubstr("allowed list: standalone, joint, area, industry"));
}

}  // namespace
}  // namespace wangge
