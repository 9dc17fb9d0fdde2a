#include "ingest/reader.h"

#include <cstring>
#include <filesystem>

#include "core/strings.h"
#include "ingest/byte_source.h"
#include "ingest/reader_table.h"

namespace quarry::ingest {

namespace {

constexpr size_t kSniffBytes = size_t{64} * 1024;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

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
  if (const ReaderEntry* reader = FindReader(format)) {
    return reader->open(std::move(source), std::move(head), std::move(options), std::move(sink));
  }
  if (format == Format::kEmpty) return InvalidArgument("empty file" + gz + ": nothing to ingest");
  if (format == Format::kBinary) {
    return Unsupported("binary data" + gz + " in no format Quarry reads (not " +
                       ReaderNames(false) + ")");
  }
  return Unsupported("text" + gz + " in no format Quarry reads (expected " + ReaderNames(true) +
                     ")");
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
