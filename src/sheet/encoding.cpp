// NormalizeEncoding / ToUtf8: CSV text to UTF-8 (UTF-8 as is, UTF-16 with a BOM, GB18030 / GBK).
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"

namespace wangge::sheet {
namespace {

enum class IconvResult { kOk, kBadInput, kNoConverter };

// Converts `in` from `from_code` to UTF-8 into *out. On kBadInput, *bad_offset is the offset in `in` of
// the first byte that does not decode (an incomplete sequence at the end included).
IconvResult IconvToUtf8(const char* from_code, std::string_view in, std::string* out, size_t* bad_offset) {
  iconv_t cd = iconv_open("UTF-8", from_code);
  if (cd == reinterpret_cast<iconv_t>(-1)) return IconvResult::kNoConverter;
  out->clear();
  // GB18030 -> UTF-8 grows at most 3/2 (two bytes to three); UTF-16 -> UTF-8 the same.
  out->resize(in.size() + in.size() / 2 + 16);
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  size_t out_used = 0;
  IconvResult result = IconvResult::kOk;
  while (in_left > 0) {
    char* out_ptr = out->data() + out_used;
    size_t out_left = out->size() - out_used;
    const size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out_used = out->size() - out_left;
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    // EILSEQ (invalid sequence) or EINVAL (incomplete sequence at the end).
    *bad_offset = in.size() - in_left;
    result = IconvResult::kBadInput;
    break;
  }
  iconv_close(cd);
  out->resize(out_used);
  return result;
}

std::string HexByte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

Status BadEncoding(std::string_view bytes, size_t offset) {
  const std::string line = std::to_string(internal::LineOfOffset(bytes, offset));
  const std::string off = std::to_string(offset);
  const std::string byte = offset < bytes.size() ? HexByte(static_cast<unsigned char>(bytes[offset])) : "EOF";
  return InvalidArgument("文件第 " + line + " 行（字节偏移 " + off + "，字节 " + byte +
                             "）处的内容既不是 UTF-8 也不是 GBK 编码，无法识别；请在 Excel 中另存为“CSV "
                             "UTF-8（逗号分隔）”后重新导入",
                         "invalid text encoding at line " + line + " (byte offset " + off + ", byte " + byte +
                             "): the file is neither UTF-8 nor GBK/GB18030; save it from Excel as \"CSV "
                             "UTF-8 (Comma delimited)\"");
}

Status BinaryContent(std::string_view bytes, size_t offset) {
  const std::string line = std::to_string(internal::LineOfOffset(bytes, offset));
  const std::string off = std::to_string(offset);
  return InvalidArgument("文件第 " + line + " 行（字节偏移 " + off +
                             "）含有 NUL 字节，不是文本 CSV 文件；请另存为 .xlsx 或 .csv",
                         "the file contains a NUL byte at line " + line + " (byte offset " + off +
                             "), so it is not a text CSV file; save it as .xlsx or .csv");
}

void SetNote(std::string* note_zh, std::string* note_en, std::string zh, std::string en) {
  if (note_zh != nullptr) *note_zh = std::move(zh);
  if (note_en != nullptr) *note_en = std::move(en);
}

}  // namespace

Result<std::string> NormalizeEncoding(std::string_view bytes, std::string* note_zh, std::string* note_en) {
  const bool utf16_bom =
      bytes.size() >= 2 &&
      ((static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) ||
       (static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF));
  if (utf16_bom) {
    std::string out;
    size_t bad = 0;
    switch (IconvToUtf8("UTF-16", bytes, &out, &bad)) {
      case IconvResult::kNoConverter:
        return Internal("iconv has no UTF-16 converter");
      case IconvResult::kBadInput:
        return InvalidArgument(
            "文件以 UTF-16 字节序标记开头，但字节偏移 " + std::to_string(bad) + " 处不是有效的 UTF-16",
            "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 at byte offset " +
                std::to_string(bad));
      case IconvResult::kOk:
        break;
    }
    if (const size_t nul = out.find('\0'); nul != std::string::npos) return BinaryContent(out, nul);
    if (out.empty()) out = "\n";  // a file that was only a BOM: keep the "converted means non-empty" contract
    SetNote(note_zh, note_en, "文件为 UTF-16 编码，已转换为 UTF-8",
            "file was UTF-16-encoded and was converted to UTF-8");
    return out;
  }

  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size()); nul != nullptr) {
    return BinaryContent(bytes, static_cast<const char*>(nul) - bytes.data());
  }
  const size_t utf8_bad = internal::FindInvalidUtf8(bytes);
  if (utf8_bad == bytes.size()) {
    SetNote(note_zh, note_en, {}, {});
    return std::string();
  }
  std::string out;
  size_t gb_bad = 0;
  switch (IconvToUtf8("GB18030", bytes, &out, &gb_bad)) {
    case IconvResult::kNoConverter:
      return Internal("iconv has no GB18030 converter");
    case IconvResult::kBadInput:
      return BadEncoding(bytes, std::max(utf8_bad, gb_bad));
    case IconvResult::kOk:
      break;
  }
  // Defensive: the converter's output must itself be UTF-8 without NULs (the input had none).
  if (!internal::IsValidUtf8(out) || out.find('\0') != std::string::npos) return BadEncoding(bytes, utf8_bad);
  SetNote(note_zh, note_en, "文件为 GBK 编码，已转换为 UTF-8",
          "file was GBK-encoded and was converted to UTF-8");
  return out;
}

Result<std::string_view> ToUtf8(std::string_view bytes, std::string* storage, std::string* note_zh,
                                std::string* note_en) {
  ASSIGN_OR_RETURN(*storage, NormalizeEncoding(bytes, note_zh, note_en));
  if (storage->empty()) return bytes;
  return std::string_view(*storage);
}

}  // namespace wangge::sheet
