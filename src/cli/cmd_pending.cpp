// Pending items that agents asked for (quarry mcp's record_hunt and save_rule): a person lists
// them, reads one, and approves or rejects it here, in a terminal.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "app/hunt.h"
#include "app/pending.h"
#include "cli/commands.h"
#include "cli/hunt_dialogue.h"

namespace quarry::cli {
namespace {

struct PendingArgs {
  std::string case_dir;
  uint64_t id = 0;
  std::string author;
  std::string sign_key;
  std::string reason;
  std::string out_dir;
  std::string format = "table";
  bool yes = false;
};

// Shows the item and asks the person; --yes answers for them (scripts), and without a terminal
// nothing is approved without it.
// The exit code is set when it is not: 2 without a terminal, 1 when the person said no.
bool Confirm(const app::PendingItem& item, const PendingArgs& args, const std::string& verb,
             CommandResult& result) {
  std::cout << app::PendingText(item) << "\n";
  if (args.yes) return true;
  if (!isatty(STDIN_FILENO)) {
    PrintError("approving needs a person at a terminal (or --yes); the item stays pending");
    result.exit_code = kExitUsage;
    return false;
  }
  std::string author = args.author.empty() ? app::DefaultAuthor() : args.author;
  std::string answer = Ask(verb + " as " + author + "? [y/N] ");
  if (answer == "y" || answer == "Y" || answer == "yes") return true;
  std::cout << "Not approved; the item stays pending.\n";
  result.exit_code = kExitFindings;
  return false;
}

void List(const PendingArgs& args, CommandResult& result) {
  auto items = app::ListPending(args.case_dir);
  if (Failed(items.status(), result)) return;
  if (args.format == "json") {
    std::cout << "[";
    for (size_t i = 0; i < items->size(); ++i) {
      std::cout << (i ? ",\n" : "") << app::PendingJson((*items)[i]);
    }
    std::cout << "]\n";
    return;
  }
  Table t;
  t.columns = {"id", "kind", "state", "created", "requested_by", "title"};
  for (const app::PendingItem& item : *items) {
    t.rows.push_back({Value::Long(static_cast<int64_t>(item.id)), Value::String(item.kind),
                      Value::String(item.state), Value::String(item.created),
                      Value::String(item.requested_by), Value::String(item.title)});
  }
  Render(t, OutputFormat::kTable, std::cout);
  std::cout << "\n"
            << items->size() << " item(s); approve with quarry journal approve N (hunts) "
            << "or quarry rules approve N (rules)\n";
}

void ApproveHunt(const PendingArgs& args, CommandResult& result) {
  auto item = app::TakePending(args.case_dir, args.id, "hunt");
  if (Failed(item.status(), result)) return;
  if (!Confirm(*item, args, "Run and record this hunt", result)) return;
  assist::Approval approval;
  approval.author = args.author.empty() ? app::DefaultAuthor() : args.author;
  approval.how = args.yes ? "pending item, --yes" : "pending item, approved in a terminal";
  approval.sign_key = args.sign_key;
  auto done = app::ApprovePendingHunt(args.case_dir, args.id, approval);
  if (Failed(done.status(), result)) return;
  std::cout << "Approved by " << approval.author << ": " << done->rows.rows.size()
            << " row(s); journal entry " << done->entry.seq << " ("
            << done->entry.hash.substr(0, 16) << "…)\n";
}

void ApproveRule(const PendingArgs& args, CommandResult& result) {
  auto item = app::TakePending(args.case_dir, args.id, "rule");
  if (Failed(item.status(), result)) return;
  std::string out_dir = args.out_dir.empty() ? args.case_dir + "/rules" : args.out_dir;
  if (!Confirm(*item, args, "Save this rule to " + out_dir, result)) return;
  assist::Approval approval;
  approval.author = args.author.empty() ? app::DefaultAuthor() : args.author;
  approval.how = args.yes ? "pending item, --yes" : "pending item, approved in a terminal";
  approval.sign_key = args.sign_key;
  std::string path;
  auto entry = app::ApprovePendingRule(args.case_dir, args.id, out_dir, approval, path);
  if (Failed(entry.status(), result)) return;
  std::cout << "Approved by " << approval.author << ": saved " << path << "; journal entry "
            << entry->seq << "\n";
}

void Reject(const PendingArgs& args, CommandResult& result) {
  std::string author = args.author.empty() ? app::DefaultAuthor() : args.author;
  if (Failed(app::RejectPending(args.case_dir, args.id, author, args.reason), result)) return;
  std::cout << "Pending item " << args.id << " rejected by " << author << "\n";
}

void AddDecisionOptions(CLI::App* cmd, PendingArgs& args) {
  cmd->add_option("id", args.id, "The pending item's number (quarry journal pending)")->required();
  cmd->add_option("--case", args.case_dir, "Case directory")->required();
  cmd->add_option("--author", args.author, "The person of record (default: the OS user)");
}

}  // namespace

void RegisterJournalPending(CLI::App& journal, CommandResult& result) {
  auto args = std::make_shared<PendingArgs>();
  auto* pending = journal.add_subcommand(
      "pending", "Hunts and rules an agent asked for (quarry mcp), waiting for a person");
  pending->add_option("--case", args->case_dir, "Case directory")->required();
  pending->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  pending->callback([args, &result] { List(*args, result); });
  auto* approve = journal.add_subcommand(
      "approve",
      "Check, run and record a pending hunt with you as its author (asks first; --yes in "
      "scripts)");
  AddDecisionOptions(approve, *args);
  approve->add_option("--sign-key", args->sign_key, "Sign the entry with this Ed25519 key");
  approve->add_flag("--yes", args->yes, "Approve without asking (a person runs this)");
  approve->callback([args, &result] { ApproveHunt(*args, result); });
  auto* reject = journal.add_subcommand("reject", "Reject a pending hunt or rule");
  AddDecisionOptions(reject, *args);
  reject->add_option("--reason", args->reason, "Why, for the record");
  reject->callback([args, &result] { Reject(*args, result); });
}

void RegisterRulesApprove(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<PendingArgs>();
  auto* approve = rules.add_subcommand(
      "approve",
      "Check a pending rule (an agent's save_rule), save it and record it with you as its "
      "author (asks first; --yes in scripts)");
  AddDecisionOptions(approve, *args);
  approve->add_option("-o,--out", args->out_dir, "Folder to save the rule in (default CASE/rules)");
  approve->add_option("--sign-key", args->sign_key, "Sign the entry with this Ed25519 key");
  approve->add_flag("--yes", args->yes, "Approve without asking (a person runs this)");
  approve->callback([args, &result] { ApproveRule(*args, result); });
}

}  // namespace quarry::cli
