#include "service/import_service.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {

using nlohmann::json;

enum Col {
  kName,
  kCid,
  kPlace,
  kEthnicity,
  kPolitical,
  kPhone,
  kResidence,
  kRelation,
  kHouseholdNo,
  kAddress,
  kTags,
  kNumCols
};

// The columns that hold codes: citizen ID, place code (所属网格或十联户代码), 户号 and phone. A spreadsheet
// cell stored as a number cannot hold one (15 significant digits, no leading zeros), so such a cell there
// rejects the row (sheet::NumberCellError) before anything else is checked.
constexpr int kCodeColumns[] = {kCid, kPlace, kPhone, kHouseholdNo};

// The fixed-list columns and their lists: drop-down lists in the .xlsx template and export.
std::vector<sheet::ColumnChoices> FixedListChoices() {
  std::vector<sheet::ColumnChoices> out;
  const auto add = [&](int col, const std::vector<std::string_view>& list) {
    sheet::ColumnChoices c{static_cast<size_t>(col), {}};
    for (std::string_view v : list) c.values.emplace_back(v);
    out.push_back(std::move(c));
  };
  add(kEthnicity, Ethnicities());
  add(kPolitical, PoliticalStatuses());
  add(kResidence, ResidenceTypes());
  add(kRelation, Relations());
  return out;
}

const std::vector<size_t>& CsvTextColumns() {
  static const std::vector<size_t> v(std::begin(kCodeColumns), std::end(kCodeColumns));
  return v;
}

// The template's example rows (fictitious people with valid citizen IDs, address code 会泽县, sequence
// numbers 001/002, which the demo never uses). They show how every column is filled and pass every check;
// an import skips a row whose name and citizen ID are an example's, so a worker who leaves them in neither
// fails the import nor adds 张三 and 李四 (the report's note names the rows).
const std::vector<std::vector<std::string>>& ExampleRows() {
  static const std::vector<std::vector<std::string>> rows = {
      {"张三", MakeCitizenId("530326", 1990, 1, 1, 1), "530326001001001001", "汉族", "群众", "13800000000",
       "户籍", "户主", "HZ0000001", "古城街道示例社区1栋1单元101", "低保(低保证号=DB001)"},
      {"李四", MakeCitizenId("530326", 1992, 3, 4, 2), "530326001001001001", "彝族", "中共党员", "", "户籍",
       "配偶", "HZ0000001", "古城街道示例社区1栋1单元101", "残疾人(残疾类别=肢体,残疾等级=二级)"}};
  return rows;
}

bool IsExampleRow(const std::string& name, const std::string& citizen_id) {
  const std::string n = Trim(name), id = Trim(citizen_id);
  for (const auto& e : ExampleRows())
    if (e[kName] == n && e[kCid] == id) return true;
  return false;
}

constexpr size_t kMaxListedErrors = 1000;

// The column a validation error belongs to, from the Status field name.
int ColumnOfField(const std::string& field) {
  static const std::map<std::string, int> m = {{"name", kName},
                                               {"citizen_id", kCid},
                                               {"place_code", kPlace},
                                               {"ethnicity", kEthnicity},
                                               {"political_status", kPolitical},
                                               {"phone", kPhone},
                                               {"residence_type", kResidence},
                                               {"relation", kRelation},
                                               {"household_no", kHouseholdNo},
                                               {"address", kAddress}};
  auto it = m.find(field);
  if (it != m.end()) return it->second;
  if (field.rfind("tags", 0) == 0) return kTags;
  return -1;
}

// "低保;残疾人(残疾类别=肢体,残疾等级=二级)" -> tags with fields. Keys may be the field's Chinese label or
// key.
Result<std::vector<PersonTag>> ParseTagCell(const std::string& cell) {
  std::vector<PersonTag> out;
  std::string s = cell;
  for (const char* sep : {"；", "、", "，"}) {
    size_t pos;
    while ((pos = s.find(sep)) != std::string::npos) {
      // Only separators outside parentheses split tags; a full-width comma inside (…) separates fields.
      size_t open = s.rfind('(', pos), close = s.rfind(')', pos);
      bool inside = open != std::string::npos && (close == std::string::npos || close < open);
      s.replace(pos, std::strlen(sep), inside ? "," : ";");
    }
  }
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = i;
    int depth = 0;
    while (end < s.size() && !(depth == 0 && s[end] == ';')) {
      if (s[end] == '(') ++depth;
      if (s[end] == ')') --depth;
      ++end;
    }
    std::string item = Trim(std::string_view(s).substr(i, end - i));
    i = end + 1;
    if (item.empty()) continue;
    std::string name = item, args;
    auto lp = item.find('(');
    if (lp != std::string::npos) {
      if (item.back() != ')')
        return InvalidArgument("人群标签括号不匹配：" + item, "unbalanced parentheses in tag: " + item,
                               "tags");
      name = Trim(item.substr(0, lp));
      args = item.substr(lp + 1, item.size() - lp - 2);
    }
    const TagDef* def = FindTagByZh(name);
    if (def == nullptr) def = FindTag(name);
    if (def == nullptr)
      return InvalidArgument("未知的人群标签“" + name + "”", "unknown group tag '" + name + "'", "tags");
    json fields = json::object();
    size_t j = 0;
    while (j < args.size()) {
      size_t comma = args.find(',', j);
      if (comma == std::string::npos) comma = args.size();
      std::string kv = Trim(args.substr(j, comma - j));
      j = comma + 1;
      if (kv.empty()) continue;
      auto eq = kv.find('=');
      if (eq == std::string::npos)
        return InvalidArgument("标签字段应写成 名称=值：" + kv, "tag field must be name=value: " + kv,
                               "tags");
      std::string k = Trim(kv.substr(0, eq)), v = Trim(kv.substr(eq + 1));
      const TagField* f = nullptr;
      for (const auto& tf : def->fields)
        if (tf.zh == k || tf.key == k) f = &tf;
      if (f == nullptr)
        return InvalidArgument(std::string(def->zh) + " 没有字段 " + k,
                               std::string(def->id) + " has no field " + k, "tags");
      if (f->type == "int") {
        char* endp = nullptr;
        long long n = std::strtoll(v.c_str(), &endp, 10);
        if (v.empty() || *endp != '\0')
          return InvalidArgument(std::string(f->zh) + " 必须是整数",
                                 std::string(f->key) + " must be an integer", "tags");
        fields[std::string(f->key)] = n;
      } else {
        fields[std::string(f->key)] = v;
      }
    }
    out.push_back(PersonTag{std::string(def->id), fields.dump(), ""});
  }
  return out;
}

std::string FormatTags(const std::vector<PersonTag>& tags) {
  std::string out;
  for (const auto& t : tags) {
    const TagDef* def = FindTag(t.tag);
    if (def == nullptr) continue;
    if (!out.empty()) out += ";";
    out += def->zh;
    json f = json::parse(t.fields_json, nullptr, false);
    std::string args;
    if (f.is_object()) {
      for (const auto& tf : def->fields) {
        auto it = f.find(std::string(tf.key));
        if (it == f.end()) continue;
        if (!args.empty()) args += ",";
        args += std::string(tf.zh) + "=" + (it->is_string() ? it->get<std::string>() : it->dump());
      }
    }
    if (!args.empty()) out += "(" + args + ")";
  }
  return out;
}

bool SamePerson(const Person& a, const Person& b) {
  if (a.name != b.name || a.place_code != b.place_code || a.household_id != b.household_id ||
      a.ethnicity != b.ethnicity || a.political_status != b.political_status ||
      a.phone_hash != b.phone_hash || a.residence_type != b.residence_type || a.relation != b.relation ||
      a.retired != b.retired || a.tags.size() != b.tags.size())
    return false;
  for (size_t i = 0; i < a.tags.size(); ++i)
    if (a.tags[i].tag != b.tags[i].tag ||
        json::parse(ComparableTagFields(a.tags[i].fields_json), nullptr, false) !=
            json::parse(ComparableTagFields(b.tags[i].fields_json), nullptr, false))
      return false;
  return true;
}

struct Prepared {
  int row = 0;
  Person person;
  std::string household_no;
  std::string address;
  bool tags_given = false;
};

// Hands prepared rows from the validating thread to the write transaction, a bounded number of chunks at a
// time, so validation/encryption (one core) overlaps the database writes (the writer's core) and memory
// stays flat however large the file.
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t capacity) : capacity_(capacity) {}
  // false when the consumer has given up (the producer should stop).
  bool Push(std::vector<Prepared> chunk) {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return aborted_ || q_.size() < capacity_; });
    if (aborted_) return false;
    q_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }
  // The producer is done (normally or not).
  void Close() {
    std::lock_guard lk(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // The consumer is done; unblocks a waiting producer.
  void Abort() {
    std::lock_guard lk(mu_);
    aborted_ = true;
    cv_.notify_all();
  }
  // Next chunk; false once the producer closed the queue and it is drained.
  bool Pop(std::vector<Prepared>* out) {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return closed_ || !q_.empty(); });
    if (q_.empty()) return false;
    *out = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return true;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Prepared>> q_;
  bool closed_ = false;
  bool aborted_ = false;
};

constexpr size_t kChunkRows = 4096;

}  // namespace

const std::vector<std::string>& PeopleHeaders() {
  static const std::vector<std::string> h = {"姓名",     "公民身份号码", "所属网格或十联户代码",
                                             "民族",     "政治面貌",     "联系电话",
                                             "居住类型", "与户主关系",   "户号",
                                             "住址",     "人群标签"};
  return h;
}

Result<std::string> ImportService::Template(sheet::Format format) {
  sheet::Table t;
  t.header = PeopleHeaders();
  t.rows = ExampleRows();
  if (format == sheet::Format::kCsv) return sheet::WriteCsv(t, CsvTextColumns());
  return sheet::WriteXlsx(t, "人员", FixedListChoices());
}

Result<ImportReport> ImportService::ImportPeople(const Ctx& ctx, std::string_view bytes,
                                                 std::string_view filename, ImportMode mode, bool dry_run) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kImport));
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonWrite));
  ImportReport report;
  ASSIGN_OR_RETURN(sheet::Format format, sheet::DetectFormat(bytes, filename));

  // Row source: streaming for CSV (large files), a table for xlsx.
  std::string converted;
  std::string_view utf8;
  std::optional<sheet::CsvReader> csv;
  sheet::Table table;
  size_t table_pos = 0;
  std::vector<std::string> header;
  if (format == sheet::Format::kCsv) {
    ASSIGN_OR_RETURN(utf8, sheet::ToUtf8(bytes, &converted, &report.note_zh, &report.note_en));
    // Tab-separated when the first line has tabs and no commas (Excel "Unicode text").
    std::string_view first = utf8.substr(0, utf8.find('\n'));
    sheet::CsvOptions opt;
    if (first.find('\t') != std::string_view::npos && first.find(',') == std::string_view::npos)
      opt.delimiter = '\t';
    csv.emplace(utf8, opt);
    if (!csv->Next(&header)) {
      if (!csv->status().ok()) return csv->status();
      return InvalidArgument("文件为空", "the file is empty", "file");
    }
  } else {
    ASSIGN_OR_RETURN(table, sheet::ReadXlsx(bytes));
    header = table.header;
    report.note_zh = table.note_zh;
    report.note_en = table.note_en;
  }
  // One data row: its cells, spreadsheet row number, and the columns stored as numbers.
  auto next_row = [&](std::vector<std::string>* fields, int* row, std::vector<int>* numbers) -> Result<bool> {
    if (csv) {
      if (!csv->Next(fields, numbers)) {
        RETURN_IF_ERROR(csv->status());
        return false;
      }
      *row = csv->row_number();
      return true;
    }
    if (table_pos >= table.rows.size()) return false;
    *fields = table.rows[table_pos];
    *numbers = table_pos < table.number_columns.size() ? table.number_columns[table_pos] : std::vector<int>{};
    *row =
        table.row_numbers.size() > table_pos ? table.row_numbers[table_pos] : static_cast<int>(table_pos) + 2;
    ++table_pos;
    return true;
  };

  // Map headers to columns.
  int col_of[kNumCols];
  std::fill(std::begin(col_of), std::end(col_of), -1);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = Trim(header[i]);
    for (int c = 0; c < kNumCols; ++c)
      if (PeopleHeaders()[c] == h) col_of[c] = static_cast<int>(i);
  }
  for (int c : {kName, kCid, kPlace})
    if (col_of[c] < 0)
      return InvalidArgument("缺少必填列“" + PeopleHeaders()[c] + "”，请使用导入模板",
                             "missing required column '" + PeopleHeaders()[c] + "'; use the import template",
                             "file");

  auto add_error = [&](int row, int col, const Status& st) {
    ++report.rejected;
    if (report.errors.size() < kMaxListedErrors)
      report.errors.push_back(RowError{row, col >= 0 ? PeopleHeaders()[col] : "", st.zh(), st.en()});
  };

  // Pass 1 (a producer thread): parse, validate, scope-check and encrypt every row, in chunks.
  std::vector<int> example_rows;  // the first few rows skipped as the template's examples
  ChunkQueue queue(8);
  auto produce = [&]() -> Status {
    std::vector<Prepared> chunk;
    chunk.reserve(kChunkRows);
    std::unordered_map<std::string, int> seen_cid;  // blind index -> row
    std::vector<std::string> fields;
    std::vector<int> numbers;
    int row_no = 0;
    while (true) {
      ASSIGN_OR_RETURN(bool more, next_row(&fields, &row_no, &numbers));
      if (!more) break;
      ++report.rows;
      if (report.rows > 2'000'000)
        return Status(StatusCode::kTooLarge, "单次导入不超过 200 万行", "at most 2,000,000 rows per import");
      auto cell = [&](int c) -> std::string {
        int i = col_of[c];
        return i >= 0 && i < static_cast<int>(fields.size()) ? fields[i] : std::string();
      };
      Prepared pr;
      pr.row = row_no;
      Person& p = pr.person;
      p.name = cell(kName);
      p.citizen_id = cell(kCid);
      p.place_code = Trim(cell(kPlace));
      p.ethnicity = cell(kEthnicity);
      p.political_status = cell(kPolitical);
      p.phone = cell(kPhone);
      p.residence_type = cell(kResidence);
      p.relation = cell(kRelation);
      bool bad_utf8 = false;
      for (const auto& f : fields) bad_utf8 = bad_utf8 || !IsValidUtf8(f);
      if (bad_utf8) {
        add_error(row_no, -1, InvalidArgument("该行含有无效字符编码", "row contains invalid UTF-8"));
        continue;
      }
      if (IsExampleRow(p.name, p.citizen_id)) {
        ++report.examples_skipped;
        if (example_rows.size() < 10) example_rows.push_back(row_no);
        continue;
      }
      // A code stored as a number has lost digits or zeros: never guess it back.
      int number_col = -1;
      for (int c : kCodeColumns)
        if (number_col < 0 && col_of[c] >= 0 && std::binary_search(numbers.begin(), numbers.end(), col_of[c]))
          number_col = c;
      if (number_col >= 0) {
        add_error(row_no, number_col, sheet::NumberCellError(cell(number_col)));
        continue;
      }
      auto code = ParseCode(p.place_code);
      if (!code.ok() || (p.place_code.size() != 15 && p.place_code.size() != 18)) {
        add_error(row_no, kPlace,
                  InvalidArgument("应为 15 位网格代码或 18 位十联户代码",
                                  "must be a 15-digit grid or 18-digit unit code"));
        continue;
      }
      if (col_of[kTags] >= 0) {
        pr.tags_given = true;
        auto tags = ParseTagCell(cell(kTags));
        if (!tags.ok()) {
          add_error(row_no, kTags, tags.status());
          continue;
        }
        p.tags = *tags;
      }
      auto hn = CleanText(cell(kHouseholdNo), "household_no", 30, false);
      auto addr = CleanText(cell(kAddress), "address", 100, false);
      if (!hn.ok()) {
        add_error(row_no, kHouseholdNo, hn.status());
        continue;
      }
      if (!addr.ok()) {
        add_error(row_no, kAddress, addr.status());
        continue;
      }
      pr.household_no = *hn;
      pr.address = *addr;
      Status st = people_->Prepare(ctx, &p);
      if (!st.ok()) {
        add_error(row_no,
                  st.code() == StatusCode::kPermissionDenied
                      ? (st.field().empty() ? kPlace : ColumnOfField(st.field()))
                      : ColumnOfField(st.field()),
                  st);
        continue;
      }
      auto [it, fresh] = seen_cid.emplace(p.citizen_id_hash, row_no);
      if (!fresh) {
        add_error(row_no, kCid,
                  InvalidArgument("与第 " + std::to_string(it->second) + " 行的公民身份号码重复",
                                  "duplicates the citizen ID of row " + std::to_string(it->second)));
        continue;
      }
      p.citizen_id.clear();  // plaintext no longer needed
      p.phone.clear();
      chunk.push_back(std::move(pr));
      if (chunk.size() == kChunkRows) {
        if (!queue.Push(std::move(chunk))) return Status::Ok();  // the writer gave up
        chunk = {};
        chunk.reserve(kChunkRows);
      }
    }
    if (!chunk.empty()) queue.Push(std::move(chunk));
    return Status::Ok();
  };
  Status producer_status;
  std::thread producer([&] {
    producer_status = produce();
    queue.Close();
  });

  // Pass 2 (one write transaction): households and people, matched by 户号 and citizen ID.
  bool rolled_back_on_purpose = false;
  ImportReport pass2;
  std::vector<RowError> pass2_errors;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    pass2 = ImportReport{};
    std::vector<Prepared> rows;
    pass2_errors.clear();
    std::unordered_map<std::string, std::pair<int64_t, std::string>> households;  // no -> (id, place)
    std::unordered_set<std::string> live_places, dead_places;
    auto place_ok = [&](const std::string& code) -> bool {
      if (live_places.count(code)) return true;
      if (dead_places.count(code)) return false;
      auto pl = tx.places().Get(code);
      bool ok = pl.ok() && !pl->retired;
      (ok ? live_places : dead_places).insert(code);
      return ok;
    };
    while (queue.Pop(&rows))
      for (Prepared& pr : rows) {
        Person& p = pr.person;
        auto fail = [&](int col, const Status& s) {
          ++pass2.rejected;
          if (pass2_errors.size() < kMaxListedErrors)
            pass2_errors.push_back(RowError{pr.row, col >= 0 ? PeopleHeaders()[col] : "", s.zh(), s.en()});
        };
        if (!place_ok(p.place_code)) {
          fail(kPlace, InvalidArgument("网格或十联户 " + p.place_code + " 不存在或已撤销",
                                       "place " + p.place_code + " does not exist"));
          continue;
        }
        if (!pr.household_no.empty()) {
          auto hit = households.find(pr.household_no);
          if (hit == households.end()) {
            ASSIGN_OR_RETURN(auto found, tx.people().FindHouseholdByNo(pr.household_no));
            if (found) {
              ASSIGN_OR_RETURN(Household h, tx.people().GetHousehold(*found));
              hit = households.emplace(pr.household_no, std::make_pair(h.id, h.place_code)).first;
            } else {
              Household h;
              h.place_code = p.place_code;
              h.household_no = pr.household_no;
              h.address = pr.address;
              h.residence_type = p.residence_type;
              ASSIGN_OR_RETURN(int64_t hid, tx.people().InsertHousehold(h));
              ++pass2.households_created;
              hit = households.emplace(pr.household_no, std::make_pair(hid, h.place_code)).first;
            }
          }
          if (hit->second.second != p.place_code) {
            fail(kHouseholdNo,
                 InvalidArgument("户号 " + pr.household_no + " 已登记在 " +
                                     (Authz::InScope(ctx.who, hit->second.second) ? hit->second.second
                                                                                  : std::string("其他辖区")),
                                 "household number is registered at another place"));
            continue;
          }
          p.household_id = hit->second.first;
        }
        ASSIGN_OR_RETURN(auto existing_id, tx.people().FindPersonByCidHash(p.citizen_id_hash));
        if (!existing_id) {
          ASSIGN_OR_RETURN(p.id, tx.people().InsertPerson(p));
          ++pass2.inserted;
          continue;
        }
        ASSIGN_OR_RETURN(Person old, tx.people().GetPerson(*existing_id));
        if (!Authz::InScope(ctx.who, old.place_code)) {
          fail(kCid, Conflict("该公民身份号码已在其他辖区登记，请联系其所在辖区迁移",
                              "this citizen ID is registered in another jurisdiction"));
          continue;
        }
        p.id = old.id;
        p.version = old.version;
        if (!pr.tags_given) p.tags = old.tags;
        if (!HasPermission(ctx.who.role, Permission::kSensitiveWrite)) {
          for (const auto& t : old.tags) {
            const TagDef* d = FindTag(t.tag);
            if (d && d->sensitive) p.tags.push_back(t);
          }
          std::sort(p.tags.begin(), p.tags.end(),
                    [](const PersonTag& a, const PersonTag& b) { return a.tag < b.tag; });
        }
        if (SamePerson(old, p)) {
          ++pass2.unchanged;
          continue;
        }
        // Keep the stored ciphertexts when the values did not change (no churn on re-import).
        if (old.phone_hash == p.phone_hash) p.phone_enc = old.phone_enc;
        p.citizen_id_enc = old.citizen_id_enc;
        RETURN_IF_ERROR(tx.people().UpdatePerson(p));
        ++pass2.updated;
      }
    // The producer has closed the queue: its figures are final.
    if (!producer_status.ok()) return producer_status;
    const bool any_rejected = report.rejected + pass2.rejected > 0;
    if (dry_run || report.rows == report.examples_skipped ||
        (mode == ImportMode::kAllOrNothing && any_rejected)) {
      rolled_back_on_purpose = true;
      return Status(StatusCode::kFailedPrecondition, "未写入", "not committed");  // rolls the savepoint back
    }
    json detail{{"rows", report.rows},
                {"inserted", pass2.inserted},
                {"updated", pass2.updated},
                {"unchanged", pass2.unchanged},
                {"rejected", report.rejected + pass2.rejected},
                {"households_created", pass2.households_created},
                {"examples_skipped", report.examples_skipped},
                {"mode", mode == ImportMode::kAllOrNothing ? "all_or_nothing" : "accept_valid"}};
    return Audit(tx, ctx, "person.import", "import", Utf8Prefix(filename, 100), ctx.who.scope, detail.dump());
  });
  queue.Abort();  // a writer that stopped early (or never ran) must not leave the producer blocked
  producer.join();
  if (!producer_status.ok()) return producer_status;
  if (!st.ok() && !rolled_back_on_purpose) return st;
  report.inserted = pass2.inserted;
  report.updated = pass2.updated;
  report.unchanged = pass2.unchanged;
  report.households_created = pass2.households_created;
  report.rejected += pass2.rejected;
  for (auto& e : pass2_errors)
    if (report.errors.size() < kMaxListedErrors) report.errors.push_back(std::move(e));
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RowError& a, const RowError& b) { return a.row < b.row; });
  report.committed = st.ok();
  if (report.examples_skipped > 0) {
    std::string zh_rows, en_rows;
    for (size_t i = 0; i < example_rows.size(); ++i) {
      zh_rows += (i > 0 ? "、" : "") + std::to_string(example_rows[i]);
      en_rows += (i > 0 ? ", " : "") + std::to_string(example_rows[i]);
    }
    if (report.examples_skipped > static_cast<int64_t>(example_rows.size()))
      zh_rows += " 等", en_rows += " …";
    const std::string n = std::to_string(report.examples_skipped);
    const std::string zh = "模板的示例行未导入（" + n + " 行）：第 " + zh_rows + " 行";
    const std::string en = "the template's example rows were not imported (" + n + "): row " + en_rows;
    report.note_zh += (report.note_zh.empty() ? "" : "；") + zh;
    report.note_en += (report.note_en.empty() ? "" : "; ") + en;
  }
  return report;
}

Result<std::string> ImportService::ExportPeople(const Ctx& ctx, const std::string& scope,
                                                const std::string& tag, sheet::Format format,
                                                const std::string& purpose, int64_t* rows_out) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kExport));
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kPersonRead, scope));
  bool unmask = !purpose.empty();
  std::string why;
  if (unmask) {
    RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonUnmask));
    ASSIGN_OR_RETURN(why, CleanText(purpose, "purpose", 200));
  }
  PersonView view = ViewOf(ctx.who.role);
  sheet::Table t;
  t.header = PeopleHeaders();
  std::unordered_map<int64_t, Household> hh_cache;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    storage::PersonQuery q;
    if (!tag.empty()) RETURN_IF_ERROR(PeopleService::CheckTagFilter(ctx.who, tag));
    q.scope = s;
    q.tag = tag;
    q.page.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto page, tx->people().Search(q));
      for (Person& p : page.items) {
        std::string cid = p.citizen_id_masked, phone = p.phone_masked;
        std::vector<PersonTag> clear_tags;
        if (unmask) {
          ASSIGN_OR_RETURN(cid, cipher_->Decrypt(p.citizen_id_enc));
          if (!p.phone_enc.empty()) {
            ASSIGN_OR_RETURN(phone, cipher_->Decrypt(p.phone_enc));
          }
          RETURN_IF_ERROR(UnsealTagFields(*cipher_, &p));
          clear_tags = p.tags;
        }
        std::string hno, addr;
        if (p.household_id && view.household) {
          auto it = hh_cache.find(*p.household_id);
          if (it == hh_cache.end()) {
            ASSIGN_OR_RETURN(Household h, tx->people().GetHousehold(*p.household_id));
            it = hh_cache.emplace(h.id, h).first;
            if (hh_cache.size() > 100000) hh_cache.clear();
          }
          hno = it->second.household_no;
          addr = it->second.address;
        }
        PeopleService::ApplyView(ctx.who, &p);  // masks the phones in tags: an unmasked export puts them back
        for (PersonTag& t : p.tags)
          for (const PersonTag& c : clear_tags)
            if (c.tag == t.tag) t.fields_json = c.fields_json;
        if (!view.identity) cid.clear(), phone.clear();
        t.rows.push_back({p.name, cid, p.place_code, p.ethnicity, p.political_status, phone, p.residence_type,
                          p.relation, hno, addr, FormatTags(p.tags)});
        if (t.rows.size() > 1'000'000)
          return Status(StatusCode::kTooLarge, "导出不超过 100 万行，请缩小范围",
                        "export is limited to 1,000,000 rows; narrow the scope");
      }
      if (page.next.empty()) break;
      q.page.after = page.next;
    }
  }
  if (unmask) {
    RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
      return Audit(tx, ctx, "person.export_unmasked", "export", s, s,
                   json{{"purpose", why}, {"rows", t.rows.size()}, {"tag", tag}}.dump());
    }));
  }
  if (rows_out) *rows_out = static_cast<int64_t>(t.rows.size());
  if (format == sheet::Format::kCsv) return sheet::WriteCsv(t, CsvTextColumns());
  return sheet::WriteXlsx(t, "人员", FixedListChoices());
}

}  // namespace wangge::service
