#include "review/finding.h"

#include "core/json.h"

namespace quarry::review {

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kVerified:
      return "verified";
    case Verdict::kNeedsHuman:
      return "needs_human";
    case Verdict::kRejected:
      return "rejected";
  }
  return "needs_human";
}

void WriteReviewFinding(JsonWriter& w, const ReviewFinding& f) {
  w.BeginObject();
  WriteFindingFields(w, f.finding);
  w.Field("line", f.finding.where.line)
      .Field("end_line", f.end_line)
      .Field("cwe", f.cwe)
      .Field("owasp", f.owasp)
      .Field("engine", f.engine);
  w.Key("engines").BeginArray();
  for (const auto& v : f.voices)
    w.BeginObject()
        .Field("engine", v.engine)
        .Field("rule", v.rule)
        .Field("cwe", v.cwe)
        .Field("message", v.message)
        .EndObject();
  w.EndArray();
  w.Field("evidence", f.evidence).Field("symbols", f.symbols);
  if (!f.missing_check.empty()) w.Field("missing_check", f.missing_check);
  w.Field("status", VerdictName(f.status));
  w.Key("reasons").BeginArray();
  for (const auto& r : f.reasons)
    w.BeginObject().Field("code", r.code).Field("text", r.text).EndObject();
  w.EndArray();
  w.Field("fingerprint", f.fingerprint);
  if (!f.triage.empty()) {
    w.Key("triage")
        .BeginObject()
        .Field("decision", f.triage)
        .Field("reason", f.triage_reason)
        .Field("by", f.triage_by)
        .EndObject();
  }
  w.EndObject();
}

}  // namespace quarry::review
