// Import and export of the people table ("一张表") as .xlsx or .csv with the published Chinese headers.
//
// Rules: a cell stored as a number (an .xlsx number cell, a CSV field in scientific notation) in a column
// that holds codes (公民身份号码, 所属网格或十联户代码, 户号, 联系电话) rejects its row: the number has lost
// digits or leading zeros, and no guess is ever stored. A row equal to one of the template's example rows
// (name and citizen ID) is skipped with a note. People are matched by citizen ID (blind index), so
// re-importing the same file changes nothing;
// households are matched by 户号 within the county; every row is validated exactly as the API validates a
// person; a row whose place lies outside the caller's jurisdiction is rejected. Mode "all_or_nothing" writes
// nothing if any row is rejected; "accept_valid" writes the valid rows. `dry_run` validates and reports
// without writing (the UI's "check before confirm" step).
#pragma once

#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "service/context.hpp"
#include "service/people_service.hpp"
#include "sheet/sheet.hpp"
#include "storage/database.hpp"

namespace wangge::service {

enum class ImportMode { kAllOrNothing, kAcceptValid };

struct RowError {
  int row = 0;         // spreadsheet row number (header = 1)
  std::string column;  // Chinese header of the offending column ("" for the whole row)
  std::string reason_zh;
  std::string reason_en;
};

struct ImportReport {
  int64_t rows = 0;
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t households_created = 0;
  int64_t examples_skipped = 0;  // rows equal to one of the template's example rows (counted in `rows`)
  bool committed = false;        // false for a dry run, or all_or_nothing with rejected rows
  std::string note_zh, note_en;  // e.g. converted from GBK
  std::vector<RowError> errors;  // at most 1,000 listed (rejected counts them all)
};

// The template's headers, in order; the first three are required.
const std::vector<std::string>& PeopleHeaders();

class ImportService {
 public:
  ImportService(storage::Database* db, const FieldCipher* cipher, PeopleService* people)
      : db_(db), cipher_(cipher), people_(people) {}

  // The template (headers and two example rows with fictitious but valid data) as .xlsx or .csv bytes: the
  // .xlsx has drop-down lists on the fixed-list columns (民族, 政治面貌, 居住类型, 与户主关系) and only text
  // cells; the .csv writes the code columns as ="…", so a spreadsheet keeps them text.
  Result<std::string> Template(sheet::Format format);
  // kImport. File-level problems (unreadable file, missing required header) are errors; row problems go
  // into the report.
  Result<ImportReport> ImportPeople(const Ctx& ctx, std::string_view bytes, std::string_view filename,
                                    ImportMode mode, bool dry_run);
  // kExport within the caller's scope (and optional tag), written as the template is. Identity columns are
  // masked unless `purpose` is given and the role may unmask, in which case the export is audited with the
  // purpose.
  Result<std::string> ExportPeople(const Ctx& ctx, const std::string& scope, const std::string& tag,
                                   sheet::Format format, const std::string& purpose,
                                   int64_t* rows_out = nullptr);

 private:
  storage::Database* db_;
  const FieldCipher* cipher_;
  PeopleService* people_;
};

}  // namespace wangge::service
