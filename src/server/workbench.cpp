#include "server/workbench.h"

#include <openssl/crypto.h>

#include <iostream>

#include "mcp/untrusted.h"
#include "server/server.h"

namespace quarry::server {
namespace {

constexpr size_t kMaxSessions = 32;
// Scripts, styles and data only from this server; nothing framed, no inline script (the built
// pages have none).
constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

bool SameSecret(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void Refuse(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

}  // namespace

void Secure(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kCsp);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("Cache-Control", "no-store");
}

void Send(httplib::Response& res, const Reply& reply) {
  Secure(res);
  res.status = reply.status;
  res.set_content(reply.json, "application/json");
}

Gate::Gate(const ServeOptions& options, std::string token) : token_(std::move(token)) {
  std::string port = ":" + std::to_string(options.port);
  std::vector<std::string> names = {"127.0.0.1", "localhost", "[::1]"};
  if (options.host != "127.0.0.1") {
    bool v6 = options.host.find(':') != std::string::npos;
    names.push_back(v6 ? "[" + options.host + "]" : options.host);
  }
  for (const std::string& name : names) {
    hosts_.insert(name + port);
    if (options.port == 80) hosts_.insert(name);  // browsers leave the default port out
  }
  // Cookies do not tell ports apart: each server's has its own name.
  cookie_ = "quarry_session_" + std::to_string(options.port);
}

bool Gate::FromHere(const httplib::Request& req) const {
  if (hosts_.count(req.get_header_value("Host")) == 0) return false;
  if (req.has_header("Origin")) {
    std::string origin = req.get_header_value("Origin");
    if (origin.rfind("http://", 0) != 0 || hosts_.count(origin.substr(7)) == 0) return false;
  }
  std::string site = req.get_header_value("Sec-Fetch-Site");
  return site.empty() || site == "same-origin" || site == "none";
}

bool Gate::TokenMatches(const std::string& token) const {
  return SameSecret(token, token_);
}

std::pair<std::string, std::string> Gate::Open() {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.emplace_back(mcp::NewNonce() + mcp::NewNonce(), mcp::NewNonce());
  if (sessions_.size() > kMaxSessions) sessions_.pop_front();
  return sessions_.back();
}

std::string Gate::CsrfOf(const httplib::Request& req) {
  std::string value = CookieValue(req.get_header_value("Cookie"));
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [session, csrf] : sessions_) {
    if (SameSecret(value, session)) return csrf;
  }
  return "";
}

std::string Gate::CookieValue(const std::string& header) const {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(at, end - at);
    size_t start = pair.find_first_not_of(' ');
    if (start != std::string::npos && pair.compare(start, cookie_.size() + 1, cookie_ + "=") == 0) {
      return pair.substr(start + cookie_.size() + 1);
    }
    at = end + 1;
  }
  return "";
}

Workbench::Workbench(const ServeOptions& options, const std::string& token)
    : options_(options), gate_(options, token) {
  tools_.case_dir = options.case_dir;
  tools_.allowed_paths = {options.case_dir};
  for (const std::string& p : options.rule_paths) tools_.allowed_paths.push_back(p);
  for (const std::string& p : options.threat_models) tools_.allowed_paths.push_back(p);
  tools_.max_rows = 1000;
}

void Workbench::Page(const httplib::Request& req, httplib::Response& res) {
  Secure(res);
  if (!gate_.FromHere(req)) return Refuse(res, 403, "only pages served from this machine may call");
  if (req.path == "/" && req.has_param("token")) {
    if (!gate_.TokenMatches(req.get_param_value("token"))) {
      return Refuse(res, 401, "wrong token: open the URL quarry serve printed at start");
    }
    auto session = gate_.Open();
    res.set_header("Set-Cookie",
                   gate_.cookie() + "=" + session.first + "; HttpOnly; SameSite=Strict; Path=/");
    res.status = 303;
    res.set_header("Location", "/");  // the token leaves the address bar and the history
    return;
  }
  if (req.path.find("..") != std::string::npos || req.path.find('\\') != std::string::npos) {
    return Refuse(res, 400, "path traversal refused: " + req.path.substr(0, 80));
  }
  const Asset* asset = FindAsset(req.path == "/" ? "/index.html" : req.path);
  if (asset == nullptr) return Refuse(res, 404, "no such page: " + req.path.substr(0, 80));
  res.set_content(reinterpret_cast<const char*>(asset->data), asset->size, asset->content_type);
}

void Workbench::Api(const httplib::Request& req, httplib::Response& res) {
  if (!gate_.FromHere(req)) {
    return Send(res, ErrorReply(403, "only pages served from this machine may call"));
  }
  std::string csrf = gate_.CsrfOf(req);
  if (csrf.empty()) {
    return Send(res, ErrorReply(401,
                                "no session: open the URL quarry serve printed at start (it "
                                "carries ?token=…)"));
  }
  if (req.method == "POST") {
    if (!SameSecret(req.get_header_value("X-Quarry-CSRF"), csrf)) {
      return Send(res, ErrorReply(403,
                                  "missing or wrong X-Quarry-CSRF header (GET /api/session "
                                  "gives it)"));
    }
    if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      return Send(res, ErrorReply(415, "the body must be JSON (Content-Type: application/json)"));
    }
  }
  std::map<std::string, std::string> path_args;
  bool path_known = false;
  const Route* route = MatchRoute(req.method, req.path, path_args, path_known);
  if (route == nullptr) {
    return Send(res, path_known ? ErrorReply(405, req.method + " is not allowed on " +
                                                      req.path.substr(0, 80))
                                : ErrorReply(404, "no such endpoint: " + req.path.substr(0, 80) +
                                                      " (see /api/openapi.json)"));
  }
  if (route->writes && !options_.allow_approve) {
    return Send(res, ErrorReply(403,
                                "this workbench is read-only: start quarry serve with "
                                "--allow-approve to approve"));
  }
  auto args = RequestArgs(*route, path_args, req.params, req.method == "POST" ? req.body : "");
  if (!args.ok()) return Send(res, ErrorReply(400, args.status().message()));
  RouteContext ctx{options_, tools_, hunts_, csrf};
  Reply reply;
  try {  // a third-party thrower (allocation, a library) must not take the server down
    auto result = route->run(*args, ctx);
    reply = result.ok() ? std::move(*result) : ErrorReply(result.status());
  } catch (const std::exception& e) {
    reply = ErrorReply(500, std::string("internal error: ") + e.what());
  }
  if (route->writes) {
    std::cerr << "quarry serve: " << req.method << " " << req.path << " by " << options_.author
              << ": HTTP " << reply.status << "\n";
  }
  Send(res, reply);
}

void Workbench::OpenApi(const httplib::Request& req, httplib::Response& res) {
  if (!gate_.FromHere(req)) {
    return Send(res, ErrorReply(403, "only pages served from this machine may call"));
  }
  Send(res, Reply{200, OpenApiJson()});
}

}  // namespace quarry::server
