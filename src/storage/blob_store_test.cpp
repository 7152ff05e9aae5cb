#include "storage/blob_store.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <ios>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.hpp"

namespace wangge::storage {
namespace {
namespace fs = std::filesystem;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    std::string tmpl = (fs::temp_directory_path() / "wangge-blob-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp failed";
    root_ = tmpl;
    auto store = BlobStore::Open(root_ / "blobs");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  BlobStore& store() { return *store_; }

  // Every file under the store whose name starts with ".tmp-".
  std::vector<fs::path> TempFiles() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(store().dir())) {
      if (e.path().filename().string().starts_with(".tmp-")) out.push_back(e.path());
    }
    return out;
  }

  static void Overwrite(const fs::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << bytes;
  }

  fs::path root_;
  std::optional<BlobStore> store_;
};

TEST_F(BlobStoreTest, OpenCreatesTheFolder) {
  EXPECT_TRUE(fs::is_directory(root_ / "blobs"));
  auto nested = BlobStore::Open(root_ / "a" / "b" / "c");
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  EXPECT_TRUE(fs::is_directory(root_ / "a" / "b" / "c"));
  // Opening an existing store again is fine.
  EXPECT_TRUE(BlobStore::Open(root_ / "blobs").ok());
}

TEST_F(BlobStoreTest, OpenRefusesAFileAndAnEmptyPath) {
  Overwrite(root_ / "plain", "x");
  auto r = BlobStore::Open(root_ / "plain");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  auto e = BlobStore::Open("");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(BlobStoreTest, RoundTrip) {
  const std::string kPhoto = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1000, '\0') + "tail";
  auto sha = store().Put(kPhoto);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, Sha256Hex(kPhoto));
  EXPECT_TRUE(BlobStore::IsValidSha(*sha));
  EXPECT_EQ(store().PathOf(*sha), store().dir() / sha->substr(0, 2) / sha->substr(2, 2) / *sha);
  EXPECT_TRUE(fs::is_regular_file(store().PathOf(*sha)));
  EXPECT_TRUE(store().Exists(*sha));

  auto got = store().Get(*sha);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, kPhoto);
  auto size = store().Size(*sha);
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, static_cast<int64_t>(kPhoto.size()));
  EXPECT_TRUE(TempFiles().empty());

  // Another store on the same folder sees it (nothing is kept in memory).
  auto again = BlobStore::Open(store().dir());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->Get(*sha), kPhoto);
}

TEST_F(BlobStoreTest, EmptyAndLargeBlobs) {
  auto empty = store().Put("");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*store().Get(*empty), "");
  EXPECT_EQ(*store().Size(*empty), 0);

  std::string big(3 * 1024 * 1024 + 7, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 + (i >> 11));
  auto sha = store().Put(big);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*store().Get(*sha), big);
}

TEST_F(BlobStoreTest, PutIsIdempotentAndDoesNotRewrite) {
  auto first = store().Put("same bytes");
  ASSERT_TRUE(first.ok());
  struct stat before;
  ASSERT_EQ(::stat(store().PathOf(*first).c_str(), &before), 0);

  auto second = store().Put("same bytes");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  struct stat after;
  ASSERT_EQ(::stat(store().PathOf(*first).c_str(), &after), 0);
  // A rewrite would rename a new file (a new inode) over the old one.
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  EXPECT_TRUE(TempFiles().empty());
}

TEST_F(BlobStoreTest, ConcurrentPutsFromEightThreads) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 10;
  const std::string kShared = "a photo every thread uploads at once";
  std::atomic<int> failures{0};
  std::vector<std::vector<std::string>> own(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        auto shared = store().Put(kShared);
        if (!shared.ok() || *shared != Sha256Hex(kShared)) ++failures;
        std::string mine = "thread " + std::to_string(t) + " blob " + std::to_string(i);
        auto sha = store().Put(mine);
        if (!sha.ok()) {
          ++failures;
          continue;
        }
        own[t].push_back(*sha);
        auto back = store().Get(*sha);
        if (!back.ok() || *back != mine) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*store().Get(Sha256Hex(kShared)), kShared);
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(own[t].size(), static_cast<size_t>(kRounds));
    for (int i = 0; i < kRounds; ++i) {
      EXPECT_EQ(*store().Get(own[t][i]), "thread " + std::to_string(t) + " blob " + std::to_string(i));
    }
  }
  EXPECT_TRUE(TempFiles().empty());
}

TEST_F(BlobStoreTest, BadShaStringsAreRefused) {
  auto good = store().Put("x");
  ASSERT_TRUE(good.ok());
  std::string upper = *good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string kBad[] = {
      "../../etc/passwd",
      "../" + good->substr(3),  // still 64 characters
      "/etc/passwd",
      upper,
      good->substr(0, 63),
      *good + "0",
      "",
      std::string(64, 'g'),
      good->substr(0, 62) + "/x",
      good->substr(0, 63) + std::string(1, '\0'),
      good->substr(0, 63) + " ",
  };
  for (const std::string& sha : kBad) {
    SCOPED_TRACE(testing::PrintToString(sha));
    auto g = store().Get(sha);
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(g.status().field(), "sha");
    auto s = store().Size(sha);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(store().Exists(sha));
    EXPECT_TRUE(store().PathOf(sha).empty());
  }
}

TEST_F(BlobStoreTest, MissingBlobIsNotFound) {
  const std::string kAbsent = Sha256Hex("never stored");
  auto g = store().Get(kAbsent);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kNotFound);
  auto s = store().Size(kAbsent);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(store().Exists(kAbsent));
  EXPECT_FALSE(store().PathOf(kAbsent).empty());
}

TEST_F(BlobStoreTest, CorruptedBlobIsDetected) {
  auto sha = store().Put("original photo bytes");
  ASSERT_TRUE(sha.ok());
  Overwrite(store().PathOf(*sha), "tampered photo bytes");  // same size
  auto g = store().Get(*sha);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kInternal);
  EXPECT_NE(g.status().en().find("corrupted"), std::string::npos) << g.status().ToString();
  EXPECT_TRUE(store().Exists(*sha));  // Exists does not read the content
}

TEST_F(BlobStoreTest, PutRepairsATruncatedBlob) {
  auto sha = store().Put("a blob that lost its tail");
  ASSERT_TRUE(sha.ok());
  Overwrite(store().PathOf(*sha), "a blob");
  EXPECT_FALSE(store().Get(*sha).ok());
  ASSERT_TRUE(store().Put("a blob that lost its tail").ok());
  EXPECT_EQ(*store().Get(*sha), "a blob that lost its tail");
}

TEST_F(BlobStoreTest, FilesAreNotWorldReadable) {
  // With no umask to help, the modes the store asks for are what the files get.
  mode_t old_mask = ::umask(0);
  auto fresh = BlobStore::Open(root_ / "fresh");
  auto sha = fresh.ok() ? fresh->Put("private photo of a resident") : Result<std::string>(fresh.status());
  ::umask(old_mask);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat(fresh->PathOf(*sha).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777 & ~0640u, 0u) << std::oct << (st.st_mode & 0777);
  fs::path leaf = fresh->PathOf(*sha).parent_path();
  for (const fs::path& d : {leaf, leaf.parent_path(), fresh->dir()}) {
    ASSERT_EQ(::stat(d.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777 & ~0750u, 0u) << d << " " << std::oct << (st.st_mode & 0777);
  }
}

}  // namespace
}  // namespace wangge::storage
