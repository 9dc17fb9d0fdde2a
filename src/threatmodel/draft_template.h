// The built-in drafter of `quarry threat-model draft`: no model, a documented table of phrases.
// It names the components a description mentions and the flows such systems have, and asks
// about what it cannot know (hosting, permissions, approval, who writes the retrieved
// documents) instead of guessing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/model.h"

namespace quarry::threatmodel {

struct TemplateDraft {
  Model model;
  std::vector<std::string> questions;   // what the person must answer or check
  std::vector<std::string> recognized;  // "phrase → component (kind)", in order
};

TemplateDraft DraftFromDescription(std::string_view description);

}  // namespace quarry::threatmodel
