// The journal as a threat-hunt report: one section per entry, the hunt's question, the query
// that ran, what the checks said, who approved it, what came back and the ATT&CK techniques.
#include <simdjson.h>

#include "journal/journal.h"

namespace quarry::journal {
namespace {

std::string Text(simdjson::dom::element e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  return simdjson::minify(e);
}

std::string Member(simdjson::dom::element obj, const char* key) {
  simdjson::dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return "";
  return Text(v);
}

// A table cell: pipes escaped, newlines folded, long values cut.
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

void Hunt(simdjson::dom::element body, std::string& md) {
  md += "**Question:** " + Member(body, "question") + "\n\n";
  simdjson::dom::array drafts;
  if (body["drafts"].get_array().get(drafts) == simdjson::SUCCESS && drafts.size() > 1) {
    md += "**Drafts and refinements:**\n\n";
    int n = 0;
    for (simdjson::dom::element d : drafts) {
      md += std::to_string(++n) + ". \"" + Member(d, "question") + "\" (" + Member(d, "provider") +
            ")\n";
    }
    md += "\n";
  }
  md += "**Query** (approved by " + Member(body, "approved_by") + "):\n\n```kql\n" +
        Member(body, "query") + "\n```\n\n";
  std::string explanation = Member(body, "explanation");
  if (!explanation.empty()) md += explanation + "\n\n";
  simdjson::dom::array findings;
  if (body["findings"].get_array().get(findings) == simdjson::SUCCESS && findings.size() > 0) {
    md += "**Checks:**\n\n";
    for (simdjson::dom::element f : findings) {
      md += "- " + Member(f, "severity") + " `" + Member(f, "code") + "`: " + Member(f, "message") +
            "\n";
    }
    md += "\n";
  }
  md += "**Result:** " + Member(body, "row_count") + " row(s), reference time " +
        Member(body, "now") + ", SHA-256 of the rows `" + Member(body, "result_sha256") + "`\n\n";
  simdjson::dom::array rows;
  simdjson::dom::array columns;
  if (body["sample_rows"].get_array().get(rows) == simdjson::SUCCESS && rows.size() > 0 &&
      body["columns"].get_array().get(columns) == simdjson::SUCCESS) {
    std::string header = "|", rule = "|";
    for (simdjson::dom::element c : columns) {
      header += " " + Cell(Text(c)) + " |";
      rule += " --- |";
    }
    md += header + "\n" + rule + "\n";
    for (simdjson::dom::element row : rows) {
      md += "|";
      for (simdjson::dom::element c : columns)
        md += " " + Cell(Member(row, Text(c).c_str())) + " |";
      md += "\n";
    }
    md += "\n";
  }
  simdjson::dom::array techniques;
  if (body["techniques"].get_array().get(techniques) == simdjson::SUCCESS &&
      techniques.size() > 0) {
    md += "**ATT&CK:**";
    for (simdjson::dom::element t : techniques) {
      bool confirmed = false;
      if (t["confirmed"].get_bool().get(confirmed) != simdjson::SUCCESS) confirmed = false;
      md +=
          " " + Member(t, "id") + " " + Member(t, "name") + (confirmed ? "" : " (suggested)") + ";";
    }
    md.pop_back();
    md += "\n\n";
  }
}

}  // namespace

std::string ExportMarkdown(const std::vector<Entry>& entries) {
  std::string md = "# Threat-hunt journal\n\n";
  if (entries.empty()) return md + "No entries.\n";
  for (const Entry& e : entries) {
    md += "## " + std::to_string(e.seq) + ". " + e.title + "\n\n";
    md += "*" + e.kind + " recorded " + e.time + " by " + e.author + "; entry hash `" +
          e.hash.substr(0, 16) + "…`*\n\n";
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    if (parser.parse(e.body).get(body) != simdjson::SUCCESS) {
      md += "(the entry's body does not parse)\n\n";
      continue;
    }
    if (e.kind == "hunt") {
      Hunt(body, md);
    } else {
      md += "```json\n" + e.body + "\n```\n\n";
    }
  }
  return md;
}

}  // namespace quarry::journal
