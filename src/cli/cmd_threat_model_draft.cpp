// `quarry threat-model draft` and `approve`: a first draft from prose that decides nothing, and a
// person's decisions signed into the journal.
#include <iostream>
#include <memory>

#include "app/threat_draft.h"
#include "app/threat_model.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct ApproveArgs {
  app::ThreatModelRequest request;
  app::ThreatModelApproval approval;
};

void RunApprove(const ApproveArgs& args, CommandResult& result) {
  auto check = app::CheckThreatModel(args.request);
  if (Failed(check.status(), result)) return;
  auto entry = app::ApproveThreatModel(**check, args.approval);
  if (Failed(entry.status(), result)) return;
  std::cout << "journal entry " << entry->seq << " by " << entry->author << ": " << entry->title
            << "\n";
}

void RegisterApprove(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<ApproveArgs>();
  auto* approve = tm.add_subcommand(
      "approve", "Sign the model's decisions and accepted suggestions into a case's journal");
  approve->add_option("MODEL", args->request.model_path, "The system description (YAML)")
      ->required();
  approve->add_option("--case", args->approval.case_dir, "The case whose journal records it")
      ->required();
  approve->add_option("--author", args->approval.author,
                      "The person approving (default: the git user, else the login name)");
  approve
      ->add_option("--sign-key", args->approval.sign_key,
                   "Sign the entry with this Ed25519 private key (PEM; see journal keygen)")
      ->check(CLI::ExistingFile);
  approve->add_option("--catalog", args->request.catalogs,
                      "Threat catalog files or folders instead of the built-in catalog");
  approve->footer(
      R"(The entry holds the model's SHA-256, every decision with the person who made it (by), every
suggested threat a person accepted (accepted_by, rationale), the counts and the findings. A
model that does not fully read is refused. Suggestions nobody accepted count for nothing.

Example:
  quarry threat-model approve docs/quarry-threat-model.yml --case ./case --author "Dana Reyes")");
  approve->callback([args, &result] { RunApprove(*args, result); });
}

struct DraftArgs {
  app::ThreatDraftRequest request;
  std::string output;
  std::string format = "text";
};

void RunDraft(const DraftArgs& args, CommandResult& result) {
  auto draft = app::DraftThreatModel(args.request);
  if (Failed(draft.status(), result)) return;
  std::cout << (args.format == "json" ? app::ThreatDraftJson(*draft)
                                      : app::ThreatDraftText(*draft));
  if (!draft->valid) {
    PrintError("the draft does not read as a model: nothing was saved");
    result.exit_code = kExitFindings;
    return;
  }
  if (!args.output.empty() && WriteText(args.output, draft->yaml, result))
    std::cerr << "quarry: draft written to " << args.output << " (nothing in it is decided)\n";
}

void RegisterDraft(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<DraftArgs>();
  auto* draft = tm.add_subcommand(
      "draft", "Draft a system description from prose; a person answers, decides and accepts");
  draft->add_option("DESCRIPTION", args->request.description, "The system, in words")->required();
  draft->add_option("--provider", args->request.provider,
                    "builtin (default: a phrase table that asks instead of guessing), a provider "
                    "of the case's quarry.toml, or openai, anthropic, ollama with --endpoint and "
                    "--model");
  draft->add_option("--endpoint", args->request.endpoint, "The provider's endpoint");
  draft->add_option("--model", args->request.model, "The model to ask");
  draft->add_option("--case", args->request.case_dir,
                    "The case whose quarry.toml configures providers and whose audit.jsonl "
                    "records the call (needed for any provider but builtin)");
  draft->add_option("-o,--output", args->output,
                    "Write the draft here, only when it reads as a model");
  draft->add_option("--format", args->format, "text (the YAML with comments) or json")
      ->check(CLI::IsMember({"text", "json"}));
  draft->add_option("--catalog", args->request.catalogs,
                    "Threat catalog files or folders instead of the built-in catalog");
  draft->footer(
      R"TXT(The draft is read and checked like any model. From a provider: decisions it wrote are
dropped (people decide), and the threats it suggests beyond the catalog are kept as
suggested_threats with status `suggested`: they count for nothing until a person sets
accepted_by and a rationale on each. The description is sent as data (fenced, secrets redacted)
under the case's data-class policy, and the call is audited.

Examples:
  quarry threat-model draft "A support chatbot on GPT-4 answers customers from a vector store of
    help articles and can open Zendesk tickets" -o chatbot.yml
  quarry threat-model draft "$(cat design.md)" --provider local --case ./case -o model.yml

Exit codes: 0 a draft that reads (saved with -o); 1 it does not read (not saved); 2 usage;
3 the provider could not be asked.)TXT");
  draft->callback([args, &result] { RunDraft(*args, result); });
}

}  // namespace

void RegisterThreatModelDrafts(CLI::App& tm, CommandResult& result) {
  RegisterApprove(tm, result);
  RegisterDraft(tm, result);
}

}  // namespace quarry::cli
