// quarry journal list|show|verify|export: the case's tamper-evident record of hunts.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "app/render.h"
#include "cli/commands.h"
#include "core/strings.h"
#include "journal/journal.h"
#include "journal/sign.h"

namespace quarry::cli {
namespace {

struct JournalArgs {
  std::string case_dir;
  std::string format = "table";
  uint64_t seq = 0;
  std::string output;
  std::string public_key;
};

bool CheckCase(const JournalArgs& args, CommandResult& result) {
  if (!std::filesystem::is_directory(args.case_dir)) {
    PrintError("no case at " + args.case_dir);
    result.exit_code = kExitInput;
    return false;
  }
  return true;
}

// The case's entries; nullopt (the error printed) when the case or its journal cannot be read.
std::optional<std::vector<journal::Entry>> ReadEntries(const JournalArgs& args,
                                                       CommandResult& result) {
  if (!CheckCase(args, result)) return std::nullopt;
  auto entries = journal::Read(args.case_dir);
  if (!entries.ok()) {
    PrintError(entries.status().message());
    result.exit_code = kExitInput;
    return std::nullopt;
  }
  return std::move(*entries);
}

void List(const JournalArgs& args, CommandResult& result) {
  auto entries = ReadEntries(args, result);
  if (!entries) return;
  if (args.format == "json") {
    std::string out = "[";
    for (size_t i = 0; i < entries->size(); ++i) {
      if (i) out += ",\n";
      out += journal::EntryLine((*entries)[i]);
    }
    std::cout << out << "]\n";
    return;
  }
  Table table;
  table.columns = {"seq", "time", "kind", "author", "title"};
  for (const journal::Entry& e : *entries) {
    table.rows.push_back({Value::Long(static_cast<int64_t>(e.seq)), Value::String(e.time),
                          Value::String(e.kind), Value::String(e.author), Value::String(e.title)});
  }
  Render(table, OutputFormat::kTable, std::cout);
  std::cout << "\n"
            << entries->size() << " entr" << (entries->size() == 1 ? "y" : "ies") << " in "
            << args.case_dir << "\n";
}

void Show(const JournalArgs& args, CommandResult& result) {
  auto entries = ReadEntries(args, result);
  if (!entries) return;
  for (const journal::Entry& e : *entries) {
    if (e.seq != args.seq) continue;
    if (args.format == "json") {
      std::cout << journal::EntryLine(e) << "\n";
    } else {
      std::cout << journal::ExportMarkdown({e});
    }
    return;
  }
  PrintError("no journal entry " + std::to_string(args.seq) + " (the journal has " +
             std::to_string(entries->size()) + ")");
  result.exit_code = kExitInput;
}

void VerifyCommand(const JournalArgs& args, CommandResult& result) {
  if (!CheckCase(args, result)) return;
  auto report = journal::Verify(args.case_dir, args.public_key);
  if (!report.ok()) {
    PrintError(report.status().message());
    result.exit_code = kExitInput;
    return;
  }
  if (report->intact) {
    std::cout << "journal intact: " << report->entries << " entr"
              << (report->entries == 1 ? "y" : "ies") << ", every hash and link checks"
              << (args.public_key.empty() ? "" : ", every signature verifies") << "; last hash "
              << report->last_hash << "\n";
    return;
  }
  std::cout << "journal NOT intact: first bad entry " << report->first_bad << ": "
            << report->problem << "\n";
  result.exit_code = kExitFindings;
}

void Export(const JournalArgs& args, CommandResult& result) {
  auto entries = ReadEntries(args, result);
  if (!entries) return;
  auto report = journal::Verify(args.case_dir);
  std::string md = journal::ExportMarkdown(*entries);
  if (report.ok() && !report->intact) {
    md += "\n**Warning: the journal is not intact** (" + report->problem + ").\n";
  }
  if (args.output.empty() || args.output == "-") {
    std::cout << md;
    return;
  }
  std::ofstream out(args.output);
  out << md;
  if (!out) {
    PrintError("cannot write " + args.output);
    result.exit_code = kExitInput;
  }
}

void Keygen(const JournalArgs& args, CommandResult& result) {
  Status made = journal::GenerateKey(args.output);
  if (!made.ok()) {
    PrintError(made.message());
    result.exit_code = kExitInput;
    return;
  }
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
  list->callback([args, &result] { List(*args, result); });
  show->callback([args, &result] { Show(*args, result); });
  verify->callback([args, &result] { VerifyCommand(*args, result); });
  exp->callback([args, &result] { Export(*args, result); });
}

}  // namespace quarry::cli
