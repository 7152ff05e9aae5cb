// Runs a fuzz target over committed inputs: `wangge_fuzz_regression TARGET DIR...` feeds every regular file
// under each DIR (a missing directory counts as empty) to TARGET's function once. So every seed of the
// corpus and every crash ever found stays a test in every build, with sanitizers or without: an invariant
// failure aborts, an escaping exception terminates, and the ASan/UBSan builds stop on memory errors and
// undefined behaviour. The failing input is named on stderr.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define WANGGE_SANITIZERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WANGGE_SANITIZERS 1
#endif
#endif
#ifdef WANGGE_SANITIZERS
#include <sanitizer/common_interface_defs.h>
#endif

namespace fs = std::filesystem;

namespace {

char g_current[4096];  // the input being run, for the crash handlers (no allocation there)

void SayCurrent() {
  constexpr char kPrefix[] = "\nfuzz regression: failing input: ";
  (void)!write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
  (void)!write(STDERR_FILENO, g_current, strlen(g_current));
  (void)!write(STDERR_FILENO, "\n", 1);
}

// abort() (invariants, std::terminate) and plain crashes: name the input, then die as before.
void OnSignal(int sig) {
  SayCurrent();
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " TARGET DIR...\n";
    return 2;
  }
  const wangge::fuzz::Target* target = nullptr;
  for (const auto& t : wangge::fuzz::kTargets)
    if (argv[1] == std::string_view(t.name)) target = &t;
  if (target == nullptr) {
    std::cerr << "unknown target " << argv[1] << "\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    if (!fs::is_directory(argv[i], ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(argv[i]))
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());  // the same order every run

  signal(SIGABRT, OnSignal);
  signal(SIGSEGV, OnSignal);
  signal(SIGBUS, OnSignal);
  signal(SIGFPE, OnSignal);
#ifdef WANGGE_SANITIZERS
  __sanitizer_set_death_callback(SayCurrent);  // ASan and UBSan reports end in _exit, not abort
#endif

  const auto t0 = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      std::cerr << "cannot read " << f << "\n";
      return 1;
    }
    std::snprintf(g_current, sizeof g_current, "%s", f.c_str());
    bytes += data.size();
    target->run(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("fuzz regression %s: %zu inputs (%zu bytes) passed in %.2f s\n", target->name, files.size(),
              bytes, secs);
  // No input at all means the directories are wrong, not that all is well.
  return files.empty() ? 1 : 0;
}
