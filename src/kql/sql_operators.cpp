// Tabular operators, scalar operators and functions, aggregates.
#include <algorithm>

#include "core/strings.h"
#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

const SqlColumn* FindColumn(const Rel& rel, std::string_view name) {
  for (const SqlColumn& c : rel.cols) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string Lowerer::Select(const std::vector<SqlColumn>& cols,
                            const std::vector<std::string>& exprs, const std::string& from,
                            const SqlDialect& dialect, const std::string& tail) {
  // ClickHouse resolves an alias anywhere in its SELECT, so `x + 1 AS x` is cyclic and an
  // aggregate named after the column it reads reads itself: there the expressions get private
  // names and an outer SELECT gives them theirs.
  bool private_names = !dialect.AliasesAreLocal() && !from.empty() && !cols.empty();
  std::string sql = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += exprs[i] + " AS " +
           (private_names ? "_q" + std::to_string(i) : dialect.Ident(cols[i].name));
  }
  if (cols.empty()) sql += "NULL AS _empty";
  if (!from.empty()) sql += " FROM (" + from + ")";
  sql += tail;
  if (!private_names) return sql;
  std::string outer = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) {
    outer += (i ? ", _q" : "_q") + std::to_string(i) + " AS " + dialect.Ident(cols[i].name);
  }
  return outer + " FROM (" + sql + ")";
}

void Lowerer::Let(const Node& s) {
  const Node& value = s.kids[0];
  tables_.erase(s.text);
  scalars_.erase(s.text);
  functions_.erase(s.text);
  if (value.kind == NodeKind::kFunction) {
    if (value.kids.empty()) Fail("a function needs a body", s.span);
    functions_[s.text] = &value;
    return;
  }
  bool tabular =
      value.kind == NodeKind::kPipe || value.kind == NodeKind::kOperator ||
      (value.kind == NodeKind::kName && (tables_.count(value.text) || catalog_.Find(value.text))) ||
      (value.kind == NodeKind::kCall && value.text == "materialize") ||
      (value.kind == NodeKind::kCall && functions_.count(value.text) &&
       ReturnsTable(*functions_.at(value.text)));
  if (tabular) {
    tables_[s.text] = Tabular(value);
  } else {
    E e = Expr(value, Rel{});
    scalars_[s.text] = E{"(" + e.sql + ")", e.type};
  }
}

Rel Lowerer::Script(const Node& script) {
  Rel result;
  bool any = false;
  for (const Node& s : script.kids) {
    if (s.kind == NodeKind::kLet && !s.kids.empty()) {
      Let(s);
    } else if (s.kind == NodeKind::kQuery && !s.kids.empty()) {
      result = Tabular(s.kids[0]);
      any = true;
    }
  }
  if (!any) Fail("the query has no tabular expression to run", script.span);
  return result;
}

namespace {

// `Col op "text"` with a string operator or comparison: the column and the text.
bool ColumnAgainstString(const Node& n, std::string& column, std::string& literal) {
  static const char* kOperators[] = {"==",       "=~",          "has",        "has_cs",
                                     "contains", "contains_cs", "startswith", "startswith_cs",
                                     "endswith", "endswith_cs"};
  if (n.kind != NodeKind::kBinary || n.kids.size() != 2) return false;
  bool string_operator = std::any_of(std::begin(kOperators), std::end(kOperators),
                                     [&](const char* op) { return n.text == op; });
  if (!string_operator || n.kids[0].kind != NodeKind::kName ||
      n.kids[1].kind != NodeKind::kString) {
    return false;
  }
  column = n.kids[0].text;
  literal = n.kids[1].text;
  return true;
}

// The `Col op "text"` comparisons that sit under an `or` (or a `not`): a misspelt one there
// does not empty the result, so nothing else would show it.
void AlternativeLiterals(const Node& n, bool alternative, std::vector<const Node*>& out) {
  std::string column, literal;
  if (alternative && ColumnAgainstString(n, column, literal)) {
    out.push_back(&n);
    return;
  }
  bool logical = (n.kind == NodeKind::kBinary && (n.text == "and" || n.text == "or")) ||
                 (n.kind == NodeKind::kUnary && n.text == "not") ||
                 (n.kind == NodeKind::kCall && n.text == "not");
  if (!logical) return;
  bool under = alternative || n.text == "or" || n.text == "not";
  for (const Node& kid : n.kids) AlternativeLiterals(kid, under, out);
}

void Conjuncts(const Node& n, std::vector<const Node*>& out) {
  if (n.kind == NodeKind::kBinary && n.text == "and" && n.kids.size() == 2) {
    Conjuncts(n.kids[0], out);
    Conjuncts(n.kids[1], out);
  } else {
    out.push_back(&n);
  }
}

}  // namespace

std::vector<SqlStep> Lowerer::Steps(const Node& script) {
  std::vector<SqlStep> steps;
  const Node* last = nullptr;
  for (const Node& s : script.kids) {
    if (s.kind == NodeKind::kLet && !s.kids.empty()) Let(s);
    if (s.kind == NodeKind::kQuery && !s.kids.empty()) last = &s.kids[0];
  }
  if (last == nullptr || last->kind != NodeKind::kPipe) return steps;
  Rel rel = Tabular(last->kids[0]);
  steps.push_back({last->kids[0].span, rel.sql, "source", "", "", ""});
  for (size_t i = 1; i < last->kids.size(); ++i) {
    const Node& op = last->kids[i];
    if ((op.text == "where" || op.text == "filter") && !op.kids.empty()) {
      std::vector<const Node*> parts;
      Conjuncts(op.kids[0], parts);
      std::vector<const Node*> alternatives;
      AlternativeLiterals(op.kids[0], false, alternatives);
      for (const Node* leaf : alternatives) {
        SqlStep step{leaf->span,
                     "SELECT * FROM (" + rel.sql + ") WHERE " + Expr(*leaf, rel).sql,
                     "alternative",
                     rel.sql,
                     "",
                     ""};
        ColumnAgainstString(*leaf, step.column, step.literal);
        steps.push_back(std::move(step));
      }
      if (parts.size() > 1) {
        for (const Node* part : parts) {
          SqlStep step{part->span, "SELECT * FROM (" + rel.sql + ") WHERE " + Expr(*part, rel).sql,
                       "conjunct", rel.sql,
                       "",         ""};
          ColumnAgainstString(*part, step.column, step.literal);
          steps.push_back(std::move(step));
        }
      }
    }
    std::string input = rel.sql;
    rel = Apply(op, std::move(rel));
    SqlStep step{op.span, rel.sql, op.text, input, "", ""};
    if ((op.text == "where" || op.text == "filter") && !op.kids.empty()) {
      ColumnAgainstString(op.kids[0], step.column, step.literal);
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

Rel Lowerer::Apply(const Node& op, Rel in) {
  const std::string& name = op.text;
  if (name == "where" || name == "filter") {
    E p = Expr(op.kids[0], in);
    if (dialect_.FiltersOnlyPlainScans() && !in.plain_scan.empty() && in.sql == in.plain_scan) {
      in.sql += (in.scan_filtered ? " AND (" : " WHERE (") + p.sql + ")";
      in.scan_filtered = true;
      in.plain_scan = in.sql;
      return in;
    }
    in.sql = "SELECT * FROM (" + in.sql + ") WHERE " + p.sql;
    return in;
  }
  if (name == "project" || name == "project-away" || name == "project-keep" ||
      name == "project-rename" || name == "project-reorder" || name == "extend") {
    return Project(op, in);
  }
  if (name == "summarize") return Summarize(op, in);
  if (name == "sort" || name == "order") {
    std::vector<const Node*> keys;
    for (const Node& k : op.kids) {
      if (k.kind == NodeKind::kSortKey) keys.push_back(&k);
    }
    return Sort(keys, in, "");
  }
  if (name == "top") {
    E n = Expr(op.kids[0], in);
    return Sort({&op.kids[1]}, in, n.sql);
  }
  if (name == "take" || name == "limit") {
    E n = Expr(op.kids[0], in);
    in.sql = "SELECT * FROM (" + in.sql + ") LIMIT " + n.sql;
    return in;
  }
  if (name == "count") {
    Rel out;
    out.cols = {{"Count", Type::kLong}};
    out.sql = "SELECT COUNT(*) AS " + Ident("Count") + " FROM (" + in.sql + ")";
    return out;
  }
  if (name == "distinct") {
    if (op.kids.size() == 1 && op.kids[0].kind == NodeKind::kWildcard) {
      in.sql = "SELECT DISTINCT * FROM (" + in.sql + ")";
      return in;
    }
    Rel out;
    std::vector<std::string> exprs;
    for (const Node& item : op.kids) {
      if (item.kind != NodeKind::kName) Fail("distinct takes column names here", item.span);
      E e = Name(item, in);
      out.cols.push_back({item.text, e.type});
      exprs.push_back(e.sql);
    }
    out.sql = "SELECT DISTINCT" + Select(out.cols, exprs, in.sql, dialect_).substr(6);
    return out;
  }
  if (name == "as" || name == "render" || (name == "serialize" && op.kids.empty())) return in;
  if (name == "union") return Union(op, &in);
  if (name == "join" || name == "lookup") return Join(op, in);
  if (name == "mv-expand" || name == "mvexpand") return MvExpand(op, in);
  if (name == "parse" || name == "parse-where") return Parse(op, in);
  Fail("operator '" + name + "' is not supported when running queries yet", op.span);
}

Rel Lowerer::Project(const Node& op, const Rel& in) {
  const std::string& name = op.text;
  std::vector<SqlColumn> cols;
  std::vector<std::string> exprs;
  auto set = [&](const std::string& column, const E& e) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].name == column) {
        cols[i].type = e.type;
        exprs[i] = e.sql;
        return;
      }
    }
    cols.push_back({column, e.type});
    exprs.push_back(e.sql);
  };
  auto matches = [&](const SqlColumn& c) {
    for (const Node& item : op.kids) {
      if ((item.kind == NodeKind::kWildcard || item.kind == NodeKind::kName) &&
          WildcardMatch(item.text, c.name)) {
        return true;
      }
    }
    return false;
  };
  if (name == "project-away" || name == "project-keep") {
    for (const SqlColumn& c : in.cols) {
      if (matches(c) == (name == "project-keep")) set(c.name, {Ident(c.name), c.type});
    }
  } else if (name == "project-reorder") {
    for (const Node& item : op.kids) {
      for (const SqlColumn& c : in.cols) {
        if (WildcardMatch(item.text, c.name)) set(c.name, {Ident(c.name), c.type});
      }
    }
    for (const SqlColumn& c : in.cols) set(c.name, {Ident(c.name), c.type});
  } else if (name == "project-rename") {
    for (const SqlColumn& c : in.cols) {
      std::string renamed = c.name;
      for (const Node& item : op.kids) {
        if (item.kind == NodeKind::kAssign && item.kids[1].text == c.name) {
          renamed = item.kids[0].text;
        }
      }
      set(renamed, {Ident(c.name), c.type});
    }
  } else {
    bool extend = name == "extend";
    if (extend) {
      for (const SqlColumn& c : in.cols) set(c.name, {Ident(c.name), c.type});
    }
    int unnamed = 1;
    for (const Node& item : op.kids) {
      if (item.kind == NodeKind::kAssign && item.kids[0].kind == NodeKind::kName) {
        set(item.kids[0].text, Expr(item.kids[1], in));
      } else if (item.kind == NodeKind::kName) {
        set(item.text, Name(item, in));
      } else if (extend) {
        set("Column" + std::to_string(unnamed++), Expr(item, in));
      } else {
        Fail("give this column a name (Name = expression) to run the query", item.span);
      }
    }
  }
  Rel out;
  out.cols = cols;
  out.sql = Select(cols, exprs, in.sql, dialect_);
  return out;
}

Rel Lowerer::Sort(const std::vector<const Node*>& keys, const Rel& in, const std::string& limit) {
  std::string order;
  for (const Node* k : keys) {
    if (!order.empty()) order += ", ";
    E e = Expr(k->kids[0], in);
    bool asc = k->text == "asc";
    // Kusto sorts descending unless told, nulls last when descending and first when ascending.
    std::string nulls =
        k->raw.empty() ? (asc ? "FIRST" : "LAST") : (k->raw == "first" ? "FIRST" : "LAST");
    order += e.sql + (asc ? " ASC" : " DESC") + " NULLS " + nulls;
  }
  Rel out = in;
  out.sql =
      "SELECT * FROM (" + in.sql + ") ORDER BY " + order + (limit.empty() ? "" : " LIMIT " + limit);
  return out;
}

Rel Lowerer::Union(const Node& op, const Rel* first) {
  std::vector<Rel> parts;
  std::vector<std::string> names;
  if (first != nullptr) {
    parts.push_back(*first);
    names.push_back("");
  }
  for (const Node& source : op.kids) {
    if (source.kind == NodeKind::kOption) continue;
    if (source.kind == NodeKind::kWildcard) {
      for (const std::string& table : catalog_.TableNames()) {
        if (!WildcardMatch(source.text, table)) continue;
        Node name;
        name.kind = NodeKind::kName;
        name.text = table;
        parts.push_back(Table(name));
        names.push_back(table);
      }
      continue;
    }
    parts.push_back(Tabular(source));
    names.push_back(source.kind == NodeKind::kName ? source.text : "");
  }
  Rel out;
  for (const Rel& p : parts) {
    for (const SqlColumn& c : p.cols) {
      if (!FindColumn(out, c.name)) out.cols.push_back(c);
    }
  }
  std::string with_source;
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOption && (k.text == "withsource" || k.text == "with_source")) {
      with_source = k.kids[0].text;
    }
  }
  std::vector<SqlColumn> cols = out.cols;
  if (!with_source.empty()) cols.insert(cols.begin(), {with_source, Type::kString});
  // A column whose parts hold it as numbers in one and text in another: ClickHouse has no type
  // for both, so there every part gives it as text.
  auto text_like = [](Type t) { return t == Type::kString || t == Type::kDynamic; };
  std::vector<bool> as_text(out.cols.size(), false);
  for (size_t k = 0; k < out.cols.size() && !dialect_.AliasesAreLocal(); ++k) {
    bool text = false, other = false;
    for (const Rel& p : parts) {
      if (const SqlColumn* c = FindColumn(p, out.cols[k].name)) {
        (text_like(c->type) ? text : other) = true;
      }
    }
    as_text[k] = text && other;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    std::vector<std::string> exprs;
    if (!with_source.empty()) exprs.push_back(dialect_.String(names[i]));
    for (size_t k = 0; k < out.cols.size(); ++k) {
      const SqlColumn& c = out.cols[k];
      std::string value = FindColumn(parts[i], c.name) ? Ident(c.name) : "NULL";
      exprs.push_back(as_text[k] && value != "NULL" ? "toString(" + value + ")" : value);
    }
    if (i > 0) out.sql += " UNION ALL ";
    out.sql += Select(cols, exprs, parts[i].sql, dialect_);
  }
  out.cols = cols;
  return out;
}

}  // namespace quarry::kql
