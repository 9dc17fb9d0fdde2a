#include "kql/binder.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "kql/binder_internal.h"

namespace quarry::kql {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += AsciiLower(c);
  return out;
}

// Field names that mean the same thing across sources: what an analyst (or a model trained on
// another product's schema) writes, and what Sentinel's and Defender's tables call it.
const std::multimap<std::string, std::string>& Synonyms() {
  static const std::multimap<std::string, std::string> kSynonyms = {
      {"hostname", "Computer"},
      {"hostname", "DeviceName"},
      {"host", "Computer"},
      {"host", "DeviceName"},
      {"computername", "Computer"},
      {"machinename", "DeviceName"},
      {"devicename", "Computer"},
      {"computer", "DeviceName"},
      {"user", "Account"},
      {"user", "AccountName"},
      {"user", "UserPrincipalName"},
      {"username", "AccountName"},
      {"username", "UserPrincipalName"},
      {"username", "TargetUserName"},
      {"accountname", "Account"},
      {"upn", "UserPrincipalName"},
      {"sourceip", "IpAddress"},
      {"sourceip", "IPAddress"},
      {"sourceip", "SourceIP"},
      {"srcip", "SourceIP"},
      {"clientip", "IPAddress"},
      {"ipaddress", "RemoteIP"},
      {"destinationip", "RemoteIP"},
      {"dstip", "RemoteIP"},
      {"destip", "DestinationIP"},
      {"processname", "NewProcessName"},
      {"processname", "FileName"},
      {"processname", "Process"},
      {"image", "NewProcessName"},
      {"image", "FolderPath"},
      {"commandline", "ProcessCommandLine"},
      {"commandline", "CommandLine"},
      {"processcommandline", "CommandLine"},
      {"parentprocessname", "ParentProcessName"},
      {"parentimage", "ParentProcessName"},
      {"parentimage", "InitiatingProcessFileName"},
      {"timestamp", "TimeGenerated"},
      {"time", "TimeGenerated"},
      {"timegenerated", "Timestamp"},
      {"eventtime", "TimeGenerated"},
      {"eventid", "EventID"},
      {"eventcode", "EventID"},
      {"logontype", "LogonType"},
      {"domain", "AccountDomain"},
      {"port", "RemotePort"},
      {"destinationport", "RemotePort"},
      {"url", "RemoteUrl"},
      {"filename", "TargetFilename"},
      {"filepath", "FolderPath"},
      {"registrykey", "TargetObject"},
      {"registrykey", "RegistryKey"},
      {"eventname", "EventName"},
      {"apicall", "EventName"},
      {"sourceipaddress", "SourceIpAddress"},
      {"useragent", "UserAgent"},
      {"awsregion", "AWSRegion"},
  };
  return kSynonyms;
}

}  // namespace

std::vector<std::string> Suggest(std::string_view name,
                                 const std::vector<std::string>& candidates) {
  std::vector<std::pair<size_t, std::string>> scored;
  std::string lower = Lower(name);
  auto add = [&](size_t score, const std::string& c) {
    for (auto& [s, existing] : scored) {
      if (existing == c) {
        s = std::min(s, score);
        return;
      }
    }
    scored.push_back({score, c});
  };
  for (const std::string& c : candidates) {
    if (Lower(c) == lower) add(0, c);
  }
  auto [begin, end] = Synonyms().equal_range(lower);
  for (auto it = begin; it != end; ++it) {
    if (std::find(candidates.begin(), candidates.end(), it->second) != candidates.end()) {
      add(1, it->second);
    }
  }
  size_t limit = std::max<size_t>(1, std::min<size_t>(3, name.size() / 4));
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c, true);
    if (d <= limit) add(1 + d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

const Column* RowSchema::Find(std::string_view name) const {
  for (const Column& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void RowSchema::Set(const std::string& name, Type type) {
  for (Column& c : columns) {
    if (c.name == name) {
      c.type = type;
      return;
    }
  }
  columns.push_back(Column{name, type});
}

void RowSchema::Remove(std::string_view name) {
  columns.erase(std::remove_if(columns.begin(), columns.end(),
                               [&](const Column& c) { return c.name == name; }),
                columns.end());
}

std::vector<std::string> RowSchema::Names() const {
  std::vector<std::string> out;
  for (const Column& c : columns) out.push_back(c.name);
  return out;
}

Finding FindingAt(Severity severity, std::string code, std::string message, Span span,
                  std::string_view text, const std::string& file, std::string suggestion) {
  Finding f;
  f.severity = severity;
  f.code = std::move(code);
  f.message = std::move(message);
  f.suggestion = std::move(suggestion);
  f.where.file = file;
  f.where.offset = span.begin;
  f.where.length = span.end - span.begin;
  f.where.has_offset = true;
  auto [line, column] = LineColumn(text, span.begin);
  f.where.line = line;
  f.where.column = column;
  return f;
}

void Binder::Report(Severity severity, std::string code, std::string message, Span span,
                    std::string suggestion) {
  findings_.push_back(FindingAt(severity, std::move(code), std::move(message), span, text_, file_,
                                std::move(suggestion)));
}

void Binder::UnknownColumn(const Node& name, const RowSchema& schema) {
  std::vector<std::string> candidates = schema.Names();
  for (const auto& [let, type] : scope_.scalars) candidates.push_back(let);
  std::vector<std::string> close = Suggest(name.text, candidates);
  Report(Severity::kError, "kql.unknown_column",
         "unknown column or name '" + name.text + "'" +
             (schema.columns.empty() ? std::string() : " in this part of the query"),
         name.span, close.empty() ? std::string() : "did you mean '" + close.front() + "'?");
}

void Binder::Script(const Node& script) {
  for (const Node& statement : script.kids) {
    if (statement.kind == NodeKind::kLet) {
      Let(statement);
    } else if (statement.kind == NodeKind::kQuery && !statement.kids.empty()) {
      const Node& q = statement.kids[0];
      if (IsTabular(q)) {
        Tabular(q);
      } else {
        Expr(q, RowSchema{});
      }
    }
  }
}

bool Binder::IsTabular(const Node& value) const {
  switch (value.kind) {
    case NodeKind::kPipe:
    case NodeKind::kOperator:
      return true;
    case NodeKind::kName:
      return scope_.tables.count(value.text) > 0 || catalog_.Find(value.text) != nullptr ||
             (scope_.scalars.count(value.text) == 0 && !value.text.empty() &&
              value.text[0] >= 'A' && value.text[0] <= 'Z');
    case NodeKind::kCall:
      if (value.text == "materialize" || value.text == "table") return true;
      if (scope_.functions.count(value.text) > 0) return true;
      return FindFunction(value.text) == nullptr;
    default:
      return false;
  }
}

void Binder::Let(const Node& let) {
  if (let.kids.empty()) return;
  const Node& value = let.kids[0];
  if (value.kind == NodeKind::kFunction) {
    Scope saved = scope_;
    for (const Node& param : value.kids) {
      if (param.kind != NodeKind::kParam) continue;
      bool tabular = !param.kids.empty() && param.kids[0].kind == NodeKind::kName &&
                     param.kids[0].text == "table";
      if (tabular) {
        scope_.tables[param.text] = RowSchema::Open();
      } else {
        scope_.scalars[param.text] =
            param.kids.empty() ? Type::kUnknown : ParseType(param.kids[0].text);
      }
    }
    RowSchema result = RowSchema::Open();
    const Node& body = value.kids.back();
    for (const Node& statement : body.kids) {
      if (statement.kind == NodeKind::kLet) {
        Let(statement);
      } else if (statement.kind == NodeKind::kQuery && !statement.kids.empty()) {
        if (IsTabular(statement.kids[0])) {
          result = Tabular(statement.kids[0]);
        } else {
          Expr(statement.kids[0], RowSchema{});
        }
      }
    }
    scope_ = std::move(saved);
    scope_.functions[let.text] = std::move(result);
    return;
  }
  if (IsTabular(value)) {
    scope_.tables[let.text] = Tabular(value);
    scope_.scalars.erase(let.text);
  } else {
    scope_.scalars[let.text] = Expr(value, RowSchema{});
    scope_.tables.erase(let.text);
  }
}

Type Binder::Name(const Node& n, const RowSchema& schema) {
  if (const Column* c = schema.Find(n.text)) return c->type;
  if (auto it = scope_.scalars.find(n.text); it != scope_.scalars.end()) return it->second;
  if (scope_.tables.count(n.text) > 0 || catalog_.Find(n.text) != nullptr) return Type::kUnknown;
  if (schema.open) return Type::kUnknown;
  UnknownColumn(n, schema);
  return Type::kUnknown;
}

// An in/has_any list: values, a scalar let holding a dynamic array, or a tabular expression
// whose single column gives the values.
void Binder::ListOrTabular(const Node& list, const RowSchema& schema) {
  for (const Node& item : list.kids) {
    bool tabular = item.kind == NodeKind::kPipe ||
                   (item.kind == NodeKind::kName && scope_.scalars.count(item.text) == 0 &&
                    schema.Find(item.text) == nullptr &&
                    (scope_.tables.count(item.text) > 0 || catalog_.Find(item.text) != nullptr));
    if (tabular) {
      Tabular(item);
    } else {
      Expr(item, schema);
    }
  }
}

Type Binder::Call(const Node& n, const RowSchema& schema) {
  std::vector<Type> types;
  for (const Node& arg : n.kids) {
    if (arg.kind == NodeKind::kWildcard) {  // arg_max(x, *)
      types.push_back(Type::kUnknown);
    } else if (arg.kind == NodeKind::kAssign && arg.kids.size() == 2) {
      types.push_back(Expr(arg.kids[1], schema));
    } else if (arg.kind == NodeKind::kPipe || (n.text == "toscalar" || n.text == "materialize")) {
      Tabular(arg);
      types.push_back(Type::kUnknown);
    } else {
      types.push_back(Expr(arg, schema));
    }
  }
  if (scope_.functions.count(n.text) > 0) return Type::kUnknown;
  const FunctionSpec* function = FindFunction(n.text);
  if (function == nullptr) {
    Report(Severity::kWarning, "kql.unknown_function",
           "'" + n.text +
               "' is not a Kusto function this engine knows, nor a function defined "
               "by let",
           n.span);
    return Type::kUnknown;
  }
  CheckArgumentCount(*function, n);
  return ResultType(*function, types);
}

void Binder::CheckArgumentCount(const FunctionSpec& function, const Node& call) {
  Signature signature = SignatureOf(function);
  size_t count = call.kids.size();
  if (count >= signature.min_args && count <= signature.max_args) return;
  Report(Severity::kError, "kql.argument_count",
         "'" + call.text + "' takes " + ArgumentCountText(signature) + ", not " +
             std::to_string(count),
         call.span,
         "call it as " + std::string(function.name) + "(" + std::string(function.signature) + ")");
}

Type Binder::Expr(const Node& n, const RowSchema& schema) {
  switch (n.kind) {
    case NodeKind::kName:
      return Name(n, schema);
    case NodeKind::kString:
      return Type::kString;
    case NodeKind::kNumber:
      return n.text.find_first_of(".eE") != std::string::npos && n.text.rfind("0x", 0) != 0
                 ? Type::kReal
                 : Type::kLong;
    case NodeKind::kTimespan:
      return Type::kTimespan;
    case NodeKind::kDatetime:
      return Type::kDateTime;
    case NodeKind::kGuid:
      return Type::kGuid;
    case NodeKind::kBool:
      return Type::kBool;
    case NodeKind::kDynamic:
    case NodeKind::kArray:
    case NodeKind::kObject:
      return Type::kDynamic;
    case NodeKind::kMember:
    case NodeKind::kIndex:
      if (!n.kids.empty()) Expr(n.kids[0], schema);
      if (n.kind == NodeKind::kIndex && n.kids.size() > 1) Expr(n.kids[1], schema);
      return Type::kDynamic;
    case NodeKind::kCall:
      return Call(n, schema);
    case NodeKind::kUnary:
      return n.kids.empty() ? Type::kUnknown : Expr(n.kids[0], schema);
    case NodeKind::kBetween:
      for (const Node& k : n.kids) Expr(k, schema);
      return Type::kBool;
    case NodeKind::kBinary: {
      if (n.kids.size() != 2) return Type::kUnknown;
      Type left = Expr(n.kids[0], schema);
      const std::string& op = n.text;
      if (n.kids[1].kind == NodeKind::kList) {
        ListOrTabular(n.kids[1], schema);
        if (op == "in" || op == "!in") {
          for (const Node& item : n.kids[1].kids) CheckComparison(n.kids[0], left, item);
        }
        return Type::kBool;
      }
      Type right = Expr(n.kids[1], schema);
      if (op == "==" || op == "!=" || op == "<>" || op == "<" || op == "<=" || op == ">" ||
          op == ">=") {
        CheckComparison(n.kids[0], left, n.kids[1]);
        CheckComparison(n.kids[1], right, n.kids[0]);
      }
      if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
        return ArithmeticType(op, left, right);
      }
      return Type::kBool;
    }
    case NodeKind::kList:
      ListOrTabular(n, schema);
      return Type::kUnknown;
    case NodeKind::kPipe:
    case NodeKind::kOperator:
      Tabular(n);
      return Type::kUnknown;
    default:
      return Type::kUnknown;
  }
}

CheckResult Check(std::string_view text, const Catalog& catalog, const std::string& file) {
  return CheckParsed(Parse(text), text, catalog, file);
}

CheckResult CheckParsed(const ParseResult& parsed, std::string_view text, const Catalog& catalog,
                        const std::string& file) {
  CheckResult result;
  auto locate = [&](const SyntaxError& e, Severity severity, const char* code) {
    return FindingAt(severity, code, e.message, e.span, text, file);
  };
  for (const SyntaxError& w : parsed.warnings) {
    result.findings.push_back(locate(w, Severity::kWarning, "kql.missing_semicolon"));
  }
  if (!parsed.ok) {
    result.findings.push_back(locate(parsed.error, Severity::kError, "kql.syntax"));
    return result;
  }
  result.parsed = true;
  Binder binder(text, catalog, file);
  binder.Script(parsed.script);
  for (Finding& f : binder.findings()) result.findings.push_back(std::move(f));
  result.bound = std::none_of(result.findings.begin(), result.findings.end(),
                              [](const Finding& f) { return f.severity == Severity::kError; });
  return result;
}

}  // namespace quarry::kql
