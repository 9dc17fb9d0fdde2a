// Rendering of quarry scan's alerts and summary (AlertWriter in scan.h).
#include <ostream>

#include "app/scan.h"
#include "core/json.h"
#include "core/strings.h"
#include "core/time.h"

namespace quarry::app {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

void PrintCounts(std::ostream& out, const char* title, const std::vector<Count>& counts,
                 size_t limit) {
  if (counts.empty()) return;
  out << title << ":\n";
  for (size_t i = 0; i < counts.size() && i < limit; ++i) {
    out << "  " << counts[i].count << "  " << counts[i].key << '\n';
  }
}

std::string CsvRow(const AlertView& v) {
  const sigma::Alert& a = v.alert;
  std::string tags, details;
  for (const auto& t : v.rule.tags) {
    if (!tags.empty()) tags += ' ';
    tags += t;
  }
  for (const auto& [k, val] : a.details) {
    if (!details.empty()) details += "; ";
    details.append(k).append("=").append(val);
  }
  return CsvCell(a.time ? FormatIsoTime(*a.time) : "") + "," + CsvCell(a.computer) + "," +
         CsvCell(a.channel) + "," + CsvCell(a.event_id) + "," + sigma::LevelName(v.rule.level) +
         "," + CsvCell(v.rule.title) + "," + CsvCell(v.rule.id) + "," + CsvCell(tags) + "," +
         CsvCell(details) + "," + CsvCell(a.source) + "," + std::to_string(a.record) + "\n";
}

}  // namespace

void AppendAlertJson(std::string& out, const AlertView& v) {
  const sigma::Alert& a = v.alert;
  JsonWriter w(out);
  w.BeginObject().Key("time");
  if (a.time) {
    w.String(FormatIsoTime(*a.time));
  } else {
    w.Null();
  }
  w.Field("computer", a.computer)
      .Field("channel", a.channel)
      .Field("event_id", a.event_id)
      .Field("level", sigma::LevelName(v.rule.level))
      .Field("rule_id", v.rule.id)
      .Field("rule_title", v.rule.title)
      .Field("tags", v.rule.tags)
      .Key("details")
      .BeginObject();
  for (const auto& [key, value] : a.details) w.Field(key, value);
  w.EndObject().Field("table", a.table).Field("source", a.source).Field("record", a.record);
  w.EndObject();
}

AlertWriter::AlertWriter(OutputFormat format, std::ostream& out, size_t table_head)
    : format_(format), out_(out), table_head_(table_head) {
  if (format_ == OutputFormat::kCsv) {
    buffer_ +=
        "time,computer,channel,event_id,level,rule_title,rule_id,tags,details,source,record\n";
  }
  if (format_ == OutputFormat::kJson) buffer_ += "[";
}

void AlertWriter::Write(const AlertView& v) {
  ++written_;
  switch (format_) {
    case OutputFormat::kJsonl:
      AppendAlertJson(buffer_, v);
      buffer_ += '\n';
      break;
    case OutputFormat::kJson:
      buffer_ += first_ ? "\n" : ",\n";
      first_ = false;
      AppendAlertJson(buffer_, v);
      break;
    case OutputFormat::kCsv:
      buffer_ += CsvRow(v);
      break;
    case OutputFormat::kTable:
      if (head_.size() < table_head_) head_.emplace_back(v.alert, v.rule);
      break;
  }
  Flush(false);
}

void AlertWriter::Flush(bool force) {
  if (!force && buffer_.size() < kFlushBytes) return;
  out_ << buffer_;
  buffer_.clear();
}

void AlertWriter::Finish(const ScanReport& report) {
  if (format_ == OutputFormat::kJson) buffer_ += first_ ? "]\n" : "\n]\n";
  Flush(true);
  if (format_ != OutputFormat::kTable) return;
  for (const auto& [a, rule] : head_) {
    out_ << (a.time ? FormatIsoTime(*a.time) : std::string("-")) << "  "
         << sigma::LevelName(rule.level) << "  " << rule.title << "  "
         << (a.computer.empty() ? "-" : a.computer) << "  " << a.channel << "/" << a.event_id
         << '\n';
    for (const auto& [k, v] : a.details) out_ << "    " << k << ": " << v << '\n';
  }
  if (written_ > static_cast<int64_t>(head_.size())) {
    out_ << "… " << written_ - static_cast<int64_t>(head_.size())
         << " more alerts (use --format jsonl or csv for the whole timeline)\n";
  }
  out_ << "\n"
       << written_ << " alert(s) from " << report.events << " event(s) in " << report.files
       << " file(s), " << report.rules_selected << " rule(s), " << report.seconds << " s\n";
  if (report.events_left_in_store > 0) {
    out_ << report.events_left_in_store
         << " of the events were ruled out by the rules' filter in ClickHouse and not sent\n";
  }
  PrintCounts(out_, "By level", report.by_level, 5);
  PrintCounts(out_, "By rule", report.by_rule, 15);
  PrintCounts(out_, "By host", report.by_host, 10);
  PrintCounts(out_, "ATT&CK tactics", report.by_tactic, 14);
  if (!report.tactics_note.empty() && report.alerts > 0)
    out_ << "ATT&CK tactics: not counted; " << report.tactics_note << '\n';
}

}  // namespace quarry::app
