// Credentials where a responder is already looking: the rows of a hunt and the entries of a
// timeline, found by the same built-in rules as `quarry secrets scan`.
#include <set>

#include "app/secrets.h"
#include "secrets/rule_set.h"

namespace quarry::app {

const secrets::Scanner* BuiltInSecretScanner() {
  static const std::unique_ptr<secrets::Scanner> kScanner = [] {
    auto s = secrets::Scanner::Create(secrets::BuiltInRules().set);
    return s.ok() ? std::move(s).value() : nullptr;
  }();
  return kScanner.get();
}

std::vector<CellSecret> SecretsInTable(const Table& table) {
  std::vector<CellSecret> out;
  const secrets::Scanner* scanner = BuiltInSecretScanner();
  if (scanner == nullptr) return out;
  auto scratch = scanner->NewScratch();
  std::vector<secrets::SecretFinding> found;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    for (size_t c = 0; c < table.rows[r].size() && c < table.columns.size(); ++c) {
      const Value& v = table.rows[r][c];
      if (v.type() != ValueType::kString && v.type() != ValueType::kDynamic) continue;
      found.clear();
      scanner->Scan(v.as_string(), table.columns[c], *scratch, found);
      for (auto& f : found) out.push_back({r, table.columns[c], std::move(f)});
    }
  }
  return out;
}

std::string CellSecretsText(const std::vector<CellSecret>& found) {
  if (found.empty()) return "";
  std::string out = "\nCredentials in these rows (the rules of `quarry secrets`, redacted):\n";
  for (const CellSecret& s : found) {
    out += "  row " + std::to_string(s.row + 1) + ", " + s.column + ": " + s.finding.rule_id + " " +
           secrets::RedactedSecret(s.finding.secret) + "\n";
  }
  return out;
}

std::vector<std::string> SecretRulesIn(const ir::TimelineEntry& entry) {
  std::set<std::string> ids;
  const secrets::Scanner* scanner = BuiltInSecretScanner();
  if (scanner == nullptr) return {};
  thread_local auto scratch = scanner->NewScratch();
  std::vector<secrets::SecretFinding> found;
  for (const auto& [name, value] : entry.fields) {
    if (value.type() != ValueType::kString && value.type() != ValueType::kDynamic) continue;
    found.clear();
    scanner->Scan(value.as_string(), name, *scratch, found);
    for (const auto& f : found) ids.insert(f.rule_id);
  }
  return {ids.begin(), ids.end()};
}

}  // namespace quarry::app
