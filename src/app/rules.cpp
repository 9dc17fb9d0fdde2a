#include "app/rules.h"

#include <sstream>

#include "app/rule_json.h"

namespace quarry::app {
namespace {

// Text for XML 1.0: markup characters escaped; control characters XML cannot carry dropped.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string RuleName(const detect::RuleTestResult& r) {
  return r.rule + " (" + r.path + (r.line > 0 ? ":" + std::to_string(r.line) : "") + ")";
}

}  // namespace

Result<detect::RuleSetOptions> RuleSetFrom(const RuleSource& source, const std::string& corpora) {
  if (source.paths.empty()) return UsageError("give rule files or folders (PATH...)");
  detect::RuleSetOptions out;
  QUARRY_RETURN_IF_ERROR(LoaderOptionsFrom(source, out.loader));
  out.paths = source.paths;
  out.corpora = corpora;
  return out;
}

Result<detect::RuleTestReport> TestRules(const RuleTestRequest& request) {
  detect::RuleTestOptions options;
  QUARRY_ASSIGN_OR_RETURN(options.rules, RuleSetFrom(request.rules, request.corpora));
  options.on_file = request.on_file;
  return detect::RunRuleTests(options);
}

std::string RuleTestsText(const detect::RuleTestReport& report) {
  std::ostringstream out;
  for (const auto& r : report.rules) {
    out << (r.passed ? "pass  " : "FAIL  ") << RuleName(r) << ": " << r.samples.size()
        << " sample(s), " << r.events << " event(s)\n";
    for (const auto& f : r.failures) out << "      " << f.ToString() << '\n';
  }
  if (!report.untested.empty()) {
    out << "\nWithout tests (" << report.untested.size() << "): add a folder beside the rule, "
        << "x.tests/ with positive/ and negative/ evidence\n";
    for (const auto& u : report.untested) {
      out << "      " << u.path << ":" << u.line << ": " << u.rule << '\n';
    }
  }
  if (!report.problems.empty()) {
    out << "\nProblems (" << report.problems.size() << "):\n";
    for (const auto& f : report.problems) out << "      " << f.ToString() << '\n';
  }
  out << '\n'
      << report.passed << " passed, " << report.failed << " failed, " << report.untested.size()
      << " without tests";
  if (!report.problems.empty()) out << ", " << report.problems.size() << " problem(s)";
  out << '\n';
  return out.str();
}

std::string RuleTestsJson(const detect::RuleTestReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("rules").BeginArray();
  for (const auto& r : report.rules) {
    BeginRuleJson(w, r.rule, r.id, r.path, r.line)
        .Field("correlation", r.correlation)
        .Field("passed", r.passed)
        .Field("samples", r.samples)
        .Field("events", r.events)
        .Key("failures");
    WriteFindings(w, r.failures);
    w.EndObject();
  }
  w.EndArray().Key("untested").BeginArray();
  for (const auto& u : report.untested) {
    BeginRuleJson(w, u.rule, u.id, u.path, u.line).EndObject();
  }
  w.EndArray().Key("problems");
  WriteFindings(w, report.problems);
  w.Field("passed", report.passed).Field("failed", report.failed).EndObject();
  out += '\n';
  return out;
}

std::string RuleTestsJunit(const detect::RuleTestReport& report) {
  size_t tests = report.rules.size() + report.untested.size() + (report.problems.empty() ? 0 : 1);
  size_t failures = report.failed + (report.problems.empty() ? 0 : 1);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"quarry rules test\" tests=\"" << tests << "\" failures=\"" << failures
      << "\">\n"
      << "  <testsuite name=\"quarry rules test\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" skipped=\"" << report.untested.size() << "\">\n";
  for (const auto& r : report.rules) {
    out << "    <testcase classname=\"" << Xml(r.path) << "\" name=\"" << Xml(r.rule) << "\"";
    if (r.passed) {
      out << "/>\n";
      continue;
    }
    out << ">\n      <failure message=\"" << r.failures.size() << " failure(s)\">";
    for (const auto& f : r.failures) out << Xml(f.ToString()) << '\n';
    out << "</failure>\n    </testcase>\n";
  }
  for (const auto& u : report.untested) {
    out << "    <testcase classname=\"" << Xml(u.path) << "\" name=\"" << Xml(u.rule)
        << "\">\n      <skipped message=\"no tests\"/>\n    </testcase>\n";
  }
  if (!report.problems.empty()) {
    out << "    <testcase classname=\"quarry\" name=\"rules and tests load\">\n"
        << "      <failure message=\"" << report.problems.size() << " problem(s)\">";
    for (const auto& f : report.problems) out << Xml(f.ToString()) << '\n';
    out << "</failure>\n    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace quarry::app
