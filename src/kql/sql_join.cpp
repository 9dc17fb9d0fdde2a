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
    std::string where;
    if (dialect_.HasWindowFunctions()) {
      where =
          std::string(anti ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + inner + " WHERE " + on + ")";
    } else {
      // No correlated subqueries (ClickHouse): the kept side's keys IN the other side's. A null
      // key matches nothing, so an anti join keeps its row.
      std::string kept_keys, other_keys, present;
      for (const auto& [l, r] : keys) {
        std::string k = (keep_left ? "_l." : "_r.") + Ident(keep_left ? l : r);
        kept_keys += (kept_keys.empty() ? "" : ", ") + k;
        other_keys += (other_keys.empty() ? "" : ", ") + std::string(keep_left ? "_r." : "_l.") +
                      Ident(keep_left ? r : l);
        present += (present.empty() ? "" : " AND ") + k + " IS NOT NULL";
      }
      std::string in = "(" + kept_keys + ") IN (SELECT " + other_keys + " FROM " + inner + ")";
      where = anti ? "NOT (" + present + " AND " + in + ")" : in;
    }
    out.sql = Select(kept.cols, columns_of(kept, keep_left ? "_l" : "_r"), "", dialect_) +
              " FROM " + outer + " WHERE " + where;
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
    if (dialect_.HasWindowFunctions()) {
      l_sql = "(SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY " + partition +
              ") AS _unique FROM " + l_sql + ") WHERE _unique = 1)";
    } else {
      l_sql = "(SELECT * FROM " + l_sql + " LIMIT 1 BY " + partition + ")";
    }
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
  std::vector<const Node*> items;
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
      items.push_back(&k);
    }
  }
  if (items.empty()) Fail("mv-expand needs a column", op.span);
  struct Expansion {
    std::string name, source;
    Type type = Type::kDynamic;
  };
  std::vector<Expansion> expansions;
  for (const Node* item : items) {
    const Node& target = item->kids[0];
    Expansion x;
    if (target.kind == NodeKind::kAssign && target.kids[0].kind == NodeKind::kName) {
      x.name = target.kids[0].text;
      x.source = Expr(target.kids[1], in).sql;
    } else if (target.kind == NodeKind::kName) {
      x.name = target.text;
      x.source = Name(target, in).sql;
    } else {
      Fail("give the expanded value a name (Name = expression)", target.span);
    }
    std::string written = item->kids.size() > 1 ? item->kids[1].text : "dynamic";
    // An int expands to a long column: SQLite has one integer type.
    static const std::pair<std::string_view, Type> kExpandable[] = {
        {"dynamic", Type::kDynamic}, {"long", Type::kLong},   {"int", Type::kLong},
        {"real", Type::kReal},       {"double", Type::kReal}, {"string", Type::kString}};
    auto expandable = std::find_if(std::begin(kExpandable), std::end(kExpandable),
                                   [&](const auto& e) { return e.first == written; });
    if (expandable == std::end(kExpandable)) {
      Fail("mv-expand to typeof(" + written + ") is not supported when running queries yet",
           item->span);
    }
    x.type = expandable->second;
    expansions.push_back(std::move(x));
  }
  auto typed = [&](const Expansion& x, const std::string& value) {
    if (x.type == Type::kLong) return dialect_.ToLong(value);
    if (x.type == Type::kReal) return dialect_.ToReal(value);
    if (x.type == Type::kString) return "coalesce(" + dialect_.CastToText(value, false) + ", '')";
    return value;
  };
  // Each value to expand, as JSON: arrays and bags as they are, anything else as one element.
  std::string from = "SELECT *";
  for (size_t i = 0; i < expansions.size(); ++i) {
    const std::string& v = expansions[i].source;
    from.append(", (CASE WHEN json_valid(").append(v).append(") AND json_type(").append(v);
    from.append(") IN ('array', 'object') THEN ").append(v).append(" ELSE json_array(").append(v);
    from.append(") END) AS _x").append(std::to_string(i));
  }
  from += " FROM (" + in.sql + ")";
  // A bag expands to one single-property bag per property.
  // json_each gives true and false as 1 and 0: a bag keeps them JSON booleans.
  auto property = [](const std::string& each) {
    return "json_object(" + each + ".key, CASE " + each + ".type WHEN 'true' THEN json('true') " +
           "WHEN 'false' THEN json('false') ELSE " + each + ".value END)";
  };
  auto element = [&](const std::string& json, const std::string& each) {
    return "(CASE json_type(" + json + ") WHEN 'object' THEN " + property(each) + " ELSE " + each +
           ".value END)";
  };
  // Position of the driving element: an array's index, or the number of properties before it.
  std::string position =
      "(CASE json_type(_m._d) WHEN 'object' THEN (SELECT COUNT(*) FROM json_each(_m._d) AS _p "
      "WHERE _p.id < _e.id) ELSE _e.key END)";
  std::vector<std::string> values;
  if (expansions.size() == 1) {
    values.push_back(element("_m._x0", "_e"));
    position.replace(position.find("_m._d"), 5, "_m._x0");
    position.replace(position.find("_m._d"), 5, "_m._x0");
  } else {
    // Several columns expand in step (zipped): as many rows as the longest has elements, the
    // shorter ones null past their end.
    std::string driver = "(CASE";
    for (size_t i = 0; i < expansions.size(); ++i) {
      std::string length = "(SELECT COUNT(*) FROM json_each(_x" + std::to_string(i) + "))";
      if (i + 1 == expansions.size()) {
        driver += " ELSE _x" + std::to_string(i) + " END)";
        break;
      }
      std::string longest;
      for (size_t k = 0; k < expansions.size(); ++k) {
        if (k == i) continue;
        longest += std::string(longest.empty() ? "" : " AND ") + length +
                   " >= (SELECT COUNT(*) FROM json_each(_x" + std::to_string(k) + "))";
      }
      driver += " WHEN " + longest + " THEN _x" + std::to_string(i);
    }
    from = "SELECT *, " + driver + " AS _d FROM (" + from + ")";
    for (size_t i = 0; i < expansions.size(); ++i) {
      std::string json = "_m._x" + std::to_string(i);
      std::string value = "(CASE json_type(" + json + ") WHEN 'object' THEN (SELECT ";
      value.append(property("_o")).append(" FROM json_each(").append(json);
      value.append(") AS _o WHERE (SELECT COUNT(*) FROM json_each(").append(json);
      value.append(") AS _q WHERE _q.id < _o.id) = ").append(position);
      value.append(") ELSE json_extract(").append(json).append(", '$[' || ").append(position);
      value.append(" || ']') END)");
      values.push_back(std::move(value));
    }
  }
  // An expanded column keeps its place when it replaces one; new ones go last.
  Rel out;
  std::vector<std::string> exprs;
  std::vector<bool> placed(expansions.size(), false);
  auto emit = [&](size_t i) {
    const Expansion& x = expansions[i];
    out.cols.push_back({x.name, x.type});
    exprs.push_back(typed(x, values[i]));
    placed[i] = true;
  };
  for (const SqlColumn& c : in.cols) {
    auto it = std::find_if(expansions.begin(), expansions.end(),
                           [&](const Expansion& x) { return x.name == c.name; });
    if (it == expansions.end()) {
      out.cols.push_back(c);
      exprs.push_back("_m." + Ident(c.name));
    } else if (!placed[static_cast<size_t>(it - expansions.begin())]) {
      emit(static_cast<size_t>(it - expansions.begin()));
    }
  }
  for (size_t i = 0; i < expansions.size(); ++i) {
    if (!placed[i]) emit(i);
  }
  if (!index_column.empty()) {
    out.cols.push_back({index_column, Type::kLong});
    exprs.push_back(position);
  }
  std::string driver = expansions.size() == 1 ? "_m._x0" : "_m._d";
  out.sql = Select(out.cols, exprs, "", dialect_) + " FROM (" + from + ") AS _m, json_each(" +
            driver + ") AS _e";
  if (!limit.empty())
    out.sql += " WHERE _e.id IN (SELECT id FROM json_each(" + driver + ") LIMIT " + limit + ")";
  return out;
}

}  // namespace quarry::kql
