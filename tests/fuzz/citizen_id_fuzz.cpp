// Citizen IDs (core/citizen_id): ParseCitizenId, ParseDisabilityCert, the masks, ValidatePhone and
// MakeCitizenId. Input: the ID text; an optional second line is the `today` to check birth dates against
// (else a fixed day, so that a run does not depend on the calendar).
#include <string>

#include "core/citizen_id.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"
#include "fuzz.hpp"

namespace wangge::fuzz {
namespace {

constexpr std::string_view kToday = "2026-06-30";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// What an accepted ID must satisfy, whatever text it came from.
void CheckAccepted(const wangge::CitizenId& id, std::string_view today) {
  const std::string& n = id.number;
  FUZZ_CHECK_MSG(n.size() == 18, n);
  for (size_t i = 0; i < 17; ++i) FUZZ_CHECK_MSG(IsDigit(n[i]), n);
  FUZZ_CHECK_MSG(IsDigit(n[17]) || n[17] == 'X', n);
  FUZZ_CHECK_MSG(CheckDigit(std::string_view(n).substr(0, 17)) == n[17], n);
  FUZZ_CHECK_MSG(n[0] != '0', n);
  FUZZ_CHECK(id.address_code == n.substr(0, 6));
  FUZZ_CHECK(id.BirthDate() == n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2));
  FUZZ_CHECK_MSG(ValidateDate(id.BirthDate(), "birth_date").ok(), id.BirthDate());
  FUZZ_CHECK(id.birth_year >= 1800);
  FUZZ_CHECK(id.sex == ((n[16] - '0') % 2 == 1 ? 'M' : 'F'));
  // Not born after `today`: age on that day is not negative.
  int64_t today_days = 0, birth_days = 0;
  FUZZ_CHECK(ValidateDate(today, "today", &today_days).ok());
  FUZZ_CHECK(ValidateDate(id.BirthDate(), "birth_date", &birth_days).ok());
  FUZZ_CHECK(birth_days <= today_days);
  const int y = std::stoi(std::string(today.substr(0, 4))), m = std::stoi(std::string(today.substr(5, 2))),
            d = std::stoi(std::string(today.substr(8, 2)));
  FUZZ_CHECK(id.AgeOn(y, m, d) >= 0);
  // The normalised number is a fixed point: it parses again to the same ID.
  auto again = ParseCitizenId(n, today);
  FUZZ_CHECK_MSG(again.ok(), again.status().ToString());
  FUZZ_CHECK(again->number == n && again->birth_year == id.birth_year &&
             again->birth_month == id.birth_month && again->birth_day == id.birth_day &&
             again->sex == id.sex && !again->upgraded_from_15);
  // The display mask keeps 6 + 4 characters.
  const std::string masked = MaskCitizenId(n);
  FUZZ_CHECK(masked == n.substr(0, 6) + std::string(8, '*') + n.substr(14));
}

}  // namespace

int CitizenId(const uint8_t* data, size_t size) {
  const std::string_view in = AsText(data, size);
  const size_t nl = in.find('\n');
  const std::string_view text = in.substr(0, nl);
  const std::string_view today_line = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

  // With the fixed day, and with the input's own `today` when it gave one (a bad one is an error Status).
  for (std::string_view today : {kToday, today_line}) {
    if (today.empty()) continue;
    auto id = ParseCitizenId(text, today);
    if (id.ok()) {
      FUZZ_CHECK(ValidateDate(today, "today").ok());
      CheckAccepted(*id, today);
    } else {
      FUZZ_CHECK(id.status().code() == StatusCode::kInvalidArgument);
      FUZZ_CHECK(id.status().field() == "citizen_id" || id.status().field() == "today");
      FUZZ_CHECK(IsValidUtf8(id.status().zh()) && IsValidUtf8(id.status().en()));
    }
  }

  // 残疾人证号: accepted means a valid ID (for the fixed day) and two digits in range; the mask keeps the
  // ID's 6 + 4 and the two digits; errors name the field and are valid UTF-8.
  auto cert = ParseDisabilityCert(text, kToday, "tags.disabled.cert_no");
  if (cert.ok()) {
    FUZZ_CHECK_MSG(cert->size() == 20, *cert);
    auto id = ParseCitizenId(std::string_view(*cert).substr(0, 18), kToday);
    FUZZ_CHECK_MSG(id.ok() && id->number == cert->substr(0, 18), *cert);
    FUZZ_CHECK(!DisabilityCategoryOf((*cert)[18]).empty() && !DisabilityGradeOf((*cert)[19]).empty());
    FUZZ_CHECK(MaskDisabilityCert(*cert) == MaskCitizenId(cert->substr(0, 18)) + cert->substr(18));
    auto again = ParseDisabilityCert(*cert, kToday);
    FUZZ_CHECK(again.ok() && *again == *cert);
  } else {
    FUZZ_CHECK(cert.status().code() == StatusCode::kInvalidArgument);
    FUZZ_CHECK(cert.status().field() == "tags.disabled.cert_no");
    FUZZ_CHECK_MSG(IsValidUtf8(cert.status().zh()) && IsValidUtf8(cert.status().en()),
                   cert.status().ToString());
  }
  if (IsValidUtf8(text)) FUZZ_CHECK(IsValidUtf8(MaskDisabilityCert(text)));

  // Masks never fail and never leak the middle of the number.
  const std::string masked = MaskCitizenId(text);
  if (text.size() >= 18 && masked.size() == text.size())
    FUZZ_CHECK(masked.substr(6, text.size() - 10).find_first_not_of('*') == std::string::npos);
  if (IsValidUtf8(text)) FUZZ_CHECK(IsValidUtf8(masked) && IsValidUtf8(MaskPhone(text)));

  // Phones: accepted ones are digits and at most one '-', 10-13 characters.
  if (ValidatePhone(text).ok()) {
    FUZZ_CHECK_MSG(text.size() >= 10 && text.size() <= 13, std::string(text));
    FUZZ_CHECK(text.find_first_not_of("0123456789-") == std::string_view::npos);
    FUZZ_CHECK(text.find('-') == text.rfind('-'));
  }

  // MakeCitizenId from the first bytes: "" or an ID that ParseCitizenId accepts when its date is plausible.
  if (size >= 12) {
    const std::string_view address6 = in.substr(0, 6);
    const int year = 1000 + (data[6] << 8 | data[7]) % 9000;
    const int month = data[8] % 14;  // 0 and 13 are invalid on purpose
    const int day = data[9] % 33;
    const int seq = (data[10] << 8 | data[11]) % 1100 - 50;
    const std::string made = MakeCitizenId(address6, year, month, day, seq);
    if (!made.empty()) {
      FUZZ_CHECK(made.size() == 18 && made.substr(0, 6) == address6);
      FUZZ_CHECK(CheckDigit(std::string_view(made).substr(0, 17)) == made[17]);
      auto parsed = ParseCitizenId(made, "9999-12-31");
      FUZZ_CHECK_MSG(parsed.ok() == (year >= 1800 && made[0] != '0'),
                     made + " " + parsed.status().ToString());
      if (parsed.ok()) FUZZ_CHECK(parsed->sex == (seq % 2 == 1 ? 'M' : 'F'));
    }
  }
  return 0;
}

}  // namespace wangge::fuzz
