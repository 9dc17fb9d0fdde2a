// Workbench requests from bytes, without a socket: method, path, query string, headers and body
// through the gate (Host, Origin, cookie, CSRF), route matching, the arguments' typing and
// checks, and each route's job over a case that does not exist (jobs refuse at once; nothing is
// written). Input: a mode byte, then METHOD\nPATH\nQUERY\nHeader: value…\n\nBODY; an odd first byte
// adds a valid session and CSRF header, so the routes themselves are reached.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "server/workbench.h"

namespace {

std::string Line(const std::string& text, size_t& at) {
  size_t end = text.find('\n', at);
  if (end == std::string::npos) end = text.size();
  std::string line = text.substr(at, end - at);
  at = end < text.size() ? end + 1 : end;
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::server;
  static ServeOptions* options = [] {
    auto* o = new ServeOptions();
    o->case_dir = "/nonexistent/quarry-fuzz-case";
    o->port = 8765;
    o->author = "fuzz";
    o->provider = "builtin";
    return o;
  }();
  static Workbench* bench = new Workbench(*options, "0123456789abcdef0123456789abcdef");
  static std::pair<std::string, std::string> session = [] {
    httplib::Request req;
    httplib::Response res;
    req.method = "GET";
    req.path = "/";
    req.headers.emplace("Host", "127.0.0.1:8765");
    req.params.emplace("token", "0123456789abcdef0123456789abcdef");
    bench->Page(req, res);
    std::string cookie = res.get_header_value("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    httplib::Request ask;
    httplib::Response answer;
    ask.method = "GET";
    ask.path = "/api/session";
    ask.headers.emplace("Host", "127.0.0.1:8765");
    ask.headers.emplace("Cookie", cookie);
    bench->Api(ask, answer);
    size_t at = answer.body.find("\"csrf\":\"");
    std::string csrf = at == std::string::npos ? "" : answer.body.substr(at + 8, 32);
    return std::make_pair(cookie, csrf);
  }();
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);  // after the mode byte
  size_t at = 0;
  httplib::Request req;
  httplib::Response res;
  req.method = Line(text, at);
  req.path = Line(text, at);
  httplib::detail::parse_query_text(Line(text, at), req.params);
  for (std::string h = Line(text, at); !h.empty() && at < text.size(); h = Line(text, at)) {
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      req.headers.emplace(h.substr(0, colon),
                          h.substr(colon + 1 + (h.size() > colon + 1 && h[colon + 1] == ' ')));
    }
  }
  req.body = text.substr(at);
  if (!req.has_header("Host")) req.headers.emplace("Host", "127.0.0.1:8765");
  if ((data[0] & 1) != 0) {
    req.headers.emplace("Cookie", session.first);
    req.headers.emplace("X-Quarry-CSRF", session.second);
    if (!req.has_header("Content-Type")) req.headers.emplace("Content-Type", "application/json");
  }
  if (req.path.rfind("/api/", 0) == 0) {
    bench->Api(req, res);
  } else {
    bench->Page(req, res);
  }
  return 0;
}
