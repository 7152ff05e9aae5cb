// Citizen identity numbers (公民身份号码, GB 11643-1999) and phone numbers: validation, normalisation and
// masking for display. An 18-character number is a 6-digit address code, an 8-digit birth date YYYYMMDD,
// a 3-digit sequence (odd = male, even = female) and a check character (ISO 7064 MOD 11-2, 0-9 or X).
// Legacy 15-digit numbers (6 address + YYMMDD + 3 sequence, no check) are upgraded to 18 characters.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge {

struct CitizenId {
  std::string number;        // normalised: 18 characters, upper-case 'X'
  std::string address_code;  // first 6 digits (the address at first registration; may be a retired code)
  int birth_year = 0;
  int birth_month = 0;
  int birth_day = 0;
  char sex = 'M';  // 'M' (odd sequence) or 'F' (even sequence)
  bool upgraded_from_15 = false;

  // The birth date as "YYYY-MM-DD", e.g. "1990-01-01".
  std::string BirthDate() const;
  // Age in whole years on the given date (a birthday on Feb 29 falls on Mar 1 in common years);
  // negative when the date is before the birth date.
  int AgeOn(int year, int month, int day) const;
};

// Validates and normalises a citizen ID. Leading and trailing whitespace (Trim) is ignored; a final
// lower-case 'x' becomes 'X'; a 15-digit number is upgraded to 18 (century "19" inserted, check character
// computed). `today` ("YYYY-MM-DD") bounds the birth date; empty means the current date in China Standard
// Time (UTC+8). Errors, all kInvalidArgument with field "citizen_id" and distinct zh + en messages:
//   - a character other than ASCII digits (and X/x as the 18th) - full-width digits get their own hint;
//   - wrong length (not 18 or 15; the message gives the count);
//   - address code whose province segment starts with 0 ("00...", "05...");
//   - bad birth date: month or day out of range (incl. Feb 29 in a common year), year before 1800,
//     after `today`;
//   - wrong check character (the message gives the expected one).
// A malformed `today` is kInvalidArgument with field "today".
Result<CitizenId> ParseCitizenId(std::string_view input, std::string_view today = {});

// The age beyond which an ID's birth date is implausible for a living person (the oldest verified Chinese
// lived to about 118): entered anyway, with a warning.
inline constexpr int kPlausibleAge = 120;
// The warning for a person born on `birth_date` ("YYYY-MM-DD") more than kPlausibleAge years before `today`
// (empty: today in China Standard Time), with field "citizen_id"; Ok when the age is plausible or a date is
// malformed. Never an error: callers show it beside the saved record.
Status ImplausibleAgeWarning(std::string_view birth_date, std::string_view today = {});

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of an ID.
// Precondition: `first17` is 17 ASCII digits; returns '\0' otherwise.
char CheckDigit(std::string_view first17);

// Masks an ID for display: the first 6 and last 4 characters kept, the rest as '*'
// ("530326********123X" for 18 characters). Input shorter than 18 characters, or not ASCII, is all
// stars (one per code point, or per byte when not valid UTF-8). Never fails.
std::string MaskCitizenId(std::string_view number);

// 残疾人证号, the number of the second-generation disability certificate (since 2008; the smart-card third
// generation keeps it): the holder's 18-character citizen ID, then the category digit (1 视力, 2 听力, 3
// 言语, 4 肢体, 5 智力, 6 精神, 7 多重) and the grade digit (1-4 for 一级-四级). Returns the normalised 20
// characters (Trim, 'x' -> 'X'). Errors are kInvalidArgument with `field`: wrong length, a bad ID part (its
// own message), a category or grade digit out of range. It carries a citizen ID, so it is stored and shown
// like one.
Result<std::string> ParseDisabilityCert(std::string_view input, std::string_view today = {},
                                        std::string_view field = "cert_no");
// The category / grade named by a certificate's digits ("肢体", "二级"); "" when out of range.
std::string_view DisabilityCategoryOf(char digit);
std::string_view DisabilityGradeOf(char digit);

// Masks a 残疾人证号 for display: the ID part as MaskCitizenId, the two digits kept
// ("530326********123X42"). Any other input is all stars. Never fails.
std::string MaskDisabilityCert(std::string_view number);

// Free text with every citizen ID in it masked as MaskCitizenId does ("…530326********123X…"), every
// 残疾人证号 as MaskDisabilityCert, and every legacy 15-digit ID as "530326******123": a number that
// ParseCitizenId (ParseDisabilityCert) accepts for `today`, written in any of the forms number_runs.hpp reads
// (full-width digits, groups separated by spaces or dashes), not inside a longer run of letters and digits. A
// 15-digit number for which `is_place_code` answers true (grid codes have 15 digits) is left alone; without
// it every valid one is masked. Text without a match comes back unchanged. Never fails.
std::string MaskIdsInText(std::string_view text, std::string_view today = {},
                          const std::function<bool(std::string_view)>& is_place_code = {});

// Masks a person's name for display: the first character kept, the rest as one '*' (张三 → 张*, 欧阳修 →
// 欧*); a one-character name stays as it is. Never fails.
std::string MaskName(std::string_view name);

// Masks a phone number for display: the first 3 and last 4 characters kept, the rest as '*'
// ("138****5678", "087*****4567" for "0874-1234567"). Input shorter than 8 characters, or not ASCII,
// is all stars. Never fails.
std::string MaskPhone(std::string_view phone);

// Validates a mainland phone number (field "phone"), exactly as given (no spaces, no +86):
//   - mobile: 11 digits, "1" then 3-9 ("13812345678");
//   - landline: area code + subscriber number, optionally separated by one '-': the area code is
//     3 digits for 010 and 020-029, otherwise 4 digits 0[3-9]xx; the subscriber number has 7 or 8 digits
//     and does not start with 0 ("0874-1234567", "08741234567", "010-62345678").
// Errors (kInvalidArgument, zh + en): empty; characters other than digits and '-'; anything else that
// does not match (one message listing both forms).
Status ValidatePhone(std::string_view phone);

// Builds a valid fictitious ID for demo and test data: `address6` + YYYYMMDD + `seq3` (zero-padded) +
// check character. Returns "" when `address6` is not 6 ASCII digits, `year` is outside 1000-9999, the
// date does not exist or `seq3` is outside 0-999. No other checks: the year may be before 1800 or in
// the future (ParseCitizenId rejects those). Odd `seq3` gives a man, even a woman.
std::string MakeCitizenId(std::string_view address6, int year, int month, int day, int seq3);

}  // namespace wangge
