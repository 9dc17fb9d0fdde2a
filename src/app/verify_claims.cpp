#include "app/verify_claims.h"

#include <map>
#include <memory>
#include <set>

#include "core/json.h"
#include "core/strings.h"
#include "ir/clusters.h"
#include "ir/logon_sessions.h"
#include "ir/process_tree.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::app {
namespace {

// What each P:, S: and C: citation stands for, as event ids.
struct Expansions {
  std::map<std::string, std::vector<int64_t>> ids;

  Status Resolve(const store::Case& c, const std::vector<VerifiedClaim>& claims, int64_t gap) {
    bool trees = false, sessions = false, clusters = false;
    for (const auto& vc : claims) {
      for (const auto& cite : vc.claim.citations) {
        trees |= cite.kind == ir::CitationKind::kProcess || cite.kind == ir::CitationKind::kSession;
        sessions |= cite.kind == ir::CitationKind::kSession;
        clusters |= cite.kind == ir::CitationKind::kCluster;
      }
    }
    ir::TimelineFilter all;
    if (trees) {
      QUARRY_ASSIGN_OR_RETURN(auto forest, ir::BuildProcessTrees(c, all));
      for (const ir::ProcessNode& node : forest.nodes) {
        auto& list = ids[node.id];
        if (node.eid != 0) list.push_back(node.eid);
        if (node.end_eid != 0) list.push_back(node.end_eid);
        // The other source's record of the same process is evidence of it too.
        if (const ir::ProcessNode* same = forest.Find(node.same_as); same && same->eid != 0)
          list.push_back(same->eid);
        // A process seen only as a parent is known from its children's events.
        if (node.eid == 0) {
          for (size_t child : node.children) {
            if (forest.nodes[child].eid != 0) list.push_back(forest.nodes[child].eid);
          }
        }
      }
      if (sessions) {
        QUARRY_ASSIGN_OR_RETURN(auto list, ir::BuildLogonSessions(c, all, forest));
        for (const ir::LogonSession& s : list) {
          auto& out = ids[s.id];
          if (s.eid != 0) out.push_back(s.eid);
          if (s.end_eid != 0) out.push_back(s.end_eid);
          for (const std::string& p : s.processes) {
            const ir::ProcessNode* node = forest.Find(p);
            if (node != nullptr && node->eid != 0) out.push_back(node->eid);
          }
        }
      }
    }
    if (clusters) {
      QUARRY_ASSIGN_OR_RETURN(auto list, ir::BuildClusters(c, all, gap, 1));
      for (const ir::ActivityCluster& cl : list) {
        ir::TimelineFilter f;
        f.from = cl.start;
        f.to = cl.end;
        std::string_view entity(cl.entity);
        if (entity.rfind("host ", 0) == 0) {
          f.host = std::string(entity.substr(5));
        } else if (entity.rfind("identity ", 0) == 0) {
          f.user = std::string(entity.substr(9));
        }
        auto& out = ids[cl.id];
        QUARRY_RETURN_IF_ERROR(ir::ReadTimeline(c, f, [&](const ir::TimelineEntry& e) {
                                 out.push_back(e.eid);
                                 return true;
                               }).status());
      }
    }
    return Status::Ok();
  }
};

Status ReadEntries(const store::Case& c, const std::set<int64_t>& eids,
                   std::map<int64_t, ir::TimelineEntry>& out) {
  std::vector<int64_t> wanted;
  for (int64_t id : eids) {
    if (!out.count(id)) wanted.push_back(id);
  }
  if (wanted.empty()) return Status::Ok();
  ir::TimelineFilter f;
  f.eids = wanted;
  return ir::ReadTimeline(c, f,
                          [&](const ir::TimelineEntry& e) {
                            out.emplace(e.eid, e);
                            return true;
                          })
      .status();
}

}  // namespace

Result<VerifyClaimsReport> VerifyClaims(const VerifyClaimsRequest& request) {
  int64_t gap = 0;
  if (!kql::TimespanTicks(request.cluster_gap, gap) || gap <= 0) {
    return UsageError("--gap: not a timespan: '" + request.cluster_gap + "' (e.g. 10m, 1h)");
  }
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
  VerifyClaimsReport report;
  for (ir::Claim& claim : ir::SplitClaims(request.text))
    report.claims.push_back({std::move(claim), {}});
  Expansions expansions;
  QUARRY_RETURN_IF_ERROR(expansions.Resolve(*c, report.claims, gap));
  std::set<int64_t> cited;
  for (const auto& vc : report.claims) {
    for (const auto& cite : vc.claim.citations) {
      if (cite.kind == ir::CitationKind::kEvent) {
        cited.insert(cite.eid);
      } else if (auto it = expansions.ids.find(cite.id); it != expansions.ids.end()) {
        cited.insert(it->second.begin(), it->second.end());
      }
    }
  }
  std::map<int64_t, ir::TimelineEntry> entries;
  QUARRY_RETURN_IF_ERROR(ReadEntries(*c, cited, entries));
  // Alerts on cited events, and the events of cited alerts.
  std::map<int64_t, std::vector<int64_t>> alerts_of;  // event eid → alert eids
  std::set<int64_t> alerted_events, alert_ids;
  ir::TimelineFilter alerts_filter;
  alerts_filter.alerts_only = true;
  alerts_filter.linked_eids.assign(cited.begin(), cited.end());
  if (!cited.empty())
    QUARRY_RETURN_IF_ERROR(ir::ReadTimeline(*c, alerts_filter, [&](const ir::TimelineEntry& e) {
                             std::string event = ir::FieldValue(e, "EventEid");
                             int64_t event_eid = event.empty() ? 0 : std::atoll(event.c_str());
                             if (cited.count(event_eid)) {
                               alerts_of[event_eid].push_back(e.eid);
                               alert_ids.insert(e.eid);
                               entries.emplace(e.eid, e);
                             }
                             if (cited.count(e.eid) && event_eid != 0)
                               alerted_events.insert(event_eid);
                             return true;
                           }).status());
  QUARRY_RETURN_IF_ERROR(ReadEntries(*c, alerted_events, entries));
  QUARRY_ASSIGN_OR_RETURN(auto vocabulary, ir::ReadCaseVocabulary(*c));
  // Without a word list, plain words are names only when the case has them or a cue announces
  // them; the report says so.
  bool dictionary = ir::LoadDictionary(vocabulary);
  for (auto& vc : report.claims) {
    ir::ClaimEvidence evidence;
    std::set<int64_t> seen;
    auto add = [&](int64_t id, std::vector<const ir::TimelineEntry*>& to) {
      auto it = entries.find(id);
      if (it == entries.end() || !seen.insert(id).second) return it != entries.end();
      to.push_back(&it->second);
      return true;
    };
    for (const auto& cite : vc.claim.citations) {
      if (cite.kind == ir::CitationKind::kEvent) {
        if (!add(cite.eid, evidence.cited))
          evidence.missing.push_back(cite.id + " is not an event or alert of the case");
        continue;
      }
      auto it = expansions.ids.find(cite.id);
      if (it == expansions.ids.end() || it->second.empty()) {
        evidence.missing.push_back(cite.id + " is not a process, session or cluster of the case");
        continue;
      }
      for (int64_t id : it->second) add(id, evidence.cited);
    }
    std::vector<const ir::TimelineEntry*> cited_now = evidence.cited;
    for (const ir::TimelineEntry* e : cited_now) {
      if (auto it = alerts_of.find(e->eid); it != alerts_of.end()) {
        for (int64_t a : it->second) add(a, evidence.linked);
      }
      if (e->table == ir::kAlertsTable) {
        std::string event = ir::FieldValue(*e, "EventEid");
        if (!event.empty()) add(std::atoll(event.c_str()), evidence.linked);
      }
    }
    ir::ClaimTerms terms = ir::ExtractTerms(vc.claim.body, vocabulary);
    vc.result = ir::CheckClaim(vc.claim, terms, evidence);
    if (!dictionary)
      vc.result.notes.push_back("no word list (/usr/share/dict/words): plain words not checked");
    switch (vc.result.verdict) {
      case ir::Verdict::kSupported:
        ++report.supported;
        break;
      case ir::Verdict::kUnsupported:
        ++report.unsupported;
        break;
      case ir::Verdict::kUncited:
        ++report.uncited;
        break;
    }
  }
  return report;
}

std::string VerifyClaimsJson(const VerifyClaimsReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("claims").BeginArray();
  for (const auto& vc : report.claims) {
    w.BeginObject().Field("line", vc.claim.line).Field("text", vc.claim.text);
    w.Key("citations").BeginArray();
    for (const auto& cite : vc.claim.citations) w.String(cite.id);
    w.EndArray();
    w.Field("verdict", ir::VerdictName(vc.result.verdict));
    w.Field("problems", vc.result.problems);
    w.Key("checks").BeginArray();
    for (const auto& check : vc.result.checks) {
      w.BeginObject().Field("what", check.what).Field("ok", check.ok);
      if (!check.ok) w.Field("detail", check.detail);
      w.EndObject();
    }
    w.EndArray().Field("notes", vc.result.notes).EndObject();
  }
  w.EndArray();
  w.Field("supported", report.supported).Field("unsupported", report.unsupported);
  w.Field("uncited", report.uncited).EndObject();
  return out;
}

std::string VerifyClaimsText(const VerifyClaimsReport& report) {
  std::string out;
  for (const auto& vc : report.claims) {
    out += std::string(ir::VerdictName(vc.result.verdict)) + "  line " +
           std::to_string(vc.claim.line) + ": " + vc.claim.text + "\n";
    for (const std::string& p : vc.result.problems) out += "    - " + p + "\n";
  }
  out += std::to_string(report.claims.size()) +
         " sentence(s): " + std::to_string(report.supported) + " supported, " +
         std::to_string(report.unsupported) + " unsupported, " + std::to_string(report.uncited) +
         " uncited\n";
  return out;
}

}  // namespace quarry::app
