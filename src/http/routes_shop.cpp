// 积分超市 over HTTP: the shop's items (staff keep them; a person sees their community's), redemptions
// (Idempotency-Key required), hand-over and cancellation.
#include "core/calendar.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json ItemJson(const storage::ShopItem& i) {
  return {{"id", i.id},         {"place_code", i.place_code}, {"name", i.name},
          {"points", i.points}, {"stock", i.stock},           {"active", i.active},
          {"note", i.note},     {"version", i.version},       {"created_at", cal::IsoLocal(i.created_at)}};
}

std::string_view StatusZh(const std::string& s) {
  if (s == "pending") return "待领取";
  if (s == "handed") return "已领取";
  if (s == "cancelled") return "已取消";
  return "";
}

json RedemptionJson(const storage::Redemption& r) {
  return {{"id", r.id},
          {"place_code", r.place_code},
          {"item_id", r.item_id},
          {"item_name", r.item_name},
          {"person_id", r.person_id},
          {"person_name", r.person_name},
          {"qty", r.qty},
          {"points", r.points},
          {"entry_id", r.entry_id},
          {"status", r.status},
          {"status_zh", StatusZh(r.status)},
          {"created_by", r.created_by},
          {"created_at", cal::IsoLocal(r.created_at)},
          {"done_at", r.done_at ? json(cal::IsoLocal(r.done_at)) : json(nullptr)}};
}

Status ReadItem(const json& body, service::ItemInput* in, bool create) {
  JsonIn j(body);
  std::string name, note;
  int64_t points = 0, stock = 0;
  bool active = true;
  if (create)
    j.Str("place_code", &in->place_code, true);
  else
    j.Int("version", &in->version, true);
  j.Str("name", &name, create)
      .Int("points", &points, create)
      .Int("stock", &stock)
      .Bool("active", &active)
      .Str("note", &note);
  RETURN_IF_ERROR(j.Finish());
  if (body.contains("name")) in->name = name;
  if (body.contains("points")) in->points = points;
  if (body.contains("stock")) in->stock = stock;
  if (body.contains("active")) in->active = active;
  if (body.contains("note")) in->note = note;
  return Status::Ok();
}

}  // namespace

void RegisterShopRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/shop/items",
         .tag = "shop",
         .summary =
             "积分超市 items: staff see their scope's (all=true adds withdrawn ones); a person sees their "
             "community's",
         .summary_zh = "积分超市商品：工作人员看辖区的（all=true 含已下架），居民看本村（社区）的",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .query = {{"scope", "string", "place code prefix (staff)"}, {"all", "boolean", "include withdrawn"}},
         .handler = [](Call& c) -> HttpResponse {
           auto all = c.QueryBool("all", false);
           if (!all.ok()) return Error(c, all.status());
           auto res = c.app().shop.Items(c.ctx(), c.Query("scope"), *all);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& i : *res) items.push_back(ItemJson(i));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/shop/items",
         .tag = "shop",
         .summary = "Add an item to a community's shop (name, points, stock)",
         .summary_zh = "积分超市上架商品（名称、所需积分、库存）",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::ItemInput in;
           if (Status s = ReadItem(*body, &in, true); !s.ok()) return Error(c, s);
           auto res = c.app().shop.CreateItem(c.ctx(), in);
           if (!res.ok()) return Error(c, res.status());
           return Json(ItemJson(*res), 201);
         }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/shop/items/{id}",
         .tag = "shop",
         .summary = "Edit an item: name, points, stock (restock), active, note; version required",
         .summary_zh = "修改商品：名称、所需积分、库存（补货）、上下架、备注（须带 version）",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::ItemInput in;
           if (Status s = ReadItem(*body, &in, false); !s.ok()) return Error(c, s);
           auto res = c.app().shop.UpdateItem(c.ctx(), *id, in);
           if (!res.ok()) return Error(c, res.status());
           return Json(ItemJson(*res));
         }});
  r.Add(
      {.method = "POST",
       .pattern = "/api/v1/shop/redemptions",
       .tag = "shop",
       .summary = "Redeem points for an item: stock and points are taken in one transaction; out of stock or "
                  "too few points is 409; the same Idempotency-Key redeems once",
       .summary_zh =
           "积分兑换：扣库存与扣积分在同一事务中完成；库存或积分不足为 409；同一 Idempotency-Key 只兑换一次",
       .any_of = {Permission::kPointsManage, Permission::kPointsRedeem},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         service::RedeemInput in;
         std::string key;
         JsonIn j(*body);
         j.Int("item_id", &in.item_id, true)
             .Int("qty", &in.qty)
             .Int("person_id", &in.person_id)
             .Str("idempotency_key", &key);
         if (Status s = j.Finish(); !s.ok()) return Error(c, s);
         const std::string header = c.req().Header("idempotency-key");
         in.idem_key = header.empty() ? key : header;
         auto res = c.app().shop.Redeem(c.ctx(), std::move(in));
         if (!res.ok()) return Error(c, res.status());
         json out = RedemptionJson(res->redemption);
         out["replayed"] = res->replayed;
         return Json(out, res->replayed ? 200 : 201);
       }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/shop/redemptions",
         .tag = "shop",
         .summary = "Redemptions: staff see their scope's (filters), a person their own; newest first",
         .summary_zh = "兑换记录：工作人员看辖区的（可筛选），居民看本人的；最新在前",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .query = {{"scope", "string", "place code prefix"},
                   {"status", "string", "pending | handed | cancelled"},
                   {"item_id", "integer", "one item"},
                   {"person_id", "integer", "one person"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "1-1000"}},
         .handler = [](Call& c) -> HttpResponse {
           storage::RedemptionQuery q;
           q.scope = c.Query("scope");
           q.status = c.Query("status");
           auto item = c.QueryInt("item_id", 0, 0, INT64_MAX);
           if (!item.ok()) return Error(c, item.status());
           auto person = c.QueryInt("person_id", 0, 0, INT64_MAX);
           if (!person.ok()) return Error(c, person.status());
           q.item_id = *item;
           q.person_id = *person;
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().shop.List(c.ctx(), q, *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, RedemptionJson));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/shop/redemptions/{id}",
         .tag = "shop",
         .summary = "One redemption",
         .summary_zh = "一笔兑换",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().shop.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(RedemptionJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/shop/redemptions/{id}/hand-over",
         .tag = "shop",
         .summary = "The shopkeeper confirms the item was handed over",
         .summary_zh = "积分超市确认已领取",
         .any_of = {Permission::kPointsManage},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().shop.HandOver(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(RedemptionJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/shop/redemptions/{id}/cancel",
         .tag = "shop",
         .summary = "Cancel a pending redemption: the points come back by a reversal, the stock is put back",
         .summary_zh = "取消待领取的兑换：积分冲正退回，库存恢复",
         .any_of = {Permission::kPointsManage, Permission::kPointsRedeem},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string reason;
           JsonIn j(*body);
           j.Str("reason", &reason);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().shop.Cancel(c.ctx(), *id, reason);
           if (!res.ok()) return Error(c, res.status());
           return Json(RedemptionJson(*res));
         }});
}

}  // namespace wangge::http
