#include "ingest/reader_table.h"

#include <algorithm>
#include <vector>

#include "core/strings.h"
#include "ingest/buffered_input.h"
#include "ingest/readers_internal.h"

namespace quarry::ingest {

Head::Head(std::string_view bytes) : bytes_(bytes), unmarked_(bytes) {
  if (unmarked_.starts_with("\xEF\xBB\xBF")) unmarked_.remove_prefix(3);
  size_t control = 0;
  for (char c : unmarked_) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0) nul_ = true;
    if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  control_heavy_ = control * 100 > unmarked_.size();
  trimmed_ = TrimAscii(unmarked_);
  first_line_ = trimmed_.substr(0, trimmed_.find('\n'));
  if (first_line_.ends_with('\r')) first_line_.remove_suffix(1);
}

bool Head::is_utf8_text() const {
  if (!is_text()) return false;
  if (!utf8_) {
    // The last few bytes may be a code point cut off by the end of the head.
    std::string_view whole =
        unmarked_.size() > 4 ? unmarked_.substr(0, unmarked_.size() - 4) : unmarked_;
    std::string repaired;
    utf8_ = RepairUtf8(whole, repaired) * 50 <= unmarked_.size();
  }
  return *utf8_;
}

namespace {

// Most readers read lines or framed records from a buffered input; EVTX reads its own blocks.
// `head` is taken by value because every opener shares OpenFn's signature.
template <std::unique_ptr<Reader> (*Make)(std::unique_ptr<BufferedInput>, ReaderOptions,
                                          FindingSink)>
Result<std::unique_ptr<Reader>> Buffered(
    std::unique_ptr<ByteSource> source,
    std::string head,  // NOLINT(performance-unnecessary-value-param)
    ReaderOptions options, FindingSink sink) {
  return Make(std::make_unique<BufferedInput>(std::move(source), head), std::move(options),
              std::move(sink));
}

template <std::unique_ptr<Reader> (*Make)(std::unique_ptr<ByteSource>, std::string, ReaderOptions,
                                          FindingSink)>
Result<std::unique_ptr<Reader>> Unbuffered(std::unique_ptr<ByteSource> source, std::string head,
                                           ReaderOptions options, FindingSink sink) {
  return Make(std::move(source), std::move(head), std::move(options), std::move(sink));
}

// The order matters where sniffers overlap: a JSON line with commas, or an auditd or syslog line
// with one, would pass for CSV were it not claimed first.
const ReaderEntry kReaders[] = {
    {
        .name = "evtx",
        .format = Format::kEvtx,
        .sniffs = Sniffs::kBytes,
        .sniff = SniffEvtx,
        .open = Unbuffered<MakeEvtxReader>,
        .reads = "Windows event logs (EVTX)",
        .layouts = "native binary reader: every chunk, record and binary XML token; damaged "
                   "chunks and records reported and skipped; chunks decoded in parallel with "
                   "--threads; --carve also recovers records from the slack space of chunks",
        .tables = "SecurityEvent, SysmonEvent or WindowsEvent by channel, with the columns the "
                  "evtx_dump JSON of the same records gives",
    },
    {
        .name = "json",
        .format = Format::kJson,
        .sniffs = Sniffs::kText,
        .sniff = SniffJson,
        .open = Buffered<MakeJsonReader>,
        .reads = "JSON: Windows events, AWS CloudTrail and any other records",
        .layouts = "JSON lines, arrays, and objects pretty-printed or concatenated without "
                   "commas; Windows events as evtx_dump JSON, NXLog/OTRF flat lines, winlogbeat "
                   "and Sentinel exports; CloudTrail {\"Records\":[...]} files or one record per "
                   "line; nested objects become dynamic columns",
        .tables = "SecurityEvent, SysmonEvent, WindowsEvent (Windows events by channel); "
                  "AWSCloudTrail; other records go to their Sentinel Type if they have one, "
                  "else to a table named after the file (app-2024-05-01.json -> app)",
    },
    {
        .name = "auditd",
        .format = Format::kAuditd,
        .sniffs = Sniffs::kUtf8Text,
        .sniff = SniffAuditd,
        .open = Buffered<MakeAuditdReader>,
        .reads = "Linux auditd logs",
        .layouts = "[node=...] type=... msg=audit(TIME:SERIAL): key=value ...; the details "
                   "USER_* records nest in msg='...' become fields too",
        .tables = "LinuxAudit",
    },
    {
        .name = "syslog",
        .format = Format::kSyslog,
        .sniffs = Sniffs::kUtf8Text,
        .sniff = SniffSyslog,
        .open = Buffered<MakeSyslogReader>,
        .reads = "syslog",
        .layouts = "RFC 3164 (stamps without a year take the file's modification year), RFC "
                   "5424, rsyslog's ISO-stamped file format",
        .tables = "Syslog",
    },
    {
        .name = "csv",
        .format = Format::kCsv,
        .sniffs = Sniffs::kUtf8Text,
        .sniff = SniffCsv,
        .open = Buffered<MakeCsvReader>,
        .reads = "CSV and TSV",
        .layouts = "a header row, comma or tab separated, RFC 4180 quoting (fields may span "
                   "lines); the first column whose name holds time or date and whose value "
                   "parses gives the event time",
        .tables = "a table named after the file (AWS_S3_HoneyBucketLogs.csv -> "
                  "AWS_S3_HoneyBucketLogs)",
    },
};

bool Shown(const Head& head, Sniffs sniffs) {
  switch (sniffs) {
    case Sniffs::kBytes:
      return true;
    case Sniffs::kText:
      return head.is_text();
    case Sniffs::kUtf8Text:
      return head.is_utf8_text();
  }
  return false;
}

// Appends `text` broken into lines of at most `width` columns, every line after the first
// indented by `indent` (the first continues where `out` stands).
void AppendWrapped(std::string& out, std::string_view text, size_t indent, size_t width) {
  size_t column = indent;
  bool first = true;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (!first && column + 1 + word.size() > width) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
  }
  out += '\n';
}

}  // namespace

std::span<const ReaderEntry> Readers() {
  return kReaders;
}

const ReaderEntry* FindReader(std::string_view name) {
  for (const ReaderEntry& r : kReaders) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const ReaderEntry* FindReader(Format format) {
  for (const ReaderEntry& r : kReaders) {
    if (r.format == format) return &r;
  }
  return nullptr;
}

std::string FuzzTargetName(const ReaderEntry& entry) {
  return "fuzz_reader_" + std::string(entry.name);
}

std::string ReaderNames(bool text_only) {
  std::vector<std::string_view> names;
  for (const ReaderEntry& r : kReaders) {
    if (!text_only || r.sniffs != Sniffs::kBytes) names.push_back(r.name);
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

Format SniffFormat(std::string_view bytes) {
  if (bytes.empty()) return Format::kEmpty;
  Head head(bytes);
  for (const ReaderEntry& r : kReaders) {
    if (Shown(head, r.sniffs) && r.sniff(head)) return r.format;
  }
  // No reader claims it; say why, in the order the checks have always been made.
  if (head.has_nul()) return Format::kBinary;
  if (head.blank()) return Format::kEmpty;
  return head.is_utf8_text() ? Format::kUnknown : Format::kBinary;
}

const char* FormatName(Format f) {
  if (const ReaderEntry* r = FindReader(f)) return r->name;
  switch (f) {  // the outcomes of sniffing that no reader reads
    case Format::kEmpty:
      return "empty";
    case Format::kBinary:
      return "binary";
    default:
      return "unknown";
  }
}

std::string FormatsHelp() {
  constexpr size_t kIndent = 10;
  constexpr size_t kWidth = 100;
  std::string out =
      "Formats (recognised by content, in this order; any of them may be gzip-compressed):\n";
  for (const ReaderEntry& r : kReaders) {
    std::string lead = "  " + std::string(r.name);
    lead.resize(std::max(lead.size() + 1, kIndent), ' ');
    out += lead;
    AppendWrapped(out, std::string(r.reads) + ": " + std::string(r.layouts), kIndent, kWidth);
    out.append(kIndent, ' ');
    AppendWrapped(out, "-> " + std::string(r.tables), kIndent, kWidth);
  }
  return out;
}

std::string FormatsMarkdown() {
  std::string out =
      "# Evidence formats\n\n"
      "<!-- Generated from the reader table, src/ingest/reader_table.cpp; "
      "tests/docs/generated_docs_test.cpp fails while this file differs from it and "
      "rewrites it when run with QUARRY_UPDATE_GOLDEN=1. -->\n\n"
      "Evidence is recognised by its content, never by its file name, and any of it may be "
      "gzip-compressed. The readers are tried in this order: the first whose sniffer claims the "
      "head of a file reads it. Each has a libFuzzer target that feeds it arbitrary bytes "
      "(`fuzz/run.sh`).\n\n"
      "| reader | reads | layouts | tables | fuzz target |\n"
      "|---|---|---|---|---|\n";
  for (const ReaderEntry& r : kReaders) {
    out += "| `" + std::string(r.name) + "` | " + std::string(r.reads) + " | " +
           std::string(r.layouts) + " | " + std::string(r.tables) + " | `" + FuzzTargetName(r) +
           "` |\n";
  }
  return out;
}

}  // namespace quarry::ingest
