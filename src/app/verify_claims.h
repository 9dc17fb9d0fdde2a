// quarry ir verify: every sentence of a text checked against the events it cites. The one
// implementation behind the CLI, the MCP tool and the summaries that verify themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/claim_check.h"
#include "ir/claims.h"

namespace quarry::app {

struct VerifyClaimsRequest {
  std::string case_dir;
  std::string text;  // Markdown or plain text with [E:…], [P:…], [S:…], [C:…] citations
  std::string cluster_gap = "10m";  // the gap C: ids were made with
};

struct VerifiedClaim {
  ir::Claim claim;
  ir::ClaimResult result;
};

struct VerifyClaimsReport {
  std::vector<VerifiedClaim> claims;
  int64_t supported = 0, unsupported = 0, uncited = 0;
};

Result<VerifyClaimsReport> VerifyClaims(const VerifyClaimsRequest& request);

// {"claims":[{line, text, citations, verdict, problems, checks:[{what, ok, detail}], notes}],
//  "supported", "unsupported", "uncited"}
std::string VerifyClaimsJson(const VerifyClaimsReport& report);
// One block per sentence: verdict, line and text, then its problems.
std::string VerifyClaimsText(const VerifyClaimsReport& report);

}  // namespace quarry::app
