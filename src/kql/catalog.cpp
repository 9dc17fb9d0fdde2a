#include "kql/catalog.h"

#include <algorithm>
#include <fstream>

namespace quarry::kql {
namespace {

// One CSV record with RFC 4180 quoting; false at the end of the input. Records may span lines.
bool ReadCsvRecord(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string line;
  if (!std::getline(in, line)) return false;
  std::string field;
  bool quoted = false;
  for (size_t i = 0;; ++i) {
    if (i == line.size()) {
      if (quoted && std::getline(in, line)) {
        field += '\n';
        i = static_cast<size_t>(-1);
        continue;
      }
      break;
    }
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return true;
}

}  // namespace

const Column* TableSchema::Find(std::string_view column) const {
  for (const Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

void Catalog::Add(TableSchema table) {
  std::string name = table.name;
  tables_[name] = std::move(table);
}

const TableSchema* Catalog::Find(std::string_view table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::TableNames() const {
  std::vector<std::string> out;
  for (const auto& [name, table] : tables_) out.push_back(name);
  return out;
}

Result<Catalog> Catalog::LoadSchemaDir(const std::string& dir) {
  std::string path = dir + "/la_table_schemas.csv";
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open (expected a kql-schema folder)");
  std::vector<std::string> fields;
  if (!ReadCsvRecord(in, fields) || fields.size() < 3 || fields[0] != "table_name") {
    return ParseError(path + ": line 1: expected the header table_name,column_name,column_type");
  }
  std::map<std::string, TableSchema> tables;
  while (ReadCsvRecord(in, fields)) {
    if (fields.size() < 3 || fields[0].empty()) continue;
    TableSchema& t = tables[fields[0]];
    t.name = fields[0];
    if (t.Find(fields[1]) == nullptr) {
      t.columns.push_back(Column{fields[1], ParseType(fields[2])});
    }
  }
  Catalog catalog;
  for (auto& entry : tables) {
    const std::string& name = entry.first;
    TableSchema& table = entry.second;
    // Every Log Analytics table has the standard columns, whether its page lists them or not.
    static const std::pair<const char*, Type> kStandard[] = {
        {"TimeGenerated", Type::kDateTime}, {"Type", Type::kString},
        {"TenantId", Type::kString},        {"_ResourceId", Type::kString},
        {"_SubscriptionId", Type::kString}, {"_ItemId", Type::kString},
        {"_TimeReceived", Type::kDateTime}, {"_IsBillable", Type::kString},
        {"_BilledSize", Type::kReal}};
    for (const auto& [column, type] : kStandard) {
      if (!table.Find(column)) table.columns.push_back(Column{column, type});
    }
    // The Defender XDR tables that Log Analytics mirrors are queried in Defender's advanced
    // hunting too, where their time column is Timestamp: queries written there must bind.
    static constexpr std::string_view kDefenderPrefixes[] = {"Device",
                                                             "Email",
                                                             "Identity",
                                                             "CloudAppEvents",
                                                             "Alert",
                                                             "UrlClickEvents",
                                                             "Behavior",
                                                             "AADSignInEventsBeta",
                                                             "AADSpnSignInEventsBeta",
                                                             "ExposureGraph"};
    bool defender = std::any_of(std::begin(kDefenderPrefixes), std::end(kDefenderPrefixes),
                                [&name](std::string_view p) { return name.rfind(p, 0) == 0; });
    if (defender && table.Find("TimeGenerated") && !table.Find("Timestamp")) {
      table.columns.push_back(Column{"Timestamp", Type::kDateTime});
    }
    catalog.Add(std::move(table));
  }
  return catalog;
}

}  // namespace quarry::kql
