// `quarry rules draft "DESCRIPTION"`: English → Sigma behind gates. The hunt's provider drafts,
// Quarry writes the rule and gates it (loads, lint against the case, the samples, the baseline),
// a person approves, edits or refines it (or --approve does, when every gate passed), and the
// rule is saved with its tests and recorded in the journal.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "app/rules_draft.h"
#include "cli/commands.h"
#include "cli/hunt_dialogue.h"

namespace quarry::cli {
namespace {

struct RulesDraftArgs {
  app::RuleDraftRequest request;
  std::vector<std::string> tests_dirs;
  std::string out_dir = ".";
  std::string format = "text";
  std::vector<std::string> techniques;
  std::string sign_key;
  bool dry_run = false;
  bool approve = false;
};

// Files of DIR/positive and DIR/negative, added to the samples.
bool AddTestsDir(const std::string& dir, app::RuleDraftRequest& request) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool any = false;
  for (const char* side : {"positive", "negative"}) {
    fs::path folder = fs::path(dir) / side;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      if (e.is_regular_file(ec)) files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    auto& to = std::string(side) == "positive" ? request.positive : request.negative;
    to.insert(to.end(), files.begin(), files.end());
    any = any || !files.empty();
  }
  return any;
}

// Approve, refine or edit until every gate passes and the person approves, or quits.
bool Interact(app::RuleDraftSession& session, const std::string& author) {
  for (;;) {
    std::cout << app::RuleDraftText(session);
    std::string choice =
        Ask(session.current().passed
                ? "\n[a]pprove and save, [r]efine in English, [e]dit the KQL, [q]uit: "
                : "\n[r]efine in English, [e]dit the KQL, [q]uit: ");
    if (choice == "a" && session.current().passed) return true;
    if (choice == "q" || choice.empty()) return false;
    Status s = Status::Ok();
    if (choice == "r") s = session.Refine(Ask("Refinement: "));
    if (choice == "e") s = session.Edit(Ask("KQL (one line): "), author);
    if (!s.ok()) std::cout << "error: " << s.message() << "\n";
  }
}

void RunRulesDraft(RulesDraftArgs& args, CommandResult& result) {
  for (const std::string& dir : args.tests_dirs) {
    if (!AddTestsDir(dir, args.request)) {
      PrintError(dir + ": no files in positive/ or negative/");
      result.exit_code = kExitUsage;
      return;
    }
  }
  auto started = app::RuleDraftSession::Start(args.request);
  if (Failed(started.status(), result)) return;
  app::RuleDraftSession& session = **started;
  bool interactive = !args.dry_run && !args.approve && isatty(STDIN_FILENO);
  bool approved = interactive ? Interact(session, args.request.author)
                              : args.approve && session.current().passed;
  if (!approved) {
    if (args.format == "json") {
      std::cout << app::RuleDraftJson(session);
    } else if (!interactive) {
      std::cout << app::RuleDraftText(session);
      if (!args.dry_run) {
        std::cout << (args.approve ? "\nNot saved: a gate failed.\n"
                                   : "\nNot saved: no terminal to approve on. Pass --approve to "
                                     "save a draft that passes every gate.\n");
      }
    }
    result.exit_code = session.current().passed ? kExitOk : kExitFindings;
    if (!args.dry_run && !session.current().passed) result.exit_code = kExitFindings;
    return;
  }
  assist::Approval approval =
      app::MakeApproval(session.hunt().current(), args.request.author,
                        args.approve ? "--approve" : "interactive", args.sign_key, args.techniques);
  const auto& suggested = session.hunt().current().draft.techniques;
  if (interactive && !suggested.empty() && approval.techniques.empty()) {
    std::cout << "\nSuggested ATT&CK techniques:";
    for (const auto& t : suggested) std::cout << " " << t.id << " " << t.name << ";";
    if (Ask("\nTag the rule with them? [Y/n] ") != "n") approval.techniques = suggested;
  }
  std::string rule_path;
  auto entry = session.Save(args.out_dir, approval, rule_path);
  if (Failed(entry.status(), result)) return;
  if (args.format == "json") {
    std::cout << app::RuleDraftJson(session);
  } else {
    if (args.approve) std::cout << app::RuleDraftText(session);
    std::cout << "\nSaved " << rule_path << " with its tests folder; approved by "
              << approval.author << " (" << approval.how << "), journal entry " << entry->seq
              << ".\n";
  }
}

}  // namespace

void RegisterRulesDraft(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesDraftArgs>();
  auto* cmd = rules.add_subcommand(
      "draft",
      "Describe a detection in English: an assistant drafts it, Quarry writes it as a "
      "Sigma rule and gates it (loads, lint against the case, fires on your samples, "
      "baseline within budget); you approve and it is saved with its tests");
  cmd->add_option("DESCRIPTION", args->request.hunt.question, "What to detect, in English")
      ->required();
  cmd->add_option("--case", args->request.hunt.case_dir,
                  "The case whose schema and values the draft links to, and whose history is the "
                  "baseline")
      ->required();
  cmd->add_option("--sample", args->request.positive,
                  "Evidence the rule must fire on, any format ingest reads (repeatable)");
  cmd->add_option("--negative", args->request.negative,
                  "Evidence it must not fire on (repeatable)");
  cmd->add_option("--tests", args->tests_dirs,
                  "A folder with positive/ and negative/ evidence (the layout of rules test)");
  cmd->add_option("--budget", args->request.budget, "Alerts per day allowed (default 10/day)");
  cmd->add_flag("--accept-volume", args->request.accept_volume,
                "Accept a baseline over the budget (the journal says so)");
  cmd->add_option("--refine", args->request.hunt.refinements,
                  "A refinement in English applied after the description (repeatable)");
  cmd->add_option("--out", args->out_dir, "Folder to save the approved rule in (default .)");
  cmd->add_flag("--dry-run", args->dry_run, "Draft and gate; save nothing");
  cmd->add_flag("--approve", args->approve,
                "Save without asking when every gate passed (for scripts)");
  cmd->add_option("--author", args->request.author, "The person of record (default: OS user)");
  cmd->add_option("--technique", args->techniques,
                  "Tag the rule with this ATT&CK technique (repeatable; e.g. T1558.003)");
  cmd->add_option("--level", args->request.level, "The rule's level (default medium)")
      ->check(CLI::IsMember({"informational", "low", "medium", "high", "critical"}));
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--provider", args->request.hunt.provider,
                  "builtin (offline, default), a provider of the case's quarry.toml, or openai, "
                  "anthropic, ollama");
  cmd->add_option("--endpoint", args->request.hunt.endpoint, "The provider's base URL");
  cmd->add_option("--model", args->request.hunt.model, "The model to ask");
  cmd->add_flag("--pseudonymize", args->request.hunt.pseudonymize,
                "Replace users, hosts and IPs by tokens in what is sent");
  cmd->add_option("--sign-key", args->sign_key, "Sign the journal entry (Ed25519 PEM)")
      ->check(CLI::ExistingFile);
  cmd->footer(R"(The drafter drafts KQL with the hunt's providers (policy, redaction, audit) and writes it as
Sigma: the table and event id become the logsource, conditions selections, exclusions
filters, a threshold in a window an event_count or value_count correlation. The built-in
provider reads descriptions with a rule grammar (docs/rules.md, "Drafting from English"):
event ids said ("Security 4688", "Sysmon 13"), API names ("DeleteTrail"); values by their
shape (cmd.exe → the process, -enc or http:// → the command line, \Temp\ → the path) or the
column named before them ("TargetImage is …", "task content contains …"); "A, B or C" as
alternatives; parents ("spawned by", "as the parent of"); exclusions ("except", "unless",
"… are fine"); thresholds ("10 or more … within 5 minutes", "5 or more different accounts")
with their group ("a single source IP", "the same user on one host"). Every condition is
shown with the words it came from.

Gates, all required to save: loads; lint --case has no error (every field exists in the
case's events); fires on every --sample and on no --negative event (for a correlation: at
least one alert on the positives); baseline over the case within --budget (or
--accept-volume). The saved rule has you as author, the techniques you confirmed as tags, a
tests folder with the samples (run it with `quarry rules test`), and a journal entry with
the description, every draft, the gate results and the baseline.

Examples:
  quarry rules draft "LSASS access by Sysmon event 10 excluding MsMpEng.exe" --case ./case \
      --sample lsass_dump.jsonl --negative av_scan.jsonl --dry-run
  quarry rules draft "more than 5 failed logons from one source IP within 10 minutes" \
      --case ./case --tests ./samples/bruteforce --approve --author alice --out rules/
  quarry rules draft "certutil.exe with urlcache in the command line" --case ./case \
      --tests t/ --provider ollama --model llama3.1 --format json

Exit codes: 0 saved (or, with --dry-run, every gate passed); 1 a gate failed or nothing was
approved; 2 usage error; 3 the case or a sample cannot be read.)");
  cmd->callback([args, &result] { RunRulesDraft(*args, result); });
}

}  // namespace quarry::cli
