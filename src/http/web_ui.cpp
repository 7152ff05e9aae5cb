#include "http/web_ui.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/problem.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

std::string ContentTypeOf(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The Content-Security-Policy of the web UI: scripts, styles, fonts and API calls from this origin only, no
// inline script, no plugins, no framing. Inline style attributes are allowed (Element Plus, Leaflet and
// ECharts position their elements with them); images may also be data: URIs (Leaflet's and Element Plus's
// CSS) and blob: URLs (attachments are fetched with the session and shown as object URLs).
constexpr const char* kWebUiCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'";

HttpResponse NoFile(const HttpRequest& req) {
  return Problem(NotFound("没有这个文件：" + req.path, "no such file: " + req.path), PrefersEnglish(req));
}

}  // namespace

bool IsWebUiRequest(const Router& router, const HttpRequest& req) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  if (StartsWith(req.path, "/api/") || req.path == "/api" || StartsWith(req.path, "/open311/") ||
      req.path == "/open311")
    return false;
  return !router.Claims(req.path);
}

HttpResponse WebUiResponse(const std::string& dir, const HttpRequest& req) {
  if (req.path.empty() || req.path[0] != '/' || req.path.find("..") != std::string::npos ||
      req.path.find('\\') != std::string::npos || req.path.find('\0') != std::string::npos)
    return NoFile(req);
  const std::filesystem::path root(dir);
  std::filesystem::path p = root / (req.path == "/" ? "index.html" : req.path.substr(1));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) {
    // A client-side route (/orders/12, /track) gets the application; a missing asset is 404, so a broken
    // build shows as a failed script load instead of an HTML page parsed as JavaScript.
    const std::string last = req.path.substr(req.path.rfind('/') + 1);
    if (last.find('.') != std::string::npos) return NoFile(req);
    p = root / "index.html";
  }
  std::ifstream f(p, std::ios::binary);
  if (!f) return NoFile(req);
  std::stringstream ss;
  ss << f.rdbuf();
  HttpResponse out;
  out.body = ss.str();
  const std::string ext = p.extension().string();
  out.content_type = ContentTypeOf(ext);
  // Vite names every asset by its content hash, so only index.html must be revalidated.
  out.headers.emplace_back("Cache-Control",
                           ext == ".html" ? "no-cache" : "public, max-age=31536000, immutable");
  // No inline or foreign script runs in the UI, whatever text reaches a page (docs/architecture.md).
  out.headers.emplace_back("Content-Security-Policy", kWebUiCsp);
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return out;
}

}  // namespace wangge::http
