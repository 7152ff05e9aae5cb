#include "core/filetype.hpp"

namespace wangge {

std::optional<std::string> SniffImage(std::string_view bytes) {
  using namespace std::string_view_literals;
  // starts_with on a shorter input is false, so a truncated header never matches.
  if (bytes.starts_with("\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (bytes.starts_with("\x89PNG\r\n\x1A\n"sv)) return "image/png";
  if (bytes.size() >= 12 && bytes.starts_with("RIFF"sv) && bytes.substr(8, 4) == "WEBP"sv)
    return "image/webp";
  if (bytes.starts_with("GIF87a"sv) || bytes.starts_with("GIF89a"sv)) return "image/gif";
  if (bytes.starts_with("%PDF-"sv)) return "application/pdf";
  return std::nullopt;
}

std::string_view ExtensionFor(std::string_view mime) {
  if (mime == "image/jpeg") return "jpg";
  if (mime == "image/png") return "png";
  if (mime == "image/webp") return "webp";
  if (mime == "image/gif") return "gif";
  if (mime == "application/pdf") return "pdf";
  return "";
}

}  // namespace wangge
