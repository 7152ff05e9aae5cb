// A small pull parser for the large parts of an .xlsx (worksheet and shared-strings XML), which can be
// hundreds of megabytes: it walks the buffer without building a tree (internal to wangge_sheet).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::sheet::internal {

// Tokenises XML held in memory. Handles start / end / empty-element tags, attributes ('..' or ".."),
// text, CDATA, comments and processing instructions; element and attribute names are reported without
// their namespace prefix. Checks that end tags match start tags and that no element is left open; a
// DOCTYPE is refused (xlsx parts never have one, and refusing it rules out entity tricks). Never reads
// outside the buffer, whatever the input.
class XmlPull {
 public:
  enum class Event { kStartElement, kEndElement, kText, kEnd, kError };

  // `xml` must outlive the parser.
  explicit XmlPull(std::string_view xml) : xml_(xml) {}

  // Advances to the next event. An empty-element tag <a/> yields kStartElement then kEndElement. After
  // kEnd or kError every call returns the same.
  Event Next();

  // Local name of the element, for kStartElement and kEndElement.
  std::string_view name() const { return name_; }
  // For kStartElement: sets *value to the raw value (entities not decoded) of the attribute with this
  // local name and returns true; returns false when the element has no such attribute.
  bool Attr(std::string_view local_name, std::string_view* value) const;
  // For kText: raw text (entities not decoded), or the content of a CDATA section when is_cdata().
  std::string_view text() const { return text_; }
  bool is_cdata() const { return cdata_; }
  // Byte offset reached, for error messages.
  size_t offset() const { return pos_; }

 private:
  Event Fail() {
    failed_ = true;
    return Event::kError;
  }

  std::string_view xml_;
  size_t pos_ = 0;
  bool failed_ = false;
  bool pending_end_ = false;
  std::string_view name_;
  std::string_view text_;
  bool cdata_ = false;
  std::vector<std::string_view> stack_;                               // qualified names of open elements
  std::vector<std::pair<std::string_view, std::string_view>> attrs_;  // local name, raw value
};

// Appends XML character data to *out with the five predefined entities and character references
// (&#10; &#x4E2D;) decoded and line ends (CRLF, CR) normalised to LF. A malformed or unknown reference,
// or one naming NUL, a surrogate or a value past U+10FFFF, is appended literally.
void AppendXmlText(std::string_view raw, std::string* out);

// Decodes Excel's escapes for characters XML cannot carry, "_x000D_" -> CR (a surrogate pair written as
// two escapes is joined; a lone surrogate escape is left as is), in place.
void DecodeExcelEscapes(std::string* s);

}  // namespace wangge::sheet::internal
