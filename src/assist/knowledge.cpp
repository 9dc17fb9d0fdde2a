#include "assist/knowledge.h"

#include "core/strings.h"

namespace quarry::assist {

extern const std::string& KnowledgeText();  // generated from knowledge/*.tsv

namespace {

std::vector<std::string_view> Split(std::string_view text, char by) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(by, start);
    out.push_back(
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view part : Split(text, ',')) {
    std::string_view item = TrimAscii(part);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

}  // namespace

std::vector<KnowledgeEntry> ParseKnowledge(std::string_view text, std::string_view file,
                                           std::vector<std::string>* problems) {
  std::vector<KnowledgeEntry> entries;
  int line = 0;
  for (std::string_view row : Split(text, '\n')) {
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (TrimAscii(row).empty() || row.front() == '#' || row.substr(0, 6) == "table\t") continue;
    std::vector<std::string_view> cells = Split(row, '\t');
    std::string where = std::string(file) + ":" + std::to_string(line);
    if (cells.size() < 4 || TrimAscii(cells[0]).empty() || TrimAscii(cells[1]).empty()) {
      if (problems)
        problems->push_back(where +
                            ": expected table, condition, name, words[, fields, techniques]");
      continue;
    }
    KnowledgeEntry e;
    e.table = std::string(TrimAscii(cells[0]));
    e.condition = std::string(TrimAscii(cells[1]));
    e.name = std::string(TrimAscii(cells[2]));
    e.words = SplitList(cells[3]);
    for (std::string& w : e.words) w = AsciiToLower(w);
    if (cells.size() > 4) e.fields = SplitList(cells[4]);
    if (cells.size() > 5) e.techniques = SplitList(cells[5]);
    e.where = std::move(where);
    entries.push_back(std::move(e));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    for (size_t j = 0; j < entries.size(); ++j) {
      const std::string& broad = entries[j].condition;
      const std::string& narrow = entries[i].condition;
      if (i != j && entries[i].table == entries[j].table && narrow.size() > broad.size() + 5 &&
          narrow.compare(0, broad.size(), broad) == 0 &&
          narrow.compare(broad.size(), 5, " and ") == 0) {
        entries[i].broader.push_back(j);
      }
    }
  }
  return entries;
}

const std::vector<KnowledgeEntry>& Knowledge() {
  static const std::vector<KnowledgeEntry> kEntries =
      ParseKnowledge(KnowledgeText(), "knowledge", nullptr);
  return kEntries;
}

}  // namespace quarry::assist
