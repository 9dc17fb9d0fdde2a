// Line-oriented text evidence: CSV with a header, Linux auditd logs and syslog (RFC 3164/5424).
#include <sys/stat.h>

#include <charconv>
#include <ctime>
#include <string>
#include <vector>

#include "core/strings.h"
#include "core/time.h"
#include "ingest/buffered_input.h"
#include "ingest/event_routing.h"
#include "ingest/readers_internal.h"

namespace quarry::ingest {

bool SplitCsvLine(std::string_view line, char delim, std::vector<std::string>& fields) {
  fields.clear();
  std::string cur;
  bool quoted = false;
  bool field_started_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"' && TrimAscii(cur).empty() && !field_started_quoted) {
      cur.clear();
      quoted = true;
      field_started_quoted = true;
    } else if (c == delim) {
      fields.push_back(field_started_quoted ? cur : std::string(TrimAscii(cur)));
      cur.clear();
      field_started_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted) return false;
  fields.push_back(field_started_quoted ? cur : std::string(TrimAscii(cur)));
  return true;
}

std::optional<std::pair<Timestamp, size_t>> LeadingIsoTime(std::string_view line) {
  size_t sp = line.find(' ');
  if (sp < 10 || sp == std::string_view::npos || sp > 40) return std::nullopt;
  auto t = ParseIsoTime(line.substr(0, sp));
  if (!t) return std::nullopt;
  return std::make_pair(*t, sp + 1);
}

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// An RFC 5424 "<PRI>1 " or an RFC 3164 "[<PRI>]Mar 14 09:12:03 host tag: msg" header.
bool LooksLikeSyslogHeader(std::string_view line) {
  size_t i = 0;
  if (!line.empty() && line[0] == '<') {  // <PRI>
    i = 1;
    while (i < line.size() && IsDigit(line[i])) ++i;
    if (i == 1 || i >= line.size() || line[i] != '>') return false;
    ++i;
    if (i + 1 < line.size() && line[i] == '1' && line[i + 1] == ' ') return true;  // RFC 5424
  }
  std::string_view rest = line.substr(i);
  if (rest.size() < 16) return false;
  bool month = false;
  for (const char* m : kMonths) month = month || rest.substr(0, 3) == m;
  return month && rest[3] == ' ' && (rest[4] == ' ' || IsDigit(rest[4])) && IsDigit(rest[5]) &&
         rest[6] == ' ' && IsDigit(rest[7]) && IsDigit(rest[8]) && rest[9] == ':' &&
         rest[12] == ':' && rest[15] == ' ';
}

// Shared plumbing: lines with numbering, oversized-line reports, provenance.
class LineBasedReader : public Reader {
 public:
  LineBasedReader(std::unique_ptr<BufferedInput> input, ReaderOptions options, FindingSink sink)
      : Reader(std::move(options), std::move(sink)),
        in_(std::move(input)),
        lines_(*in_, options_.max_record_bytes) {}
  uint64_t raw_position() const override { return in_->source().raw_position(); }

 protected:
  // Next non-empty line; false at the end.
  bool NextLine(Line& line) {
    for (;;) {
      switch (lines_.Next(line)) {
        case LineReader::Status::kEnd:
          if (!in_->read_error().ok() && !stats_.file_damaged) {
            stats_.file_damaged = true;
            Report(Severity::kError, "file.read",
                   in_->read_error().message() + "; lines after this point could not be read", 0,
                   in_->source().raw_position());
          }
          return false;
        case LineReader::Status::kTooLong:
          Skip("text.oversized",
               "line of " + std::to_string(line.length) + " bytes exceeds the limit of " +
                   std::to_string(options_.max_record_bytes) + " bytes; skipped",
               line.number, line.offset);
          continue;
        case LineReader::Status::kLine:
          if (TrimAscii(line.text).empty()) continue;
          if (!IsValidUtf8(line.text)) {
            RepairUtf8(line.text, repaired_);
            ++stats_.repaired;
            Report(Severity::kWarning, "text.utf8",
                   "invalid UTF-8 on line " + std::to_string(line.number) + " replaced with U+FFFD",
                   line.number, line.offset);
            line.text = repaired_;
          }
          return true;
      }
    }
  }

  std::unique_ptr<BufferedInput> in_;
  LineReader lines_;
  std::string repaired_;
};

class CsvReader final : public LineBasedReader {
 public:
  using LineBasedReader::LineBasedReader;
  Format format() const override { return Format::kCsv; }

  bool Next(Event& ev) override {
    if (!header_done_ && !ReadHeader()) return false;
    Line line;
    while (NextLine(line)) {
      std::string record(line.text);
      uint64_t first_line = line.number, offset = line.offset;
      bool complete = SplitCsvLine(record, delim_, fields_);
      while (!complete && record.size() <= options_.max_record_bytes) {
        Line more;
        if (!NextLine(more)) break;
        record += '\n';
        record.append(more.text);
        complete = SplitCsvLine(record, delim_, fields_);
      }
      if (!complete) {
        Skip("csv.unterminated",
             "quoted CSV field opened on line " + std::to_string(first_line) +
                 " is never closed; skipped",
             first_line, offset);
        continue;
      }
      StartEvent(ev, offset, first_line);
      ev.table = options_.default_table;
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].empty()) continue;
        std::string name = i < columns_.size() ? columns_[i] : "Column" + std::to_string(i + 1);
        ev.AddString(name, fields_[i]);
      }
      for (size_t i : time_columns_) {
        if (i < fields_.size()) {
          if (auto t = ParseIsoTime(fields_[i])) {
            ev.time = t;
            break;
          }
        }
      }
      FinishEvent(options_.default_table, ev);
      ++stats_.records;
      return true;
    }
    return false;
  }

 private:
  bool ReadHeader() {
    header_done_ = true;
    Line line;
    if (!NextLine(line)) return false;
    std::string_view text = line.text;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    size_t commas = std::count(text.begin(), text.end(), ',');
    size_t tabs = std::count(text.begin(), text.end(), '\t');
    delim_ = tabs > commas ? '\t' : ',';
    SplitCsvLine(text, delim_, fields_);
    for (size_t i = 0; i < fields_.size(); ++i) {
      std::string name = fields_[i].empty() ? "Column" + std::to_string(i + 1) : fields_[i];
      for (const auto& existing : columns_) {
        if (EqualsIgnoreCaseAscii(existing, name)) name += "_" + std::to_string(i + 1);
      }
      std::string lower = AsciiToLower(name);
      if (lower.find("time") != std::string::npos || lower.find("date") != std::string::npos) {
        time_columns_.push_back(i);
      }
      columns_.push_back(std::move(name));
    }
    return true;
  }

  bool header_done_ = false;
  char delim_ = ',';
  std::vector<std::string> columns_;
  std::vector<size_t> time_columns_;
  std::vector<std::string> fields_;
};

// key=value pairs with optional double or single quotes.
void ParseKeyValues(std::string_view s, Event& ev) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string_view key = s.substr(i, eq - i);
    size_t space = key.rfind(' ');
    if (space != std::string_view::npos) key = key.substr(space + 1);
    i = eq + 1;
    std::string_view value;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      char q = s[i];
      size_t close = s.find(q, i + 1);
      if (close == std::string_view::npos) close = s.size();
      value = s.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t end = s.find(' ', i);
      if (end == std::string_view::npos) end = s.size();
      value = s.substr(i, end - i);
      i = end;
    }
    if (!key.empty() && ev.Find(key) == nullptr) ev.AddString(key, value);
  }
}

class AuditdReader final : public LineBasedReader {
 public:
  using LineBasedReader::LineBasedReader;
  Format format() const override { return Format::kAuditd; }

  bool Next(Event& ev) override {
    Line line;
    while (NextLine(line)) {
      std::string_view text = line.text;
      size_t at = text.find("msg=audit(");
      size_t close = at == std::string_view::npos ? at : text.find("):", at);
      if (close == std::string_view::npos) {
        Skip(
            "auditd.malformed",
            "line " + std::to_string(line.number) + " has no msg=audit(TIME:SERIAL) stamp; skipped",
            line.number, line.offset);
        continue;
      }
      StartEvent(ev, line.offset, line.number);
      ev.table = "LinuxAudit";
      std::string_view stamp = text.substr(at + 10, close - at - 10);
      size_t colon = stamp.find(':');
      ev.time = ParseEpochSecondsText(stamp.substr(0, colon));
      if (colon != std::string_view::npos) ev.AddString("AuditSerial", stamp.substr(colon + 1));
      ParseKeyValues(text.substr(0, at), ev);
      ParseKeyValues(text.substr(close + 2), ev);
      // USER_* records nest their details in msg='op=login acct="x" addr=...': expand them too.
      const Value* msg = ev.Find("msg");
      if (msg != nullptr && msg->as_string().find('=') != std::string::npos) {
        std::string inner = msg->as_string();
        ParseKeyValues(inner, ev);
      }
      ev.Rename("node", "Computer");
      ev.Rename("type", "AuditType");
      ++stats_.records;
      return true;
    }
    return false;
  }
};

class SyslogReader final : public LineBasedReader {
 public:
  SyslogReader(std::unique_ptr<BufferedInput> input, ReaderOptions options, FindingSink sink)
      : LineBasedReader(std::move(input), std::move(options), std::move(sink)) {
    // RFC 3164 stamps carry no year: take the file's modification year.
    struct stat st {};
    std::time_t now = std::time(nullptr);
    std::time_t t = stat(options_.source_name.c_str(), &st) == 0 ? st.st_mtime : now;
    std::tm tm{};
    gmtime_r(&t, &tm);
    year_ = tm.tm_year + 1900;
    month_ = tm.tm_mon + 1;
    if (options_.assumed_year > 0) {
      year_ = options_.assumed_year;
      month_ = 12;
    }
  }
  Format format() const override { return Format::kSyslog; }

  bool Next(Event& ev) override {
    static const char* kFacilities[] = {
        "kern",   "user",   "mail",     "daemon", "auth",   "syslog",   "lpr",     "news",
        "uucp",   "cron",   "authpriv", "ftp",    "ntp",    "security", "console", "solaris-cron",
        "local0", "local1", "local2",   "local3", "local4", "local5",   "local6",  "local7"};
    static const char* kSeverities[] = {"emerg",   "alert",  "crit", "err",
                                        "warning", "notice", "info", "debug"};
    Line line;
    while (NextLine(line)) {
      std::string_view s = line.text;
      StartEvent(ev, line.offset, line.number);
      ev.table = std::string(kSyslogTable);
      if (!s.empty() && s[0] == '<') {
        size_t gt = s.find('>');
        bool digits = gt != std::string_view::npos && gt > 1 && gt < 5;
        for (size_t k = 1; digits && k < gt; ++k) digits = s[k] >= '0' && s[k] <= '9';
        if (digits) {
          int pri = std::atoi(std::string(s.substr(1, gt - 1)).c_str());
          if (pri / 8 < 24) ev.AddString("Facility", kFacilities[pri / 8]);
          ev.AddString("SeverityLevel", kSeverities[pri % 8]);
          s.remove_prefix(gt + 1);
        }
      }
      std::string_view host, rest;
      if (s.size() > 2 && s[0] == '1' && s[1] == ' ') {  // RFC 5424
        std::vector<std::string_view> parts;
        size_t i = 2;
        for (int k = 0; k < 5 && i <= s.size(); ++k) {
          size_t sp = s.find(' ', i);
          if (sp == std::string_view::npos) sp = s.size();
          parts.push_back(s.substr(i, sp - i));
          i = sp + 1;
        }
        rest = i < s.size() ? s.substr(i) : std::string_view();
        if (rest.substr(0, 2) == "- " || rest == "-") {
          rest.remove_prefix(std::min<size_t>(2, rest.size()));
        } else if (!rest.empty() && rest[0] == '[') {
          size_t end = rest.find("] ");
          size_t sd_end = end == std::string_view::npos ? rest.size() : end + 1;
          ev.AddString("StructuredData", rest.substr(0, sd_end));
          rest.remove_prefix(std::min(rest.size(), sd_end + 1));
        }
        if (parts.size() == 5) {
          ev.time = ParseIsoTime(parts[0]);
          host = parts[1];
          if (parts[2] != "-") ev.AddString("ProcessName", parts[2]);
          if (parts[3] != "-") ev.AddString("ProcessID", parts[3]);
          if (parts[4] != "-") ev.AddString("MsgID", parts[4]);
        }
      } else if (auto iso = LeadingIsoTime(s)) {  // rsyslog's high-precision file format
        ev.time = iso->first;
        std::string_view after = s.substr(iso->second);
        size_t sp = after.find(' ');
        host = after.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view() : after.substr(sp + 1);
        rest = TakeTag(rest, ev);
      } else if (s.size() >= 16) {  // RFC 3164
        int month = 0;
        for (int m = 0; m < 12; ++m) {
          if (s.substr(0, 3) == kMonths[m]) month = m + 1;
        }
        int day = std::atoi(std::string(s.substr(4, 2)).c_str());
        int hh = std::atoi(std::string(s.substr(7, 2)).c_str());
        int mm = std::atoi(std::string(s.substr(10, 2)).c_str());
        int ss = std::atoi(std::string(s.substr(13, 2)).c_str());
        if (month == 0 || s[3] != ' ' || s[15] != ' ') {
          ev.AddString("SyslogMessage", s);  // not a syslog header: keep the line as it is
          ++stats_.records;
          return true;
        }
        int year = month > month_ ? year_ - 1 : year_;
        ev.time = FromCivil(year, month, day, hh, mm, ss);
        std::string_view after = s.substr(16);
        size_t sp = after.find(' ');
        host = after.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view() : after.substr(sp + 1);
        rest = TakeTag(rest, ev);
      } else {
        rest = s;
      }
      if (!host.empty()) {
        ev.AddString("Computer", host);
        ev.AddString("HostName", host);
      }
      ev.AddString("SyslogMessage", rest);
      ++stats_.records;
      return true;
    }
    return false;
  }

 private:
  // "proc[42]: message" -> ProcessName, ProcessID; returns the message.
  static std::string_view TakeTag(std::string_view rest, Event& ev) {
    size_t colon = rest.find(": ");
    if (colon == std::string_view::npos || colon >= 64) return rest;
    std::string_view tag = rest.substr(0, colon);
    size_t bracket = tag.find('[');
    if (bracket != std::string_view::npos && tag.back() == ']') {
      ev.AddString("ProcessID", tag.substr(bracket + 1, tag.size() - bracket - 2));
      tag = tag.substr(0, bracket);
    }
    ev.AddString("ProcessName", tag);
    return rest.substr(colon + 2);
  }

  int year_ = 1970;
  int month_ = 1;
};

}  // namespace

bool SniffAuditd(const Head& head) {
  std::string_view line = head.first_line();
  bool audit_start = line.starts_with("type=") || line.starts_with("node=");
  return audit_start && line.find(" msg=audit(") != std::string_view::npos;
}

bool SniffSyslog(const Head& head) {
  std::string_view line = head.first_line();
  if (LooksLikeSyslogHeader(line)) return true;
  // rsyslog's file format: "2024-03-04T09:12:05.123+00:00 host tag[pid]: message"
  auto iso = LeadingIsoTime(line);
  if (!iso) return false;
  std::string_view rest = line.substr(iso->second);
  size_t sp = rest.find(' ');
  return sp != std::string_view::npos && sp > 0 && rest.find(": ", sp) != std::string_view::npos;
}

// A first line that splits into two fields or more, on commas or else on tabs: the header row.
bool SniffCsv(const Head& head) {
  std::string_view line = head.first_line();
  std::vector<std::string> fields;
  for (char delim : {',', '\t'}) {
    if (line.find(delim) != std::string_view::npos && SplitCsvLine(line, delim, fields) &&
        fields.size() >= 2) {
      return true;
    }
  }
  return false;
}

std::unique_ptr<Reader> MakeCsvReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                      FindingSink sink) {
  return std::make_unique<CsvReader>(std::move(input), std::move(options), std::move(sink));
}
std::unique_ptr<Reader> MakeAuditdReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink) {
  return std::make_unique<AuditdReader>(std::move(input), std::move(options), std::move(sink));
}
std::unique_ptr<Reader> MakeSyslogReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink) {
  return std::make_unique<SyslogReader>(std::move(input), std::move(options), std::move(sink));
}

}  // namespace quarry::ingest
