// Table::IsNumber and NumberCellError: what importers need to refuse a code that a spreadsheet stored as a
// number.
#include <algorithm>

#include "sheet/sheet.hpp"

namespace wangge::sheet {

bool Table::IsNumber(size_t row, size_t col) const {
  if (row >= number_columns.size()) return false;
  const std::vector<int>& cols = number_columns[row];
  return std::binary_search(cols.begin(), cols.end(), static_cast<int>(col));
}

Status NumberCellError(std::string_view text) {
  const size_t digits = static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
  // A spreadsheet keeps 15 significant digits: a longer number, or one shown with an exponent, has lost the
  // rest (an 18-digit citizen ID ends in 000, or in whatever a number format made of it).
  if (digits >= 16 || IsScientificNumber(text)) {
    return InvalidArgument(
        "该单元格被存为数字，已丢失末几位；请把此列设为文本后重新填写",
        "the cell is stored as a number and has lost its last digits; format the column as "
        "text and type it again");
  }
  return InvalidArgument(
      "该单元格被存为数字，开头的 0 可能已丢失；请把此列设为文本后重新填写",
      "the cell is stored as a number, which drops leading zeros; format the column as text "
      "and type it again");
}

}  // namespace wangge::sheet
