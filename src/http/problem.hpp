// RFC 9457 problem+json: the one table mapping a StatusCode to an HTTP status.
#pragma once

#include "core/status.hpp"
#include "http/types.hpp"

namespace wangge::http {

int HttpStatusOf(StatusCode code);
// {"type","title","status","detail","detail_zh","message","field"}; `message` is the Chinese text unless the
// request's Accept-Language prefers English.
HttpResponse Problem(const Status& st, bool english = false);
bool PrefersEnglish(const HttpRequest& req);
// 405 for a known path with another method; `allow` lists the path's methods ("GET, PATCH").
HttpResponse MethodNotAllowed(const std::string& allow, bool english = false);

}  // namespace wangge::http
