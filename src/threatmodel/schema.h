// The JSON Schema (draft 2020-12) of the system description format, made from the same tables
// the reader checks against, so the schema cannot drift from the reader.
#pragma once

#include <string>

namespace quarry::threatmodel {

std::string ModelJsonSchema();

}  // namespace quarry::threatmodel
