// docs/kql-functions.md, rendered from the function table.
#include <string>

#include "kql/function_table.h"

namespace quarry::kql {
namespace {

// A table cell: a | would end it.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string ResultText(const FunctionSpec& f) {
  if (f.result.same_as_argument >= 0) {
    Signature signature = SignatureOf(f);
    auto index = static_cast<size_t>(f.result.same_as_argument);
    if (index < signature.parameters.size())
      return "as `" + std::string(signature.parameters[index].name) + "`";
  }
  std::string_view type = TypeName(f.result.type);
  return type.empty() ? "depends on the arguments" : std::string(type);
}

void Section(std::string& out, FunctionKind kind) {
  out += "| Function | Returns | Runs | SQL function | Description | Example |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const FunctionSpec* f : AllFunctions()) {
    if (f->kind != kind) continue;
    out += "| `" + Cell(std::string(f->name) + "(" + std::string(f->signature) + ")") + "` | " +
           ResultText(*f) + " | " + (f->lower != nullptr ? "yes" : "no") + " | " +
           (f->udf.empty() ? "" : "`" + std::string(f->udf) + "`") + " | " + Cell(f->doc) + " | `" +
           Cell(f->example) + "` |\n";
  }
}

}  // namespace

std::string FunctionReferenceMarkdown() {
  std::string out =
      "# KQL functions\n\n"
      "<!-- Generated from the function table (src/kql/functions_*.cpp) by kql_tests; "
      "regenerate with: cmake --build build/release --target kql_function_docs -->\n\n"
      "The functions `quarry kql check` knows, with the arguments they take and the type they "
      "return. **Runs** says whether `quarry query` can run a query that calls it; one that "
      "cannot is still checked, and running it reports `kql.unsupported` at the call. "
      "**SQL function** names the function the SQLite engine provides for it (registered as "
      "`kql_NAME`). Parameters in brackets are optional; `...` repeats what comes before it.\n\n";
  out += "## Scalar functions\n\n";
  Section(out, FunctionKind::kScalar);
  out += "\n## Aggregation functions\n\nFor `summarize`.\n\n";
  Section(out, FunctionKind::kAggregate);
  return out;
}

}  // namespace quarry::kql
