#include "core/filetype.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace wangge {
namespace {

using namespace std::string_view_literals;

// The leading bytes of real minimal files (a 1x1 pixel of each image format, an empty one-page PDF).
constexpr std::string_view kJpeg =
    "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xDB\x00\x43\x00"sv;
constexpr std::string_view kJpegExif =
    "\xFF\xD8\xFF\xE1\x00\x18"
    "Exif\x00\x00II*\x00"sv;  // a phone camera's
constexpr std::string_view kPng =
    "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1F\x15\xC4\x89"sv;
constexpr std::string_view kWebp =
    "RIFF\x1A\x00\x00\x00WEBPVP8L\x0D\x00\x00\x00\x2F\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xFE\x07\x00"sv;
constexpr std::string_view kGif89 =
    "GIF89a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF\x00\x00\x00!\xF9\x04\x01"sv;
constexpr std::string_view kGif87 = "GIF87a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xFF\xFF\xFF,\x00\x00"sv;
constexpr std::string_view kPdf =
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"sv;

TEST(SniffImageTest, RecognisesRealHeaders) {
  EXPECT_EQ(SniffImage(kJpeg), "image/jpeg");
  EXPECT_EQ(SniffImage(kJpegExif), "image/jpeg");
  EXPECT_EQ(SniffImage(kPng), "image/png");
  EXPECT_EQ(SniffImage(kWebp), "image/webp");
  EXPECT_EQ(SniffImage(kGif89), "image/gif");
  EXPECT_EQ(SniffImage(kGif87), "image/gif");
  EXPECT_EQ(SniffImage(kPdf), "application/pdf");
}

TEST(SniffImageTest, ExactSignatureIsEnough) {
  EXPECT_EQ(SniffImage("\xFF\xD8\xFF"sv), "image/jpeg");
  EXPECT_EQ(SniffImage("\x89PNG\r\n\x1A\n"sv), "image/png");
  EXPECT_EQ(SniffImage("RIFF\x00\x00\x00\x00WEBP"sv), "image/webp");
  EXPECT_EQ(SniffImage("GIF89a"sv), "image/gif");
  EXPECT_EQ(SniffImage("%PDF-"sv), "application/pdf");
}

TEST(SniffImageTest, EveryTruncatedHeaderIsUnknown) {
  // Each signature cut anywhere short of its full length must not match.
  for (std::string_view full : {"\xFF\xD8\xFF"sv, "\x89PNG\r\n\x1A\n"sv, "RIFF\x1A\x00\x00\x00WEBP"sv,
                                "GIF89a"sv, "GIF87a"sv, "%PDF-"sv}) {
    for (size_t n = 0; n < full.size(); ++n) {
      EXPECT_EQ(SniffImage(full.substr(0, n)), std::nullopt)
          << "prefix of length " << n << " of " << full.size();
    }
  }
}

TEST(SniffImageTest, EmptyInputIsUnknown) { EXPECT_EQ(SniffImage(""), std::nullopt); }

TEST(SniffImageTest, DisguisedBodiesAreUnknown) {
  const std::string_view kCases[] = {
      "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"sv,
      "<html><img src=x onerror=alert(1)>"sv,
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"sv,
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"sv,
      "\xEF\xBB\xBF<svg/onload=alert(1)>"sv,                   // UTF-8 BOM then SVG
      "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"sv,  // Windows PE executable
      "\x7F"
      "ELF\x02\x01\x01\x00"sv,         // Linux executable
      "PK\x03\x04\x14\x00\x06\x00"sv,  // zip / docx / apk
      "#!/bin/sh\nrm -rf /\n"sv,
      " \xFF\xD8\xFF\xE0"sv,  // a signature not at the start
      "\n%PDF-1.4"sv,
      "\x89PNG\r\n\x1A\x00"sv,           // last signature byte wrong
      "\x89PNG\n\x1A\n\x00"sv,           // line endings translated in transit
      "RIFF\x24\x00\x00\x00WAVEfmt "sv,  // RIFF but audio
      "GIF88a\x01\x00"sv,
      "gif89a\x01\x00"sv,
      "%pdf-1.4"sv,
      "\xFF\xD8\x00\xFF"sv,
  };
  for (std::string_view body : kCases) {
    EXPECT_EQ(SniffImage(body), std::nullopt) << testing::PrintToString(std::string(body));
  }
}

TEST(ExtensionForTest, KnownAndUnknownTypes) {
  EXPECT_EQ(ExtensionFor("image/jpeg"), "jpg");
  EXPECT_EQ(ExtensionFor("image/png"), "png");
  EXPECT_EQ(ExtensionFor("image/webp"), "webp");
  EXPECT_EQ(ExtensionFor("image/gif"), "gif");
  EXPECT_EQ(ExtensionFor("application/pdf"), "pdf");
  EXPECT_EQ(ExtensionFor("image/svg+xml"), "");
  EXPECT_EQ(ExtensionFor("text/html"), "");
  EXPECT_EQ(ExtensionFor("IMAGE/JPEG"), "");
  EXPECT_EQ(ExtensionFor(""), "");
}

TEST(ExtensionForTest, RoundTripsEverySniffedType) {
  for (std::string_view h : {kJpeg, kPng, kWebp, kGif89, kPdf}) {
    auto mime = SniffImage(h);
    ASSERT_TRUE(mime.has_value());
    EXPECT_NE(ExtensionFor(*mime), "") << *mime;
  }
}

}  // namespace
}  // namespace wangge
