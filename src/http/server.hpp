// The HTTP server (RESTinio). Requests are read on a few I/O threads and handed to a worker pool that runs
// the (possibly blocking: group commit) handlers and answers asynchronously.
#pragma once

#include <memory>
#include <string>

#include "http/router.hpp"

namespace wangge::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;
  int workers = 32;
  size_t max_queue = 20000;  // requests waiting for a worker; beyond it: 503
  // Connections at once; beyond it new ones wait in the kernel's backlog. Capped below the open-file limit.
  size_t max_connections = 20000;
  // Total time to read one request (RESTinio times the wait for it, its head and its body together), which is
  // also how long an idle keep-alive connection is kept. WANGGE_HTTP_READ_TIMEOUT (seconds) overrides it.
  int read_timeout_seconds = 60;
  std::string static_dir;  // built web UI served at / when set
};

// Runs until SIGINT or SIGTERM; returns 0 on a clean stop. Throws on start-up failure (port in use).
int RunServer(Router& router, const ServerOptions& opt);

}  // namespace wangge::http
