// The only translation unit that includes RESTinio (its headers cost ~15 s and ~750 MB to compile).
#include "http/server.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

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

void Send(const restinio::request_handle_t& req, const HttpResponse& r) {
  auto resp = req->create_response(restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)},
                                                                Reason(r.status)});
  resp.append_header(restinio::http_field::content_type, r.content_type);
  resp.append_header(restinio::http_field::server, "wangge");
  for (const auto& [k, v] : r.headers) resp.append_header(k, v);
  resp.set_body(r.body);
  resp.done();
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
  return true;
}

struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
};

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
                      .max_parallel_connections(20000)
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                    .max_url_size(8 * 1024)
                                                    .max_field_name_size(1024)
                                                    .max_field_value_size(16 * 1024)
                                                    .max_field_count(100)
                                                    .max_body_size(kImportMaxBody))
                      .read_next_http_message_timelimit(std::chrono::seconds(60))
                      .write_http_response_timelimit(std::chrono::seconds(60))
                      .handle_request_timeout(std::chrono::seconds(300))
                      .request_handler(handler);
  auto server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings),
                                            static_cast<std::size_t>(opt.io_threads));
  spdlog::info("wangge listening on http://{}:{}", opt.host, opt.port);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("signal {} received, stopping", sig);
  server->stop();
  server->wait();
  return 0;
}

}  // namespace wangge::http
