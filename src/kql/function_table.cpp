// The function table's index and what is read from its entries: signatures, result types, the
// SQL functions the lowering needs.
#include "kql/function_table.h"

#include <algorithm>
#include <deque>

#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ByName(const FunctionSpec* a, const FunctionSpec* b) {
  return a->name < b->name;
}

// The families' entries sorted by name, aliases read as their functions' entries.
struct Index {
  std::vector<const FunctionSpec*> all;
  std::deque<FunctionSpec> aliases;  // deques: entries and texts stay where they are
  std::deque<std::string> texts;

  Index() {
    for (std::span<const FunctionSpec> family :
         {TimeFunctions(), ConversionFunctions(), TextFunctions(), EncodingFunctions(),
          LogicFunctions(), DynamicFunctions(), NetworkFunctions(), AggregateFunctions()}) {
      for (const FunctionSpec& f : family) all.push_back(&f);
    }
    std::stable_sort(all.begin(), all.end(), ByName);
    for (const FunctionSpec*& f : all) {
      if (f->alias_of.empty()) continue;
      FunctionSpec key{.name = f->alias_of};
      auto target = std::lower_bound(all.begin(), all.end(), &key, ByName);
      if (target == all.end() || (*target)->name != f->alias_of || !(*target)->alias_of.empty())
        continue;  // left unresolved for FunctionTable's test to name
      FunctionSpec& alias = aliases.emplace_back(**target);
      alias.name = f->name;
      alias.alias_of = (*target)->name;
      alias.doc = texts.emplace_back("Another name of " + std::string(alias.alias_of) + "()");
      alias.example = texts.emplace_back(
          std::string(alias.name) + std::string((*target)->example.substr(alias.alias_of.size())));
      f = &alias;
    }
  }
};

}  // namespace

const std::vector<const FunctionSpec*>& AllFunctions() {
  static const Index kIndex;
  return kIndex.all;
}

const FunctionSpec* FindFunction(std::string_view name) {
  const auto& all = AllFunctions();
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const FunctionSpec* f, std::string_view n) { return f->name < n; });
  return it != all.end() && (*it)->name == name ? *it : nullptr;
}

Signature SignatureOf(const FunctionSpec& function) {
  Signature out;
  std::string_view rest = function.signature;
  bool repeats = false;
  while (!Trimmed(rest).empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trimmed(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item == "...") {
      out.ok = out.ok && !out.parameters.empty();
      repeats = true;
      continue;
    }
    Parameter p;
    if (item.size() > 2 && item.front() == '[' && item.back() == ']') {
      p.optional = true;
      item = item.substr(1, item.size() - 2);
    }
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      out.ok = false;
      continue;
    }
    p.name = Trimmed(item.substr(0, colon));
    p.type_name = Trimmed(item.substr(colon + 1));
    p.type = ParseType(p.type_name);
    if (p.name.empty() ||
        (p.type == Type::kUnknown && p.type_name != "any" && p.type_name != "tabular")) {
      out.ok = false;
    }
    if (!p.optional) ++out.min_args;
    out.parameters.push_back(p);
  }
  out.max_args = repeats ? Signature::kUnbounded : out.parameters.size();
  return out;
}

std::string ArgumentCountText(const Signature& signature) {
  auto count = [](size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  if (signature.max_args == Signature::kUnbounded) return "at least " + count(signature.min_args);
  if (signature.max_args == 0) return "no arguments";
  if (signature.min_args == signature.max_args) return count(signature.min_args);
  return std::to_string(signature.min_args) + " to " + std::to_string(signature.max_args) +
         " arguments";
}

Type ResultType(const FunctionSpec& function, std::span<const Type> argument_types) {
  int same_as = function.result.same_as_argument;
  if (same_as < 0) return function.result.type;
  auto index = static_cast<size_t>(same_as);
  return index < argument_types.size() ? argument_types[index] : Type::kUnknown;
}

std::vector<std::string> FunctionUdfs() {
  std::vector<std::string> out;
  for (const FunctionSpec* f : AllFunctions()) {
    if (!f->udf.empty()) out.emplace_back(f->udf);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string AggregateName(const Node& call) {
  const FunctionSpec* f = FindFunction(call.text);
  if (f == nullptr || f->kind != FunctionKind::kAggregate || f->column_name.empty()) return "";
  std::string name;
  std::string_view pattern = f->column_name;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 3, "{0}") == 0) {
      if (call.kids.empty() || call.kids[0].kind != NodeKind::kName) return "";
      name += call.kids[0].text;
      i += 2;
    } else if (pattern.compare(i, 3, "{1}") == 0) {
      if (call.kids.size() != 2) return "";
      std::string written = call.kids[1].text;
      std::replace(written.begin(), written.end(), '.', '_');  // percentile(x, 99.5): _99_5
      name += written;
      i += 2;
    } else {
      name += pattern[i];
    }
  }
  return name;
}

}  // namespace quarry::kql
