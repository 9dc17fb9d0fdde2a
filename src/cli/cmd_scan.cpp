// `quarry scan` (Sigma rules over evidence) and `quarry rules check` (which rules load).
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/strings.h"
#include "pipeline/scan_job.h"
#include "sigma/loader.h"

namespace quarry::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string case_dir;
  std::vector<std::string> rules;
  std::string format = "table";
  std::string min_level;
  std::vector<std::string> statuses;
  std::vector<std::string> tags;
  std::string from, to;
  size_t threads = 0;  // one per core
  bool quiet = false;
  std::string mapping;
  std::vector<std::string> placeholders;
};

// Loader options from --mapping and --placeholder; false (and a message) when one is bad.
bool LoaderOptionsFrom(const std::string& mapping, const std::vector<std::string>& placeholders,
                       sigma::LoaderOptions& out, CommandResult& result) {
  out.cache = true;  // a rule set seen before loads from ~/.cache/quarry without parsing YAML
  Status s;
  if (!mapping.empty()) s = sigma::LoadMappingFile(mapping, out);
  for (const auto& p : placeholders) {
    if (s.ok()) s = sigma::AddPlaceholder(p, out);
  }
  if (s.ok()) return true;
  PrintError(s.message());
  result.exit_code = kExitUsage;
  return false;
}

// Which loaded rules to keep after --min-level, --status and --tag.
bool Selected(const sigma::RuleInfo& info, const ScanArgs& args, sigma::Level min_level) {
  if (info.level < min_level) return false;
  if (!args.statuses.empty() &&
      std::none_of(args.statuses.begin(), args.statuses.end(),
                   [&](const std::string& s) { return EqualsIgnoreCaseAscii(s, info.status); })) {
    return false;
  }
  if (!args.tags.empty()) {
    bool any = false;
    for (const auto& want : args.tags) {
      for (const auto& t : info.tags) any = any || EqualsIgnoreCaseAscii(t, want);
    }
    if (!any) return false;
  }
  return true;
}

std::string Tactic(const std::string& tag) {
  static const std::set<std::string> kTactics = {"reconnaissance",  "resource-development",
                                                 "initial-access",  "execution",
                                                 "persistence",     "privilege-escalation",
                                                 "defense-evasion", "credential-access",
                                                 "discovery",       "lateral-movement",
                                                 "collection",      "command-and-control",
                                                 "exfiltration",    "impact"};
  std::string t = AsciiToLower(tag);
  if (t.rfind("attack.", 0) != 0) return {};
  t = t.substr(7);
  std::replace(t.begin(), t.end(), '_', '-');
  return kTactics.count(t) ? t : std::string();
}

void AppendAlertJson(std::string& out, const pipeline::Alert& a, const sigma::RuleInfo& info) {
  out += "{\"time\":";
  if (a.time) {
    AppendJsonString(out, FormatIsoTime(*a.time));
  } else {
    out += "null";
  }
  out += ",\"computer\":";
  AppendJsonString(out, a.computer);
  out += ",\"channel\":";
  AppendJsonString(out, a.channel);
  out += ",\"event_id\":";
  AppendJsonString(out, a.event_id);
  out += ",\"level\":";
  AppendJsonString(out, sigma::LevelName(info.level));
  out += ",\"rule_id\":";
  AppendJsonString(out, info.id);
  out += ",\"rule_title\":";
  AppendJsonString(out, info.title);
  out += ",\"tags\":[";
  for (size_t i = 0; i < info.tags.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, info.tags[i]);
  }
  out += "],\"details\":{";
  for (size_t i = 0; i < a.details.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, a.details[i].first);
    out += ':';
    AppendJsonString(out, a.details[i].second);
  }
  out += "},\"table\":";
  AppendJsonString(out, a.table);
  out += ",\"source\":";
  AppendJsonString(out, a.source);
  out += ",\"record\":" + std::to_string(a.record) + "}";
}

std::optional<Timestamp> ParseTimeArg(const std::string& text, const char* option,
                                      CommandResult& result, bool& bad) {
  if (text.empty()) return std::nullopt;
  auto t = ParseIsoTime(text);
  if (!t) {
    PrintError(std::string(option) + ": '" + text + "' is not an ISO 8601 time");
    result.exit_code = kExitUsage;
    bad = true;
  }
  return t;
}

void RunScan(const ScanArgs& args, CommandResult& result) {
  sigma::Level min_level = sigma::Level::kInformational;
  if (!args.min_level.empty() && !sigma::ParseLevel(args.min_level, min_level)) {
    PrintError("--min-level: '" + args.min_level +
               "' is not informational, low, medium, high or critical");
    result.exit_code = kExitUsage;
    return;
  }
  bool bad = false;
  auto from = ParseTimeArg(args.from, "--from", result, bad);
  auto to = ParseTimeArg(args.to, "--to", result, bad);
  if (bad) return;
  sigma::LoaderOptions loader_options;
  if (!LoaderOptionsFrom(args.mapping, args.placeholders, loader_options, result)) return;
  sigma::RuleLoader loader(loader_options);
  for (const auto& r : args.rules) loader.AddPath(r);
  sigma::Ruleset rules = loader.Finish();
  size_t not_loaded = 0;
  for (const auto& r : loader.results()) {
    if (r.loaded) continue;
    ++not_loaded;
    if (!args.quiet && not_loaded <= 5)
      std::cerr << "quarry: rule not loaded: " << r.reason << '\n';
  }
  if (not_loaded > 5 && !args.quiet) {
    std::cerr << "quarry: " << not_loaded
              << " rules not loaded in all; `quarry rules check` lists them with the reason\n";
  }
  std::vector<bool> keep(rules.infos().size());
  size_t kept = 0;
  for (size_t i = 0; i < keep.size(); ++i) {
    keep[i] = Selected(rules.infos()[i], args, min_level);
    kept += keep[i];
  }
  if (kept == 0) {
    PrintError("no rule to scan with: " + std::to_string(rules.infos().size()) +
               " loaded, none selected by --min-level/--status/--tag");
    result.exit_code = kExitUsage;
    return;
  }
  auto format = ParseOutputFormat(args.format);
  std::string buffer;
  std::map<std::string, int64_t> by_level, by_rule, by_host, by_tactic;
  std::vector<pipeline::Alert> first_alerts;
  if (format.ok() && *format == OutputFormat::kCsv) {
    std::cout << "time,computer,channel,event_id,level,rule_title,rule_id,tags,details,source,"
                 "record\n";
  }
  if (format.ok() && *format == OutputFormat::kJson) buffer += "[";
  bool first_json = true;
  if (args.paths.empty() == args.case_dir.empty()) {
    PrintError("give evidence PATHs or --case DIR (one of them)");
    result.exit_code = kExitUsage;
    return;
  }
  pipeline::ScanOptions options;
  options.paths = args.paths;
  options.case_dir = args.case_dir;
  options.rules_digest = loader.digest();
  options.rules = &rules;
  options.from = from;
  options.to = to;
  // Files: one thread per core by default. A case's events come from one SQLite reader and
  // cross cores to be matched, which costs more than it gains on few cores: one thread.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.threads = args.threads != 0 ? args.threads : (args.case_dir.empty() ? cores : 1);
  options.on_finding = [&](const Finding& f) {
    if (!args.quiet) std::cerr << "quarry: " << f.ToString() << '\n';
  };
  int64_t shown = 0;
  options.on_alert = [&](const pipeline::Alert& a) {
    const sigma::RuleInfo& info = rules.infos()[static_cast<size_t>(a.info)];
    if (!keep[static_cast<size_t>(a.info)]) return;
    ++shown;
    ++by_level[sigma::LevelName(info.level)];
    ++by_rule[info.title + " (" + sigma::LevelName(info.level) + ")"];
    ++by_host[a.computer.empty() ? "(no computer)" : a.computer];
    std::set<std::string> tactics;
    for (const auto& t : info.tags) {
      std::string tactic = Tactic(t);
      if (!tactic.empty()) tactics.insert(tactic);
    }
    for (const auto& t : tactics) ++by_tactic[t];
    switch (*format) {
      case OutputFormat::kJsonl:
        AppendAlertJson(buffer, a, info);
        buffer += '\n';
        break;
      case OutputFormat::kJson:
        buffer += first_json ? "\n" : ",\n";
        first_json = false;
        AppendAlertJson(buffer, a, info);
        break;
      case OutputFormat::kCsv: {
        std::string tags, details;
        for (const auto& t : info.tags) {
          if (!tags.empty()) tags += ' ';
          tags += t;
        }
        for (const auto& [k, v] : a.details) {
          if (!details.empty()) details += "; ";
          details.append(k).append("=").append(v);
        }
        buffer += CsvCell(a.time ? FormatIsoTime(*a.time) : "") + "," + CsvCell(a.computer) + "," +
                  CsvCell(a.channel) + "," + CsvCell(a.event_id) + "," +
                  sigma::LevelName(info.level) + "," + CsvCell(info.title) + "," +
                  CsvCell(info.id) + "," + CsvCell(tags) + "," + CsvCell(details) + "," +
                  CsvCell(a.source) + "," + std::to_string(a.record) + "\n";
        break;
      }
      case OutputFormat::kTable:
        if (first_alerts.size() < 50) first_alerts.push_back(a);
        break;
    }
    if (buffer.size() > (1u << 20)) {
      std::cout << buffer;
      buffer.clear();
    }
  };
  if (!format.ok()) {
    PrintError(format.status().message());
    result.exit_code = kExitUsage;
    return;
  }
  auto report = pipeline::RunScan(options);
  if (!report.ok()) {
    PrintError(report.status().message());
    result.exit_code = kExitInput;
    return;
  }
  if (*format == OutputFormat::kJson) buffer += first_json ? "]\n" : "\n]\n";
  std::cout << buffer;
  if (*format == OutputFormat::kTable) {
    for (const auto& a : first_alerts) {
      const auto& info = rules.infos()[static_cast<size_t>(a.info)];
      std::cout << (a.time ? FormatIsoTime(*a.time) : std::string("-")) << "  "
                << sigma::LevelName(info.level) << "  " << info.title << "  "
                << (a.computer.empty() ? "-" : a.computer) << "  " << a.channel << "/" << a.event_id
                << '\n';
      for (const auto& [k, v] : a.details) std::cout << "    " << k << ": " << v << '\n';
    }
    if (shown > static_cast<int64_t>(first_alerts.size())) {
      std::cout << "… " << shown - static_cast<int64_t>(first_alerts.size())
                << " more alerts (use --format jsonl or csv for the whole timeline)\n";
    }
    std::cout << "\n"
              << shown << " alert(s) from " << report->events << " event(s) in " << report->files
              << " file(s), " << kept << " rule(s), " << report->seconds << " s\n";
    auto print = [](const char* title, const std::map<std::string, int64_t>& m, size_t limit) {
      if (m.empty()) return;
      std::vector<std::pair<int64_t, std::string>> sorted;
      sorted.reserve(m.size());
      for (const auto& [k, v] : m) sorted.emplace_back(-v, k);
      std::sort(sorted.begin(), sorted.end());
      std::cout << title << ":\n";
      for (size_t i = 0; i < sorted.size() && i < limit; ++i) {
        std::cout << "  " << -sorted[i].first << "  " << sorted[i].second << '\n';
      }
    };
    print("By level", by_level, 5);
    print("By rule", by_rule, 15);
    print("By host", by_host, 10);
    print("ATT&CK tactics", by_tactic, 14);
  }
  if (!args.case_dir.empty() && !args.quiet) {
    if (report->alerts_already_stored) {
      std::cerr << "quarry: this scan (same rules, same evidence) is already in the case's "
                   "Alerts table; nothing added\n";
    } else {
      std::cerr << "quarry: " << report->alerts_stored << " alert(s) stored in table Alerts of "
                << args.case_dir << '\n';
    }
  }
  if (report->unreadable_files > 0 || report->skipped_records > 0) result.exit_code = kExitInput;
}

struct RulesArgs {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string mapping;
  std::vector<std::string> placeholders;
};

void RunRulesCheck(const RulesArgs& args, CommandResult& result) {
  sigma::LoaderOptions loader_options;
  if (!LoaderOptionsFrom(args.mapping, args.placeholders, loader_options, result)) return;
  sigma::RuleLoader loader(loader_options);
  for (const auto& p : args.paths) loader.AddPath(p);
  loader.Finish();
  auto format = ParseOutputFormat(args.format);
  if (!format.ok()) {
    PrintError(format.status().message());
    result.exit_code = kExitUsage;
    return;
  }
  Table out;
  out.columns = {"id", "path", "line", "title", "loaded", "reason", "notes"};
  size_t failed = 0;
  for (const auto& r : loader.results()) {
    failed += !r.loaded;
    std::string notes;
    for (const auto& n : r.notes) notes += (notes.empty() ? "" : "; ") + n;
    if (*format == OutputFormat::kTable && r.loaded) continue;  // people want the failures
    out.rows.push_back({Value::String(r.id), Value::String(r.path), Value::Long(r.line),
                        Value::String(r.title), Value::Bool(r.loaded), Value::String(r.reason),
                        Value::String(notes)});
  }
  Render(out, *format, std::cout);
  if (*format == OutputFormat::kTable) {
    std::cout << loader.results().size() - failed << " of " << loader.results().size()
              << " rule(s) loaded";
    if (failed > 0) std::cout << "; " << failed << " did not (listed above)";
    std::cout << '\n';
  }
  result.exit_code = failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterScan(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand("scan", "Run Sigma rules over evidence files and folders");
  cmd->add_option("PATH", args->paths, "Evidence files or folders (EVTX, JSON, CSV, …)");
  cmd->add_option("--case", args->case_dir,
                  "Scan the events of this case instead, and store the alerts in its Alerts table");
  cmd->add_option("--rules", args->rules, "Sigma rule files or folders (repeatable)")->required();
  cmd->add_option("--format", args->format,
                  "table (timeline head and summary), jsonl, json or csv (the whole timeline)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_option("--min-level", args->min_level,
                  "Only rules of this level or above: informational, low, medium, high, critical");
  cmd->add_option("--status", args->statuses,
                  "Only rules with this status (repeatable): stable, test, experimental, …");
  cmd->add_option("--tag", args->tags, "Only rules with this tag (repeatable), e.g. attack.t1003");
  cmd->add_option("--from", args->from, "Only events at or after this time (ISO 8601)");
  cmd->add_option("--to", args->to, "Only events before this time (ISO 8601)");
  cmd->add_option("--threads", args->threads,
                  "Threads reading and matching (default: one per core for files, 1 for a case); "
                  "alerts, offsets and warnings keep input order whatever the count")
      ->check(CLI::Range(size_t{1}, size_t{256}));
  cmd->add_flag("-q,--quiet", args->quiet, "No per-problem messages");
  cmd->add_option("--mapping", args->mapping,
                  "Logsource mapping file adding services and categories (see docs/cli.md)");
  cmd->add_option("--placeholder", args->placeholders,
                  "Value of an expand placeholder, NAME=VALUE (repeatable; several values OR)");
  cmd->footer(
      "Rules are gated by their logsource (Sysmon categories and Windows services to channels and\n"
      "event ids, process_creation also on Security 4688 with its field names). Rules that do not\n"
      "load are reported; `quarry rules check` lists every one with the reason.\n\n"
      "Exit codes: 0 scanned everything; 3 some input was damaged or unreadable; 2 usage error.\n\n"
      "Examples:\n"
      "  quarry scan ./evidence --rules rules/ --min-level high\n"
      "  quarry scan Security.evtx --rules sigma/rules/windows --format jsonl > alerts.jsonl\n"
      "  quarry scan --case ./case --rules rules/   # alerts also land in the case's Alerts table");
  cmd->callback([args, &result] { RunScan(*args, result); });
}

void RegisterRules(CLI::App& app, CommandResult& result) {
  auto* rules = app.add_subcommand("rules", "Work with Sigma rules");
  rules->require_subcommand(1);
  auto args = std::make_shared<RulesArgs>();
  auto* check = rules->add_subcommand(
      "check", "Load rules and list every one that does not load, with file, line and reason");
  check->add_option("PATH", args->paths, "Rule files or folders")->required();
  check
      ->add_option("--format", args->format,
                   "table (the failures and a count), json, jsonl or csv (every rule)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  check->add_option("--mapping", args->mapping, "Logsource mapping file (as for scan)");
  check->add_option("--placeholder", args->placeholders, "Expand placeholder, NAME=VALUE");
  check->footer("Exit codes: 0 every rule loaded; 1 some did not; 2 usage error.");
  check->callback([args, &result] { RunRulesCheck(*args, result); });
}

}  // namespace quarry::cli
