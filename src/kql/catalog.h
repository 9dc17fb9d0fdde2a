// What a query can name: tables and their typed columns. Built from a case (the CLI fills it
// from the store) or from a folder laid out like ../shared/corpora/kql-schema.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "kql/types.h"

namespace quarry::kql {

struct Column {
  std::string name;
  Type type = Type::kUnknown;
};

struct TableSchema {
  std::string name;
  std::vector<Column> columns;
  const Column* Find(std::string_view column) const;
};

class Catalog {
 public:
  void Add(TableSchema table);
  // Names are case-sensitive, as in Kusto.
  const TableSchema* Find(std::string_view table) const;
  std::vector<std::string> TableNames() const;
  size_t size() const { return tables_.size(); }

  // DIR/la_table_schemas.csv: "table_name","column_name","column_type","description". Defender
  // XDR tables (Device*, Email*, Identity*, …) also get the Timestamp column advanced hunting
  // gives them.
  static Result<Catalog> LoadSchemaDir(const std::string& dir);

 private:
  std::map<std::string, TableSchema, std::less<>> tables_;
};

}  // namespace quarry::kql
