#include "core/text.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace wangge {
namespace {

// Decodes one code point starting at s[pos]. Returns the sequence length (1-4) and stores the code point
// in *cp, or returns 0 when the bytes at pos are not a well-formed UTF-8 sequence.
size_t DecodeOne(std::string_view s, size_t pos, char32_t* cp) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  char32_t value;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {  // 0xC0/0xC1 would only encode overlong ASCII
    len = 2;
    value = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    value = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    value = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *cp = value;
  return len;
}

// Whitespace sequences Trim() removes, longest first is irrelevant: none is a prefix of another.
constexpr std::array<std::string_view, 9> kTrimmed = {
    " ",
    "\t",
    "\n",
    "\v",
    "\f",
    "\r",
    "\xC2\xA0",      // U+00A0 NO-BREAK SPACE
    "\xE3\x80\x80",  // U+3000 IDEOGRAPHIC SPACE
    "\xEF\xBB\xBF",  // U+FEFF BYTE ORDER MARK
};

size_t TrimmedPrefix(std::string_view s) {
  for (std::string_view w : kTrimmed) {
    if (s.starts_with(w)) return w.size();
  }
  return 0;
}

size_t TrimmedSuffix(std::string_view s) {
  for (std::string_view w : kTrimmed) {
    if (s.ends_with(w)) return w.size();
  }
  return 0;
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Invisible formatting that changes how text reads without being seen: bidi embeddings, overrides and
// isolates (U+202A-202E, U+2066-2069, the marks U+200E/200F/061C: an override makes "gpj.exe" read as
// "exe.jpg"), zero-width characters (U+200B-200D, U+2060, U+FEFF) and the tag characters U+E0000-E007F.
bool IsInvisibleFormat(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
         (cp >= 0xE0000 && cp <= 0xE007F);
}

bool IsCjkIdeograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // Extension A
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Compatibility Ideographs
         (cp >= 0x20000 && cp <= 0x323AF) ||  // Extensions B-H (SIP and TIP)
         cp == 0x3007;                        // 〇 IDEOGRAPHIC NUMBER ZERO, used in names
}

bool IsLatinLetter(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);  // Latin-1 letters, Latin Extended-A/B
}

bool IsDigitLike(char32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); }

bool IsLookAlikeDot(char32_t cp) {
  return cp == 0x2022 || cp == 0x30FB || cp == 0xFF65 || cp == 0x2027 || cp == '.' || cp == 0xFF0E;
}

constexpr char32_t kMiddleDot = 0x00B7;

std::string CodePointName(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

struct FieldLabel {
  std::string_view field;
  std::string_view zh;
};

constexpr FieldLabel kFieldLabels[] = {
    {"name", "姓名"},
    {"phone", "电话号码"},
    {"address", "地址"},
    {"birth_date", "出生日期"},
    {"date", "日期"},
    {"today", "今天"},
    {"citizen_id", "公民身份号码"},
    {"code", "代码"},
    {"title", "标题"},
    {"content", "内容"},
    {"description", "描述"},
    {"note", "备注"},
    {"remark", "备注"},
    {"ethnicity", "民族"},
    {"occupation", "职业"},
    {"employer", "工作单位"},
    {"email", "电子邮箱"},
    {"username", "用户名"},
    {"password", "密码"},
    {"display_name", "显示名称"},
    {"secretary_name", "书记姓名"},
    {"instructor_name", "党建指导员姓名"},
    {"employer_name", "工作单位"},
    {"party_org", "党组织名称"},
    {"liaison_name", "联络人"},
    {"office_phone", "办公电话"},
    {"pledge", "认领资源说明"},
    {"reason", "理由"},
};

}  // namespace

std::string Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a character
  return std::string(s.substr(0, n));
}

bool IsValidUtf8(std::string_view s) {
  char32_t cp;
  for (size_t pos = 0; pos < s.size();) {
    const size_t len = DecodeOne(s, pos, &cp);
    if (len == 0) return false;
    pos += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Trim(std::string_view s) {
  for (size_t n; (n = TrimmedPrefix(s)) > 0;) s.remove_prefix(n);
  for (size_t n; (n = TrimmedSuffix(s)) > 0;) s.remove_suffix(n);
  return std::string(s);
}

std::string FieldLabelZh(std::string_view field) {
  for (const FieldLabel& label : kFieldLabels) {
    if (label.field == field) return std::string(label.zh);
  }
  return std::string(field);
}

namespace {

// CleanText with the zh label given.
Result<std::string> CleanTextLabelled(std::string_view s, std::string_view field, const std::string& label,
                                      size_t max_chars, bool required, bool multiline) {
  const std::string en(field);
  if (!IsValidUtf8(s)) {
    return InvalidArgument(label + " 不是有效的 UTF-8 文本", en + " is not valid UTF-8 text", en);
  }
  std::string trimmed = Trim(s);
  std::string out;
  out.reserve(trimmed.size());
  char32_t cp;
  for (size_t pos = 0; pos < trimmed.size();) {
    const size_t len = DecodeOne(trimmed, pos, &cp);
    if (multiline && cp == '\r') {
      out += '\n';
      pos += (pos + 1 < trimmed.size() && trimmed[pos + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (IsControl(cp) && !(multiline && (cp == '\t' || cp == '\n'))) {
      return InvalidArgument(label + " 含有控制字符", en + " must not contain control characters", en);
    }
    if (IsInvisibleFormat(cp)) {
      return InvalidArgument(label + " 含有不可见字符或文字方向控制字符 " + CodePointName(cp) + "，请删除",
                             en + " contains an invisible or text-direction control character: " +
                                 CodePointName(cp) + "; remove it",
                             en);
    }
    out.append(trimmed, pos, len);
    pos += len;
  }
  if (out.empty()) {
    if (!required) return out;
    return InvalidArgument(label + " 不能为空", en + " must not be empty", en);
  }
  const size_t chars = Utf8Length(out);
  if (chars > max_chars) {
    return InvalidArgument(label + " 超过 " + std::to_string(max_chars) + " 个字符",
                           en + " must be at most " + std::to_string(max_chars) + " characters (got " +
                               std::to_string(chars) + ")",
                           en);
  }
  return out;
}

}  // namespace

Result<std::string> CleanText(std::string_view s, std::string_view field, size_t max_chars, bool required,
                              bool multiline) {
  return CleanTextLabelled(s, field, FieldLabelZh(field), max_chars, required, multiline);
}

Status ValidatePersonName(std::string_view name) {
  constexpr size_t kMaxChars = 30;
  const std::string field = "name";
  if (name.empty()) return InvalidArgument("姓名不能为空", "name must not be empty", field);
  if (!IsValidUtf8(name)) {
    return InvalidArgument("姓名不是有效的 UTF-8 文本", "name is not valid UTF-8 text", field);
  }
  if (Utf8Length(name) > kMaxChars) {
    return InvalidArgument("姓名不能超过 30 个字符", "name must be at most 30 characters", field);
  }
  // Separators (· or a space) must sit between two letters; a space only between two Latin letters.
  char32_t prev = 0;  // 0 at the start
  bool prev_latin = false;
  char32_t cp;
  for (size_t pos = 0; pos < name.size();) {
    pos += DecodeOne(name, pos, &cp);
    const bool at_end = pos == name.size();
    if (IsCjkIdeograph(cp) || IsLatinLetter(cp)) {
      if (prev == ' ' && !IsLatinLetter(cp)) {
        return InvalidArgument("姓名中的空格只能用于分隔外文字母",
                               "a space in a name may only separate Latin letters", field);
      }
      prev_latin = IsLatinLetter(cp);
    } else if (cp == kMiddleDot || cp == ' ') {
      if (prev == 0 || at_end || prev == kMiddleDot || prev == ' ') {
        return InvalidArgument("姓名中的间隔号或空格不能位于开头、结尾或连续出现",
                               "a middle dot or space in a name must sit between two letters", field);
      }
      if (cp == ' ' && !prev_latin) {
        return InvalidArgument("姓名中的空格只能用于分隔外文字母",
                               "a space in a name may only separate Latin letters", field);
      }
    } else if (IsDigitLike(cp)) {
      return InvalidArgument("姓名不能包含数字", "name must not contain digits", field);
    } else if (IsLookAlikeDot(cp)) {
      return InvalidArgument("姓名中的间隔号请使用“·”(U+00B7)，而不是 " + CodePointName(cp),
                             "use the middle dot \"·\" (U+00B7) in names, not " + CodePointName(cp), field);
    } else {
      return InvalidArgument("姓名含有不允许的字符 " + CodePointName(cp),
                             "name contains a character that is not allowed: " + CodePointName(cp), field);
    }
    prev = cp;
  }
  return Status::Ok();
}

namespace {

// HTML's markup characters: never in a name (issue 11: a place name became a script on the dashboard).
bool IsMarkupChar(char32_t cp) {
  return cp == '<' || cp == '>' || cp == '"' || cp == '\'' || cp == '&' || cp == '`';
}

// Characters that show nothing or turn the text around: zero-width and joiner characters, bidi embeddings,
// overrides and isolates, the soft hyphen, Hangul fillers, variation selectors, interlinear annotations and
// the tag characters.
// What a name refuses as invisible: the free-text set (IsInvisibleFormat) and the fillers, soft hyphen,
// variation selectors and other invisible characters free text keeps (emoji use variation selectors).
bool IsInvisible(char32_t cp) {
  return IsInvisibleFormat(cp) || cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F || cp == 0x1160 ||
         cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

// Letters and digits of a name beyond IsCjkIdeograph / IsLatinLetter / IsDigitLike: full-width Latin letters
// (Ａ栋) and Roman numerals (第Ⅱ网格).
bool IsOtherNameLetter(char32_t cp) {
  return (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A) || (cp >= 0x2160 && cp <= 0x2188);
}

// The punctuation real names use (data/divisions has （）, - and 、; data/categories.csv has / and “”;
// English category names have , and -; building names 3#楼; schools and firms . : 【】 《》).
bool IsNamePunctuation(char32_t cp) {
  switch (cp) {
    case 0x00B7:  // · middle dot
    case '(':
    case ')':
    case 0xFF08:
    case 0xFF09:  // ( ) （ ）
    case '[':
    case ']':
    case 0x3010:
    case 0x3011:  // [ ] 【 】
    case 0x300A:
    case 0x300B:  // 《 》
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:  // “ ” ‘ ’
    case '-':
    case 0xFF0D:
    case 0x2013:
    case 0x2014:  // - － – —
    case '_':
    case '/':
    case 0x3001:  // _ / 、
    case ',':
    case 0xFF0C:
    case '.':
    case 0xFF0E:  // , ， . ．
    case '#':
    case 0xFF03:
    case ':':
    case 0xFF1A:  // # ＃ : ：
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::string> CleanName(std::string_view s, std::string_view field, size_t max_chars, bool required,
                              std::string_view label_zh) {
  const std::string label = !label_zh.empty() ? std::string(label_zh)
                            : field == "name" ? std::string("名称")
                                              : FieldLabelZh(field);
  const std::string en(field);
  ASSIGN_OR_RETURN(std::string name, CleanTextLabelled(s, field, label, max_chars, required, false));
  bool has_word = name.empty();  // an allowed empty value needs none
  char32_t prev = 0;
  char32_t cp;
  for (size_t pos = 0; pos < name.size();) {
    pos += DecodeOne(name, pos, &cp);
    const std::string u = CodePointName(cp);
    if (IsCjkIdeograph(cp) || IsLatinLetter(cp) || IsDigitLike(cp) || IsOtherNameLetter(cp)) {
      has_word = true;
    } else if (cp == ' ') {
      if (prev == ' ') {
        return InvalidArgument(label + " 不能含有连续的空格", en + " must not contain two spaces in a row",
                               en);
      }
    } else if (IsNamePunctuation(cp)) {
      // allowed
    } else if (IsMarkupChar(cp)) {
      return InvalidArgument(
          label + " 不能含有 HTML 标记字符 " + u + "（< > \" ' & ` 均不允许）",
          en + " must not contain the markup character " + u + " (< > \" ' & ` are not allowed)", en);
    } else if (IsInvisible(cp)) {
      return InvalidArgument(label + " 含有不可见字符或文字方向控制字符 " + u,
                             en + " contains an invisible or text-direction control character: " + u, en);
    } else if (IsLookAlikeDot(cp)) {
      return InvalidArgument(label + " 中的间隔号请使用“·”(U+00B7)，而不是 " + u,
                             "use the middle dot \"·\" (U+00B7) in " + en + ", not " + u, en);
    } else {
      return InvalidArgument(label + " 含有不允许的字符 " + u +
                                 "（名称由汉字、字母、数字、空格和 ·（）()-—/、，.#: 等常用符号组成）",
                             en + " contains a character that is not allowed: " + u +
                                 " (names are made of ideographs, letters, digits, spaces and the "
                                 "punctuation · () - — / 、 , . # :)",
                             en);
    }
    prev = cp;
  }
  if (!has_word) {
    return InvalidArgument(label + " 须含有汉字、字母或数字",
                           en + " must contain an ideograph, letter or digit", en);
  }
  return name;
}

Result<std::string> CleanPurpose(std::string_view s) {
  ASSIGN_OR_RETURN(std::string why, CleanText(s, "purpose", 200));
  if (Utf8Length(why) < 2)
    return InvalidArgument("请填写查看目的（至少 2 个字）", "give a purpose of at least 2 characters",
                           "purpose");
  return why;
}

}  // namespace wangge
