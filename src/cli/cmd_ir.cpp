// quarry ir: incident response over a case (process trees; more to come: sessions, clusters,
// claim verification, summaries).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/postmortem.h"
#include "app/summarize.h"
#include "app/timeline.h"
#include "app/verify_claims.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct TreesArgs {
  app::TimelineRequest request;
  std::string match;
  std::string format = "text";
  std::string gap = "10m";
  int64_t min_events = 1;
};

void Trees(const TreesArgs& args, CommandResult& result) {
  auto forest = app::ProcessTrees(args.request);
  if (Failed(forest.status(), result)) return;
  if (args.format == "json") {
    std::cout << ir::ProcessForestJson(*forest) << "\n";
    return;
  }
  std::string text = ir::ProcessForestText(*forest, args.match);
  std::cout << text;
  if (!text.empty()) std::cout << "\n";
  std::cout << forest->nodes.size() << " process(es) in " << forest->roots.size() << " tree(s)"
            << (args.match.empty() ? "" : "; shown: the trees with '" + args.match + "'") << "\n";
}

void Sessions(const TreesArgs& args, CommandResult& result) {
  auto sessions = app::LogonSessions(args.request);
  if (Failed(sessions.status(), result)) return;
  if (args.format == "json") {
    std::cout << ir::LogonSessionsJson(*sessions) << "\n";
    return;
  }
  std::cout << ir::LogonSessionsText(*sessions) << (sessions->empty() ? "" : "\n")
            << sessions->size() << " session(s)\n";
}

void ClustersCommand(const TreesArgs& args, CommandResult& result) {
  auto clusters = app::Clusters(args.request, args.gap, args.min_events);
  if (Failed(clusters.status(), result)) return;
  if (args.format == "json") {
    std::cout << ir::ClustersJson(*clusters) << "\n";
    return;
  }
  std::cout << ir::ClustersText(*clusters) << (clusters->empty() ? "" : "\n") << clusters->size()
            << " cluster(s), quiet gap " << args.gap << "\n";
}

struct VerifyArgs {
  app::VerifyClaimsRequest request;
  std::string file;
  std::string format = "text";
};

void Verify(VerifyArgs& args, CommandResult& result) {
  std::stringstream text;
  if (args.file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
      PrintError("cannot read " + args.file);
      result.exit_code = kExitInput;
      return;
    }
    text << in.rdbuf();
  }
  args.request.text = text.str();
  auto report = app::VerifyClaims(args.request);
  if (Failed(report.status(), result)) return;
  std::cout << (args.format == "json" ? app::VerifyClaimsJson(*report) + "\n"
                                      : app::VerifyClaimsText(*report));
  if (report->unsupported > 0 || report->uncited > 0) result.exit_code = kExitFindings;
}

struct SummarizeArgs {
  app::SummarizeRequest request;
  std::string format = "markdown";
};

void Summarize(const SummarizeArgs& args, CommandResult& result) {
  auto report = app::SummarizeIncident(args.request);
  if (Failed(report.status(), result)) return;
  if (args.format == "json") {
    std::cout << app::SummarizeJson(*report) << "\n";
    return;
  }
  std::cout << report->markdown;
  std::cerr << "quarry: " << report->verification.supported << " sentence(s) verified, "
            << report->removed.size() << " removed by verification"
            << (report->journal_seq
                    ? ", approved as journal entry " + std::to_string(report->journal_seq)
                    : std::string(", not approved (--approve --author NAME)"))
            << "\n";
}

void PostmortemCommand(const app::PostmortemRequest& request, CommandResult& result) {
  auto report = app::Postmortem(request);
  if (Failed(report.status(), result)) return;
  std::cout << report->markdown;
  for (const std::string& w : report->warnings) std::cerr << "quarry: warning: " << w << "\n";
  std::cerr << "quarry: " << report->verified << " fact sentence(s) verified, "
            << report->removed.size() << " left out by verification\n";
  if (!report->warnings.empty()) result.exit_code = kExitFindings;
}

// Every ir subcommand reads a case and may bound it in time; WHAT says what the bounds apply to.
void AddCaseAndWindow(CLI::App* sub, std::string& case_dir, std::string& from, std::string& to,
                      const std::string& what) {
  sub->add_option("--case", case_dir, "Case directory")->required();
  sub->add_option("--from", from, "Only " + what + " at or after this time (ISO 8601)");
  sub->add_option("--to", to, "Only " + what + " at or before this time (ISO 8601)");
}

}  // namespace

void RegisterIr(CLI::App& app, CommandResult& result) {
  auto* ir = app.add_subcommand("ir",
                                "Incident response over a case: process trees, logon sessions, "
                                "activity clusters and claim verification");
  ir->require_subcommand(1);
  auto args = std::make_shared<TreesArgs>();
  auto* trees = ir->add_subcommand(
      "trees",
      "Process trees: Sysmon process creations linked by ProcessGuid, Security 4688 events by "
      "process id on the same host (the latest process with that id started before the "
      "child). Each process has an id to cite: P:<_eid of the event that started it>, or "
      "P:<host>:<guid or pid> for a parent seen only as a parent");
  auto& r = args->request;
  AddCaseAndWindow(trees, r.case_dir, r.from, r.to, "processes started");
  trees->add_option("--host", r.host, "Only this host (WS01 also matches WS01.corp.example)");
  trees->add_option("--match", args->match,
                    "Only the trees holding a process whose image or command line contains this");
  trees->add_option("--format", args->format, "text (indented trees) or json")
      ->check(CLI::IsMember({"text", "json"}));
  trees->footer(
      "Examples:\n"
      "  quarry ir trees --case ./case --host WS01 --match powershell\n"
      "  quarry ir trees --case ./case --format json > trees.json");
  trees->callback([args, &result] { Trees(*args, result); });

  auto sargs = std::make_shared<TreesArgs>();
  auto* sessions = ir->add_subcommand(
      "sessions",
      "Logon sessions: Security 4624 logons ended by 4634/4647 with the same logon id on the "
      "same host, with the processes run in them; logon ids that only processes carry become "
      "sessions whose logon was not seen. Ids to cite: S:<_eid of the 4624>, or "
      "S:<host>:<logon id>");
  auto& sr = sargs->request;
  AddCaseAndWindow(sessions, sr.case_dir, sr.from, sr.to, "logons");
  sessions->add_option("--host", sr.host, "Only this host (WS01 also matches WS01.corp.example)");
  sessions->add_option("--user", sr.user, "Only sessions whose user contains this, any case");
  sessions->add_option("--format", sargs->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  sessions->footer("Example:\n  quarry ir sessions --case ./case --user alice");
  sessions->callback([sargs, &result] { Sessions(*sargs, result); });

  auto cargs = std::make_shared<TreesArgs>();
  auto* clusters = ir->add_subcommand(
      "clusters",
      "Activity clusters: each host's events (for sources without hosts, each identity's) cut "
      "into bursts wherever nothing happened for longer than --gap; alerts count with their "
      "host. Id to cite: C:<_eid of the cluster's first entry>");
  auto& cr = cargs->request;
  AddCaseAndWindow(clusters, cr.case_dir, cr.from, cr.to, "events");
  clusters->add_option("--gap", cargs->gap, "The quiet span that ends a burst (default 10m)");
  clusters->add_option("--min-events", cargs->min_events,
                       "Leave out clusters with fewer entries (default 1)");
  clusters->add_option("--host", cr.host, "Only this host");
  clusters->add_option("--user", cr.user, "Only events whose user columns contain this");
  clusters->add_option("--format", cargs->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  clusters->footer("Example:\n  quarry ir clusters --case ./case --gap 5m --min-events 10");
  clusters->callback([cargs, &result] { ClustersCommand(*cargs, result); });

  auto vargs = std::make_shared<VerifyArgs>();
  auto* verify = ir->add_subcommand(
      "verify",
      "Check every sentence of a text against the events it cites: the cited events exist; "
      "each host, user, IP, port, process, path, hash, domain, quoted fragment, ARN, key id and "
      "event name it names occurs in a field of them; each time it states matches their times "
      "at the precision written; each count equals their count; each ATT&CK id is carried by "
      "an alert among them. Citations: [E:<_eid>], [E:a,b], [E:a-b], [P:…], [S:…], [C:…]. "
      "Verdict per sentence: supported, unsupported (with what the events say instead) or "
      "uncited. Works on any text, a summary pasted from another product included");
  verify->add_option("FILE", vargs->file, "The text (Markdown or plain); - reads standard input")
      ->required();
  verify->add_option("--case", vargs->request.case_dir, "Case directory")->required();
  verify->add_option("--format", vargs->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  verify->add_option("--gap", vargs->request.cluster_gap,
                     "The quiet gap the cited C: cluster ids were made with (default 10m)");
  verify->footer(
      "Exit code: 0 when every sentence is supported, 1 when one is unsupported or uncited.\n"
      "Examples:\n"
      "  quarry ir verify summary.md --case ./case\n"
      "  pbpaste | quarry ir verify - --case ./case --format json");
  verify->callback([vargs, &result] { Verify(*vargs, result); });

  auto margs = std::make_shared<SummarizeArgs>();
  auto* summarize = ir->add_subcommand(
      "summarize",
      "The incident narrative, written by the built-in summarizer (templated prose, no model) "
      "from the case's alerts and the events they flag: what happened in order, per host and "
      "identity, and the open questions. Every sentence cites its events and is verified as "
      "quarry ir verify does; sentences that do not hold are taken out and listed apart with "
      "the reason. --approve --author NAME records the result in the journal");
  auto& mr = margs->request;
  AddCaseAndWindow(summarize, mr.case_dir, mr.from, mr.to, "alerts");
  summarize->add_option("--gap", mr.gap,
                        "A rule firing again on a host within this is one step (default 10m)");
  summarize->add_option("--format", margs->format, "markdown or json")
      ->check(CLI::IsMember({"markdown", "json"}));
  summarize->add_flag("--approve", mr.approve, "Record the verified summary in the journal");
  summarize->add_option("--author", mr.author, "Who approves it (with --approve)");
  summarize->add_option("--sign-key", mr.sign_key, "Ed25519 private key (PEM) to sign the entry");
  summarize->add_option("--provider", mr.provider,
                        "builtin (default: templates, no model), a provider of the case's "
                        "quarry.toml, or openai, anthropic or ollama with --endpoint and --model");
  summarize->add_option("--endpoint", mr.endpoint, "The provider's URL (with a provider kind)");
  summarize->add_option("--model", mr.model, "The model (with a provider kind)");
  summarize->add_flag("--pseudonymize", mr.pseudonymize,
                      "Send users, hosts and IPs to the model as tokens, restored in its answer");
  summarize->footer(
      "Examples:\n"
      "  quarry ir summarize --case ./case > summary.md\n"
      "  quarry ir summarize --case ./case --approve --author \"Dana Reyes\"");
  summarize->callback([margs, &result] { Summarize(*margs, result); });

  auto pargs = std::make_shared<app::PostmortemRequest>();
  auto* postmortem = ir->add_subcommand(
      "postmortem",
      "A Markdown postmortem skeleton from checked facts only: the verified timeline of key "
      "events, time to detect, what each rule detected and which hunted techniques no alert "
      "carries, a chat transcript as a people lane, and contributing factors, five whys and "
      "action items left for people. --comms status|customer|executive drafts an update from "
      "the same verified facts, every gap marked [✎ …]");
  AddCaseAndWindow(postmortem, pargs->case_dir, pargs->from, pargs->to, "alerts");
  postmortem->add_option("--transcript", pargs->transcript,
                         "Responders' chat: a Slack export (JSON array of messages) or lines "
                         "'TIME NAME: text'");
  postmortem->add_option("--transcript-date", pargs->transcript_date,
                         "The date (YYYY-MM-DD, UTC) of transcript lines that give only a time");
  postmortem
      ->add_option("--comms", pargs->comms,
                   "Draft an update instead: status, customer or executive")
      ->check(CLI::IsMember({"status", "customer", "executive"}));
  postmortem->add_option("--gap", pargs->gap,
                         "Quiet gap that ends a burst of activity (default 10m)");
  postmortem->footer(
      "Exit code: 0, or 1 when something was not read (transcript lines, a case without "
      "alerts), said on stderr.\n"
      "Examples:\n"
      "  quarry ir postmortem --case ./case --transcript chat.txt --transcript-date 2026-03-14\n"
      "  quarry ir postmortem --case ./case --comms executive");
  postmortem->callback([pargs, &result] { PostmortemCommand(*pargs, result); });
}

}  // namespace quarry::cli
