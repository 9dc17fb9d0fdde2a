// Tabular sources that read no table: print, datatable and range.
#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

Rel Lowerer::Print(const Node& op) {
  Rel out;
  std::vector<std::string> exprs;
  int unnamed = 0;
  for (const Node& item : op.kids) {
    bool named = item.kind == NodeKind::kAssign;
    E e = Expr(named ? item.kids[1] : item, Rel{});
    out.cols.push_back({named ? item.kids[0].text : "print_" + std::to_string(unnamed++), e.type});
    exprs.push_back(e.sql);
  }
  out.sql = Select(out.cols, exprs, "", dialect_);
  return out;
}

Rel Lowerer::Datatable(const Node& op) {
  if (op.kids.size() < 2) Fail("datatable needs columns and values", op.span);
  Rel out;
  std::vector<std::string> names;
  for (size_t i = 0; i + 1 < op.kids.size(); ++i) {
    const Node& column = op.kids[i];
    out.cols.push_back({column.text, ParseType(column.kids[0].text)});
    names.push_back(column.text);
  }
  const Node& values = op.kids.back();
  size_t width = out.cols.size();
  if (values.kids.size() % width != 0) {
    Fail("datatable's values do not fill whole rows of " + std::to_string(width) + " column(s)",
         values.span);
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t at = 0; at < values.kids.size(); at += width) {
    std::vector<std::string>& row = rows.emplace_back();
    for (size_t i = 0; i < width; ++i) {
      E value = Expr(values.kids[at + i], Rel{});
      Type type = out.cols[i].type;
      // A value is stored as its column's type, as Kusto converts it on ingestion.
      if (type == Type::kString && value.type != Type::kString) {
        row.push_back(AsText(value));
      } else if (type == Type::kDateTime && value.type == Type::kString) {
        row.push_back(dialect_.Function("todatetime", {value.sql}));
      } else if (type == Type::kTimespan && value.type == Type::kString) {
        row.push_back(dialect_.Function("totimespan", {value.sql}));
      } else if (type == Type::kReal && value.type == Type::kLong) {
        row.push_back(dialect_.ToReal(value.sql));
      } else {
        row.push_back(value.sql);
      }
    }
  }
  out.sql = dialect_.Values(names, rows);
  return out;
}

Rel Lowerer::Range(const Node& op) {
  if (op.kids.size() != 4) Fail("range needs a name, from, to and step", op.span);
  E start = Expr(op.kids[1], Rel{});
  E stop = Expr(op.kids[2], Rel{});
  E step = Expr(op.kids[3], Rel{});
  Rel out;
  out.cols.push_back({op.kids[0].text, start.type == Type::kUnknown ? Type::kLong : start.type});
  out.sql = dialect_.Series(op.kids[0].text, start.sql, stop.sql, step.sql);
  return out;
}

}  // namespace quarry::kql
