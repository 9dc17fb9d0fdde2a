// quarry journal list|show|verify|export|keygen: the case's tamper-evident record of hunts.
#include <fstream>
#include <iostream>
#include <memory>

#include "app/journal.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct JournalArgs {
  std::string case_dir;
  std::string format = "table";
  uint64_t seq = 0;
  std::string output;
  std::string public_key;
};

// The job's value, or nullopt with its error printed and the exit code set.
template <typename T>
std::optional<T> Take(Result<T> r, CommandResult& result) {
  if (Failed(r.status(), result)) return std::nullopt;
  return std::move(*r);
}

void List(const JournalArgs& args, CommandResult& result) {
  auto entries = Take(app::JournalEntries(args.case_dir), result);
  if (!entries) return;
  if (args.format == "json") {
    std::cout << app::JournalJson(*entries) << "\n";
    return;
  }
  Render(app::JournalTable(*entries), OutputFormat::kTable, std::cout);
  std::cout << "\n"
            << entries->size() << " entr" << (entries->size() == 1 ? "y" : "ies") << " in "
            << args.case_dir << "\n";
}

void Show(const JournalArgs& args, CommandResult& result) {
  auto entry = Take(app::JournalEntry(args.case_dir, args.seq), result);
  if (!entry) return;
  std::cout << (args.format == "json" ? journal::EntryLine(*entry) + "\n"
                                      : journal::ExportMarkdown({*entry}));
}

void VerifyCommand(const JournalArgs& args, CommandResult& result) {
  auto report = Take(app::VerifyJournal(args.case_dir, args.public_key), result);
  if (!report) return;
  std::cout << app::VerifyText(*report, !args.public_key.empty());
  if (!report->intact) result.exit_code = kExitFindings;
}

void Export(const JournalArgs& args, CommandResult& result) {
  auto md = Take(app::JournalMarkdown(args.case_dir), result);
  if (!md) return;
  if (args.output.empty() || args.output == "-") {
    std::cout << *md;
    return;
  }
  std::ofstream out(args.output);
  out << *md;
  if (!out) {
    PrintError("cannot write " + args.output);
    result.exit_code = kExitInput;
  }
}

void Keygen(const JournalArgs& args, CommandResult& result) {
  if (Failed(app::MakeSigningKey(args.output), result)) return;
  std::cout << "private key " << args.output << " (keep it to yourself), public key " << args.output
            << ".pub (give it to whoever verifies)\n";
}

}  // namespace

void RegisterJournal(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand(
      "journal",
      "The case's tamper-evident journal: every hunt with its question, drafts, final query, "
      "checks, approving person, result digest and ATT&CK techniques, hash-chained");
  cmd->require_subcommand(1);
  auto args = std::make_shared<JournalArgs>();
  auto* list = cmd->add_subcommand("list", "One line per entry: sequence, time, kind, author");
  auto* show = cmd->add_subcommand("show", "One entry in full");
  auto* verify = cmd->add_subcommand(
      "verify",
      "Check every entry's hash, its link to the entry before and the head: exit 0 when the "
      "chain is intact, 1 naming the first bad entry when it is not");
  auto* exp = cmd->add_subcommand("export", "The journal as a readable threat-hunt report");
  auto* keygen = cmd->add_subcommand(
      "keygen", "Make an Ed25519 key pair for signing entries (quarry hunt --sign-key)");
  keygen
      ->add_option("-o,--out", args->output,
                   "Private key file to create; the public key goes "
                   "to FILE.pub")
      ->required();
  keygen->callback([args, &result] { Keygen(*args, result); });
  for (CLI::App* sub : {list, show, verify, exp}) {
    sub->add_option("--case", args->case_dir, "Case directory")->required();
  }
  verify
      ->add_option("--public-key", args->public_key,
                   "Also require every entry to be signed by this key's holder (PEM)")
      ->check(CLI::ExistingFile);
  list->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  show->add_option("seq", args->seq, "The entry's sequence number (see journal list)")->required();
  show->add_option("--format", args->format, "md (readable) or json")
      ->check(CLI::IsMember({"md", "json", "table"}));
  exp->add_option("--format", args->format, "md")->check(CLI::IsMember({"md", "table"}));
  exp->add_option("-o,--output", args->output, "Write the report to this file (default stdout)");
  cmd->footer(
      "Examples:\n"
      "  quarry journal list --case ./case\n"
      "  quarry journal show 3 --case ./case\n"
      "  quarry journal verify --case ./case\n"
      "  quarry journal export --case ./case --format md -o hunts.md");
  RegisterJournalPending(*cmd, result);
  list->callback([args, &result] { List(*args, result); });
  show->callback([args, &result] { Show(*args, result); });
  verify->callback([args, &result] { VerifyCommand(*args, result); });
  exp->callback([args, &result] { Export(*args, result); });
}

}  // namespace quarry::cli
