// A timeline table of a SQLite case: one statement, stepped row by row.
#include "ir/timeline_cursor.h"
#include "store/sqlite_util.h"

namespace quarry::ir::internal {
namespace {

// Text for a LIKE pattern, with the user's % and _ taken literally (ESCAPE '\\').
std::string LikeLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

class SqliteCursor : public TimelineCursor {
 public:
  SqliteCursor(std::string table, std::vector<store::ColumnInfo> columns)
      : TimelineCursor(std::move(table), std::move(columns)) {}

  Status Open(const store::Case& c, const TimelinePlan& plan) {
    std::vector<std::string> where;
    auto param = [&](std::string text) {
      texts_.push_back(std::move(text));
      return "?" + std::to_string(texts_.size());
    };
    for (const TextTest& test : plan.text) {
      std::string clause;
      for (size_t i : test.columns) {
        std::string col = store::QuoteIdent(columns_[i].name);
        if (!clause.empty()) clause += " OR ";
        switch (test.how) {
          case TextTest::How::kHost:  // WS01 is WS01.corp.example too
            clause.append(col).append(" = ").append(param(test.value));
            clause.append(" COLLATE NOCASE OR ").append(col).append(" LIKE ");
            clause.append(param(LikeLiteral(test.value) + ".%")).append(" ESCAPE '\\'");
            break;
          case TextTest::How::kContains:
            clause += col + " LIKE " + param("%" + LikeLiteral(test.value) + "%") + " ESCAPE '\\'";
            break;
          case TextTest::How::kEquals:
            clause += col + " = " + param(test.value) + " COLLATE NOCASE";
            break;
        }
      }
      where.push_back("(" + clause + ")");
    }
    if (plan.event_id) {
      std::string list;
      // As numbers and as text: a column's values may be either, whatever the evidence held.
      for (int64_t id : plan.event_ids) {
        if (!list.empty()) list += ", ";
        list.append(std::to_string(id)).append(", '").append(std::to_string(id)).append("'");
      }
      where.push_back(store::QuoteIdent(columns_[*plan.event_id].name) + " IN (" + list + ")");
    }
    if (!plan.eids.empty()) where.push_back("\"_eid\" IN (" + IdList(plan.eids) + ")");
    if (!plan.linked_eids.empty()) {
      std::string list = IdList(plan.linked_eids);
      where.push_back("(\"_eid\" IN (" + list + ")" +
                      (plan.linked_column ? " OR \"EventEid\" IN (" + list + "))" : ")"));
    }
    int next = static_cast<int>(texts_.size());
    if (plan.from) where.push_back("\"TimeGenerated\" >= ?" + std::to_string(++next));
    if (plan.to) where.push_back("\"TimeGenerated\" <= ?" + std::to_string(++next));
    std::string select;
    for (const auto& col : columns_)
      select += (select.empty() ? "" : ", ") + store::QuoteIdent(col.name);
    std::string sql = "SELECT " + select + " FROM " + store::QuoteIdent(table_);
    for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    sql += " ORDER BY \"TimeGenerated\", \"_eid\"";
    stmt_ = store::Statement(c.db(), sql);
    if (!stmt_.valid()) return stmt_.prepare_status();
    int i = 0;
    for (const std::string& t : texts_) stmt_.BindText(++i, t);
    if (plan.from) stmt_.BindInt(++i, plan.from->ticks);
    if (plan.to) stmt_.BindInt(++i, plan.to->ticks);
    return Next();
  }

  Status Next() override {
    QUARRY_ASSIGN_OR_RETURN(bool row, stmt_.Step());
    if (!row) {
      done = true;
      return Status::Ok();
    }
    row_.resize(columns_.size());
    for (size_t i = 0; i < columns_.size(); ++i) {
      row_[i] = store::ReadValue(stmt_.get(), static_cast<int>(i), columns_[i].type);
    }
    Take(row_);
    return Status::Ok();
  }

 private:
  store::Statement stmt_;
  std::vector<std::string> texts_;  // bound parameters, kept alive while the statement runs
  std::vector<Value> row_;
};

}  // namespace

Result<std::unique_ptr<TimelineCursor>> OpenSqliteCursor(const store::Case& c,
                                                         const std::string& table,
                                                         std::vector<store::ColumnInfo> columns,
                                                         const TimelinePlan& plan) {
  auto cursor = std::make_unique<SqliteCursor>(table, std::move(columns));
  QUARRY_RETURN_IF_ERROR(cursor->Open(c, plan));
  return std::unique_ptr<TimelineCursor>(std::move(cursor));
}

}  // namespace quarry::ir::internal
