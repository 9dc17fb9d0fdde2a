// Operators that multiply rows: join and lookup (Kusto's default join is innerunique: the left
// side keeps one row per join key before an inner join, so duplicate left keys do not multiply
// the output), and mv-expand.
#include <algorithm>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

const SqlColumn* Find(const std::vector<SqlColumn>& cols, std::string_view name) {
  for (const SqlColumn& c : cols) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

// Equality pairs (left column, right column) from `on` conditions: `Col`, or
// `$left.A == $right.B`, joined by `and` or commas.
void Lowerer::JoinKeys(const Node& cond, std::vector<std::pair<std::string, std::string>>& keys) {
  if (cond.kind == NodeKind::kName) {
    keys.push_back({cond.text, cond.text});
    return;
  }
  if (cond.kind == NodeKind::kBinary && cond.text == "and") {
    for (const Node& side : cond.kids) JoinKeys(side, keys);
    return;
  }
  auto side = [&](const Node& n, const char* which) -> const std::string* {
    if (n.kind == NodeKind::kMember && !n.kids.empty() && n.kids[0].kind == NodeKind::kName &&
        n.kids[0].text == which) {
      return &n.text;
    }
    return nullptr;
  };
  if (cond.kind == NodeKind::kBinary && cond.text == "==" && cond.kids.size() == 2) {
    const std::string* l = side(cond.kids[0], "$left");
    const std::string* r = side(cond.kids[1], "$right");
    if (l == nullptr || r == nullptr) {
      l = side(cond.kids[1], "$left");
      r = side(cond.kids[0], "$right");
    }
    if (l != nullptr && r != nullptr) {
      keys.push_back({*l, *r});
      return;
    }
  }
  Fail("a join condition is a column name or $left.A == $right.B, joined by 'and'", cond.span);
}

Rel Lowerer::Join(const Node& op, const Rel& left) {
  const Node* right_node = nullptr;
  std::vector<std::pair<std::string, std::string>> keys;
  std::string kind = op.text == "lookup" ? "leftouter" : "innerunique";
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOption && k.text == "kind" && !k.kids.empty()) {
      kind = k.kids[0].text;
    } else if (k.kind == NodeKind::kOn) {
      for (const Node& cond : k.kids) JoinKeys(cond, keys);
    } else if (k.kind != NodeKind::kOption && right_node == nullptr) {
      right_node = &k;
    }
  }
  if (right_node == nullptr || keys.empty())
    Fail("a join needs a right side and 'on' keys", op.span);
  Rel right = Tabular(*right_node);
  for (const auto& [l, r] : keys) {
    if (!Find(left.cols, l)) Fail("no column '" + l + "' on the left side of the join", op.span);
    if (!Find(right.cols, r)) Fail("no column '" + r + "' on the right side of the join", op.span);
  }
  std::string on;
  for (const auto& [l, r] : keys) {
    if (!on.empty()) on += " AND ";
    on += "_l." + Ident(l) + " = _r." + Ident(r);
  }
  std::string l_sql = "(" + left.sql + ")", r_sql = "(" + right.sql + ")";
  auto columns_of = [&](const Rel& side, const char* alias) {
    std::vector<std::string> exprs;
    for (const SqlColumn& c : side.cols) exprs.push_back(std::string(alias) + "." + Ident(c.name));
    return exprs;
  };
  if (kind == "leftsemi" || kind == "leftanti" || kind == "anti" || kind == "leftantisemi" ||
      kind == "rightsemi" || kind == "rightanti" || kind == "rightantisemi") {
    bool keep_left = kind.rfind("left", 0) == 0 || kind == "anti";
    bool anti = kind.find("anti") != std::string::npos;
    const Rel& kept = keep_left ? left : right;
    std::string outer = keep_left ? l_sql + " AS _l" : r_sql + " AS _r";
    std::string inner = keep_left ? r_sql + " AS _r" : l_sql + " AS _l";
    Rel out;
    out.cols = kept.cols;
    out.sql = Select(kept.cols, columns_of(kept, keep_left ? "_l" : "_r"), "", dialect_) +
              " FROM " + outer + " WHERE " + (anti ? "NOT " : "") + "EXISTS (SELECT 1 FROM " +
              inner + " WHERE " + on + ")";
    return out;
  }
  std::string sql_join;
  if (kind == "innerunique" || kind == "inner") {
    sql_join = "JOIN";
  } else if (kind == "leftouter") {
    sql_join = "LEFT JOIN";
  } else if (kind == "rightouter") {
    sql_join = "RIGHT JOIN";
  } else if (kind == "fullouter") {
    sql_join = "FULL JOIN";
  } else {
    Fail("unknown join kind '" + kind + "'", op.span);
  }
  if (kind == "innerunique") {
    // One arbitrary left row per key: the first in scan order.
    std::string partition;
    for (const auto& [l, r] : keys) partition += (partition.empty() ? "" : ", ") + Ident(l);
    l_sql = "(SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY " + partition +
            ") AS _unique FROM " + l_sql + ") WHERE _unique = 1)";
  }
  Rel out;
  std::vector<std::string> exprs = columns_of(left, "_l");
  out.cols = left.cols;
  bool lookup = op.text == "lookup";
  for (const SqlColumn& c : right.cols) {
    bool key = std::any_of(keys.begin(), keys.end(),
                           [&](const auto& k) { return k.first == c.name && k.second == c.name; });
    if (lookup && key) continue;
    std::string name = c.name;
    for (int n = 1; Find(out.cols, name); ++n) name = c.name + std::to_string(n);
    out.cols.push_back({name, c.type});
    exprs.push_back("_r." + Ident(c.name));
  }
  out.sql = Select(out.cols, exprs, "", dialect_) + " FROM " + l_sql + " AS _l " + sql_join + " " +
            r_sql + " AS _r ON " + on;
  return out;
}

// mv-expand of one column: a row per array element (none for an empty array), a one-key bag per
// property of a bag, the value itself for anything else.
Rel Lowerer::MvExpand(const Node& op, const Rel& in) {
  const Node* item = nullptr;
  std::string index_column, limit;
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOption && k.text == "with_itemindex" && !k.kids.empty()) {
      index_column = k.kids[0].text;
    } else if (k.kind == NodeKind::kOption && k.text == "limit" && !k.kids.empty()) {
      limit = Expr(k.kids[0], in).sql;
    } else if (k.kind == NodeKind::kOption && k.text == "bagexpansion") {
      if (k.kids.empty() || k.kids[0].text != "bag") {
        Fail("only bagexpansion=bag is supported when running queries yet", k.span);
      }
    } else if (k.kind == NodeKind::kExpandItem) {
      if (item != nullptr)
        Fail("mv-expand of several columns at once is not supported when running queries yet",
             k.span);
      item = &k;
    }
  }
  if (item == nullptr) Fail("mv-expand needs a column", op.span);
  const Node& target = item->kids[0];
  std::string name;
  E source;
  if (target.kind == NodeKind::kAssign && target.kids[0].kind == NodeKind::kName) {
    name = target.kids[0].text;
    source = Expr(target.kids[1], in);
  } else if (target.kind == NodeKind::kName) {
    name = target.text;
    source = Name(target, in);
  } else {
    Fail("give the expanded value a name (Name = expression)", target.span);
  }
  std::string type = "dynamic";
  std::string value =
      "(CASE json_type(_m._x) WHEN 'object' THEN json_object(_e.key, _e.value) "
      "ELSE _e.value END)";
  if (item->kids.size() > 1) {
    type = item->kids[1].text;
    if (type == "long" || type == "int") {
      value = dialect_.ToLong(value);
    } else if (type == "real" || type == "double") {
      value = dialect_.ToReal(value);
    } else if (type == "string") {
      value = "CAST(" + value + " AS TEXT)";
    } else if (type != "dynamic") {
      Fail("mv-expand to typeof(" + type + ") is not supported when running queries yet",
           item->span);
    }
  }
  // The value to expand, as JSON: arrays and bags as they are, anything else as one element.
  std::string json = "(CASE WHEN json_valid(" + source.sql + ") AND json_type(" + source.sql +
                     ") IN ('array', 'object') THEN " + source.sql + " ELSE json_array(" +
                     source.sql + ") END)";
  Rel out;
  std::vector<std::string> exprs;
  for (const SqlColumn& c : in.cols) {
    if (c.name == name) continue;
    out.cols.push_back(c);
    exprs.push_back("_m." + Ident(c.name));
  }
  // The expanded column keeps its place when it replaces one.
  size_t position = out.cols.size();
  for (size_t i = 0; i < in.cols.size(); ++i) {
    if (in.cols[i].name == name) position = i;
  }
  out.cols.insert(out.cols.begin() + static_cast<std::ptrdiff_t>(position), {name, type});
  exprs.insert(exprs.begin() + static_cast<std::ptrdiff_t>(position), value);
  if (!index_column.empty()) {
    out.cols.push_back({index_column, "long"});
    exprs.push_back(
        "(CASE json_type(_m._x) WHEN 'object' THEN (SELECT COUNT(*) FROM json_each(_m._x) AS _p "
        "WHERE _p.id < _e.id) ELSE _e.key END)");
  }
  std::string from = "SELECT *, " + json + " AS _x FROM (" + in.sql + ")";
  out.sql =
      Select(out.cols, exprs, "", dialect_) + " FROM (" + from + ") AS _m, json_each(_m._x) AS _e";
  if (!limit.empty())
    out.sql += " WHERE _e.id IN (SELECT id FROM json_each(_m._x) LIMIT " + limit + ")";
  return out;
}

}  // namespace quarry::kql
