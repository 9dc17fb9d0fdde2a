// The terminal dialogue of `quarry hunt`: the person approves, edits or refines a draft.
#pragma once

#include <string>

#include "app/hunt.h"

namespace quarry::cli {

// Prints `prompt` and reads one line ("q" at the end of input).
std::string Ask(const std::string& prompt);

// Approve, edit the query, refine in English, or quit, until approved (true) or quit (false).
// Edits are recorded as `author`'s ("" for the OS user).
bool Interact(app::HuntSession& hunt, const std::string& author);

}  // namespace quarry::cli
