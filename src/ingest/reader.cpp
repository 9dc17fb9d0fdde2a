#include "ingest/reader.h"

#include <cstring>
#include <filesystem>

#include "core/strings.h"
#include "ingest/byte_source.h"
#include "ingest/readers_internal.h"

namespace quarry::ingest {

const char* FormatName(Format f) {
  switch (f) {
    case Format::kUnknown:
      return "unknown";
    case Format::kEmpty:
      return "empty";
    case Format::kBinary:
      return "binary";
    case Format::kEvtx:
      return "evtx";
    case Format::kJson:
      return "json";
    case Format::kCsv:
      return "csv";
    case Format::kAuditd:
      return "auditd";
    case Format::kSyslog:
      return "syslog";
  }
  return "unknown";
}

namespace {

constexpr size_t kSniffBytes = size_t{64} * 1024;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view FirstLine(std::string_view s) {
  size_t nl = s.find('\n');
  std::string_view line = nl == std::string_view::npos ? s : s.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool LooksLikeSyslog(std::string_view line) {
  size_t i = 0;
  if (!line.empty() && line[0] == '<') {  // <PRI>
    i = 1;
    while (i < line.size() && IsDigit(line[i])) ++i;
    if (i == 1 || i >= line.size() || line[i] != '>') return false;
    ++i;
    if (i + 1 < line.size() && line[i] == '1' && line[i + 1] == ' ') return true;  // RFC 5424
  }
  // RFC 3164: "Mar 14 09:12:03 host tag: msg"
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string_view rest = line.substr(i);
  if (rest.size() < 16) return false;
  bool month = false;
  for (const char* m : kMonths) month = month || rest.substr(0, 3) == m;
  return month && rest[3] == ' ' && (rest[4] == ' ' || IsDigit(rest[4])) && IsDigit(rest[5]) &&
         rest[6] == ' ' && IsDigit(rest[7]) && IsDigit(rest[8]) && rest[9] == ':' &&
         rest[12] == ':' && rest[15] == ' ';
}

}  // namespace

Format SniffFormat(std::string_view head) {
  if (head.empty()) return Format::kEmpty;
  if (head.size() >= 8 && std::memcmp(head.data(), "ElfFile\0", 8) == 0) return Format::kEvtx;
  std::string_view text = head;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t control = 0;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0) return Format::kBinary;
    if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  std::string_view trimmed = TrimAscii(text);
  if (trimmed.empty()) return Format::kEmpty;
  if (control * 100 > text.size()) return Format::kBinary;
  if (trimmed[0] == '{' || trimmed[0] == '[') return Format::kJson;
  // Text formats need valid UTF-8 in the head (allowing a code point cut at the end).
  std::string repaired;
  if (RepairUtf8(text.size() > 4 ? text.substr(0, text.size() - 4) : text, repaired) * 50 >
      text.size()) {
    return Format::kBinary;
  }
  std::string_view line = FirstLine(trimmed);
  bool audit_start = line.substr(0, 5) == "type=" || line.substr(0, 5) == "node=";
  if (audit_start && line.find(" msg=audit(") != std::string_view::npos) {
    return Format::kAuditd;
  }
  if (LooksLikeSyslog(line)) return Format::kSyslog;
  if (auto iso = LeadingIsoTime(line)) {  // "2024-03-04T09:12:05.123+00:00 host tag[pid]: message"
    std::string_view rest = line.substr(iso->second);
    size_t sp = rest.find(' ');
    if (sp != std::string_view::npos && sp > 0 && rest.find(": ", sp) != std::string_view::npos) {
      return Format::kSyslog;
    }
  }
  std::vector<std::string> fields;
  for (char delim : {',', '\t'}) {
    if (line.find(delim) != std::string_view::npos && SplitCsvLine(line, delim, fields) &&
        fields.size() >= 2) {
      return Format::kCsv;
    }
  }
  return Format::kUnknown;
}

std::string TableNameFromPath(std::string_view path) {
  std::string name = std::filesystem::path(std::string(path)).filename().string();
  static const char* kExtensions[] = {".gz",  ".json", ".jsonl", ".ndjson", ".csv",
                                      ".tsv", ".log",  ".txt",   ".jsoncls"};
  for (bool changed = true; changed;) {
    changed = false;
    for (const char* ext : kExtensions) {
      size_t n = std::strlen(ext);
      if (name.size() > n &&
          EqualsIgnoreCaseAscii(std::string_view(name).substr(name.size() - n), ext)) {
        name.resize(name.size() - n);
        changed = true;
      }
    }
  }
  // Drop trailing date/sequence parts so rotated files share one table.
  auto is_stamp_char = [](char c) {
    return IsDigit(c) || c == '-' || c == '_' || c == '.' || c == 'T' || c == ':';
  };
  size_t end = name.size();
  while (end > 0 && is_stamp_char(name[end - 1])) --end;
  size_t digits = 0;
  for (size_t i = end; i < name.size(); ++i) digits += IsDigit(name[i]) ? 1 : 0;
  if (end > 0 && digits >= 4) name.resize(end);  // a date or sequence, not "v2"
  return SanitizeIdentifier(name);
}

Reader::Reader(ReaderOptions options, FindingSink sink)
    : options_(std::move(options)), sink_(std::move(sink)) {}

void Reader::Report(Severity severity, std::string code, std::string message, uint64_t line,
                    uint64_t offset, bool has_offset) {
  if (!sink_) return;
  Finding f;
  f.severity = severity;
  f.code = std::move(code);
  f.message = std::move(message);
  f.where.file = options_.source_name;
  f.where.line = line;
  f.where.offset = options_.base_offset + offset;
  f.where.has_offset = has_offset;
  sink_(f);
}

void Reader::StartEvent(Event& event, uint64_t offset, uint64_t line) {
  event.Clear();
  event.provenance.source = options_.source_name;
  event.provenance.record = stats_.records;
  event.provenance.offset = options_.base_offset + offset;
  event.provenance.line = line;
  event.provenance.eid = -1;
}

namespace {

Result<std::unique_ptr<Reader>> OpenFromSource(std::unique_ptr<ByteSource> source,
                                               ReaderOptions options, FindingSink sink) {
  std::string head(kSniffBytes, '\0');
  size_t got = 0;
  while (got < head.size()) {
    auto n = source->Read(head.data() + got, head.size() - got);
    if (!n.ok()) {
      if (got == 0) return Corrupt(n.status().message());
      break;  // sniff what we have; the reader meets the error again
    }
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  // A block of a JSON lines file is JSON by construction: no need to sniff it again.
  Format format =
      options.json_lines ? (got == 0 ? Format::kEmpty : Format::kJson) : SniffFormat(head);
  if (options.format != Format::kUnknown && format != Format::kEmpty) format = options.format;
  std::string gz = source->compressed() ? " (gzip)" : "";
  switch (format) {
    case Format::kEmpty:
      return InvalidArgument("empty file" + gz + ": nothing to ingest");
    case Format::kBinary:
      return Unsupported("binary data" + gz +
                         " in no format Quarry reads (not JSON, CSV, syslog or EVTX)");
    case Format::kEvtx:
      return MakeEvtxReader(std::move(source), std::move(head), std::move(options),
                            std::move(sink));
    case Format::kUnknown:
      return Unsupported("text" + gz +
                         " in no format Quarry reads (expected JSON, JSON lines, CloudTrail, CSV, "
                         "syslog or auditd)");
    default:
      break;
  }
  auto input = std::make_unique<BufferedInput>(std::move(source), head);
  switch (format) {
    case Format::kJson:
      return MakeJsonReader(std::move(input), std::move(options), std::move(sink));
    case Format::kCsv:
      return MakeCsvReader(std::move(input), std::move(options), std::move(sink));
    case Format::kAuditd:
      return MakeAuditdReader(std::move(input), std::move(options), std::move(sink));
    case Format::kSyslog:
      return MakeSyslogReader(std::move(input), std::move(options), std::move(sink));
    default:
      return Internal("unreachable format");
  }
}

}  // namespace

Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, ReaderOptions options,
                                           FindingSink sink) {
  if (options.source_name.empty()) options.source_name = path;
  if (options.default_table.empty()) options.default_table = TableNameFromPath(path);
  QUARRY_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, ByteSource::Open(path));
  source->set_digest(options.raw_digest);
  return OpenFromSource(std::move(source), std::move(options), std::move(sink));
}

Result<std::unique_ptr<Reader>> OpenReaderFromMemory(const std::string& name, std::string data,
                                                     ReaderOptions options, FindingSink sink) {
  if (options.source_name.empty()) options.source_name = name;
  if (options.default_table.empty()) options.default_table = TableNameFromPath(name);
  return OpenFromSource(ByteSource::FromMemory(std::move(data)), std::move(options),
                        std::move(sink));
}

}  // namespace quarry::ingest
