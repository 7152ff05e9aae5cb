// Malformed HTTP: garbage request lines, bad, negative and duplicate Content-Length, broken chunked encoding,
// NUL bytes, headers without a colon, HTTP/0.9 and HTTP/2 prefaces, junk pipelined after a good request,
// deeply nested JSON, and connections reset in the middle of a body. Every case ends in a 4xx or a closed
// connection (or, where the bytes are a valid request after all, a normal answer) — never a 5xx or a hang; a
// normal client is answered throughout, and the data is unchanged.
#include <future>

#include "abuse.hpp"

namespace wangge::abuse {
namespace {

struct Case {
  std::string name;
  std::string data;
  // Acceptable first statuses besides "closed without an answer" (0); empty: any 4xx.
  std::vector<int> allowed = {};
  int responses = 1;  // how many answers to wait for
  int expect = -1;    // how many must come (-1: all of them); the rest may be a close
};

const char* kHost = "Host: 127.0.0.1\r\n";

std::vector<Case> Cases() {
  const std::string token = Env().Token("county");
  const std::string auth = "Authorization: Bearer " + token + "\r\n";
  std::vector<Case> c = {
      {"garbage request line", "HELLO WORLD\r\n\r\n"},
      {"binary garbage",
       std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string(200, '\xff')},
      {"TLS to the plain port",
       std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(160, 'A')},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
      {"HTTP/0.9", "GET /healthz\r\n\r\n", {200, 404}},
      {"HTTP/9.9", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", {200, 505}},
      {"unknown method", "BREW /healthz HTTP/1.1\r\n" + std::string(kHost) + "\r\n"},
      {"lowercase method", "get /healthz HTTP/1.1\r\n" + std::string(kHost) + "\r\n"},
      {"no path", "GET HTTP/1.1\r\n" + std::string(kHost) + "\r\n"},
      {"absolute URI",
       "GET http://example.org/healthz HTTP/1.1\r\n" + std::string(kHost) + "\r\n",
       {200, 404}},
      {"CONNECT", "CONNECT example.org:443 HTTP/1.1\r\n" + std::string(kHost) + "\r\n", {404, 405}},
      {"OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + std::string(kHost) + "\r\n", {404, 405}},
      {"path traversal", "GET /../../etc/passwd HTTP/1.1\r\n" + std::string(kHost) + "\r\n", {404}},
      {"encoded NUL in the path",
       "GET /api/v1/orders/%00 HTTP/1.1\r\n" + std::string(kHost) + auth + "\r\n",
       {404}},
      {"invalid UTF-8 in the query",
       "GET /api/v1/people?name=%ff%fe HTTP/1.1\r\n" + std::string(kHost) + auth + "\r\n",
       {200, 400}},
      {"NUL in the request line", std::string("GET /heal\0thz HTTP/1.1\r\n", 24) + kHost + "\r\n"},
      {"NUL in a header value", std::string("GET /healthz HTTP/1.1\r\nX-A: a\0b\r\n", 33) + kHost + "\r\n"},
      {"NUL in a header name", std::string("GET /healthz HTTP/1.1\r\nX\0A: b\r\n", 31) + kHost + "\r\n"},
      {"header without a colon", "GET /healthz HTTP/1.1\r\n" + std::string(kHost) + "NoColonHere\r\n\r\n"},
      {"header name with a space",
       "GET /healthz HTTP/1.1\r\n" + std::string(kHost) + "Bad Name: v\r\n\r\n",
       {200, 400}},
      {"obsolete line folding",
       "GET /healthz HTTP/1.1\r\n" + std::string(kHost) + "X-A: a\r\n  folded\r\n\r\n",
       {200}},
      {"bare LF line ends", "GET /healthz HTTP/1.1\n" + std::string("Host: x\n\n"), {200}},
      {"bare CR line ends", "GET /healthz HTTP/1.1\rHost: x\r\r"},
      {"Content-Length not a number",
       "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) + "Content-Length: abc\r\n\r\n"},
      {"negative Content-Length",
       "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) + "Content-Length: -5\r\n\r\n"},
      {"Content-Length overflowing 64 bits", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                                 "Content-Length: 99999999999999999999999\r\n\r\n"},
      {"two different Content-Lengths", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                            "Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}"},
      {"Content-Length with Transfer-Encoding",
       "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
           "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"unknown Transfer-Encoding",
       "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
           "Transfer-Encoding: gzip, zstd\r\n\r\nxxxx",
       {400, 401, 411, 501}},
      {"chunk size not hex", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                 "Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"},
      {"chunk size overflowing", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                     "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n"},
      {"chunk longer than its size", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                         "Transfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n"},
      {"chunked without the last chunk", "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) +
                                             "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"},
      {"chunk extension bomb",
       "POST /api/v1/auth/login HTTP/1.1\r\n" + std::string(kHost) + "Transfer-Encoding: chunked\r\n\r\n2;" +
           std::string(64 * 1024, 'e') + "\r\n{}\r\n0\r\n\r\n",
       {400, 401}},
      {"body shorter than Content-Length", "POST /api/v1/orders HTTP/1.1\r\n" + std::string(kHost) + auth +
                                               "Content-Length: 100\r\n\r\n{\"category\":"},
      {"JSON nested a million deep",
       "POST /api/v1/orders HTTP/1.1\r\n" + std::string(kHost) + auth +
           "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n" + std::string(1000000, '['),
       {400}},
      {"JSON object nested deep",
       "POST /api/v1/orders HTTP/1.1\r\n" + std::string(kHost) + auth + "Content-Type: application/json\r\n" +
           "Content-Length: 600000\r\n\r\n" +
           [] {
             std::string s;
             for (int i = 0; i < 100000; ++i) s += "{\"a\":";
             return s + std::string(100000, '}');
           }(),
       {400}},
      {"good request, then junk pipelined",
       "GET /healthz HTTP/1.1\r\n" + std::string(kHost) + "\r\nGARBAGE GARBAGE\r\n\r\n",
       {200},
       2,
       1},
      {"good request, then a huge pipelined line",
       "GET /healthz HTTP/1.1\r\n" + std::string(kHost) + "\r\nGET /" + std::string(200 * 1024, 'x') +
           " HTTP/1.1\r\n\r\n",
       {200},
       2,
       1},
      {"many pipelined requests",
       [] {
         std::string s;
         for (int i = 0; i < 500; ++i) s += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
         return s;
       }(),
       {200},
       500},
      {"Upgrade to websocket",
       "GET /healthz HTTP/1.1\r\n" + std::string(kHost) +
           "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n\r\n",
       {200, 400, 404, 426}},
  };
  return c;
}

::testing::AssertionResult Acceptable(const Case& c, const Outcome& o) {
  if (o.timed_out && o.responses < c.responses && !o.closed)
    return ::testing::AssertionFailure() << "neither answered nor closed: " << o.Brief();
  if (o.status == 0) {
    if (o.closed) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no answer: " << o.Brief();
  }
  if (o.status >= 500 && std::find(c.allowed.begin(), c.allowed.end(), o.status) == c.allowed.end())
    return ::testing::AssertionFailure() << "a 5xx for bad input: " << o.Brief();
  if (c.allowed.empty() ? (o.status >= 400 && o.status < 500)
                        : std::find(c.allowed.begin(), c.allowed.end(), o.status) != c.allowed.end())
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "unexpected answer: " << o.Brief();
}

TEST(AbuseMalformed, EveryMalformedRequestIsRefusedOrClosedAndOthersAreServed) {
  RaiseFileLimit(4096);
  const Snapshot before = Snapshot::Take();
  const std::vector<Case> cases = Cases();
  Probe probe;
  const int rounds = std::max(1, AbuseSeconds(1) / 10);  // the long run repeats the whole table
  for (int round = 0; round < rounds; ++round) {
    // All at once: a case the server leaves waiting costs the read time limit, not the sum of them.
    std::vector<std::future<Outcome>> outcomes;
    for (const Case& c : cases)
      outcomes.push_back(std::async(std::launch::async, [&c] {
        Raw conn(Env().server().port());
        conn.Send(c.data);
        return conn.Read((kReadTimeout + 4) * 1000, c.responses);
      }));
    for (size_t i = 0; i < cases.size(); ++i) {
      Outcome o = outcomes[i].get();
      SCOPED_TRACE(cases[i].name);
      if (round == 0)
        std::printf("[malformed] %-42s -> %s%s\n", cases[i].name.c_str(),
                    o.status ? std::to_string(o.status).c_str() : "no answer", o.closed ? ", closed" : "");
      EXPECT_TRUE(Acceptable(cases[i], o));
      if (cases[i].responses > 1) {
        EXPECT_EQ(o.responses, cases[i].expect < 0 ? cases[i].responses : cases[i].expect) << o.Brief();
      }
    }
  }
  EXPECT_TRUE(probe.Healthy("malformed requests"));
  EXPECT_TRUE(ServerAlive());
  EXPECT_TRUE(before.Unchanged());
}

TEST(AbuseMalformed, ConnectionsResetMidRequestAndMidResponseLeaveNoTrace) {
  RaiseFileLimit(4096);
  const Snapshot before = Snapshot::Take();
  const std::string token = Env().Token("county");
  const int port = Env().server().port();
  Probe probe;
  const int n = 300 * std::max(1, AbuseSeconds(1) / 10);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < n; i += 4) {
        Raw c(port);
        switch (i % 4) {
          case 0:  // half a JSON body of a write, then a reset
            c.Send("POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                   "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" +
                   std::string(500, ' '));
            break;
          case 1:  // half a request head
            c.Send("GET /api/v1/orders?limit=10 HTTP/1.1\r\nHost: x\r\nAuthoriz");
            break;
          case 2:  // a complete request for a large answer, reset before reading it
            c.Send("GET /api/v1/orders?limit=1000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                   "\r\n\r\n");
            break;
          case 3:  // half a chunk of a chunked upload
            c.Send("POST /api/v1/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                   "\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" + std::string(100, 'z'));
            break;
        }
        if (i % 8 < 4) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        c.Reset();
      }
    });
  for (auto& t : threads) t.join();
  std::printf("[reset] %d connections reset mid-request or mid-response\n", n);
  EXPECT_TRUE(probe.Healthy("connections reset mid-request"));
  EXPECT_TRUE(ServerAlive());
  EXPECT_TRUE(before.Unchanged());
}

}  // namespace
}  // namespace wangge::abuse
