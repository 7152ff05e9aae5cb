// libFuzzer's entry for one target, chosen at compile time (tests/fuzz/CMakeLists.txt builds one
// executable per target with -DWANGGE_FUZZ_ENTRY=wangge::fuzz::<Function>).
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return WANGGE_FUZZ_ENTRY(data, size);
}
