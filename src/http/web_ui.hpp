// The built web UI (web/dist) served beside the API. The route table comes first: a path that any route
// claims
// (/api/…, /open311/…, /metrics, /healthz) is the router's, whatever the method, and the web UI is never an
// answer under /api/ or /open311/ — an unknown path there is the router's 404 problem+json. Every other GET
// or HEAD is a file of the build, or index.html for a client-side route (a path whose last segment has no
// dot); a missing asset (a last segment with a dot: /assets/x.js) is 404.
#pragma once

#include <optional>
#include <string>

#include "http/types.hpp"

namespace wangge::http {

class Router;

// Whether the web UI may answer `req`: a GET or HEAD that no route claims, outside /api/ and /open311/.
bool IsWebUiRequest(const Router& router, const HttpRequest& req);

// The answer from the built web UI in `dir` (which holds index.html) for a request that IsWebUiRequest
// admits: the file, index.html for client routes, or a 404 problem+json for a missing asset or a path that
// tries to leave `dir`. Reads the file on every call (the build is small and the OS caches it).
HttpResponse WebUiResponse(const std::string& dir, const HttpRequest& req);

}  // namespace wangge::http
