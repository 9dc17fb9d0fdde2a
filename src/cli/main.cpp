#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/allocator.h"

int main(int argc, char** argv) {
  using namespace quarry::cli;
  quarry::KeepFreedMemoryForReuse();
  CLI::App app{
      "Quarry: a workbench for threat hunters, detection engineers and incident responders.\n"
      "Ingest evidence into a case, then explore it.",
      "quarry"};
  app.set_version_flag("--version", "quarry 0.1.0");
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  quarry ingest ./evidence --case ./case     # JSON, JSON lines, CloudTrail, CSV, syslog\n"
      "  quarry tables --case ./case                # what is in the case\n"
      "  quarry schema SecurityEvent --case ./case  # columns, types, fill rates, top values\n"
      "  quarry show 1000000042 --case ./case       # one event with its provenance\n"
      "  quarry dump Security.evtx                  # EVTX records as evtx_dump JSON lines\n"
      "  quarry scan ./evidence --rules rules/      # Sigma rules over evidence: alerts\n"
      "  quarry rules check sigma/rules             # which rules load, and why not\n"
      "Run `quarry COMMAND --help` for a command's options.");
  CommandResult result;
  RegisterIngest(app, result);
  RegisterCatalogCommands(app, result);
  RegisterDump(app, result);
  RegisterScan(app, result);
  RegisterRules(app, result);
  RegisterKql(app, result);
  RegisterQuery(app, result);
  RegisterHunt(app, result);
  RegisterJournal(app, result);
  RegisterMcp(app, result);
  RegisterServe(app, result);
  RegisterTimeline(app, result);
  RegisterIr(app, result);
  RegisterThreatModel(app, result);
  RegisterSecrets(app, result);
  RegisterReview(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::exception& e) {
    PrintError(std::string("unexpected failure: ") + e.what());
    return kExitInput;
  }
  std::cout.flush();
  return result.exit_code;
}
