// quarry serve as a job: the workbench's options checked (a case, a loopback address unless the
// person allows another), then the case served until the process is stopped. Built as its own
// library (quarry_app_serve, see src/server/CMakeLists.txt) because the server calls app jobs.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::app {

struct WebServeRequest {
  std::string case_dir;
  std::string host = "127.0.0.1";
  int port = 8765;             // 0: any free port
  bool allow_remote = false;   // needed for an address that is not loopback
  bool allow_approve = false;  // approvals (hunts) run and write the journal
  std::string author;          // "" for the OS user
  std::string provider, endpoint, model;
  std::vector<std::string> review_reports;  // `quarry review --format json` reports to triage
  std::vector<std::string> rule_paths;      // Sigma rule packs for the rules page
  std::vector<std::string> threat_models;   // system descriptions for the threat-model page
};

// Prints the URL (with its token) as the first line of `out`, what the server may do to `log`,
// then serves. A usage error for a non-loopback address without allow_remote; an input error
// when there is no case or the port cannot be bound.
Status ServeWeb(const WebServeRequest& request, std::ostream& out, std::ostream& log);

}  // namespace quarry::app
