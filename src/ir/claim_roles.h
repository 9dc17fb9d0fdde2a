// The role a sentence gives a name, read from the words around it: "on WS01", "from 10.0.0.5
// port 49723", "ran as alice", "issued by svchost.exe", "WS01 initiated", "Seatbelt opened".
#pragma once

#include <cstddef>

#include "ir/claim_scan.h"
#include "ir/claims.h"

namespace quarry::ir {

// From the words before the name that starts at `begin`.
EntityRole RoleBefore(const MaskedText& m, size_t begin, EntityKind kind);
// From the verb after the name that ends at `end` (a few adverbs skipped), when the words
// before it gave none.
EntityRole RoleAfter(EntityKind kind, const MaskedText& m, size_t end);
// Both: the words before, else the verb after.
EntityRole RoleOf(EntityKind kind, const MaskedText& m, size_t begin, size_t end);

}  // namespace quarry::ir
