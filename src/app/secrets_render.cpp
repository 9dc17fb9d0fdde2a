// Reports of a secrets scan: JSON (the one machine form), text for people, SARIF for code
// scanning. A secret's value appears only in JSON and text, and only when asked for.
#include <map>

#include "app/secrets.h"
#include "core/json.h"
#include "core/sarif.h"

namespace quarry::app {
namespace {

std::string Shown(const secrets::SecretFinding& f, bool show) {
  return show ? f.secret : secrets::RedactedSecret(f.secret);
}

// file:line:col, or for an event table.column:_eid (its line in the value when not the first).
std::string Where(const secrets::SecretFinding& f) {
  if (f.eid >= 0) {
    return f.table + "." + f.field + " _eid " + std::to_string(f.eid) +
           (f.line > 1 ? " line " + std::to_string(f.line) : "");
  }
  return f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
}

}  // namespace

std::string SecretsJson(const SecretsScanReport& report, bool show) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray();
  for (const auto& f : report.findings) {
    w.BeginObject();
    w.Field("rule_id", f.rule_id);
    w.Field("description", f.description);
    w.Field("file", f.file);
    w.Field("line", f.line);
    w.Field("column", f.column);
    w.Field("end_line", f.end_line);
    w.Field("secret", Shown(f, show));
    w.Field("redacted", !show);
    w.Field("fingerprint", f.fingerprint);
    w.Field("entropy", f.entropy);
    w.Field("tags", f.tags);
    if (!f.also.empty()) w.Field("also", f.also);
    if (!f.encoding.empty()) w.Field("encoding", f.encoding);
    if (!f.commit.empty()) {
      w.Field("commit", f.commit);
      w.Field("author", f.author);
      w.Field("date", f.date);
    }
    if (f.eid >= 0) {
      w.Field("eid", f.eid);
      w.Field("table", f.table);
      w.Field("field", f.field);
      w.Field("occurrences", f.occurrences);
      w.Key("more_eids").BeginArray();
      for (int64_t e : f.more_eids) w.Int(e);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  return out + "\n";
}

std::string SecretsText(const SecretsScanReport& report, bool show) {
  std::string out;
  for (const auto& f : report.findings) {
    out += Where(f) + ": " + f.rule_id + ": " + f.description + "\n    secret " + Shown(f, show) +
           (f.encoding.empty() ? "" : " (decoded from " + f.encoding + ")") + "  fingerprint " +
           f.fingerprint;
    if (f.occurrences > 1) {
      out += "\n    in " + std::to_string(f.occurrences) + " events (more _eid:";
      for (int64_t e : f.more_eids) out += " " + std::to_string(e);
      out += f.occurrences > f.more_eids.size() + 1 ? " …)" : ")";
    }
    if (!f.commit.empty())
      out += "\n    commit " + f.commit.substr(0, 12) + " " + f.author + " " + f.date;
    if (!f.also.empty()) {
      out += "\n    also found by";
      for (const auto& a : f.also) out += " " + a;
    }
    out += "\n";
  }
  for (const Finding& p : report.problems) out += p.ToString() + "\n";
  const auto& s = report.stats;
  out += std::to_string(report.findings.size()) + " secret" +
         (report.findings.size() == 1 ? "" : "s") + " found by " + std::to_string(report.rules) +
         (report.rules == 1 ? " rule in " : " rules in ") + std::to_string(s.files) +
         (report.source == "case" ? " values" : " files") + " (" + std::to_string(s.bytes) +
         " bytes";
  if (s.commits > 0) out += ", " + std::to_string(s.commits) + " commits";
  if (s.binary > 0) out += ", " + std::to_string(s.binary) + " binary skipped";
  if (s.ignored > 0) out += ", " + std::to_string(s.ignored) + " ignored";
  if (report.baselined > 0) out += ", " + std::to_string(report.baselined) + " in the baseline";
  out += ")";
  if (!show && !report.findings.empty()) out += "; secrets redacted (--show to print them)";
  return out + "\n";
}

std::string SecretsSarif(const SecretsScanReport& report) {
  SarifRun run;
  run.information_uri = "https://github.com/quarry/quarry/blob/main/docs/secrets.md";
  std::map<std::string, bool> declared;
  for (const auto& f : report.findings) {
    if (!declared.emplace(f.rule_id, true).second) continue;
    SarifRule rule;
    rule.id = f.rule_id;
    rule.name = f.rule_id;
    rule.short_text = f.description.empty() ? f.rule_id : f.description;
    rule.full_text =
        rule.short_text + ": a credential committed or logged where others can read it.";
    rule.help =
        "Revoke and rotate the credential at its issuer first (removing it from the file does "
        "not remove it from history or copies), then load it from a secret store or the "
        "environment. If it is not a secret, add `quarry:allow` to the line or its fingerprint "
        "to the baseline.";
    rule.tags = f.tags;
    rule.tags.push_back("security");
    rule.security_severity = "8.0";
    run.rules.push_back(std::move(rule));
  }
  for (const auto& f : report.findings) {
    SarifResult r;
    r.rule_id = f.rule_id;
    r.level = "error";
    r.message = f.description + " (" + secrets::RedactedSecret(f.secret) + ")";
    if (!f.commit.empty()) r.message += " added in commit " + f.commit + " by " + f.author;
    if (f.eid >= 0)
      r.message += " in event _eid " + std::to_string(f.eid) + ", " + f.table + "." + f.field;
    r.file = f.eid >= 0                   ? "case/" + f.table
             : f.file.rfind("./", 0) == 0 ? f.file.substr(2)
                                          : f.file;
    r.line = std::max<uint64_t>(f.line, 1);
    r.column = std::max<uint64_t>(f.column, 1);
    r.fingerprint = f.fingerprint;
    run.results.push_back(std::move(r));
  }
  return SarifLog(run);
}

}  // namespace quarry::app
