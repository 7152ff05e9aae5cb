#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <random>

namespace wangge::http {
namespace {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriterTest, NestedContainersAndScalars) {
  JsonWriter w;
  w.BeginObject().Field("a", int64_t{1}).Key("b").BeginArray().Str("x").Null().Bool(true).Int(-5).EndArray();
  w.Key("c").BeginObject().EndObject().Key("d").BeginArray().EndArray().TextOrNull("e", "").EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",null,true,-5],"c":{},"d":[],"e":null})");
  EXPECT_TRUE(nlohmann::json::accept(w.str()));
}

TEST(JsonWriterTest, StringsAreEscapedAsNlohmannDoes) {
  const std::vector<std::string> cases = {"",
                                          "plain",
                                          "引号\"反斜杠\\",
                                          "tab\tnl\nret\rbs\bff\f",
                                          std::string("nul\0x", 5),
                                          "\x01\x1f\x7f",
                                          "网格吹哨、部门报到 😀",
                                          "bad \xff byte",
                                          "cut \xe4\xb8",
                                          "overlong \xc0\xaf",
                                          "surrogate \xed\xa0\x80",
                                          "/slash/"};
  for (const auto& s : cases) {
    JsonWriter w;
    w.Str(s);
    EXPECT_EQ(w.str(), Dump(nlohmann::json(s))) << "input: " << s;
  }
}

TEST(JsonWriterTest, RandomBytesMatchNlohmann) {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string s(rng() % 12, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 0xE4 + rng() % 3);
    JsonWriter w;
    w.Str(s);
    ASSERT_EQ(w.str(), Dump(nlohmann::json(s))) << "case " << i;
  }
}

TEST(JsonWriterTest, NumbersMatchNlohmann) {
  for (double d : {0.0, 1.0, -2.5, 26.4571234, 103.2981234, 1e-7, 123456789.125, 3.0}) {
    JsonWriter w;
    w.Dbl(d);
    EXPECT_EQ(w.str(), Dump(nlohmann::json(d))) << d;
    EXPECT_DOUBLE_EQ(nlohmann::json::parse(w.str()).get<double>(), d);
  }
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{9007199254740993}, INT64_MIN, INT64_MAX}) {
    JsonWriter w;
    w.Int(v);
    EXPECT_EQ(w.str(), Dump(nlohmann::json(v)));
  }
  JsonWriter w;
  w.Dbl(std::nan(""));
  EXPECT_EQ(w.str(), "null");
}

}  // namespace
}  // namespace wangge::http
