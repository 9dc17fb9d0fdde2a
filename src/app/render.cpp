#include "app/render.h"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "core/json.h"
#include "core/strings.h"

namespace quarry::app {

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "jsonl") return OutputFormat::kJsonl;
  if (name == "csv") return OutputFormat::kCsv;
  return InvalidArgument("unknown --format '" + std::string(name) +
                         "' (use table, json, jsonl or csv)");
}

namespace {

std::string JsonObject(const Table& t, const std::vector<Value>& row) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) w.Key(t.columns[i]).Cell(row[i]);
  w.EndObject();
  return out;
}

// Display width in code points (good enough for aligned columns).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Cell(const Value& v) {
  std::string s = v.ToText();
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  constexpr size_t kMax = 80;
  if (Width(s) > kMax) {
    size_t cut = 0, n = 0;
    while (cut < s.size() && n < kMax - 1) {
      ++cut;
      while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
      ++n;
    }
    s = s.substr(0, cut) + "\xE2\x80\xA6";
  }
  return s;
}

}  // namespace

void Render(const Table& t, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kJson: {
      out << "[";
      for (size_t r = 0; r < t.rows.size(); ++r)
        out << (r ? ",\n " : "\n ") << JsonObject(t, t.rows[r]);
      out << (t.rows.empty() ? "]\n" : "\n]\n");
      return;
    }
    case OutputFormat::kJsonl:
      for (const auto& row : t.rows) out << JsonObject(t, row) << '\n';
      return;
    case OutputFormat::kCsv: {
      for (size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << CsvCell(t.columns[i]);
      out << "\r\n";
      for (const auto& row : t.rows) {
        for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvCell(row[i].ToText());
        out << "\r\n";
      }
      return;
    }
    case OutputFormat::kTable:
      break;
  }
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(t.columns.size());
  std::vector<bool> numeric(t.columns.size(), true);
  for (size_t i = 0; i < t.columns.size(); ++i) width[i] = Width(t.columns[i]);
  for (const auto& row : t.rows) {
    auto& line = cells.emplace_back();
    for (size_t i = 0; i < row.size() && i < t.columns.size(); ++i) {
      line.push_back(Cell(row[i]));
      width[i] = std::max(width[i], Width(line.back()));
      if (row[i].type() != ValueType::kLong && row[i].type() != ValueType::kReal &&
          !row[i].is_null()) {
        numeric[i] = false;
      }
    }
  }
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      size_t pad = width[i] - Width(line[i]);
      bool last = i + 1 == line.size();
      if (numeric[i]) text.append(pad, ' ');
      text += line[i];
      if (!numeric[i] && !last) text.append(pad, ' ');
      if (!last) text += "  ";
    }
    out << text << '\n';
  };
  emit(t.columns);
  std::vector<std::string> rule;
  rule.reserve(width.size());
  for (size_t w : width) rule.emplace_back(w, '-');
  emit(rule);
  for (const auto& line : cells) emit(line);
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace quarry::app
