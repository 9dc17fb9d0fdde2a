// quarry hunt "QUESTION": draft → verify → approve (a person, or --approve for a draft with no
// error-level finding) → run → raw rows → journal entry. Without a terminal and without
// --approve, nothing runs.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/render.h"
#include "assist/hunt.h"
#include "assist/llm_provider.h"
#include "cli/commands.h"
#include "core/strings.h"
#include "core/time.h"

namespace quarry::cli {
namespace {

struct HuntArgs {
  std::string question;
  std::string case_dir;
  std::vector<std::string> refinements;
  std::string format = "text";
  std::string author;
  std::string provider;
  std::string endpoint;
  std::string model;
  bool pseudonymize = false;
  std::string now;
  std::string window = "1d";
  size_t max_rows = 10000;
  std::vector<std::string> techniques;
  std::string sign_key;
  bool dry_run = false;
  bool approve = false;
};

std::string OsUser() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user) return user;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr) return pw->pw_name;
  return "unknown";
}

void PrintDraft(const assist::HuntStep& step) {
  std::cout << "Question: " << step.question << "\nDraft (" << step.draft.provider << "):\n";
  if (step.draft.query.empty()) {
    std::cout << "  (no query)\n";
  } else {
    std::cout << "\n" << step.draft.query << "\n\n";
  }
  std::cout << step.draft.explanation << "\n";
  if (!step.draft.mapping.empty()) {
    std::cout << "Read as:\n";
    for (const std::string& m : step.draft.mapping) std::cout << "  " << m << "\n";
  }
  if (!step.draft.not_understood.empty()) {
    std::cout << "Not understood:";
    for (const std::string& w : step.draft.not_understood) std::cout << " " << w;
    std::cout << "\n";
  }
  if (!step.findings.empty()) {
    std::cout << "Checks:\n";
    for (const Finding& f : step.findings) {
      if (f.severity == Severity::kInfo) continue;
      std::cout << "  " << SeverityName(f.severity) << " [" << f.code << "] " << f.message
                << (f.suggestion.empty() ? "" : " (" + f.suggestion + ")") << "\n";
    }
  }
  std::cout << (step.runnable ? "The draft passes the checks.\n"
                              : "The draft has error-level findings: it will not run.\n");
}

std::string Ask(const std::string& prompt) {
  std::cout << prompt << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return "q";
  return std::string(TrimAscii(line));
}

// On a terminal: approve, edit the query, refine in English, or quit. True when approved.
bool Interact(assist::Provider& provider, const HuntArgs& args,
              std::vector<assist::HuntStep>& steps, const query::QueryOptions& options) {
  while (true) {
    PrintDraft(steps.back());
    std::string choice =
        Ask("\n[a]pprove and run, [e]dit the query, [r]efine in English, [q]uit: ");
    if (choice == "a" || choice == "approve") {
      if (steps.back().runnable) return true;
      std::cout << "This draft does not run: fix it first (edit or refine).\n";
    } else if (choice == "r" || choice == "refine") {
      std::string text = Ask("Refinement: ");
      auto step = assist::DraftStep(provider, args.case_dir, text, steps, options);
      if (!step.ok()) {
        PrintError(step.status().message());
        continue;
      }
      steps.push_back(std::move(*step));
    } else if (choice == "e" || choice == "edit") {
      std::cout << "New query (end with an empty line):\n";
      std::string text, line;
      while (std::getline(std::cin, line) && !line.empty()) text += line + "\n";
      assist::HuntStep edited = steps.back();
      edited.question = "(edited by " + (args.author.empty() ? OsUser() : args.author) + ")";
      edited.draft.provider = "person";
      edited.draft.query = text;
      edited.draft.explanation = "The query as the person wrote it.";
      edited.draft.mapping.clear();
      edited.draft.not_understood.clear();
      Status checked = assist::CheckQuery(edited, args.case_dir, options);
      if (!checked.ok()) {
        PrintError(checked.message());
        continue;
      }
      steps.push_back(std::move(edited));
    } else if (choice == "q" || choice == "quit") {
      return false;
    }
  }
}

void RunHunt(const HuntArgs& args, CommandResult& result) {
  query::QueryOptions options;
  if (!ParseQueryOptions(args.now, args.window, args.max_rows, options, result)) return;
  auto made = assist::MakeProvider(args.case_dir, args.provider, args.endpoint, args.model,
                                   args.pseudonymize ? 1 : -1);
  if (!made.ok()) {
    PrintError(made.status().message());
    result.exit_code = kExitUsage;
    return;
  }
  std::unique_ptr<assist::Provider> provider = std::move(*made);
  std::vector<assist::HuntStep> steps;
  std::vector<std::string> questions = {args.question};
  questions.insert(questions.end(), args.refinements.begin(), args.refinements.end());
  for (const std::string& q : questions) {
    auto step = assist::DraftStep(*provider, args.case_dir, q, steps, options);
    if (!step.ok()) {
      PrintError(step.status().message());
      result.exit_code = kExitInput;
      return;
    }
    steps.push_back(std::move(*step));
  }
  bool json = args.format == "json";
  if (args.dry_run || (!args.approve && !isatty(STDIN_FILENO))) {
    if (json) {
      std::cout << assist::DraftJson(steps.back()) << "\n";
    } else {
      PrintDraft(steps.back());
      if (!args.dry_run) {
        std::cout << "\nNot run: no terminal to approve on. Pass --approve to run a draft that "
                     "passes the checks, or --dry-run to only draft.\n";
      }
    }
    if (!steps.back().runnable) result.exit_code = kExitFindings;
    return;
  }
  bool approved = args.approve ? steps.back().runnable : Interact(*provider, args, steps, options);
  if (!approved) {
    if (json) {
      std::cout << assist::DraftJson(steps.back()) << "\n";
    } else if (args.approve) {
      PrintDraft(steps.back());
      std::cout << "\nNot run: the draft has error-level findings.\n";
    }
    result.exit_code = kExitFindings;
    return;
  }
  auto run = assist::RunStep(steps.back(), args.case_dir, options);
  if (!run.ok()) {
    PrintError(run.status().message());
    result.exit_code = kExitInput;
    return;
  }
  assist::Approval approval;
  approval.author = args.author.empty() ? OsUser() : args.author;
  approval.how = args.approve ? "--approve" : "interactive";
  approval.sign_key = args.sign_key;
  for (const std::string& id : args.techniques) approval.techniques.push_back({id, ""});
  for (assist::Technique& t : approval.techniques) {
    for (const assist::Technique& s : steps.back().draft.techniques) {
      if (s.id == t.id) t.name = s.name;
    }
  }
  if (!args.approve && !steps.back().draft.techniques.empty()) {
    std::cout << "\nSuggested ATT&CK techniques:";
    for (const auto& t : steps.back().draft.techniques)
      std::cout << " " << t.id << " " << t.name << ";";
    if (Ask("\nConfirm them for the journal? [Y/n] ") != "n") {
      approval.techniques = steps.back().draft.techniques;
    }
  }
  auto entry = assist::RecordHunt(args.case_dir, steps, *run, approval);
  if (!entry.ok()) {
    PrintError("the hunt ran but was not recorded: " + entry.status().message());
    result.exit_code = kExitInput;
    return;
  }
  if (json) {
    std::cout << "{\"draft\":" << assist::DraftJson(steps.back())
              << ",\"rows\":" << assist::RowsJson(*run, run->rows.size())
              << ",\"journal\":{\"seq\":" << entry->seq << ",\"hash\":\"" << entry->hash
              << "\"}}\n";
    return;
  }
  if (args.approve) PrintDraft(steps.back());
  std::cout << "\nApproved by " << approval.author << " (" << approval.how << "); "
            << run->rows.size() << " row(s), now = " << FormatIsoTime(run->now) << ":\n\n";
  Table table;
  for (const auto& c : run->columns) table.columns.push_back(c.name);
  table.rows = run->rows;
  Render(table, OutputFormat::kTable, std::cout);
  std::cout << "\nRecorded as journal entry " << entry->seq << " (hash "
            << entry->hash.substr(0, 16) << "…). `quarry journal show " << entry->seq << " --case "
            << args.case_dir << "` prints it.\n";
}

}  // namespace

void RegisterHunt(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<HuntArgs>();
  auto* cmd = app.add_subcommand(
      "hunt",
      "Ask a hunting question in plain English: an assistant drafts KQL, Quarry verifies it, "
      "you approve, edit or refine it, it runs, you read the raw rows, and the hunt is recorded "
      "in the case's journal. A draft with an error-level finding never runs.");
  cmd->add_option("question", args->question, "The question, in plain English")->required();
  cmd->add_option("--case", args->case_dir, "Case directory")->required();
  cmd->add_option(
      "--refine", args->refinements,
      "A refinement applied after the question, in English (repeatable): "
      "\"only the last 6 hours\", \"narrow that to non-corporate IPs\", \"group by host\"");
  cmd->add_flag("--dry-run", args->dry_run, "Only draft and verify; run nothing");
  cmd->add_flag("--approve", args->approve,
                "Run the draft without asking when it has no error-level finding (for scripts)");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--author", args->author, "The person of record (default: the OS user)");
  cmd->add_option("--technique", args->techniques,
                  "Confirm an ATT&CK technique for the journal (repeatable, e.g. T1110)");
  cmd->add_option("--provider", args->provider,
                  "builtin (offline; the default unless quarry.toml says otherwise), a provider "
                  "configured in the case's quarry.toml, or openai, anthropic, ollama");
  cmd->add_option("--endpoint", args->endpoint,
                  "The provider's base URL (http://127.0.0.1:11434, http://host:8000/v1, …)");
  cmd->add_option("--model", args->model, "The model to ask");
  cmd->add_flag("--pseudonymize", args->pseudonymize,
                "Replace users, hosts and IPs by tokens in what is sent, and restore them in "
                "the answer");
  cmd->add_option("--sign-key", args->sign_key,
                  "Sign the journal entry with this Ed25519 private key (PEM; see journal keygen)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--now", args->now, "The instant now() and ago() count from (ISO 8601)");
  cmd->add_option("--window", args->window, "Default window for a draft with no time filter");
  cmd->add_option("--max-rows", args->max_rows, "Rows beyond this are cut, with a notice");
  cmd->footer(
      "Examples:\n"
      "  quarry hunt \"failed logons in the last 24 hours by user\" --case ./case\n"
      "  quarry hunt \"processes that accessed lsass\" --case ./case --dry-run --format json\n"
      "  quarry hunt \"top 5 destination ports\" --refine \"only external IPs\" --case ./case "
      "--approve --author alice\n"
      "The built-in provider reads: failed/successful/RDP/network logons, process creations, "
      "encoded PowerShell, LSASS access, new services, network connections, DNS queries, file "
      "creations, registry changes, Kerberos tickets, Kerberoasting, AWS API calls, AssumeRole, "
      "console sign-ins, failed AWS calls, CloudTrail stopped, alerts; entities (user, host, IP, "
      "port, process, parent, command line, file, registry key, service, domain, API call, "
      "role); time (last N hours/days, yesterday, today, since/before DATE, between A and B, on "
      "DATE); count, top N, rare, distinct, first/last seen, by/per X, hourly/daily, more than "
      "N; negation (not, excluding, except). It says which words it did not understand.");
  cmd->callback([args, &result] { RunHunt(*args, result); });
}

}  // namespace quarry::cli
