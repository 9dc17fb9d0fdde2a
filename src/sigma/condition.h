// The condition grammar of Sigma detections: identifiers, and/or/not, parentheses and the
// selectors `1 of P`, `any of P`, `all of P` (P a name pattern with `*`, or `them`).
// Precedence, loosest first: or, and, not, x-of, parentheses.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace quarry::sigma {

struct Condition {
  enum class Kind { kIdentifier, kAnd, kOr, kNot, kAnyOf, kAllOf };
  Kind kind = Kind::kIdentifier;
  std::string name;  // identifier, or the selector's pattern ("them" for all)
  std::vector<std::unique_ptr<Condition>> children;
};

// Parses one condition string; errors name the position and the token.
Result<std::unique_ptr<Condition>> ParseCondition(std::string_view text);

// Identifiers `pattern` selects among `names`: `them` is every name not starting with `_`; a
// pattern with `*` matches whole names, and skips `_` names unless it starts with `_` itself.
std::vector<std::string> SelectIdentifiers(std::string_view pattern,
                                           const std::vector<std::string>& names);

}  // namespace quarry::sigma
