// The HTTP server of `quarry serve` (cpp-httplib): binds, routes every request to the workbench,
// answers refusals httplib makes itself (oversized bodies, malformed requests) as JSON.
#include <httplib.h>

#include <atomic>

#include "server/server.h"
#include "server/workbench.h"

namespace quarry::server {
namespace {

constexpr size_t kMaxBody = size_t{1} << 20;

std::atomic<httplib::Server*> running{nullptr};

}  // namespace

Status Serve(const ServeOptions& requested, const std::string& token,
             const std::function<void(const std::string& url)>& ready) {
  httplib::Server http;
  ServeOptions options = requested;
  if (options.port == 0) {
    options.port = http.bind_to_any_port(options.host);
  } else if (!http.bind_to_port(options.host, options.port)) {
    options.port = -1;
  }
  if (options.port < 0) {
    return IoError("cannot listen on " + options.host + ":" + std::to_string(requested.port) +
                   " (in use, or not an address of this machine)");
  }
  Workbench bench(options, token);
  http.set_payload_max_length(kMaxBody);
  http.Get("/api/openapi.json", [&](const auto& req, auto& res) { bench.OpenApi(req, res); });
  http.Get("/api/.*", [&](const auto& req, auto& res) { bench.Api(req, res); });
  http.Post("/api/.*", [&](const auto& req, auto& res) { bench.Api(req, res); });
  http.Get("/.*", [&](const auto& req, auto& res) { bench.Page(req, res); });
  auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
    Send(res, ErrorReply(405, req.method + " is not allowed"));
  };
  http.Post("/.*", not_allowed);
  http.Put("/.*", not_allowed);
  http.Delete("/.*", not_allowed);
  http.Patch("/.*", not_allowed);
  http.Options("/.*", not_allowed);
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string why = res.status == 413   ? "the request body is larger than 1 MiB"
                      : res.status == 400 ? "a malformed request"
                                          : "refused";
    Send(res, ErrorReply(res.status, why));
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        Send(res, ErrorReply(500, "internal error"));
      });
  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  running.store(&http);
  ready("http://" + host + ":" + std::to_string(options.port) + "/?token=" + token);
  bool ok = http.listen_after_bind();
  running.store(nullptr);
  return ok ? Status::Ok() : IoError("the server stopped listening");
}

void Stop() {
  if (httplib::Server* http = running.load()) http->stop();
}

}  // namespace quarry::server
