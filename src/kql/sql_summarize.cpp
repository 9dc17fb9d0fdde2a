// summarize: grouping keys, aggregates, and arg_max/arg_min (a whole row per group).
#include <algorithm>

#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

std::string UniqueName(const Rel& rel, const std::string& name) {
  std::string unique = name;
  for (int n = 1; FindColumn(rel, unique); ++n) unique = name + std::to_string(n);
  return unique;
}

const Node& AggregateValue(const Node& item) {
  return item.kind == NodeKind::kAssign ? item.kids[1] : item;
}

bool IsArgExtreme(const Node& item) {
  const Node& a = AggregateValue(item);
  return a.kind == NodeKind::kCall && (a.text == "arg_max" || a.text == "arg_min") &&
         !a.kids.empty();
}

}  // namespace

Lowerer::ArgRows Lowerer::ArgExtreme(const Node& item, const Grouping& g, const Rel& in) {
  const Node& a = AggregateValue(item);
  E by_value = Expr(a.kids[0], in);
  std::string partition;
  for (size_t i = 0; i < g.exprs.size(); ++i) {
    partition += (i ? ", " : "PARTITION BY ") + g.exprs[i];
  }
  ArgRows rows;
  rows.ranked = "SELECT *, ";
  for (size_t i = 0; i < g.keys.size(); ++i)
    rows.ranked += g.exprs[i] + " AS _k" + std::to_string(i) + ", ";
  rows.ranked += by_value.sql + " AS _v, ROW_NUMBER() OVER (" + partition + " ORDER BY " +
                 by_value.sql + (a.text == "arg_max" ? " DESC" : " ASC") + ") AS _rn FROM (" +
                 in.sql + ") WHERE " + by_value.sql + " IS NOT NULL";
  std::string first_name = item.kind == NodeKind::kAssign      ? item.kids[0].text
                           : a.kids[0].kind == NodeKind::kName ? a.kids[0].text
                                                               : "max_value";
  auto add = [&](const std::string& name, Type type, const std::string& sql) {
    rows.cols.push_back({name, type});
    rows.exprs.push_back(sql);
  };
  add(first_name, by_value.type, "_v");
  for (size_t i = 1; i < a.kids.size(); ++i) {
    const Node& col = a.kids[i];
    if (col.kind == NodeKind::kWildcard) {
      for (const SqlColumn& c : in.cols) {
        bool key = std::any_of(g.keys.begin(), g.keys.end(),
                               [&](const SqlColumn& k) { return k.name == c.name; });
        if (!key && c.name != first_name) add(c.name, c.type, Ident(c.name));
      }
    } else if (col.kind == NodeKind::kName) {
      E e = Name(col, in);
      add(col.text, e.type, e.sql);
    } else {
      Fail("arg_max/arg_min take column names or * here", col.span);
    }
  }
  return rows;
}

Rel Lowerer::Summarize(const Node& op, const Rel& in) {
  Grouping g;
  const Node* by = nullptr;
  std::vector<const Node*> aggs;
  for (const Node& item : op.kids) {
    if (item.kind == NodeKind::kBy) {
      by = &item;
    } else if (item.kind != NodeKind::kOption) {
      aggs.push_back(&item);
    }
  }
  if (by != nullptr) {
    for (const Node& key : by->kids) {
      std::string name;
      const Node* value = &key;
      if (key.kind == NodeKind::kAssign) {
        name = key.kids[0].text;
        value = &key.kids[1];
      } else if (key.kind == NodeKind::kName) {
        name = key.text;
      } else if (key.kind == NodeKind::kCall && !key.kids.empty() &&
                 key.kids[0].kind == NodeKind::kName) {
        name = key.kids[0].text;  // bin(TimeGenerated, 1h) is named TimeGenerated
      } else {
        Fail("give this grouping expression a name (Name = expression)", key.span);
      }
      E e = Expr(*value, in);
      g.keys.push_back({name, e.type});
      g.exprs.push_back(e.sql);
    }
  }
  std::vector<const Node*> regular;
  for (const Node* item : aggs) {
    if (!IsArgExtreme(*item)) regular.push_back(item);
  }
  // Without window functions (ClickHouse), arg_max/arg_min are aggregates like the others.
  if (regular.size() == aggs.size() || !dialect_.HasWindowFunctions()) {
    return Grouped(g, aggs, in, nullptr);
  }

  Rel out;
  std::vector<std::string> exprs;
  for (size_t i = 0; i < g.keys.size(); ++i) {
    out.cols.push_back(g.keys[i]);
    exprs.push_back("_k" + std::to_string(i));
  }
  if (aggs.size() == 1) {
    // One arg_max/arg_min alone: its ranked rows are the result.
    ArgRows rows = ArgExtreme(*aggs[0], g, in);
    for (size_t i = 0; i < rows.cols.size(); ++i) {
      out.cols.push_back({UniqueName(out, rows.cols[i].name), rows.cols[i].type});
      exprs.push_back(rows.exprs[i]);
    }
    out.sql = Select(out.cols, exprs, rows.ranked, dialect_) + " WHERE _rn = 1";
    return out;
  }
  // arg_max/arg_min next to other aggregates: the others grouped as usual, and each arg one's
  // row per group joined to them on the keys (IS, so that a null key joins its own group).
  std::vector<size_t> widths;
  Rel grouped = Grouped(g, regular, in, &widths);
  exprs.clear();
  for (const SqlColumn& key : g.keys) exprs.push_back("_g." + Ident(key.name));
  std::string from = "(" + grouped.sql + ") AS _g";
  size_t next_grouped = g.keys.size(), next_regular = 0;
  int arg_index = 0;
  for (const Node* item : aggs) {
    if (!IsArgExtreme(*item)) {
      for (size_t k = 0; k < widths[next_regular]; ++k, ++next_grouped) {
        const SqlColumn& c = grouped.cols[next_grouped];
        out.cols.push_back({UniqueName(out, c.name), c.type});
        exprs.push_back("_g." + Ident(c.name));
      }
      ++next_regular;
      continue;
    }
    ArgRows rows = ArgExtreme(*item, g, in);
    std::string alias = "_a" + std::to_string(arg_index++);
    std::string select = "SELECT ";
    for (size_t i = 0; i < g.keys.size(); ++i) select += "_k" + std::to_string(i) + ", ";
    for (size_t i = 0; i < rows.cols.size(); ++i) {
      select += (i ? ", " : "") + rows.exprs[i] + " AS _c" + std::to_string(i);
      out.cols.push_back({UniqueName(out, rows.cols[i].name), rows.cols[i].type});
      exprs.push_back(alias + "._c" + std::to_string(i));
    }
    select += " FROM (" + rows.ranked + ") WHERE _rn = 1";
    std::string on;
    for (size_t i = 0; i < g.keys.size(); ++i) {
      on += (i ? " AND _g." : "_g.") + Ident(g.keys[i].name) + " IS " + alias + "._k" +
            std::to_string(i);
    }
    from.append(" LEFT JOIN (").append(select).append(") AS ").append(alias);
    from.append(" ON ").append(on.empty() ? "1" : on);
  }
  out.sql = "SELECT ";
  for (size_t i = 0; i < out.cols.size(); ++i) {
    out.sql += (i ? ", " : "") + exprs[i] + " AS " + Ident(out.cols[i].name);
  }
  out.sql += " FROM " + from;
  return out;
}

Rel Lowerer::Grouped(const Grouping& g, const std::vector<const Node*>& aggs, const Rel& in,
                     std::vector<size_t>* widths) {
  Rel out;
  std::vector<std::string> exprs = g.exprs;
  out.cols = g.keys;
  for (const Node* item : aggs) {
    size_t before = out.cols.size();
    if (IsArgExtreme(*item)) {
      // The row's columns as one tuple taken where the value is largest (smallest), so that they
      // come from the same row.
      ArgRows rows = ArgExtreme(*item, g, in);
      const Node& a = AggregateValue(*item);
      std::string by = Expr(a.kids[0], in).sql;
      std::string kept = "isNotNull(" + by + ")";
      std::string tuple = "tuple(";
      for (size_t i = 1; i < rows.exprs.size(); ++i) tuple += (i > 1 ? ", " : "") + rows.exprs[i];
      tuple += ")";
      bool max = a.text == "arg_max";
      std::string pick = max ? "argMaxIf(" : "argMinIf(";
      pick.append(tuple).append(", ").append(by).append(", ").append(kept).append(")");
      std::string extreme = max ? "maxIf(" : "minIf(";
      extreme.append(by).append(", ").append(kept).append(")");
      for (size_t i = 0; i < rows.cols.size(); ++i) {
        out.cols.push_back({UniqueName(out, rows.cols[i].name), rows.cols[i].type});
        exprs.push_back(i == 0 ? extreme : "tupleElement(" + pick + ", " + std::to_string(i) + ")");
      }
      if (widths != nullptr) widths->push_back(out.cols.size() - before);
      continue;
    }
    std::string name;
    const Node* value = item;
    if (item->kind == NodeKind::kAssign && item->kids[0].kind == NodeKind::kName) {
      name = item->kids[0].text;
      value = &item->kids[1];
    } else if (item->kind == NodeKind::kCall) {
      name = AggregateName(*item);
    }
    if (value->kind == NodeKind::kCall && value->text == "percentiles" && value != item) {
      Fail("name each percentile: summarize percentiles(x, 50, 95) names them itself", item->span);
    }
    if (value->kind == NodeKind::kCall && value->text == "percentiles") {
      // One column per requested percentile, named as Kusto names them.
      if (value->kids.size() < 2) Fail("percentiles needs a value and percentages", item->span);
      for (size_t i = 1; i < value->kids.size(); ++i) {
        Node single = *value;
        single.text = "percentile";
        single.kids = {value->kids[0], value->kids[i]};
        std::string column = AggregateName(single);
        if (column.empty()) column = "percentile_" + std::to_string(i);
        E e = Aggregate(single, in);
        out.cols.push_back({UniqueName(out, column), e.type});
        exprs.push_back(e.sql);
      }
    } else {
      if (name.empty()) Fail("give this aggregate a name (Name = aggregate)", item->span);
      E e = Aggregate(*value, in);
      out.cols.push_back({UniqueName(out, name), e.type});
      exprs.push_back(e.sql);
    }
    if (widths != nullptr) widths->push_back(out.cols.size() - before);
  }
  std::string group;
  for (size_t i = 0; i < g.keys.size(); ++i) {
    group += (i ? ", " : " GROUP BY ") +
             (dialect_.GroupsByPosition() ? std::to_string(i + 1) : g.exprs[i]);
  }
  out.sql = Select(out.cols, exprs, in.sql, dialect_, group);
  return out;
}

}  // namespace quarry::kql
