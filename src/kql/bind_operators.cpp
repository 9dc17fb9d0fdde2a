// Sources and tabular operators: the schema each one makes of its input.
#include <algorithm>

#include "core/strings.h"
#include "kql/binder_internal.h"

namespace quarry::kql {
namespace {}  // namespace

std::string Binder::OptionValue(const Node& op, std::string_view name) {
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOption && k.text == name && !k.kids.empty()) return k.kids[0].text;
  }
  return "";
}

RowSchema Binder::Tabular(const Node& n) {
  if (n.kind != NodeKind::kPipe) return Source(n);
  RowSchema schema = Source(n.kids[0]);
  for (size_t i = 1; i < n.kids.size(); ++i) schema = Apply(n.kids[i], std::move(schema));
  return schema;
}

RowSchema Binder::Table(const Node& name) {
  if (auto it = scope_.tables.find(name.text); it != scope_.tables.end()) return it->second;
  if (const TableSchema* t = catalog_.Find(name.text)) {
    RowSchema s;
    s.columns = t->columns;
    return s;
  }
  std::vector<std::string> candidates = catalog_.TableNames();
  for (const auto& [let, schema] : scope_.tables) candidates.push_back(let);
  std::vector<std::string> close = Suggest(name.text, candidates);
  Report(Severity::kError, "kql.unknown_table",
         "unknown table '" + name.text + "'" +
             (catalog_.size() > 0 ? std::string() : " (the catalog is empty)"),
         name.span, close.empty() ? std::string() : "did you mean '" + close.front() + "'?");
  return RowSchema::Open();
}

RowSchema Binder::Source(const Node& n) {
  switch (n.kind) {
    case NodeKind::kName:
      return Table(n);
    case NodeKind::kPipe:
      return Tabular(n);
    case NodeKind::kOperator:
      return SourceOperator(n);
    case NodeKind::kCall: {
      if ((n.text == "materialize" || n.text == "view") && !n.kids.empty()) {
        return Tabular(n.kids[0]);
      }
      if (n.text == "table" && !n.kids.empty() && n.kids[0].kind == NodeKind::kString) {
        Node name = n.kids[0];
        name.kind = NodeKind::kName;
        return Table(name);
      }
      if (auto it = scope_.functions.find(n.text); it != scope_.functions.end()) {
        RowSchema result = it->second;
        for (const Node& arg : n.kids) Expr(arg, RowSchema::Open());
        return result;
      }
      Report(Severity::kError, "kql.unknown_function",
             "'" + n.text +
                 "' is neither a table nor a function defined by let (workspace "
                 "functions and parsers are not available offline)",
             n.span);
      return RowSchema::Open();
    }
    default:
      Expr(n, RowSchema{});
      return RowSchema::Open();
  }
}

RowSchema Binder::SourceOperator(const Node& op) {
  if (op.text == "union") return Union(op, nullptr);
  if (op.text == "print") {
    RowSchema s;
    int unnamed = 0;
    for (const Node& item : op.kids) {
      if (item.kind == NodeKind::kAssign && item.kids.size() == 2) {
        s.Set(item.kids[0].text, Expr(item.kids[1], RowSchema{}));
      } else {
        s.Set("print_" + std::to_string(unnamed++), Expr(item, RowSchema{}));
      }
    }
    return s;
  }
  if (op.text == "datatable" && !op.kids.empty()) {
    RowSchema s;
    size_t width = op.kids.size() - 1;
    for (size_t i = 0; i < width; ++i) {
      const Node& column = op.kids[i];
      s.Set(column.text, ParseType(column.kids[0].text));
    }
    const Node& values = op.kids.back();
    for (const Node& value : values.kids) Expr(value, RowSchema{});
    if (width == 0 || values.kids.size() % width != 0) {
      Report(Severity::kError, "kql.datatable_shape",
             "datatable has " + std::to_string(values.kids.size()) + " values for " +
                 std::to_string(width) + " column(s): the count must be a multiple of the columns",
             values.span);
    }
    return s;
  }
  if (op.text == "range" && op.kids.size() == 4) {
    RowSchema s;
    Type type = Expr(op.kids[1], RowSchema{});
    Expr(op.kids[2], RowSchema{});
    Expr(op.kids[3], RowSchema{});
    s.Set(op.kids[0].text, type == Type::kUnknown ? Type::kLong : type);
    return s;
  }
  if (op.text == "search" || op.text == "find") {
    Report(Severity::kWarning, "kql.search_all",
           "'" + op.text + "' scans every table: name the table(s) and column(s) instead", op.span);
  }
  return RowSchema::Open();
}

RowSchema Binder::Union(const Node& op, const RowSchema* first) {
  RowSchema out;
  if (first != nullptr) out = *first;
  bool fuzzy = OptionValue(op, "isfuzzy") == "true";
  for (const Node& source : op.kids) {
    if (source.kind == NodeKind::kOption) continue;
    RowSchema s;
    if (source.kind == NodeKind::kWildcard) {
      if (source.text == "*") {
        Report(Severity::kWarning, "kql.search_all",
               "'union *' reads every table: name the tables instead", source.span);
        out.open = true;
        continue;
      }
      bool any = false;
      for (const std::string& table : catalog_.TableNames()) {
        if (!WildcardMatch(source.text, table)) continue;
        any = true;
        for (const Column& c : catalog_.Find(table)->columns) {
          if (!s.Find(c.name)) s.columns.push_back(c);
        }
      }
      if (!any) {
        Report(fuzzy ? Severity::kWarning : Severity::kError, "kql.unknown_table",
               "no table matches '" + source.text + "'", source.span);
        s.open = true;
      }
    } else if (fuzzy && source.kind == NodeKind::kName && !scope_.tables.count(source.text) &&
               catalog_.Find(source.text) == nullptr) {
      Report(Severity::kWarning, "kql.unknown_table",
             "unknown table '" + source.text + "' (skipped: isfuzzy=true)", source.span);
      continue;
    } else {
      s = Tabular(source);
    }
    for (const Column& c : s.columns) {
      if (!out.Find(c.name)) out.columns.push_back(c);
    }
    out.open = out.open || s.open;
  }
  std::string with_source = OptionValue(op, "withsource");
  if (with_source.empty()) with_source = OptionValue(op, "with_source");
  if (!with_source.empty()) out.Set(with_source, Type::kString);
  return out;
}

void Binder::JoinCondition(const Node& cond, const RowSchema& left, const RowSchema& right) {
  if (cond.kind == NodeKind::kName) {
    Name(cond, left);
    Name(cond, right);
    return;
  }
  if (cond.kind == NodeKind::kBinary && (cond.text == "and" || cond.text == "==")) {
    for (const Node& side : cond.kids) JoinCondition(side, left, right);
    return;
  }
  if (cond.kind == NodeKind::kMember && !cond.kids.empty() &&
      cond.kids[0].kind == NodeKind::kName &&
      (cond.kids[0].text == "$left" || cond.kids[0].text == "$right")) {
    Node column = cond;
    column.kind = NodeKind::kName;
    column.kids.clear();
    Name(column, cond.kids[0].text == "$left" ? left : right);
    return;
  }
  Report(Severity::kError, "kql.join_condition",
         "a join condition is a column name or $left.Column == $right.Column, joined by 'and'",
         cond.span);
}

RowSchema Binder::Join(const Node& op, const RowSchema& left) {
  const Node* right_node = nullptr;
  const Node* on = nullptr;
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOn) {
      on = &k;
    } else if (k.kind != NodeKind::kOption && right_node == nullptr) {
      right_node = &k;
    }
  }
  RowSchema right = right_node ? Tabular(*right_node) : RowSchema::Open();
  std::vector<std::string> keys;
  if (on != nullptr) {
    for (const Node& cond : on->kids) {
      JoinCondition(cond, left, right);
      if (cond.kind == NodeKind::kName) keys.push_back(cond.text);
    }
  }
  std::string kind = OptionValue(op, "kind");
  if (kind == "leftsemi" || kind == "leftanti" || kind == "anti" || kind == "leftantisemi") {
    return left;
  }
  if (kind == "rightsemi" || kind == "rightanti" || kind == "rightantisemi") return right;
  RowSchema out = left;
  out.open = left.open || right.open;
  bool lookup = op.text == "lookup";
  for (const Column& c : right.columns) {
    bool key = std::find(keys.begin(), keys.end(), c.name) != keys.end();
    if (lookup && key) continue;
    if (!out.Find(c.name)) {
      out.columns.push_back(c);
      continue;
    }
    // A right column whose name is taken gets the first free numeric suffix: Key1, Key2, ….
    for (int n = 1;; ++n) {
      std::string renamed = c.name + std::to_string(n);
      if (!out.Find(renamed) && !left.Find(renamed)) {
        out.columns.push_back(Column{renamed, c.type});
        break;
      }
    }
  }
  return out;
}

RowSchema Binder::Project(const Node& op, const RowSchema& in) {
  const std::string& name = op.text;
  RowSchema out;
  if (name == "project-away" || name == "project-keep" || name == "project-reorder") {
    out = in;
    std::vector<std::string> matched;
    for (const Node& item : op.kids) {
      if (item.kind == NodeKind::kWildcard) {
        for (const Column& c : in.columns) {
          if (WildcardMatch(item.text, c.name)) matched.push_back(c.name);
        }
        continue;
      }
      if (item.kind != NodeKind::kName) {
        Expr(item, in);
        continue;
      }
      Name(item, in);
      if (in.Find(item.text)) matched.push_back(item.text);
    }
    if (name == "project-away") {
      for (const std::string& m : matched) out.Remove(m);
    } else if (name == "project-keep") {
      RowSchema kept;
      kept.open = in.open;
      for (const Column& c : in.columns) {
        if (std::find(matched.begin(), matched.end(), c.name) != matched.end()) {
          kept.columns.push_back(c);
        }
      }
      out = kept;
    }
    return out;
  }
  if (name == "project-rename") {
    out = in;
    for (const Node& item : op.kids) {
      if (item.kind != NodeKind::kAssign || item.kids.size() != 2) continue;
      const Column* old = in.Find(item.kids[1].text);
      Expr(item.kids[1], in);
      Type type = old ? old->type : Type::kUnknown;
      out.Remove(item.kids[1].text);
      out.Set(item.kids[0].text, type);
    }
    return out;
  }
  bool extend = name == "extend" || name == "serialize";
  if (extend) out = in;
  for (const Node& item : op.kids) {
    if (item.kind == NodeKind::kAssign && item.kids.size() == 2) {
      Type type = Expr(item.kids[1], in);
      if (item.kids[0].kind == NodeKind::kTuple) {
        for (const Node& target : item.kids[0].kids) out.Set(target.text, Type::kUnknown);
      } else {
        out.Set(item.kids[0].text, type);
      }
    } else if (item.kind == NodeKind::kName) {
      Type type = Name(item, in);
      out.Set(item.text, type);
    } else if (item.kind == NodeKind::kWildcard) {
      for (const Column& c : in.columns) {
        if (WildcardMatch(item.text, c.name)) out.Set(c.name, c.type);
      }
      out.open = out.open || in.open;
    } else {
      // An unnamed expression: Kusto derives a name we do not model, so later names are not
      // checked.
      Expr(item, in);
      out.open = true;
    }
  }
  out.open = out.open || (extend && in.open) || (in.open && !extend && op.kids.empty());
  return out;
}

RowSchema Binder::Summarize(const Node& op, const RowSchema& in) {
  // Output: the `by` columns first, then the aggregates; an aggregate whose name is taken gets
  // a numeric suffix (arg_max(T, Id) by Id gives Id and Id1).
  RowSchema out;
  for (const Node& item : op.kids) {
    if (item.kind != NodeKind::kBy) continue;
    for (const Node& key : item.kids) {
      if (key.kind == NodeKind::kAssign && key.kids.size() == 2) {
        out.Set(key.kids[0].text, Expr(key.kids[1], in));
      } else if (key.kind == NodeKind::kName) {
        out.Set(key.text, Name(key, in));
      } else if (key.kind == NodeKind::kCall && !key.kids.empty() &&
                 key.kids[0].kind == NodeKind::kName &&
                 (key.text == "bin" || key.text == "bin_at" || key.text == "floor")) {
        out.Set(key.kids[0].text, Expr(key, in));
      } else {
        Expr(key, in);
        out.open = true;
      }
    }
  }
  auto add = [&out](const std::string& name, Type type) {
    std::string unique = name;
    for (int n = 1; out.Find(unique); ++n) unique = name + std::to_string(n);
    out.columns.push_back(Column{unique, type});
  };
  for (const Node& item : op.kids) {
    if (item.kind == NodeKind::kOption || item.kind == NodeKind::kBy) continue;
    // arg_max(by, cols…), arg_min and take_any(cols…): one column per argument, named after it;
    // `Name = arg_max(…)` names only the first.
    const Node& value =
        item.kind == NodeKind::kAssign && item.kids.size() == 2 ? item.kids[1] : item;
    bool per_argument =
        value.kind == NodeKind::kCall && (value.text == "arg_max" || value.text == "arg_min" ||
                                          value.text == "take_any" || value.text == "any");
    if (item.kind == NodeKind::kAssign && item.kids.size() == 2 &&
        (!per_argument || item.kids[0].kind == NodeKind::kTuple)) {
      Type type = Expr(item.kids[1], in);
      if (item.kids[0].kind == NodeKind::kTuple) {
        for (const Node& target : item.kids[0].kids) add(target.text, Type::kUnknown);
      } else {
        add(item.kids[0].text, type);
      }
      continue;
    }
    Type type = Expr(value, in);
    if (per_argument) {
      for (size_t i = 0; i < value.kids.size(); ++i) {
        const Node& arg = value.kids[i];
        if (i == 0 && &value != &item) {
          add(item.kids[0].text, type);
          continue;
        }
        if (arg.kind == NodeKind::kWildcard) {
          for (const Column& c : in.columns) {
            if (!out.Find(c.name)) out.columns.push_back(c);
          }
          out.open = out.open || in.open;
        } else if (arg.kind == NodeKind::kName) {
          const Column* c = in.Find(arg.text);
          add(arg.text, c ? c->type : Type::kUnknown);
        } else {
          out.open = true;
        }
      }
      continue;
    }
    if (item.kind == NodeKind::kCall && item.text == "percentiles" && item.kids.size() > 1) {
      for (size_t i = 1; i < item.kids.size(); ++i) {
        Node single = item;
        single.text = "percentile";
        single.kids = {item.kids[0], item.kids[i]};
        std::string column = AggregateName(single);
        if (column.empty()) {
          out.open = true;
        } else {
          add(column, type);
        }
      }
      continue;
    }
    std::string auto_name = item.kind == NodeKind::kCall ? AggregateName(item) : "";
    if (auto_name.empty()) {
      out.open = true;
    } else {
      add(auto_name, type);
    }
  }
  return out;
}

RowSchema Binder::Apply(const Node& op, RowSchema in) {
  if (op.kind != NodeKind::kOperator) return RowSchema::Open();
  const std::string& name = op.text;
  auto bind_all = [&](size_t from) {
    for (size_t i = from; i < op.kids.size(); ++i) {
      const Node& k = op.kids[i];
      if (k.kind == NodeKind::kSortKey) {
        Expr(k.kids[0], in);
      } else if (k.kind != NodeKind::kOption) {
        Expr(k, in);
      }
    }
  };
  if (name == "where" || name == "filter" || name == "sort" || name == "order" || name == "top" ||
      name == "take" || name == "limit" || name == "sample") {
    bind_all(0);
    return in;
  }
  if (name == "as" || name == "render") return in;
  if (name == "project" || name == "project-away" || name == "project-keep" ||
      name == "project-reorder" || name == "project-rename" || name == "extend" ||
      name == "serialize") {
    return Project(op, in);
  }
  if (name == "summarize") return Summarize(op, in);
  if (name == "count") {
    RowSchema out;
    out.Set("Count", Type::kLong);
    return out;
  }
  if (name == "distinct") {
    if (op.kids.size() == 1 && op.kids[0].kind == NodeKind::kWildcard) return in;
    RowSchema out;
    for (const Node& item : op.kids) {
      if (item.kind == NodeKind::kName) {
        out.Set(item.text, Name(item, in));
      } else if (item.kind != NodeKind::kOption) {
        Expr(item, in);
        out.open = true;
      }
    }
    return out;
  }
  if (name == "sample-distinct" && op.kids.size() == 2 && op.kids[1].kind == NodeKind::kName) {
    RowSchema out;
    out.Set(op.kids[1].text, Name(op.kids[1], in));
    return out;
  }
  if (name == "getschema") {
    RowSchema out;
    out.Set("ColumnName", Type::kString);
    out.Set("ColumnOrdinal", Type::kInt);
    out.Set("DataType", Type::kString);
    out.Set("ColumnType", Type::kString);
    return out;
  }
  if (name == "join" || name == "lookup") return Join(op, in);
  if (name == "union") return Union(op, &in);
  if (name == "mv-expand" || name == "mvexpand") {
    RowSchema out = in;
    for (const Node& item : op.kids) {
      if (item.kind == NodeKind::kOption) {
        if (item.text == "with_itemindex" && !item.kids.empty())
          out.Set(item.kids[0].text, Type::kLong);
        if (item.text == "limit" && !item.kids.empty()) Expr(item.kids[0], in);
        continue;
      }
      if (item.kind != NodeKind::kExpandItem || item.kids.empty()) continue;
      Type type = item.kids.size() > 1 ? ParseType(item.kids[1].text) : Type::kDynamic;
      const Node& target = item.kids[0];
      if (target.kind == NodeKind::kAssign && target.kids.size() == 2) {
        Expr(target.kids[1], in);
        out.Set(target.kids[0].text, type);
      } else if (target.kind == NodeKind::kName) {
        Name(target, in);
        out.Set(target.text, type);
      } else {
        Expr(target, in);
        out.open = true;
      }
    }
    return out;
  }
  if (name == "parse" || name == "parse-where") {
    RowSchema out = in;
    for (const Node& k : op.kids) {
      if (k.kind == NodeKind::kWith) {
        for (const Node& part : k.kids) {
          if (part.kind == NodeKind::kName) {
            out.Set(part.text, part.kids.empty() ? Type::kString : ParseType(part.kids[0].text));
          }
        }
      } else if (k.kind != NodeKind::kOption) {
        Expr(k, in);
      }
    }
    return out;
  }
  // evaluate, invoke and the operators parsed as balanced tokens: their output is not modelled.
  Report(Severity::kInfo, "kql.unchecked",
         "columns after '" + name + "' are not checked (its output schema is not modelled)",
         op.span);
  return RowSchema::Open();
}

}  // namespace quarry::kql
