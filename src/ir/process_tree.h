// Process trees of a case: Sysmon process creations linked by ProcessGuid/ParentProcessGuid,
// and Security 4688 events linked by process id on the same host, the parent being the latest
// process with that id started before the child (ids are reused). Each process has an id other
// commands cite: P:<_eid of the event that started it>, or P:<host>:<guid or pid> for a parent
// the evidence shows only as a parent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "ir/timeline.h"
#include "store/case.h"

namespace quarry::ir {

struct ProcessNode {
  std::string id;
  int64_t eid = 0;  // the event that started it; 0 when seen only as a parent
  std::string host, image, command_line, user, logon_id, pid;
  std::string source;  // "sysmon" or "security"
  std::optional<Timestamp> start, end;
  int64_t end_eid = 0;
  std::string parent;  // the parent's id, "" when unknown
  // The same process as the other source saw it: a Sysmon 1 and a Security 4688 of one host,
  // one process id and one image, started within two seconds of each other.
  std::string same_as;
  std::vector<size_t> children;  // indexes into ProcessForest::nodes, by start time
};

struct ProcessForest {
  std::vector<ProcessNode> nodes;  // in start order; parents seen only as parents first
  std::vector<size_t> roots;       // nodes without a parent in the forest
  const ProcessNode* Find(const std::string& id) const;
};

// Processes started inside the filter's time range and on its host; the filter's other pivots
// are not applied here (a tree is kept whole).
Result<ProcessForest> BuildProcessTrees(const store::Case& c, const TimelineFilter& filter);

// The forest as indented text, one process per line; only the trees holding a process whose
// image or command line contains `match` when it is not empty.
std::string ProcessForestText(const ProcessForest& forest, const std::string& match = "");
// {"processes":[{id, eid, host, image, command_line, user, logon_id, pid, source, start, end,
//  end_eid, parent, children:[ids]}]}
std::string ProcessForestJson(const ProcessForest& forest);

}  // namespace quarry::ir
