// The only translation unit that includes RESTinio (its headers cost ~15 s and ~750 MB to compile).
#include "http/server.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <restinio/all.hpp>
#include <sstream>
#include <thread>

#include "http/problem.hpp"

namespace wangge::http {
namespace {

// ---- Body limits before the body is read.
// RESTinio 0.6 knows one max_body_size for every request, and beyond it closes the connection without an answer;
// within it, it reads the whole body (reserving the declared Content-Length up front) before a handler sees the
// request. So a client declaring 200 MiB for a 1 MiB JSON route would be read for up to the read time limit, and
// an unauthenticated one could make us buffer 256 MiB per connection on the import route. RESTinio builds its
// http_parser callbacks in impl::create_parser_settings<Traits::http_methods_mapper_t>(); specialising it for our
// own mapper type (below) lets us wrap two of them: on_headers_complete asks the router whether to read the body
// (Router::AdmitBody: the route's limit; above 1 MiB only with a valid session) and, when not, tells the parser to
// skip it (return 1), so the request reaches the handler at once with an empty body and Content-Length > 0, and is
// answered 413 (or 401) with Connection: close; on_body does the same check for chunked bodies (no length up
// front), closing the connection once one outgrows what its route admits.
struct HttpMethods : restinio::default_http_methods_t {};

std::atomic<const Router*> g_router{nullptr};

HttpRequest HeadOf(const http_parser* parser, const restinio::http_request_header_t& h) {
  HttpRequest r;
  r.method = http_method_str(static_cast<http_method>(parser->method));
  r.path = UrlDecode(h.path(), false);
  for (auto field : {restinio::http_field::authorization, restinio::http_field::cookie})
    if (auto v = h.opt_value_of(field)) r.headers[field == restinio::http_field::cookie ? "cookie" : "authorization"] = std::string(*v);
  return r;
}

int OnHeadersComplete(http_parser* parser) {
  auto* ctx = static_cast<restinio::impl::http_parser_ctx_t*>(parser->data);
  const Router* router = g_router.load();
  if (router != nullptr && parser->content_length != ULLONG_MAX && parser->content_length > 0) {
    bool admit = false;
    try {
      admit = router->AdmitBody(HeadOf(parser, ctx->m_header), parser->content_length, true);
    } catch (const std::exception& e) {
      spdlog::error("body admission check threw: {}", e.what());
    }
    if (!admit) {
      ctx->m_leading_headers_completed = true;  // what RESTinio's callback would have done
      return 1;                                 // http_parser: no body, the message is complete
    }
  }
  return restinio::impl::restinio_headers_complete_cb(parser);
}

int OnBody(http_parser* parser, const char* at, size_t length) {
  auto* ctx = static_cast<restinio::impl::http_parser_ctx_t*>(parser->data);
  const Router* router = g_router.load();
  const uint64_t before = ctx->m_body.size(), total = before + length;
  if (router != nullptr && (parser->flags & F_CHUNKED) && total > kDefaultMaxBody) {
    try {
      // The session is checked once, when the body first outgrows 1 MiB; the route's limit at every step beyond.
      if (!router->AdmitBody(HeadOf(parser, ctx->m_header), total, before <= kDefaultMaxBody)) return -1;
    } catch (const std::exception& e) {
      spdlog::error("body admission check threw: {}", e.what());
      return -1;
    }
  }
  return restinio::impl::restinio_body_cb(parser, at, length);
}

}  // namespace
}  // namespace wangge::http

namespace restinio::impl {
template <>
inline http_parser_settings create_parser_settings<wangge::http::HttpMethods>() noexcept {
  http_parser_settings s = create_parser_settings<default_http_methods_t>();
  s.on_headers_complete = &wangge::http::OnHeadersComplete;
  s.on_body = &wangge::http::OnBody;
  return s;
}
}  // namespace restinio::impl

namespace wangge::http {
namespace {

// A fixed pool of worker threads with a bounded queue.
class WorkerPool {
 public:
  WorkerPool(int n, size_t max_queue) : max_queue_(max_queue) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  bool Post(std::function<void()> fn) {
    {
      std::lock_guard lk(mu_);
      if (queue_.size() >= max_queue_) return false;
      queue_.push_back(std::move(fn));
    }
    cv_.notify_one();
    return true;
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        fn = std::move(queue_.front());
        queue_.pop_front();
      }
      fn();
    }
  }
  size_t max_queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "OK";
  }
}

void Send(const restinio::request_handle_t& req, const HttpResponse& r, bool close = false) {
  auto resp = req->create_response(restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)},
                                                                Reason(r.status)});
  resp.append_header(restinio::http_field::content_type, r.content_type);
  resp.append_header(restinio::http_field::server, "wangge");
  for (const auto& [k, v] : r.headers) resp.append_header(k, v);
  if (close) resp.connection_close();
  resp.set_body(r.body);
  resp.done();
}

// The declared Content-Length when the parser skipped the body (OnHeadersComplete refused it), else 0.
uint64_t SkippedBodyLength(const restinio::request_handle_t& req) {
  auto cl = req->header().opt_value_of("Content-Length");
  if (!cl) return 0;
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
  return ec == std::errc() && n > req->body().size() ? n : 0;
}

HttpRequest Convert(const restinio::request_handle_t& req) {
  HttpRequest r;
  r.method = std::string(req->header().method().c_str());
  std::string_view path = req->header().path();
  r.path = UrlDecode(path, false);
  r.query = ParseQuery(req->header().query());
  for (const auto& f : req->header()) {
    std::string name(f.name());
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    r.headers[name] = std::string(f.value());
  }
  r.body = req->body();
  r.remote_ip = req->remote_endpoint().address().to_string();
  return r;
}

// The Content-Security-Policy of the web UI: scripts, styles, fonts and API calls from this origin only, no
// inline script, no plugins, no framing. Inline style attributes are allowed (Element Plus, Leaflet and
// ECharts position their elements with them); images may also be data: URIs (Leaflet's and Element Plus's
// CSS) and blob: URLs (attachments are fetched with the session and shown as object URLs).
constexpr const char* kWebUiCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'";

// Serves the built web UI: files under static_dir, index.html for unknown non-API paths (client routing).
bool ServeStatic(const std::string& dir, const HttpRequest& req, HttpResponse* out) {
  if (dir.empty() || req.method != "GET" || req.path.rfind("/api/", 0) == 0 || req.path == "/metrics" ||
      req.path == "/healthz" || req.path.find("..") != std::string::npos)
    return false;
  std::filesystem::path p = std::filesystem::path(dir) / (req.path == "/" ? "index.html" : req.path.substr(1));
  if (!std::filesystem::is_regular_file(p)) p = std::filesystem::path(dir) / "index.html";
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out->body = ss.str();
  std::string ext = p.extension().string();
  out->content_type = ext == ".html" ? "text/html; charset=utf-8"
                      : ext == ".js" ? "text/javascript; charset=utf-8"
                      : ext == ".css" ? "text/css; charset=utf-8"
                      : ext == ".svg" ? "image/svg+xml"
                      : ext == ".png" ? "image/png"
                      : ext == ".json" ? "application/json"
                      : ext == ".woff2" ? "font/woff2" : "application/octet-stream";
  out->headers.emplace_back("Cache-Control", ext == ".html" ? "no-cache" : "public, max-age=31536000, immutable");
  // No inline or foreign script runs in the UI, whatever text reaches a page (docs/architecture.md).
  out->headers.emplace_back("Content-Security-Policy", kWebUiCsp);
  out->headers.emplace_back("X-Content-Type-Options", "nosniff");
  return true;
}

struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
  using http_methods_mapper_t = HttpMethods;
};

// How many connections to allow at once: at most `wanted`, and below the open-file limit. RESTinio 0.6 stops
// accepting for good once accept() fails (its accept callback ignores the error and never re-arms), so running out
// of descriptors must not happen: the soft limit is raised to the hard one, and `reserve` descriptors are kept for
// the database (a writer and up to 40 readers, each with its WAL), attachments, webhook sockets and logs.
size_t ConnectionLimit(size_t wanted) {
  constexpr rlim_t reserve = 256;
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return wanted;
  if (rl.rlim_cur != RLIM_INFINITY && (rl.rlim_max == RLIM_INFINITY || rl.rlim_cur < rl.rlim_max)) {
    rlimit up = rl;
    up.rlim_cur = rl.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(rl.rlim_cur, 1 << 20) : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &up) == 0) rl = up;
  }
  if (rl.rlim_cur == RLIM_INFINITY) return wanted;
  const rlim_t room = rl.rlim_cur > reserve + 16 ? rl.rlim_cur - reserve : 16;
  if (room < wanted)
    spdlog::log(room < 4096 ? spdlog::level::warn : spdlog::level::info,
                "open-file limit {} allows {} connections at once (wanted {}); raise it with ulimit -n / LimitNOFILE",
                static_cast<unsigned long long>(rl.rlim_cur), static_cast<unsigned long long>(room), wanted);
  return std::min<size_t>(wanted, room);
}

}  // namespace

int RunServer(Router& router, const ServerOptions& opt) {
  WorkerPool pool(opt.workers, opt.max_queue);
  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto handler = [&router, &pool, &opt](const restinio::request_handle_t& req) {
    if (uint64_t declared = SkippedBodyLength(req)) {
      // A body the parser did not read: answered here on the I/O thread (Dispatch stops at the limit check, before
      // any handler), and the connection closed, since the unread body bytes may still be on their way. Answering
      // before the handler returns also stops RESTinio from reading on into them.
      HttpRequest r = Convert(req);
      r.declared_length = declared;
      Send(req, router.Dispatch(r), /*close=*/true);
      return restinio::request_accepted();
    }
    bool posted = pool.Post([req, &router, &opt] {
      HttpRequest r = Convert(req);
      HttpResponse resp;
      if (!ServeStatic(opt.static_dir, r, &resp)) resp = router.Dispatch(r);
      if (r.method == "HEAD") resp.body.clear();
      Send(req, resp);
    });
    if (!posted)
      Send(req, Problem(Status(StatusCode::kUnavailable, "服务器繁忙，请稍后重试", "server busy; retry later")));
    return restinio::request_accepted();
  };

  auto settings = restinio::server_settings_t<Traits>{}
                      .address(opt.host)
                      .port(opt.port)
                      .max_parallel_connections(ConnectionLimit(opt.max_connections))
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                    .max_url_size(8 * 1024)
                                                    .max_field_name_size(1024)
                                                    .max_field_value_size(16 * 1024)
                                                    .max_field_count(100)
                                                    .max_body_size(kImportMaxBody))
                      .read_next_http_message_timelimit(std::chrono::seconds(opt.read_timeout_seconds))
                      .write_http_response_timelimit(std::chrono::seconds(60))
                      .handle_request_timeout(std::chrono::seconds(300))
                      .request_handler(handler);
  g_router = &router;
  auto server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings),
                                            static_cast<std::size_t>(opt.io_threads));
  spdlog::info("wangge listening on http://{}:{}", opt.host, opt.port);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("signal {} received, stopping", sig);
  server->stop();
  server->wait();
  g_router = nullptr;
  return 0;
}

}  // namespace wangge::http
