// The event loop (MISSION 10-15): report → accept → dispatch → claim → handle → finish → check → rate, with
// refusals, returns, merges, extensions, escalation and 吹哨, 督办 and time-limit alarms. Rules of the state
// machine live in core/order (one engine); this service adds who the caller is to the order, validates
// targets, and writes each transition with its timeline row, audit row, roll-up deltas, notifications and
// webhook deliveries in one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/crypto.hpp"
#include "core/indicators.hpp"
#include "core/order.hpp"
#include "service/catalog_service.hpp"
#include "service/context.hpp"
#include "service/notify_service.hpp"
#include "service/place_service.hpp"
#include "storage/database.hpp"
#include "storage/duties_repo.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::service {

struct ReportInput {
  std::string category;
  int urgency = 0;      // 0 = the category's default
  std::string channel;  // patrol | web | hotline | open311 ("" = from the role); a petition's source
  std::string title;
  std::string description;
  std::string address;
  std::optional<double> lat, lon;  // WGS-84; located to a grid
  std::string place_code;          // when no coordinates: a grid or village code
  std::string reporter_name;       // hotline caller / Open311 name (kept encrypted)
  std::string reporter_phone;
  std::vector<std::string> attachments;
  bool settle = false;  // 就地办结 (grid worker, micro category): `note` is the result
  std::string note;
  std::string attributes_json;  // Open311 attribute answers (validated against the category)
  // Another kind of order (a dispute case: DisputeService): its category must lie in the kind's class, its
  // place in the caller's scope; it is registered by the caller (channel "register"), never settled on the
  // spot, and sent to no webhook. `also` writes the kind's own rows in the same transaction, after the
  // order's (its id set).
  order::Kind kind = order::Kind::kEvent;
  std::function<Status(storage::Tx&, const order::Order&)> also;
  // Runs in the transaction before the order is written: a kind's facts read from the records (a petition's
  // 重复信访 and 越级, found by its petitioners' blind indexes) set on the order.
  std::function<Status(storage::Tx&, order::Order&)> before;
  std::optional<int64_t> linked_order;     // the order this one came from (stored on it)
  std::optional<cal::Limit> handle_limit;  // a community's promise for its menu item (服务清单)
  bool own_task = false;  // 微事务: the community's own task, asked by no one else (no name to give)
  // Registered for someone who asked the caller (红色代办: a runner or the community for the household member
  // who authorised it): channel "register", reporter_name given, and the reporter is that person's account
  // (for_user; 0 when they have none) — never the caller, who may be the one to run it.
  bool for_someone = false;
  int64_t for_user = 0;
};

struct DuplicateHint {
  int64_t id = 0;
  std::string tracking_no;
  std::string title;
  order::State state = order::State::kReported;
  int64_t received_at = 0;
  double distance_m = 0;
};

// The data column of the timeline row a step writes (JSON: the step's own values — target, rating, days, a
// dispute's risk, outcome, route, reference …); the demo's generated timelines use it too.
std::string StepData(const order::Input& in);

struct OrderView {
  order::Order o;
  std::string tracking_no;
  std::string place_name;  // the grid's (or village's) name
  std::string category_name;
  std::string assignee_dept_name;
  std::string assignee_place_name;
  std::string command_place_name;  // the owning command centre's place (the township or county)
  bool contact_visible = false;    // reporter name/phone in clear for this caller
  // The public tracking code (查询码, TrackCode) for its reporter and for whoever sees the reporter's contact
  // (the command centres, 12345) to read out to a caller; empty for everyone else.
  std::string track_code;
  bool masked_public = false;  // public view: no reporter, texts scrubbed of phone and ID numbers
  std::vector<storage::OrderEvent> events;    // detail only
  std::vector<storage::OrderCallin> callins;  // detail only
  std::vector<DuplicateHint> duplicates;      // detail only, for command centres
  std::vector<order::Action> actions;         // what this caller may do now
  std::string suggested_level;                // dispatch catalogue: handling level of the category
  std::optional<int64_t> suggested_dept;      // … and its default department's id
  std::string warning;                        // a catalogue override recorded with this dispatch
  int64_t review_until = 0;                   // 信访: the last moment a 复查 may be asked (0 = not now)
  // A case's people in a list (dispute parties, petitioners): their masked names (张*), first registered
  // first; empty in details (they carry the people themselves) and for events.
  std::vector<std::string> people;
  std::string handler_name;  // service kinds: who serves it (the public board masks it)
  // 部门交办: the task's citation (the admitted item, its list version, the type) and the issuing department.
  std::optional<storage::DutyTask> task;
  std::string issuer_dept_name;
};

struct OrderFilter {
  std::string scope;  // place code ("" = the caller's scope)
  std::string state;  // state name
  bool open_only = false;
  bool overdue_only = false;
  int min_warn = 0;
  std::string category;
  std::string mine;  // "" | "reported" | "handling" (claimed by me) | "todo" (my unit's work)
  order::Kind kind = order::Kind::kEvent;  // the kind listed (a dispute list: DisputeService)
  std::string sort;                        // newest | deadline
  std::string from, to;                    // received date range YYYY-MM-DD
  // The case filters: risk 0..3 ("" = any); outcome settled | partly | failed | none and route confirm |
  // litigation | arbitration | administrative | transfer (the three transfer routes), each a comma-separated
  // list; channel (the kind's channel names); and only 重复信访 / 越级 / 包案.
  std::string risk, outcome, route, channel;
  bool repeat = false, skip_level = false, led = false;
  storage::PageRequest page;
};

struct IndicatorQuery {
  std::string place;  // place code ("" = the caller's scope)
  std::optional<int64_t> dept;
  std::optional<int64_t> user;
  std::string from, to;  // YYYY-MM-DD inclusive ("" = the last 12 months up to today)
  std::string category;  // code prefix
  std::string group_by;  // "" | child | month | category | department
  // Which kind of work the figures count: the event loop's orders (the dashboard's default) or dispute cases.
  // Kinds are never summed together: their rates mean different things.
  order::Kind kind = order::Kind::kEvent;
};

struct IndicatorRow {
  std::string key;
  std::string name;
  order::Metrics m;
  order::Rates r;
};

struct IndicatorReport {
  std::string subject;
  std::string name;
  std::string from, to;
  order::Metrics total;
  order::Rates rates;
  std::string group_by;
  std::vector<IndicatorRow> groups;
};

// "WG" + receipt date (YYYYMMDD, China time) + the id zero-padded to 8 digits.
std::string TrackingNo(const order::Order& o);
std::optional<int64_t> ParseTrackingNo(std::string_view no);
// The public tracking code (查询码): the tracking number, '-', the order's secret track_key
// ("WG2026120600012345-3F9A0C21B7"). Only this follows an order without signing in (/api/v1/track): the
// tracking number alone is sequential and guessable.
std::string TrackCode(const order::Order& o);

// Hides phone numbers and citizen ID numbers written into free text (public board, Open311).
std::string ScrubPersonalData(std::string_view text);

class OrderService {
 public:
  OrderService(storage::Database* db, const FieldCipher* cipher, CatalogService* catalog,
               PlaceService* places, NotifyService* notify)
      : db_(db), cipher_(cipher), catalog_(catalog), places_(places), notify_(notify) {}

  // kOrderReport. The location is resolved to a grid (coordinates) or must name a live grid/village;
  // place-scoped staff report inside their scope, residents and 12345 anywhere in the county. With settle: a
  // grid worker in their own grid, micro category, note and a photo.
  Result<OrderView> Report(const Ctx& ctx, ReportInput in);
  // Detail with timeline, call-ins, duplicate hints and the caller's actions. RecordNotFound when not
  // visible.
  Result<OrderView> Get(const Ctx& ctx, int64_t id);
  Result<storage::Page<OrderView>> List(const Ctx& ctx, const OrderFilter& f);
  // Any transition (everything but report/settle, which Report does).
  Result<OrderView> Act(const Ctx& ctx, int64_t id, const order::Input& in);

  // Whether the caller may see the order (attachment downloads).
  bool MaySee(const Ctx& ctx, int64_t id);

  // Public (no sign-in): follow an order by its tracking code (TrackCode; the tracking number alone, a wrong
  // key or a class 10 order: the same NotFound); the board of closed orders. Masked.
  Result<OrderView> Track(const std::string& track_code);
  // `kind`: events, or a service kind (服务工单, 微心愿: 晒单).
  Result<storage::Page<OrderView>> Board(const std::string& scope, const storage::PageRequest& page,
                                         order::Kind kind = order::Kind::kEvent);
  // Public lists/gets for Open311: any state, masked, never class 10 特殊人群 (PublicGet: RecordNotFound).
  Result<storage::Page<OrderView>> PublicList(storage::OrderQuery q);
  Result<OrderView> PublicGet(int64_t id);
  Status SetOpen311Token(int64_t order_id, const std::string& token);
  Result<std::optional<int64_t>> FindByToken(const std::string& token);

  // kIndicatorRead for the place (in scope), the department (own, or any in scope for command roles) or the
  // worker (self, or in scope). Defined in order_indicators.cpp.
  Result<IndicatorReport> Indicators(const Ctx& ctx, const IndicatorQuery& q);

  // The scheduler: fires time-limit alarms, auto-closes unrated orders and flags late call-ins due by `now`.
  // Returns the number of orders changed; `next` receives the earliest future due time (0 = none).
  Result<int> RunDue(int64_t now, int64_t* next);

  // Tests drive time: every transition and the scheduler read this clock (default: the system clock).
  void SetClock(std::function<int64_t()> clock) { clock_ = std::move(clock); }

  // Used by the demo generator: writes an order that already went through its history (engine-driven by the
  // caller), with its events, inside the caller's transaction; roll-ups are rebuilt afterwards.
  static Status EncryptReporter(const FieldCipher& cipher, order::Order* o);

 private:
  // MaskIdsInText with the places table deciding whether a 15-digit number is a place code.
  std::string MaskIds(std::string_view text);
  // Place and department names already looked up, shared by the views of one response (a list page names
  // the same few places 50 times; a new order's place was read by its write).
  struct Names {
    std::unordered_map<std::string, std::string> places;
    std::unordered_map<int64_t, std::string> depts;
  };
  Result<OrderView> View(storage::Tx& tx, const Principal& who, order::Order o, bool detail,
                         Names* names = nullptr);
  // One transition of an existing order inside `tx`: the steps every action shares, around the action's own
  // (order_actions.hpp).
  Status Transition(storage::Tx& tx, const Ctx& ctx, const Catalog& cat, order::Order& o,
                    const order::Input& in, int64_t now, OrderView* out);
  storage::Database* db_;
  const FieldCipher* cipher_;
  CatalogService* catalog_;
  PlaceService* places_;
  NotifyService* notify_;
  std::function<int64_t()> clock_;

 public:
  // The clock of every transition (SetClock's, else the system's): the services beside this one use it too.
  int64_t Now() const { return clock_ ? clock_() : storage::NowUnix(); }
};

}  // namespace wangge::service
