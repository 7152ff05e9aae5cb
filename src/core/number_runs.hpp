// Numbers as people write them into free text: digits in runs, ASCII or full-width (１３９…, NFKC-equivalent
// to ASCII), grouped with spaces, ideographic spaces or dashes ("5303 2619 9001 0112 33", "139-1234-5678").
// Masking at intake (citizen_id.hpp MaskIdsInText) and scrubbing on public views (ScrubNumbersForPublic) both
// read free text through this one scanner, so a form one of them understands is never missed by the other.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wangge {

// Calls `rewrite` for candidate numbers in `text` and replaces each candidate it answers with its
// replacement. A group is a maximal run of letters and digits (ASCII or full-width); numeric groups are
// digits, the last of a candidate possibly ending in X/x. A candidate is one numeric group, or several joined
// by exactly one separator each (space, U+3000, no-break space, '-', full-width or typographic dashes),
// passed to `rewrite` as ASCII digits (X upper-case) with the number of groups. Longer candidates are tried
// first from each group; a group is never split, and text between candidates is copied unchanged. Never
// fails.
std::string RewriteNumbers(
    std::string_view text,
    const std::function<std::optional<std::string>(std::string_view digits, int groups)>& rewrite);

// Free text for the public (board, /track, Open311): every citizen ID (15 or 18 characters), mobile number
// and landline, and every other number of 7 or more digits written as one run, masked — "530326********123X",
// "139****5678", "08*******67" — in whatever of the forms above it was written. Never fails.
std::string ScrubNumbersForPublic(std::string_view text);

}  // namespace wangge
