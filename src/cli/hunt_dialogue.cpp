// The terminal dialogue of `quarry hunt` (see hunt_dialogue.h).
#include "cli/hunt_dialogue.h"

#include <iostream>

#include "cli/commands.h"
#include "core/strings.h"

namespace quarry::cli {

std::string Ask(const std::string& prompt) {
  std::cout << prompt << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return "q";
  return std::string(TrimAscii(line));
}

bool Interact(app::HuntSession& hunt, const std::string& author) {
  while (true) {
    std::cout << app::DraftText(hunt.current());
    std::string choice =
        Ask("\n[a]pprove and run, [e]dit the query, [r]efine in English, [q]uit: ");
    if (choice == "a" || choice == "approve") {
      if (hunt.current().runnable) return true;
      std::cout << "This draft does not run: fix it first (edit or refine).\n";
    } else if (choice == "r" || choice == "refine") {
      Status refined = hunt.Refine(Ask("Refinement: "));
      if (!refined.ok()) PrintError(refined.message());
    } else if (choice == "e" || choice == "edit") {
      std::cout << "New query (end with an empty line):\n";
      std::string text, line;
      while (std::getline(std::cin, line) && !line.empty()) text += line + "\n";
      Status edited = hunt.Edit(text, author);
      if (!edited.ok()) PrintError(edited.message());
    } else if (choice == "q" || choice == "quit") {
      return false;
    }
  }
}

}  // namespace quarry::cli
