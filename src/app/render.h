// Rendering of result tables for people (aligned text) and machines (JSON, JSON lines, CSV).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace quarry::app {

enum class OutputFormat { kTable, kJson, kJsonl, kCsv };
Result<OutputFormat> ParseOutputFormat(std::string_view name);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

void Render(const Table& table, OutputFormat format, std::ostream& out);
// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
std::string CsvCell(const std::string& s);

}  // namespace quarry::app
