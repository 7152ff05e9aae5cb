// The storage contract of 红黑榜 (rolls_repo.hpp): criteria numbered per side and retired once, one open or
// listed entry per person, side and month, entries written under their version and listed only after their
// whole notice, objections decided once, one publication per community and month. Part of the suite in
// contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/rolls_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"
#include "storage/people_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

constexpr int64_t kT0 = 1'780'000'000;

RollCriterion Criterion(const std::string& place, const std::string& side, const std::string& title,
                        int seq = 0) {
  RollCriterion c;
  c.place_code = place;
  c.side = side;
  c.seq = seq;
  c.title = title;
  c.article = "第五条";
  c.description = title + "的说明";
  c.created_at = kT0;
  c.created_by = 1;
  return c;
}

RollEntry Entry(const std::string& place, int64_t person, const std::string& side, int period) {
  RollEntry e;
  e.place_code = place;
  e.period = period;
  e.side = side;
  e.subject = "person";
  e.person_id = person;
  e.criteria = {12, 15};
  e.evidence = "邻里公认";
  e.nominated_by = 1;
  e.nominated_at = kT0;
  return e;
}

// A listed entry: its notice ran from kT0 + 100 to kT0 + 200 and it was listed at `listed_at`.
RollEntry Listed(RollEntry e, int64_t publication, int64_t listed_at = kT0 + 300) {
  e.status = "listed";
  e.notice_from = kT0 + 100;
  e.notice_until = kT0 + 200;
  e.listed_at = listed_at;
  e.publication_id = publication;
  return e;
}

std::vector<int64_t> Ids(const Result<std::vector<RollEntry>>& r) {
  std::vector<int64_t> ids;
  if (r.ok())
    for (const RollEntry& e : *r) ids.push_back(e.id);
  return ids;
}

class RollPeople {
 public:
  // The tree and two people: 张三 in kG1 (village kV1), 李四 in kG3 (village kV2).
  Status Insert(Tx& tx) {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(p1, tx.people().InsertPerson(MakePerson(1, kG1, std::nullopt, "张三")));
    ASSIGN_OR_RETURN(p2, tx.people().InsertPerson(MakePerson(2, kG3, std::nullopt, "李四")));
    return Status::Ok();
  }
  int64_t p1 = 0, p2 = 0;
};

TEST_P(StorageContractTest, RollCriteriaAreNumberedPerSideAndRetiredOnce) {
  RollCriterion r1 = Criterion(kV1, "red", "孝老爱亲"), r2 = Criterion(kV1, "red", "邻里守望");
  RollCriterion b1 = Criterion(kV1, "black", "不孝不养"), other = Criterion(kV2, "red", "移风易俗");
  RollCriterion r7 = Criterion(kV1, "red", "热心公益", 7);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&r1));
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&r2));
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&b1));
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&other));
    return tx.rolls().InsertCriterion(&r7);
  }));
  EXPECT_EQ(r1.seq, 1);
  EXPECT_EQ(r2.seq, 2);
  EXPECT_EQ(b1.seq, 1);     // each side numbers its own
  EXPECT_EQ(other.seq, 1);  // and each community
  EXPECT_EQ(r7.seq, 7);     // a number given is kept
  RollCriterion r8 = Criterion(kV1, "red", "崇学重教");
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertCriterion(&r8); }));
  EXPECT_EQ(r8.seq, 8);
  // Two active items of one number: the second is refused.
  RollCriterion dup = Criterion(kV1, "red", "重复", 2);
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().InsertCriterion(&dup); }), StatusCode::kConflict);

  // An edit: the item retires, its successor takes its number.
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().RetireCriterion(r2.id, kT0 + 10); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().RetireCriterion(r2.id, kT0 + 20); }), StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().RetireCriterion(r2.id + 1000, kT0 + 20); }),
              StatusCode::kNotFound);
  RollCriterion r2b = Criterion(kV1, "red", "邻里守望（修订）", r2.seq);
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertCriterion(&r2b); }));
  EXPECT_EQ(r2b.seq, 2);

  auto tx = R();
  auto got = tx->rolls().GetCriterion(r2.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->status, "retired");
  EXPECT_EQ((*got)->retired_at, kT0 + 10);
  EXPECT_EQ((*got)->article, "第五条");
  EXPECT_EQ((*got)->description, "邻里守望的说明");
  EXPECT_FALSE(tx->rolls().GetCriterion(r2.id + 1000)->has_value());
  // Red first, by number, then id: the retired item only when asked for.
  auto active = tx->rolls().Criteria(kV1, false);
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  std::vector<int64_t> ids;
  for (const RollCriterion& c : *active) ids.push_back(c.id);
  EXPECT_THAT(ids, ElementsAre(r1.id, r2b.id, r7.id, r8.id, b1.id));
  auto all = tx->rolls().Criteria(kV1, true);
  ASSERT_TRUE(all.ok());
  ids.clear();
  for (const RollCriterion& c : *all) ids.push_back(c.id);
  EXPECT_THAT(ids, ElementsAre(r1.id, r2.id, r2b.id, r7.id, r8.id, b1.id));
  EXPECT_EQ(tx->rolls().Criteria(kV2, true)->size(), 1u);
  EXPECT_EQ(tx->rolls().Criteria(kT1, true)->size(), 0u);  // a community's own, not a prefix
}

TEST_P(StorageContractTest, RollEntryIsOneOpenPerPersonSideAndMonthAndWrittenUnderItsVersion) {
  RollPeople people;
  ASSERT_OK(W([&](Tx& tx) { return people.Insert(tx); }));
  RollEntry e1 = Entry(kG1, people.p1, "red", 202611);
  e1.household_id = 42;
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertEntry(&e1); }));
  EXPECT_EQ(e1.version, 1);
  {
    auto tx = R();
    auto got = tx->rolls().GetEntry(e1.id);
    ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
    const RollEntry& g = **got;
    EXPECT_EQ(g.name, "张三");
    EXPECT_THAT(g.criteria, ElementsAre(12, 15));
    EXPECT_EQ(g.status, "nominated");
    EXPECT_EQ(g.party.approve, -1);
    EXPECT_EQ(g.village.approve, -1);
    EXPECT_EQ(g.household_id, 42);
    EXPECT_EQ(g.period, 202611);
    EXPECT_EQ(g.evidence, "邻里公认");
    EXPECT_FALSE(tx->rolls().GetEntry(e1.id + 1000)->has_value());
  }
  // The same person, side and month while open: refused; the other side or another month is free.
  RollEntry again = Entry(kG1, people.p1, "red", 202611);
  Status st = W([&](Tx& tx) { return tx.rolls().InsertEntry(&again); });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.ToString();
  EXPECT_EQ(st.field(), "person_id");
  RollEntry black = Entry(kG1, people.p1, "black", 202611), later = Entry(kG1, people.p1, "red", 202612);
  RollEntry li = Entry(kG3, people.p2, "red", 202611);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.rolls().InsertEntry(&black));
    RETURN_IF_ERROR(tx.rolls().InsertEntry(&later));
    return tx.rolls().InsertEntry(&li);
  }));

  // Both committees' reviews, then the rejection: written under the version, which moves.
  RollEntry stale = e1;
  e1.party = {0, "事迹不实", "2026-11-05", 7, kT0 + 50};
  e1.village = {1, "同意", "2026-11-06", 8, kT0 + 60};
  e1.status = "rejected";
  e1.closed_reason = "村党组织未通过";
  e1.closed_by = 7;
  e1.closed_at = kT0 + 50;
  e1.criteria = {99};  // not written: criteria and evidence stay as nominated
  e1.evidence = "改过的";
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().UpdateEntry(&e1); }));
  EXPECT_EQ(e1.version, 2);
  stale.status = "withdrawn";
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().UpdateEntry(&stale); }), StatusCode::kConflict);
  {
    auto tx = R();
    auto got = tx->rolls().GetEntry(e1.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    const RollEntry& g = **got;
    EXPECT_EQ(g.status, "rejected");
    EXPECT_EQ(g.version, 2);
    EXPECT_EQ(g.party.approve, 0);
    EXPECT_EQ(g.party.opinion, "事迹不实");
    EXPECT_EQ(g.party.met_on, "2026-11-05");
    EXPECT_EQ(g.party.by, 7);
    EXPECT_EQ(g.party.at, kT0 + 50);
    EXPECT_EQ(g.village.approve, 1);
    EXPECT_EQ(g.village.met_on, "2026-11-06");
    EXPECT_EQ(g.village.by, 8);
    EXPECT_EQ(g.closed_reason, "村党组织未通过");
    EXPECT_THAT(g.criteria, ElementsAre(12, 15));
    EXPECT_EQ(g.evidence, "邻里公认");
  }
  // Rejected, the month is free again.
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertEntry(&again); }));

  // Newest first; the scope is a code prefix, and only that.
  auto tx = R();
  RollEntryFilter f;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(again.id, li.id, later.id, black.id, e1.id));
  f.limit = 2;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(again.id, li.id));
  f = {};
  f.scope = kV1;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(again.id, later.id, black.id, e1.id));
  f.scope = kT1;
  EXPECT_EQ(Ids(tx->rolls().Entries(f)).size(), 5u);
  f.scope = kV3;
  EXPECT_TRUE(Ids(tx->rolls().Entries(f)).empty());
  for (const char* wild : {"%", "_", "530326001%", "5303260010__"}) {
    f.scope = wild;
    EXPECT_TRUE(Ids(tx->rolls().Entries(f)).empty()) << wild;
  }
  f = {};
  f.status = "rejected";
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(e1.id));
  f = {};
  f.side = "black";
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(black.id));
  f = {};
  f.period = 202612;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(later.id));
  f = {};
  f.person_id = people.p2;
  auto of = tx->rolls().Entries(f);
  ASSERT_TRUE(of.ok());
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ((*of)[0].name, "李四");
  f = {};
  f.household_id = 42;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(e1.id));
  f = {};
  f.scope = kV1;
  f.side = "red";
  f.period = 202611;
  f.status = "nominated";
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(again.id));
}

TEST_P(StorageContractTest, RollEntryIsListedOnlyAfterItsWholeNotice) {
  RollPeople people;
  ASSERT_OK(W([&](Tx& tx) { return people.Insert(tx); }));
  // Listed before its notice ended, or with no notice at all: the schema refuses it (an error, not a crash).
  RollEntry early = Listed(Entry(kG1, people.p1, "red", 202611), 0, kT0 + 150);
  EXPECT_FALSE(W([&](Tx& tx) { return tx.rolls().InsertEntry(&early); }).ok());
  RollEntry no_notice = Entry(kG1, people.p1, "red", 202611);
  no_notice.status = "listed";
  no_notice.listed_at = kT0;
  EXPECT_FALSE(W([&](Tx& tx) { return tx.rolls().InsertEntry(&no_notice); }).ok());

  RollEntry e = Entry(kG1, people.p1, "red", 202611);
  e.status = "notice";
  e.notice_from = kT0 + 100;
  e.notice_until = kT0 + 200;
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertEntry(&e); }));
  for (const char* status : {"listed", "removed", "revoked"}) {
    RollEntry soon = e;
    soon.status = status;
    soon.listed_at = kT0 + 199;
    EXPECT_FALSE(W([&](Tx& tx) { return tx.rolls().UpdateEntry(&soon); }).ok()) << status;
  }
  {
    auto tx = R();
    auto got = tx->rolls().GetEntry(e.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ((*got)->status, "notice");  // nothing of the refused writes
    EXPECT_EQ((*got)->version, 1);
  }
  RollEntry listed = e;
  listed.status = "listed";
  listed.listed_at = kT0 + 200;  // the moment the notice ends
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().UpdateEntry(&listed); }));
  // Listed, the month stays taken.
  RollEntry again = Entry(kG1, people.p1, "red", 202611);
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().InsertEntry(&again); }), StatusCode::kConflict);
  // Removed (a black listing's end) keeps its listing; the month is free again.
  listed.status = "removed";
  listed.closed_at = kT0 + 900;
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().UpdateEntry(&listed); }));
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().InsertEntry(&again); }));
}

TEST_P(StorageContractTest, RollObjectionsAreDecidedOnce) {
  RollPeople people;
  RollEntry e;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(people.Insert(tx));
    e = Entry(kG1, people.p1, "black", 202611);
    e.status = "notice";
    e.notice_from = kT0 + 100;
    e.notice_until = kT0 + 200;
    return tx.rolls().InsertEntry(&e);
  }));
  RollObjection a, b;
  a.entry_id = b.entry_id = e.id;
  a.reason = "事实有出入";
  a.raised_by = 5;
  a.raised_at = kT0 + 120;
  b.reason = "已整改";
  b.raised_by = 6;
  b.raised_at = kT0 + 130;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.rolls().InsertObjection(&a));
    return tx.rolls().InsertObjection(&b);
  }));
  RollObjection stray = a;
  stray.entry_id = e.id + 1000;
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().InsertObjection(&stray); }), StatusCode::kNotFound);
  EXPECT_EQ(*R()->rolls().OpenObjections(e.id), 2);

  RollObjection upheld = a;
  upheld.status = "upheld";
  upheld.note = "核实属实";
  upheld.decided_by = 7;
  upheld.decided_at = kT0 + 150;
  ASSERT_OK(W([&](Tx& tx) { return tx.rolls().DecideObjection(&upheld); }));
  RollObjection twice = upheld;
  twice.status = "dismissed";
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().DecideObjection(&twice); }), StatusCode::kConflict);
  RollObjection unknown = upheld;
  unknown.id = b.id + 1000;
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().DecideObjection(&unknown); }), StatusCode::kNotFound);

  auto tx = R();
  EXPECT_EQ(*tx->rolls().OpenObjections(e.id), 1);
  EXPECT_EQ(*tx->rolls().OpenObjections(e.id + 1000), 0);
  auto got = tx->rolls().GetObjection(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->status, "upheld");
  EXPECT_EQ((*got)->note, "核实属实");
  // a user's own objections, newest first, with their decision
  auto by5 = tx->rolls().ObjectionsBy(5, 10);
  ASSERT_TRUE(by5.ok());
  ASSERT_EQ(by5->size(), 1u);
  EXPECT_EQ((*by5)[0].id, a.id);
  EXPECT_EQ((*by5)[0].status, "upheld");
  auto by6 = tx->rolls().ObjectionsBy(6, 10);
  ASSERT_TRUE(by6.ok());
  ASSERT_EQ(by6->size(), 1u);
  EXPECT_EQ((*by6)[0].id, b.id);
  EXPECT_TRUE(tx->rolls().ObjectionsBy(99, 10)->empty());
  EXPECT_EQ((*got)->decided_by, 7);
  EXPECT_EQ((*got)->decided_at, kT0 + 150);
  EXPECT_EQ((*got)->reason, "事实有出入");
  EXPECT_FALSE(tx->rolls().GetObjection(a.id + 1000)->has_value());
  auto all = tx->rolls().Objections(e.id);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, a.id);
  EXPECT_EQ((*all)[1].status, "open");
  EXPECT_EQ((*all)[1].raised_by, 6);
}

TEST_P(StorageContractTest, RollPublicationIsOnePerCommunityAndMonthAndCountsItsEntries) {
  RollPeople people;
  ASSERT_OK(W([&](Tx& tx) { return people.Insert(tx); }));
  auto pub = [](const std::string& place, int period) {
    RollPublication p;
    p.place_code = place;
    p.period = period;
    p.published_at = kT0 + 1000;
    p.published_by = 3;
    return p;
  };
  RollPublication nov = pub(kV1, 202611), dec = pub(kV1, 202612), v2 = pub(kV2, 202611),
                  v3 = pub(kV3, 202610);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.rolls().InsertPublication(&nov));
    RETURN_IF_ERROR(tx.rolls().InsertPublication(&dec));
    RETURN_IF_ERROR(tx.rolls().InsertPublication(&v2));
    return tx.rolls().InsertPublication(&v3);
  }));
  RollPublication again = pub(kV1, 202611);
  EXPECT_CODE(W([&](Tx& tx) { return tx.rolls().InsertPublication(&again); }), StatusCode::kConflict);

  // November's publication lists two red entries and a black one; December's a red one.
  RollEntry r1 = Listed(Entry(kG1, people.p1, "red", 202611), nov.id);
  RollEntry r2 = Listed(Entry(kG3, people.p2, "red", 202611), nov.id, kT0 + 400);
  RollEntry b1 = Listed(Entry(kG3, people.p2, "black", 202611), nov.id, kT0 + 500);
  RollEntry r3 = Listed(Entry(kG1, people.p1, "red", 202612), dec.id, kT0 + 600);
  RollEntry open = Entry(kG1, people.p1, "black", 202612);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    for (RollEntry* e : {&r1, &r2, &b1, &r3, &open}) RETURN_IF_ERROR(tx.rolls().InsertEntry(e));
    return Status::Ok();
  }));

  auto tx = R();
  auto got = tx->rolls().GetPublication(nov.id);
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ((*got)->place_code, kV1);
  EXPECT_EQ((*got)->period, 202611);
  EXPECT_EQ((*got)->published_by, 3);
  EXPECT_EQ((*got)->red, 2);
  EXPECT_EQ((*got)->black, 1);
  EXPECT_FALSE(tx->rolls().GetPublication(v3.id + 1000)->has_value());
  // Newest month first.
  auto t1 = tx->rolls().Publications(kT1, 10);
  ASSERT_TRUE(t1.ok()) << t1.status().ToString();
  ASSERT_EQ(t1->size(), 3u);
  EXPECT_EQ((*t1)[0].id, dec.id);
  EXPECT_EQ((*t1)[0].red, 1);
  EXPECT_EQ((*t1)[0].black, 0);
  EXPECT_EQ((*t1)[1].id, nov.id);
  EXPECT_EQ((*t1)[2].id, v2.id);
  EXPECT_EQ((*t1)[2].red + (*t1)[2].black, 0);
  EXPECT_EQ(tx->rolls().Publications("", 10)->size(), 4u);
  EXPECT_EQ(tx->rolls().Publications(kCounty, 2)->size(), 2u);
  EXPECT_EQ(tx->rolls().Publications(kV3, 10)->size(), 1u);
  EXPECT_EQ(tx->rolls().Publications("%", 10)->size(), 0u);

  // The entries of a publication, and those listed since a moment.
  RollEntryFilter f;
  f.publication_id = nov.id;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(b1.id, r2.id, r1.id));
  f = {};
  f.listed_from = kT0 + 400;
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(r3.id, b1.id, r2.id));
  f.status = "listed";
  f.side = "red";
  EXPECT_THAT(Ids(tx->rolls().Entries(f)), ElementsAre(r3.id, r2.id));
}

}  // namespace
}  // namespace wangge::storage::testing
