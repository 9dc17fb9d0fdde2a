// quarry hunt "QUESTION": draft → verify → approve (a person, or --approve for a draft with no
// error-level finding) → run → raw rows → journal entry. Without a terminal and without
// --approve, nothing runs.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "app/hunt.h"
#include "app/kql.h"
#include "app/secrets.h"
#include "app/summarize_rows.h"
#include "cli/commands.h"
#include "cli/hunt_dialogue.h"
#include "core/time.h"

namespace quarry::cli {
namespace {

struct HuntArgs {
  app::HuntRequest request;
  std::string format = "text";
  std::string author;
  std::vector<std::string> techniques;
  std::string sign_key;
  bool dry_run = false;
  bool approve = false;
  bool summarize = false;
};

// Prints the draft (JSON or text) and why it did not run; exit 1 when it could not.
void NotRun(const app::HuntSession& hunt, const HuntArgs& args, const char* why,
            CommandResult& result) {
  if (args.format == "json") {
    std::cout << app::DraftJson(hunt.current()) << "\n";
  } else if (why != nullptr) {
    std::cout << app::DraftText(hunt.current()) << why;
  }
  if (!hunt.current().runnable) result.exit_code = kExitFindings;
}

void RunHunt(const HuntArgs& args, CommandResult& result) {
  auto started = app::HuntSession::Start(args.request);
  if (Failed(started.status(), result)) return;
  app::HuntSession& hunt = **started;
  if (args.dry_run || (!args.approve && !isatty(STDIN_FILENO))) {
    return NotRun(hunt, args,
                  args.dry_run ? ""
                               : "\nNot run: no terminal to approve on. Pass --approve to run a "
                                 "draft that passes the checks, or --dry-run to only draft.\n",
                  result);
  }
  bool approved = args.approve ? hunt.current().runnable : Interact(hunt, args.author);
  if (!approved) {
    NotRun(hunt, args, args.approve ? "\nNot run: the draft has error-level findings.\n" : nullptr,
           result);
    result.exit_code = kExitFindings;
    return;
  }
  auto run = hunt.Run();
  if (Failed(run.status(), result)) return;
  assist::Approval approval =
      app::MakeApproval(hunt.current(), args.author, args.approve ? "--approve" : "interactive",
                        args.sign_key, args.techniques);
  const auto& suggested = hunt.current().draft.techniques;
  if (!args.approve && !suggested.empty()) {
    std::cout << "\nSuggested ATT&CK techniques:";
    for (const auto& t : suggested) std::cout << " " << t.id << " " << t.name << ";";
    if (Ask("\nConfirm them for the journal? [Y/n] ") != "n") approval.techniques = suggested;
  }
  auto entry = hunt.Record(*run, approval);
  if (!entry.ok()) {
    PrintError("the hunt ran but was not recorded: " + entry.status().message());
    result.exit_code = kExitInput;
    return;
  }
  if (args.format == "json") {
    std::cout << app::HuntRunJson(hunt.current(), *run, *entry) << "\n";
    return;
  }
  if (args.approve) std::cout << app::DraftText(hunt.current());
  std::cout << "\nApproved by " << approval.author << " (" << approval.how << "); "
            << run->rows.size() << " row(s), now = " << FormatIsoTime(run->now) << ":\n\n";
  Render(app::ResultTable(*run), OutputFormat::kTable, std::cout);
  std::cout << app::CellSecretsText(app::SecretsInTable(app::ResultTable(*run)));
  if (args.summarize) {
    app::RowsSummary summary = app::SummarizeRows(app::ResultTable(*run));
    std::cout << "\nInterpretation (each sentence checked against the rows above):\n";
    for (const std::string& s : summary.sentences) std::cout << "  " << s << "\n";
    for (const std::string& s : summary.removed) std::cout << "  left out: " << s << "\n";
  }
  std::cout << "\nRecorded as journal entry " << entry->seq << " (hash "
            << entry->hash.substr(0, 16) << "…). `quarry journal show " << entry->seq << " --case "
            << args.request.case_dir << "` prints it.\n";
}

}  // namespace

void RegisterHunt(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<HuntArgs>();
  auto* cmd = app.add_subcommand(
      "hunt",
      "Ask a hunting question in plain English: an assistant drafts KQL, Quarry verifies it, "
      "you approve, edit or refine it, it runs, you read the raw rows, and the hunt is recorded "
      "in the case's journal. A draft with an error-level finding never runs.");
  cmd->add_option("question", args->request.question, "The question, in plain English")->required();
  cmd->add_option("--case", args->request.case_dir, "Case directory")->required();
  cmd->add_option(
      "--refine", args->request.refinements,
      "A refinement applied after the question, in English (repeatable): "
      "\"only the last 6 hours\", \"narrow that to non-corporate IPs\", \"group by host\"");
  cmd->add_flag("--dry-run", args->dry_run, "Only draft and verify; run nothing");
  cmd->add_flag("--summarize", args->summarize,
                "After the rows, a short interpretation (row count, the largest count and whose, "
                "distinct values, time span), each sentence checked against the rows");
  cmd->add_flag("--approve", args->approve,
                "Run the draft without asking when it has no error-level finding (for scripts)");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--author", args->author, "The person of record (default: the OS user)");
  cmd->add_option("--technique", args->techniques,
                  "Confirm an ATT&CK technique for the journal (repeatable, e.g. T1110)");
  cmd->add_option("--provider", args->request.provider,
                  "builtin (offline; the default unless quarry.toml says otherwise), a provider "
                  "configured in the case's quarry.toml, or openai, anthropic, ollama");
  cmd->add_option("--endpoint", args->request.endpoint,
                  "The provider's base URL (http://127.0.0.1:11434, http://host:8000/v1, …)");
  cmd->add_option("--model", args->request.model, "The model to ask");
  cmd->add_flag("--pseudonymize", args->request.pseudonymize,
                "Replace users, hosts and IPs by tokens in what is sent, and restore them in "
                "the answer");
  cmd->add_option("--sign-key", args->sign_key,
                  "Sign the journal entry with this Ed25519 private key (PEM; see journal keygen)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--now", args->request.now, "The instant now() and ago() count from (ISO 8601)");
  cmd->add_option("--window", args->request.window,
                  "A window for a draft with no time range (e.g. 1d); by default the whole case");
  cmd->add_option("--max-rows", args->request.max_rows, "Rows beyond this are cut, with a notice");
  cmd->footer(app::HuntHelpFooter());
  cmd->callback([args, &result] { RunHunt(*args, result); });
}

}  // namespace quarry::cli
