// Unit tests of the Open311 adapter's input half (open311.cpp): form decoding, request parameters, attribute
// validation, the merge of order sources. The documents: open311_documents_test.cpp.
#include "http/open311.hpp"

#include <gtest/gtest.h>

#include "core/calendar.hpp"
#include "http/open311_test_data.hpp"

namespace wangge::http::open311 {
namespace {

using Answers = std::map<std::string, std::vector<std::string>>;
using testdata::FireCategory;
using testdata::kFire;

// ------------------------------------------------------------------------------------------ formats

TEST(Open311Format, SplitsTheSuffix) {
  auto a = SplitFormat("0301.json");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->stem, "0301");
  EXPECT_EQ(a->format, Format::kJson);
  auto b = SplitFormat("WG2026010100000001.xml");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->stem, "WG2026010100000001");
  EXPECT_EQ(b->format, Format::kXml);
  auto c = SplitFormat("a.b.json");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stem, "a.b");
  for (const char* bad : {"0301", "0301.csv", "0301.JSON", ".json", "0301.", "", "json"})
    EXPECT_FALSE(SplitFormat(bad)) << bad;
}

// ------------------------------------------------------------------------------------------ form decoding

TEST(Open311Form, DecodesPercentEscapesAndPlus) {
  auto f = DecodeForm("a=1&b=%E4%B8%AD%e6%96%87&c=x+y%2Bz&d=%26%3D");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ((*f)[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ((*f)[1].second, "中文");
  EXPECT_EQ((*f)[2].second, "x y+z");
  EXPECT_EQ((*f)[3].second, "&=");
}

TEST(Open311Form, KeepsDuplicatesInOrderAndSkipsEmptyPairs) {
  auto f = DecodeForm("&a=1&&a=2&flag&b=&");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ((*f)[0].second, "1");
  EXPECT_EQ((*f)[1].second, "2");
  EXPECT_EQ((*f)[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ((*f)[3], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_TRUE(DecodeForm("").ok());
  EXPECT_TRUE(DecodeForm("")->empty());
}

TEST(Open311Form, DecodesAttributeKeys) {
  auto f = DecodeForm(
      "attribute%5Bhazard_level%5D=fire&attribute[signs][]=threats&attribute%5Bsigns%5D%5B%5D=missing");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0].first, "attribute[hazard_level]");
  EXPECT_EQ((*f)[1].first, "attribute[signs][]");
  EXPECT_EQ((*f)[2].first, "attribute[signs][]");
}

TEST(Open311Form, RejectsMalformedEscapes) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a%2=1", "a=1&b=%E4%B8%"}) {
    auto f = DecodeForm(bad);
    EXPECT_FALSE(f.ok()) << bad;
    if (!f.ok()) {
      EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

TEST(Open311Form, RejectsInvalidUtf8AndControlsInKeys) {
  EXPECT_FALSE(DecodeForm("a=%FF").ok());
  EXPECT_FALSE(DecodeForm("a=%C0%AF").ok());     // overlong '/'
  EXPECT_FALSE(DecodeForm("a=%ED%A0%80").ok());  // surrogate
  EXPECT_FALSE(DecodeForm("%FF=1").ok());
  EXPECT_FALSE(DecodeForm("a%00b=1").ok());
  EXPECT_FALSE(DecodeForm("=1").ok());  // empty key
  auto f = DecodeForm("a=%FF");
  EXPECT_EQ(f.status().field(), "a");
}

TEST(Open311Form, EnforcesLimits) {
  FormLimits lim;
  lim.max_bytes = 100;
  lim.max_pairs = 3;
  lim.max_key_bytes = 5;
  lim.max_value_bytes = 10;
  auto big = DecodeForm(std::string(101, 'a'), lim);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kTooLarge);
  EXPECT_TRUE(DecodeForm(std::string(97, '&') + "a=1", lim).ok());  // exactly 100 bytes
  EXPECT_FALSE(DecodeForm("a=1&b=2&c=3&d=4", lim).ok());
  EXPECT_TRUE(DecodeForm("a=1&b=2&c=3", lim).ok());
  EXPECT_FALSE(DecodeForm("abcdef=1", lim).ok());
  EXPECT_TRUE(DecodeForm("abcde=1", lim).ok());
  EXPECT_FALSE(DecodeForm("a=12345678901", lim).ok());
  EXPECT_TRUE(DecodeForm("a=%31234567890", lim).ok());  // 10 bytes once decoded
  // Defaults: 64 KiB.
  EXPECT_EQ(DecodeForm("d=" + std::string(70 * 1024, 'x')).status().code(), StatusCode::kTooLarge);
}

// ------------------------------------------------------------------------------------------ POST parameters

Result<ServiceRequestForm> Parse(const std::string& body) {
  auto pairs = DecodeForm(body);
  if (!pairs.ok()) return pairs.status();
  return ParseServiceRequestForm(*pairs);
}

TEST(Open311Form, ReadsAServiceRequest) {
  auto f = Parse(
      "api_key=k&service_code=0501&lat=25.5&long=103.25&address_string=%E5%8E%BF%E5%9F%8E&email=a%40b.cn&"
      "first_name=%E4%B8%89"
      "&last_name=%E5%BC%A0&phone=13800000000&description=smoke&media_url=https%3A%2F%2Fx.cn%2F1.jpg"
      "&attribute[hazard_level]=fire&attribute[signs][]=a&attribute[signs][]=b&locale=zh&jurisdiction_id=x");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->api_key, "k");
  EXPECT_EQ(f->service_code, "0501");
  ASSERT_TRUE(f->lat && f->lon);
  EXPECT_DOUBLE_EQ(*f->lat, 25.5);
  EXPECT_DOUBLE_EQ(*f->lon, 103.25);
  EXPECT_EQ(f->address_string, "县城");
  EXPECT_EQ(f->email, "a@b.cn");
  EXPECT_EQ(ReporterName(f->first_name, f->last_name), "张三");
  EXPECT_EQ(f->media_url, "https://x.cn/1.jpg");
  EXPECT_EQ(f->attributes["hazard_level"], std::vector<std::string>{"fire"});
  EXPECT_EQ(f->attributes["signs"], (std::vector<std::string>{"a", "b"}));
}

TEST(Open311Form, RejectsBadServiceRequestParameters) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c : std::vector<Case>{{"service_code=01&service_code=02", "service_code"},
                                         {"lat=25", "long"},
                                         {"long=103", "lat"},
                                         {"lat=91&long=103", "lat"},
                                         {"lat=25&long=181", "long"},
                                         {"lat=1e2&long=103", "lat"},
                                         {"lat=0x10&long=103", "lat"},
                                         {"lat=nan&long=103", "lat"},
                                         {"lat=25.&long=103", "lat"},
                                         {"email=nobody", "email"},
                                         {"email=a%40b%40c", "email"},
                                         {"media_url=ftp%3A%2F%2Fx", "media_url"},
                                         {"media_url=https%3A%2F%2Fx%20y", "media_url"},
                                         {"media_url=https%3A%2F%2Fx%22%3E", "media_url"},
                                         {"device_id=%01", "device_id"}}) {
    auto f = Parse(c.body);
    ASSERT_FALSE(f.ok()) << c.body;
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(f.status().field(), c.field) << c.body;
  }
  for (const char* bad :
       {"attribute[]=1", "attribute[a b]=1", "attribute[x]y=1", "attribute[x][][]=1", "attribute[x=1"})
    EXPECT_FALSE(Parse(bad).ok()) << bad;
}

TEST(Open311Form, EmptyValuesCountAsAbsent) {
  auto f = Parse("lat=&long=&description=+&email=");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_FALSE(f->lat);
  EXPECT_TRUE(f->description.empty());
}

TEST(Open311Form, ReporterNameOrder) {
  EXPECT_EQ(ReporterName("三", "张"), "张三");
  EXPECT_EQ(ReporterName("John", "Smith"), "John Smith");
  EXPECT_EQ(ReporterName("", "Smith"), "Smith");
  EXPECT_EQ(ReporterName(" John ", ""), "John");
  EXPECT_EQ(ReporterName("", ""), "");
}

// ------------------------------------------------------------------------------------------ attributes

TEST(Open311Attributes, MissingRequiredAttribute) {
  auto r = ValidateAttributes(kFire, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "attribute[hazard_level]");
  EXPECT_EQ(Describe(r.status()), "缺少必填属性 hazard_level / required attribute hazard_level is missing");
  // An empty value is missing too.
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {" "}}}).ok());
}

TEST(Open311Attributes, SingleValueList) {
  auto ok = ValidateAttributes(kFire, {{"hazard_level", {"smoke"}}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, R"({"hazard_level":"smoke"})");
  auto bad = ValidateAttributes(kFire, {{"hazard_level", {"flood"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "attribute[hazard_level]");
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"smoke", "fire"}}}).ok());
  // The key, not the name.
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"冒烟"}}}).ok());
}

TEST(Open311Attributes, MultiValueList) {
  auto ok = ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"signs", {"c", "a"}}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, R"({"hazard_level":"fire","signs":["c","a"]})");
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"signs", {"a", "z"}}}).ok());
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"signs", {"a", "a"}}}).ok());
}

TEST(Open311Attributes, Numbers) {
  auto n = ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"people", {"12"}}});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, R"({"hazard_level":"fire","people":12})");
  auto d = ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"people", {"-2.5"}}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, R"({"hazard_level":"fire","people":-2.5})");
  for (const char* bad : {"12a", "1e3", "", "0x1", "inf", "NaN", "1,000", ".5", "--1", "1.2.3"}) {
    auto r = ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"people", {bad}}});
    if (std::string(bad).empty()) {
      EXPECT_TRUE(r.ok());  // empty = absent, and not required
      continue;
    }
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "attribute[people]") << bad;
  }
}

TEST(Open311Attributes, DatetimesTextsAndStrings) {
  auto r = ValidateAttributes(kFire, {{"hazard_level", {"fire"}},
                                      {"since", {"2026-01-31T00:00:00Z"}},
                                      {"note", {"第一行\r\n第二行"}},
                                      {"who", {"  某公司 "}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto j = nlohmann::json::parse(*r);
  EXPECT_EQ(j["since"], "2026-01-31T08:00:00+08:00");
  EXPECT_EQ(j["note"], "第一行\n第二行");
  EXPECT_EQ(j["who"], "某公司");
  EXPECT_TRUE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"since", {"2026-02-28"}}}).ok());
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"since", {"2026-02-30"}}}).ok());
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"since", {"yesterday"}}}).ok());
  EXPECT_FALSE(
      ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"who", {"a\nb"}}}).ok());  // single line
  EXPECT_FALSE(
      ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"who", {std::string(201, 'x')}}}).ok());
}

TEST(Open311Attributes, UnknownAndInformationalAttributes) {
  auto unknown = ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"colour", {"red"}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "attribute[colour]");
  // variable=false: never required, never answered.
  EXPECT_TRUE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}}).ok());
  EXPECT_FALSE(ValidateAttributes(kFire, {{"hazard_level", {"fire"}}, {"info", {"x"}}}).ok());
  // No attributes at all.
  auto none = ValidateAttributes("[]", {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, "");
  EXPECT_TRUE(ValidateAttributes("", {}).ok());
  EXPECT_FALSE(ValidateAttributes("[]", {{"x", {"1"}}}).ok());
}

// ------------------------------------------------------------------------------------------ report input

TEST(Open311Report, BuildsTheReportInput) {
  ServiceRequestForm f;
  f.description = " 冒烟了 ";
  f.lat = 25.1;
  f.lon = 103.2;
  f.first_name = "三";
  f.last_name = "张";
  f.phone = "13800000000";
  f.media_url = "https://x.cn/a.jpg";
  f.attributes["hazard_level"] = {"smoke"};
  auto in = ToReportInput(f, FireCategory(), "530326");
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->channel, "open311");
  EXPECT_EQ(in->category, "0501");
  EXPECT_EQ(in->description, "冒烟了\n附件链接：https://x.cn/a.jpg");
  EXPECT_EQ(MediaUrlOf(in->description), "https://x.cn/a.jpg");
  EXPECT_EQ(in->reporter_name, "张三");
  EXPECT_EQ(in->attributes_json, R"({"hazard_level":"smoke"})");
  ASSERT_TRUE(in->lat);
  EXPECT_TRUE(in->place_code.empty());
}

TEST(Open311Report, Locations) {
  ServiceRequestForm f;
  f.description = "d";
  f.attributes["hazard_level"] = {"fire"};
  // Nothing at all.
  auto none = ToReportInput(f, FireCategory(), "530326001001");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "lat");
  // address_string alone: the village the address names (resolved by the route), the same for every key.
  f.address_string = "某村口";
  auto village = ToReportInput(f, FireCategory(), "530326001001");
  ASSERT_TRUE(village.ok());
  EXPECT_EQ(village->place_code, "530326001001");
  EXPECT_EQ(village->address, "某村口");
  auto unnamed = ToReportInput(f, FireCategory(), "");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.status().field(), "address_string");
  EXPECT_EQ(unnamed.status().en().find("place_code"), std::string::npos);
  EXPECT_FALSE(ToReportInput(f, FireCategory(), "530326").ok());  // a county is no place for an order
  // address_id wins over the address.
  f.address_id = "530326001001002";
  auto grid = ToReportInput(f, FireCategory(), "530326");
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->place_code, "530326001001002");
  f.address_id = "5303";
  EXPECT_FALSE(ToReportInput(f, FireCategory(), "530326").ok());
}

TEST(Open311Report, DescriptionAndAttributesAreRequired) {
  ServiceRequestForm f;
  f.lat = 25.1;
  f.lon = 103.2;
  f.attributes["hazard_level"] = {"fire"};
  auto r = ToReportInput(f, FireCategory(), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "description");
  f.description = "d";
  f.attributes.clear();
  auto a = ToReportInput(f, FireCategory(), "");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().field(), "attribute[hazard_level]");
}

// ------------------------------------------------------------------------------------------ list query

constexpr int64_t kNow = 1780000000;  // 2026-05-28

TEST(Open311List, Defaults) {
  auto q = ParseListQuery({}, kNow);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->open && q->closed);
  EXPECT_EQ(q->page, 1);
  EXPECT_EQ(q->page_size, 1000);
  EXPECT_EQ(q->to, kNow + 1);
  EXPECT_EQ(q->to - q->from, 90 * 86400);
}

TEST(Open311List, CommaListsAndStatus) {
  auto q = ParseListQuery(
      {{"service_code", "0501, 07,,"}, {"status", "closed"}, {"page", "2"}, {"page_size", "10"}}, kNow);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->codes, (std::vector<std::string>{"0501", "07"}));
  EXPECT_FALSE(q->open);
  EXPECT_TRUE(q->closed);
  EXPECT_EQ(q->page, 2);
  EXPECT_EQ(q->page_size, 10);
  auto ids = ParseListQuery({{"service_request_id", "WG2026010100000001,WG2026010200000002"}}, kNow);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->ids.size(), 2u);
}

TEST(Open311List, Dates) {
  auto both = ParseListQuery({{"start_date", "2026-01-01"}, {"end_date", "2026-01-31"}}, kNow);
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->from, cal::DayStart(*cal::DayFromIso("2026-01-01")));
  EXPECT_EQ(both->to, cal::DayStart(*cal::DayFromIso("2026-02-01")));
  auto start = ParseListQuery({{"start_date", "2026-01-01T00:00:00Z"}}, kNow);
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(start->from, *cal::ParseIsoTime("2026-01-01T00:00:00Z"));
  EXPECT_EQ(start->to - start->from, 90 * 86400);
  auto end = ParseListQuery({{"end_date", "2026-03-01T00:00:00+08:00"}}, kNow);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->to, *cal::ParseIsoTime("2026-03-01T00:00:00+08:00") + 1);
}

TEST(Open311List, RejectsBadParameters) {
  using Q = std::multimap<std::string, std::string>;
  struct Case {
    Q query;
    const char* field;
  };
  for (const Case& c :
       std::vector<Case>{{{{"status", "pending"}}, "status"},
                         {{{"service_code", "5"}}, "service_code"},
                         {{{"service_code", "05a1"}}, "service_code"},
                         {{{"service_request_id", "12345"}}, "service_request_id"},
                         {{{"start_date", "yesterday"}}, "start_date"},
                         {{{"end_date", "2026-13-01"}}, "end_date"},
                         {{{"start_date", "2026-03-01"}, {"end_date", "2026-02-01"}}, "end_date"},
                         {{{"start_date", "2026-01-01"}, {"end_date", "2026-06-01"}}, "end_date"},
                         {{{"page", "0"}}, "page"},
                         {{{"page", "x"}}, "page"},
                         {{{"page_size", "1001"}}, "page_size"},
                         {{{"page_size", "-1"}}, "page_size"},
                         {{{"page", "11"}, {"page_size", "1000"}}, "page"},
                         {{{"status", "open"}, {"status", "closed"}}, "status"}}) {
    auto q = ParseListQuery(c.query, kNow);
    ASSERT_FALSE(q.ok()) << c.field;
    EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(q.status().field(), c.field);
  }
  std::string many;
  for (int i = 0; i < 101; ++i) many += "WG2026010100000001,";
  EXPECT_FALSE(ParseListQuery({{"service_request_id", many}}, kNow).ok());
}

// ------------------------------------------------------------------------------------------ merge

service::OrderView View(int64_t id, std::string category = "0101") {
  service::OrderView v;
  v.o.id = id;
  v.o.category = std::move(category);
  return v;
}

// A source over `ids` (descending) that hands out pages by cursor "<index>".
PageSource Source(std::vector<service::OrderView> items, int* calls = nullptr) {
  return [items, calls](const storage::PageRequest& pr) -> Result<storage::Page<service::OrderView>> {
    if (calls) ++*calls;
    size_t start = pr.after.empty() ? 0 : std::stoul(pr.after);
    storage::Page<service::OrderView> page;
    size_t end = std::min(items.size(), start + static_cast<size_t>(pr.limit));
    for (size_t i = start; i < end; ++i) page.items.push_back(items[i]);
    if (end < items.size()) page.next = std::to_string(end);
    return page;
  };
}

std::vector<int64_t> Ids(const std::vector<service::OrderView>& v) {
  std::vector<int64_t> out;
  for (const auto& x : v) out.push_back(x.o.id);
  return out;
}

TEST(Open311Merge, MergesDedupesFiltersAndPages) {
  std::vector<PageSource> sources = {Source({View(9), View(7), View(5), View(3, "1001"), View(1)}),
                                     Source({View(8), View(7), View(2)}), Source({})};
  auto keep = [](const service::OrderView& v) { return IsPublicCategoryCode(v.o.category); };
  bool more = false;
  auto all = MergeNewestFirst(sources, 0, 100, keep, &more);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Ids(*all), (std::vector<int64_t>{9, 8, 7, 5, 2, 1}));
  EXPECT_FALSE(more);
  auto page2 = MergeNewestFirst(sources, 2, 2, keep, &more);
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(Ids(*page2), (std::vector<int64_t>{7, 5}));
  EXPECT_TRUE(more);
  auto last = MergeNewestFirst(sources, 4, 2, keep, &more);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(Ids(*last), (std::vector<int64_t>{2, 1}));
  EXPECT_FALSE(more);
  auto beyond = MergeNewestFirst(sources, 10, 2, keep, &more);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->empty());
}

TEST(Open311Merge, FetchesLazilyInSmallPages) {
  std::vector<service::OrderView> items;
  for (int64_t id = 100; id >= 1; --id) items.push_back(View(id));
  int calls = 0;
  bool more = false;
  auto r = MergeNewestFirst({Source(items, &calls)}, 0, 3, nullptr, &more);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::vector<int64_t>{100, 99, 98}));
  EXPECT_TRUE(more);
  EXPECT_EQ(calls, 1);  // pages of skip + take + 1 = 4
}

TEST(Open311Merge, PassesSourceErrors) {
  PageSource broken = [](const storage::PageRequest&) -> Result<storage::Page<service::OrderView>> {
    return Internal("disk on fire");
  };
  bool more = false;
  auto r = MergeNewestFirst({Source({View(1)}), broken}, 0, 10, nullptr, &more);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace wangge::http::open311
