// One request to the workbench, whatever carries it: the checks of who may call (Host, Origin,
// session cookie, CSRF header), the pages, and the API's dispatch to the routes. The HTTP server
// (http.cpp) hands requests here; the fuzz target does too, without a socket.
#pragma once

#include <httplib.h>

#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "mcp/tools.h"
#include "server/hunt_sessions.h"
#include "server/routes.h"

namespace quarry::server {

// Adds the security headers every answer carries, and writes a reply as JSON.
void Secure(httplib::Response& res);
void Send(httplib::Response& res, const Reply& reply);

// Who may call: the Host and Origin a page on this server sends, and sessions opened with the
// token printed at start.
class Gate {
 public:
  Gate(const ServeOptions& options, std::string token);
  const std::string& cookie() const { return cookie_; }
  // A rebound DNS name or a page of another site carries another Host or Origin.
  bool FromHere(const httplib::Request& req) const;
  bool TokenMatches(const std::string& token) const;
  // A new session: its cookie value and its CSRF token (the oldest dropped past 32).
  std::pair<std::string, std::string> Open();
  // The CSRF token of the request's session, or "" when it has none.
  std::string CsrfOf(const httplib::Request& req);

 private:
  std::string CookieValue(const std::string& header) const;
  std::string token_, cookie_;
  std::set<std::string> hosts_;
  std::mutex mu_;
  std::deque<std::pair<std::string, std::string>> sessions_;
};

class Workbench {
 public:
  Workbench(const ServeOptions& options, const std::string& token);
  void Page(const httplib::Request& req, httplib::Response& res);  // GET of anything not /api/
  void Api(const httplib::Request& req, httplib::Response& res);   // /api/…
  void OpenApi(const httplib::Request& req, httplib::Response& res);

 private:
  const ServeOptions& options_;
  Gate gate_;
  mcp::ServerOptions tools_;
  HuntSessions hunts_;
};

}  // namespace quarry::server
