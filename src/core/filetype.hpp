// Recognising uploaded files (report photos, attached documents) by their leading bytes, never by the name or
// the client's Content-Type, which a caller controls. Only the formats the event loop accepts are known.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge {

// The MIME type of `bytes` judged only from its leading magic bytes:
//   "image/jpeg"       FF D8 FF
//   "image/png"        89 50 4E 47 0D 0A 1A 0A (the full 8-byte signature)
//   "image/webp"       "RIFF" <4-byte size> "WEBP"
//   "image/gif"        "GIF87a" or "GIF89a"
//   "application/pdf"  "%PDF-"
// nullopt for anything else, including an empty or truncated header, HTML, SVG (XML text is never accepted
// as an image: it can carry script) and executables. Matching the header says nothing about whether the rest
// of the file is well formed.
std::optional<std::string> SniffImage(std::string_view bytes);

// The file extension, without the dot, for one of the MIME types SniffImage returns ("jpg", "png", "webp",
// "gif", "pdf"); "" for any other type.
std::string_view ExtensionFor(std::string_view mime);

}  // namespace wangge
