// The storage contract of people (people_repo.hpp): buildings, households, people with their tags, uniqueness
// and search. Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/people_repo.hpp"

#include <gmock/gmock.h>

#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/validation.hpp"
#include "storage/contract_test.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

TEST_P(StorageContractTest, PeopleCitizenIdAndHouseholdNoAreUnique) {
  ASSERT_OK(W(InsertTree));
  int64_t other = 0;
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "甲")).status());
    ASSIGN_OR_RETURN(other, tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "乙")));
    return Status::Ok();
  }));
  // Same citizen ID, different person: conflict, on insert and on update.
  EXPECT_CODE(
      W([&](Tx& tx) { return tx.people().InsertPerson(MakePerson(1, kU5, std::nullopt, "假甲")).status(); }),
      StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) {
                ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(other));
                Person clash = MakePerson(1, p.place_code, std::nullopt, p.name);
                clash.id = p.id;
                clash.version = p.version;
                return tx.people().UpdatePerson(clash);
              }),
              StatusCode::kConflict);
  // Household numbers too (when given; empty ones never clash).
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "HN-1")).status());
    RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "")).status());
    return tx.people().InsertHousehold(MakeHousehold(kU2, "")).status();
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.people().InsertHousehold(MakeHousehold(kU5, "HN-1")).status(); }),
              StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->people().CountPeople(""), 2);
  EXPECT_EQ(FlatCounts(*tx, "")["people"], 2);
  EXPECT_EQ(FlatCounts(*tx, "")["households"], 3);
  EXPECT_EQ(FlatCounts(*tx, kU5)["households"], 0);
  EXPECT_EQ(tx->people().GetPerson(other)->citizen_id_hash, CidHash(2));
  auto found = tx->people().FindPersonByCidHash(CidHash(1));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_NE(**found, other);
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(99))->has_value());
}

TEST_P(StorageContractTest, PeopleUpdateRejectsStaleVersion) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "甲")));
    return Status::Ok();
  }));
  Person p;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    p = *tx->people().GetPerson(id);
  }
  Person a = p;
  a.name = "甲一";
  ASSERT_OK(W([&](Tx& tx) { return tx.people().UpdatePerson(a); }));
  Person b = p;
  b.name = "甲二";
  b.place_code = kU5;
  EXPECT_CODE(W([&](Tx& tx) { return tx.people().UpdatePerson(b); }), StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->people().GetPerson(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "甲一");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(FlatCounts(*tx, kU1)["people"], 1);
  EXPECT_EQ(FlatCounts(*tx, kU5)["people"], 0);
}

TEST_P(StorageContractTest, PeopleRoundTripWithTags) {
  ASSERT_OK(W(InsertTree));
  Person in = MakePerson(4, kU1, std::nullopt, "欧阳娜娜");
  in.tags = {PersonTag{"disabled", R"({"disability_type":"肢体","grade":"二级"})", "2019-05-05"},
             PersonTag{"dibao", R"({"cert_no":"DB-001"})", "2020-01-01"}};
  in.phone = "13812345678";
  SealPersonalData(Cipher(), &in);
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(in));
    return Status::Ok();
  }));
  Person got;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto r = tx->people().GetPerson(id);
    ASSERT_TRUE(r.ok());
    got = *r;
  }
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.name, in.name);
  EXPECT_EQ(got.place_code, kU1);
  EXPECT_EQ(got.sex, in.sex);
  EXPECT_EQ(got.birth_date, in.birth_date);
  EXPECT_EQ(got.ethnicity, "汉族");
  EXPECT_EQ(got.political_status, "群众");
  EXPECT_EQ(got.residence_type, "户籍");
  EXPECT_EQ(got.citizen_id_enc, in.citizen_id_enc);
  EXPECT_EQ(got.citizen_id_hash, in.citizen_id_hash);
  EXPECT_EQ(got.citizen_id_masked, in.citizen_id_masked);
  EXPECT_EQ(got.phone_enc, in.phone_enc);
  EXPECT_EQ(got.phone_hash, in.phone_hash);
  EXPECT_EQ(got.phone_masked, "138****5678");
  EXPECT_TRUE(got.citizen_id.empty()) << "storage must not hold the plaintext";
  EXPECT_EQ(*Cipher().Decrypt(got.citizen_id_enc), in.citizen_id);
  EXPECT_EQ(got.version, 1);
  ASSERT_EQ(got.tags.size(), 2u);  // ordered by tag
  EXPECT_EQ(got.tags[0].tag, "dibao");
  EXPECT_EQ(got.tags[0].fields_json, R"({"cert_no":"DB-001"})");
  EXPECT_EQ(got.tags[0].since, "2020-01-01");
  EXPECT_EQ(got.tags[1].tag, "disabled");
  EXPECT_EQ(got.tags[1].fields_json, R"({"disability_type":"肢体","grade":"二级"})");
  EXPECT_EQ(got.tags[1].since, "2019-05-05");

  // Replace the tag set; drop the phone.
  Person edit = got;
  edit.tags = {PersonTag{"tekun", R"({"support_mode":"分散供养"})", "2022-02-02"}};
  edit.phone_enc.clear();
  edit.phone_hash.clear();
  edit.phone_masked.clear();
  ASSERT_OK(W([&](Tx& tx) { return tx.people().UpdatePerson(edit); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto again = tx->people().GetPerson(id);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->tags.size(), 1u);
  EXPECT_EQ(again->tags[0].tag, "tekun");
  EXPECT_EQ(again->tags[0].fields_json, R"({"support_mode":"分散供养"})");
  EXPECT_EQ(again->tags[0].since, "2022-02-02");
  EXPECT_TRUE(again->phone_enc.empty());
  EXPECT_EQ(again->phone_masked, "");
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"people", 1}, {"tag:tekun", 1}, {"units", 1}}));
  // A duplicate tag in one person is refused and leaves nothing.
  Person dup = *again;
  dup.tags = {PersonTag{"dibao", "{}", ""}, PersonTag{"dibao", "{}", ""}};
  EXPECT_CODE(W([&](Tx& w) { return w.people().UpdatePerson(dup); }), StatusCode::kConflict);
  tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->people().GetPerson(id)->tags.size(), 1u);
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"people", 1}, {"tag:tekun", 1}, {"units", 1}}));
}

// People for the search tests: names with a shared prefix inside and outside the scope, ties on the name.
struct SearchData {
  std::vector<int64_t> zhang_t1;   // name starts with 张, in township 1
  std::vector<int64_t> zhang_t2;   // name starts with 张, in township 2
  std::vector<int64_t> others_t1;  // other names in township 1
  std::vector<int64_t> dibao_t1, dibao_t2;
  std::vector<int64_t> household_members;
  int64_t household = 0;
  int64_t retired_zhang = 0;
  int64_t zhangzi = 0;  // 章子, township 1
};

Status InsertSearchData(Tx& tx, SearchData* d) {
  RETURN_IF_ERROR(InsertTree(tx));
  ASSIGN_OR_RETURN(d->household, tx.people().InsertHousehold(MakeHousehold(kU3, "S1")));
  int n = 100;
  const std::vector<std::string> t1_places = {kU1, kU2, kU3, kU4, kG1, kG3};
  for (int i = 0; i < 13; ++i) {
    // Seven people share the exact name 张伟 (ties broken by id).
    std::string name = i < 7 ? "张伟" : "张" + std::to_string(i);
    const std::string& place = t1_places[i % t1_places.size()];
    bool in_hh = place == kU3 && i % 2 == 0;
    std::vector<std::string> tags;
    if (i % 3 == 0) tags.push_back("dibao");
    ASSIGN_OR_RETURN(int64_t id,
                     tx.people().InsertPerson(MakePerson(
                         n++, place, in_hh ? std::optional(d->household) : std::nullopt, name, tags)));
    d->zhang_t1.push_back(id);
    if (!tags.empty()) d->dibao_t1.push_back(id);
    if (in_hh) d->household_members.push_back(id);
  }
  for (int i = 0; i < 6; ++i) {
    ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(MakePerson(n++, kU3, d->household,
                                                                     "李" + std::to_string(i), {"dibao"})));
    d->others_t1.push_back(id);
    d->dibao_t1.push_back(id);
    d->household_members.push_back(id);
  }
  for (int i = 0; i < 4; ++i) {
    ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(
                                     MakePerson(n++, i % 2 ? kU5 : kG4, std::nullopt, "张伟", {"dibao"})));
    d->zhang_t2.push_back(id);
    d->dibao_t2.push_back(id);
  }
  // "张三丰" is retired: hidden by default.
  Person r = MakePerson(n++, kU3, d->household, "张三丰", {"dibao"});
  r.retired = true;
  ASSIGN_OR_RETURN(d->retired_zhang, tx.people().InsertPerson(r));
  // "章" sorts after "张" but must not match the prefix.
  ASSIGN_OR_RETURN(d->zhangzi, tx.people().InsertPerson(MakePerson(n++, kU1, std::nullopt, "章子")));
  return Status::Ok();
}

TEST_P(StorageContractTest, PeopleSearchByNamePrefixWithinScope) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto t1 = SearchAll(*tx, {.scope = kT1, .name_prefix = "张", .page = {.after = "", .limit = 3}}, &pages);
  EXPECT_THAT(t1, UnorderedElementsAreArray(d.zhang_t1));
  EXPECT_EQ(pages, 5);  // 13 people, 3 per page
  auto t2 = SearchAll(*tx, {.scope = kT2, .name_prefix = "张", .page = {.after = "", .limit = 3}});
  EXPECT_THAT(t2, UnorderedElementsAreArray(d.zhang_t2));
  // The whole name as prefix, across the tie.
  auto wei = SearchAll(*tx, {.scope = kCounty, .name_prefix = "张伟", .page = {.after = "", .limit = 2}});
  EXPECT_EQ(wei.size(), 11u);
  std::vector<int64_t> sorted = wei;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(wei, sorted) << "people with the same name come in id order";
  // Retired ones on request only.
  auto with_retired = SearchAll(*tx, {.scope = kT1, .name_prefix = "张三", .include_retired = true});
  EXPECT_THAT(with_retired, ElementsAre(d.retired_zhang));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .name_prefix = "张三"}), IsEmpty());
  // Outside the scope: nothing.
  EXPECT_THAT(SearchAll(*tx, {.scope = kV3, .name_prefix = "李"}), IsEmpty());
  EXPECT_THAT(SearchAll(*tx, {.scope = kU3, .name_prefix = "李"}), UnorderedElementsAreArray(d.others_t1));
  // Results carry their tags.
  auto page = tx->people().Search({.scope = kU3, .name_prefix = "李0"});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  ASSERT_EQ(page->items[0].tags.size(), 1u);
  EXPECT_EQ(page->items[0].tags[0].tag, "dibao");
}

TEST_P(StorageContractTest, PeopleSearchByCidHash) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto person = tx->people().GetPerson(d.zhang_t1[4]);
  ASSERT_TRUE(person.ok());
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .cid_hash = person->citizen_id_hash}),
              ElementsAre(d.zhang_t1[4]));
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .cid_hash = person->citizen_id_hash}), ElementsAre(d.zhang_t1[4]));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT2, .cid_hash = person->citizen_id_hash}), IsEmpty());
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .cid_hash = CidHash(99999)}), IsEmpty());
}

TEST_P(StorageContractTest, PeopleSearchByTagWithinScope) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto t1 = SearchAll(*tx, {.scope = kT1, .tag = "dibao", .page = {.after = "", .limit = 2}}, &pages);
  EXPECT_THAT(t1, UnorderedElementsAreArray(d.dibao_t1));
  EXPECT_EQ(pages, static_cast<int>((d.dibao_t1.size() + 1) / 2));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT2, .tag = "dibao", .page = {.after = "", .limit = 3}}),
              UnorderedElementsAreArray(d.dibao_t2));
  std::vector<int64_t> all = d.dibao_t1;
  all.insert(all.end(), d.dibao_t2.begin(), d.dibao_t2.end());
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .tag = "dibao", .page = {.after = "", .limit = 4}}),
              UnorderedElementsAreArray(all));
  all.push_back(d.retired_zhang);
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .tag = "dibao", .include_retired = true}),
              UnorderedElementsAreArray(all));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .tag = "tekun"}), IsEmpty());
  // Tag and name prefix together.
  std::vector<int64_t> zhang_dibao;
  for (int64_t id : d.zhang_t1)
    if (std::find(d.dibao_t1.begin(), d.dibao_t1.end(), id) != d.dibao_t1.end()) zhang_dibao.push_back(id);
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .name_prefix = "张", .tag = "dibao"}),
              UnorderedElementsAreArray(zhang_dibao));
  EXPECT_EQ(FlatCounts(*tx, kT1)["tag:dibao"], static_cast<int64_t>(d.dibao_t1.size()));
}

TEST_P(StorageContractTest, PeopleSearchByHousehold) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto members = SearchAll(*tx, {.household_id = d.household, .page = {.after = "", .limit = 3}}, &pages);
  EXPECT_THAT(members, UnorderedElementsAreArray(d.household_members));
  EXPECT_EQ(pages, static_cast<int>((d.household_members.size() + 2) / 3));
  EXPECT_EQ(tx->people().GetHousehold(d.household)->member_count,
            static_cast<int>(d.household_members.size()));
  std::vector<int64_t> with_retired = d.household_members;
  with_retired.push_back(d.retired_zhang);
  EXPECT_THAT(SearchAll(*tx, {.household_id = d.household, .include_retired = true}),
              UnorderedElementsAreArray(with_retired));
  EXPECT_THAT(SearchAll(*tx, {.household_id = d.household + 1000}), IsEmpty());
}

TEST_P(StorageContractTest, PeopleSearchPaginationEqualsTheFullSet) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<int64_t> t1 = d.zhang_t1;
  t1.insert(t1.end(), d.others_t1.begin(), d.others_t1.end());
  t1.push_back(d.zhangzi);
  auto full = SearchAll(*tx, {.scope = kT1, .page = {.after = "", .limit = 1000}});
  EXPECT_THAT(full, UnorderedElementsAreArray(t1));  // the 20 live people of township 1 (章子 included)
  for (int limit : {1, 2, 3, 7, 20, 21}) {
    int pages = 0;
    auto paged = SearchAll(*tx, {.scope = kT1, .page = {.after = "", .limit = limit}}, &pages);
    EXPECT_EQ(paged, full) << "limit " << limit;  // same order too
    EXPECT_EQ(pages, static_cast<int>((full.size() + limit - 1) / limit)) << "limit " << limit;
  }
  EXPECT_EQ(static_cast<int64_t>(full.size()), *tx->people().CountPeople(kT1));
  EXPECT_EQ(static_cast<int64_t>(full.size()), FlatCounts(*tx, kT1)["people"]);
}

}  // namespace
}  // namespace wangge::storage::testing
