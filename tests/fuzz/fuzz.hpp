// Fuzz targets: each takes arbitrary bytes, feeds them to one of the product's input decoders and checks
// what the decoder promises (a Status for bad input, never an exception, a crash or undefined behaviour;
// what it accepts is consistent). The same functions run under libFuzzer (fuzzer_main.cpp, the fuzz
// preset) and as a regression test over the committed corpora (regression_main.cpp, every build).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace wangge::fuzz {

int JsonBody(const uint8_t* data, size_t size);   // http: ParseJsonBody + the entity readers
int Csv(const uint8_t* data, size_t size);        // sheet: detection, encodings, CSV
int Xlsx(const uint8_t* data, size_t size);       // sheet: .xlsx bytes (zip container included)
int XlsxParts(const uint8_t* data, size_t size);  // sheet: .xlsx built from the input's XML parts
int CitizenId(const uint8_t* data, size_t size);  // core: citizen IDs, phones
int Codes(const uint8_t* data, size_t size);      // core: division / place codes
int Open311(const uint8_t* data, size_t size);    // http: Open311 form, list query, attributes, XML
int GeoJson(const uint8_t* data, size_t size);    // geo: GeoJSON polygons, validity, locator, layout

struct Target {
  const char* name;  // tests/fuzz/corpus/<name>, tests/fuzz/crashes/<name>, the fuzz_<name> executable
  int (*run)(const uint8_t*, size_t);
};
inline constexpr Target kTargets[] = {
    {"json_body", JsonBody},   {"csv", Csv},     {"xlsx", Xlsx},       {"xlsx_parts", XlsxParts},
    {"citizen_id", CitizenId}, {"codes", Codes}, {"open311", Open311}, {"geojson", GeoJson},
};

// An invariant broke: say which and abort, so libFuzzer saves the input and the regression test fails
// (in every build type: no assert(), which NDEBUG would remove).
[[noreturn]] inline void Fail(const char* file, int line, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s%s%s\n", file, line, what, detail.empty() ? "" : ": ",
               detail.c_str());
  std::abort();
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace wangge::fuzz

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) ::wangge::fuzz::Fail(__FILE__, __LINE__, #cond, {}); \
  } while (0)
#define FUZZ_CHECK_MSG(cond, detail)                                        \
  do {                                                                      \
    if (!(cond)) ::wangge::fuzz::Fail(__FILE__, __LINE__, #cond, (detail)); \
  } while (0)
