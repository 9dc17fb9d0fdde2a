// Logon sessions of a case: Security 4624 logons ended by 4634/4647 with the same logon id on
// the same host, with the processes run in them (a process's LogonId or SubjectLogonId). Logon
// ids that processes carry but no 4624 in the case opened become sessions whose logon was not
// seen. Ids to cite: S:<_eid of the 4624>, or S:<host>:<logon id>.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/process_tree.h"

namespace quarry::ir {

struct LogonSession {
  std::string id;
  int64_t eid = 0;  // the 4624; 0 when the logon was not seen
  std::string host, user, logon_id, logon_type, source_ip, workstation;
  std::optional<Timestamp> start, end;
  int64_t end_eid = 0;
  std::vector<std::string> processes;  // process ids (P:…) in start order
};

Result<std::vector<LogonSession>> BuildLogonSessions(const store::Case& c,
                                                     const TimelineFilter& filter,
                                                     const ProcessForest& forest);

std::string LogonSessionsText(const std::vector<LogonSession>& sessions);
// {"sessions":[{id, eid, host, user, logon_id, logon_type, source_ip, workstation, start, end,
//  end_eid, processes:[ids]}]}
std::string LogonSessionsJson(const std::vector<LogonSession>& sessions);

}  // namespace quarry::ir
