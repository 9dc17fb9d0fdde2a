#include "app/web_serve.h"

#include <arpa/inet.h>

#include <cstring>
#include <filesystem>
#include <ostream>

#include "app/hunt.h"
#include "app/review.h"
#include "core/net.h"
#include "mcp/untrusted.h"
#include "server/server.h"

namespace quarry::app {

Status ServeWeb(const WebServeRequest& request, std::ostream& out, std::ostream& log) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(request.case_dir) / "events.db", ec)) {
    return NotFound("no case at " + request.case_dir +
                    " (make one with quarry ingest EVIDENCE --case " + request.case_dir + ")");
  }
  unsigned char any[16] = {};
  unsigned char addr[16] = {};
  bool wildcard =
      (inet_pton(AF_INET, request.host.c_str(), addr) == 1 && std::memcmp(addr, any, 4) == 0) ||
      (inet_pton(AF_INET6, request.host.c_str(), addr) == 1 && std::memcmp(addr, any, 16) == 0) ||
      request.host == "0";
  if (wildcard) {
    return UsageError("--host " + request.host +
                      " listens everywhere; name the address others will open (the server "
                      "only answers requests addressed to it)");
  }
  if (!IsLoopbackAddress(request.host) && !request.allow_remote) {
    return UsageError("--host " + request.host +
                      " is not a loopback address: others on the network could reach the case. "
                      "Add --allow-remote if that is what you want.");
  }
  server::ServeOptions options;
  options.case_dir = fs::canonical(request.case_dir, ec).string();
  options.host = request.host == "localhost" ? "127.0.0.1" : request.host;
  options.port = request.port;
  options.allow_approve = request.allow_approve;
  options.author = request.author.empty() ? DefaultAuthor() : request.author;
  options.provider = request.provider;
  options.endpoint = request.endpoint;
  options.model = request.model;
  for (const std::string& report : request.review_reports) {
    // Read once now, so that a wrong path is said at start rather than on the page.
    auto findings = ReadReviewReport(report);
    if (!findings.ok())
      return UsageError("--review " + report + ": " + findings.status().message());
    options.review_reports.push_back(fs::absolute(report, ec).string());
  }
  for (const std::string& rules : request.rule_paths) {
    fs::path real = fs::canonical(rules, ec);
    if (ec) return UsageError("--rules " + rules + ": no such file or folder");
    options.rule_paths.push_back(real.string());
  }
  for (const std::string& model : request.threat_models) {
    fs::path real = fs::canonical(model, ec);
    if (ec || !fs::is_regular_file(real, ec))
      return UsageError("--threat-model " + model + ": no such file");
    options.threat_models.push_back(real.string());
  }
  return server::Serve(options, mcp::NewNonce(), [&](const std::string& url) {
    out << url << std::endl;
    log << "quarry serve: case " << options.case_dir << "; "
        << (options.allow_approve ? "approvals allowed, journalled as " + options.author
                                  : std::string("read-only (start with --allow-approve to "
                                                "approve hunts)"))
        << "; open the URL above (its token starts a session; keep it private)\n";
    if (!IsLoopbackAddress(options.host)) {
      log << "quarry serve: WARNING: listening on " << options.host
          << ", not loopback: anyone who can reach it and learns the token can read the case\n";
    }
    log << std::flush;
  });
}

}  // namespace quarry::app
