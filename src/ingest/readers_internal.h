// The concrete readers' constructors and sniffers; only the reader table (reader_table.cpp)
// refers to them.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "ingest/buffered_input.h"
#include "ingest/reader.h"
#include "ingest/reader_table.h"

namespace quarry::ingest {

std::unique_ptr<Reader> MakeJsonReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                       FindingSink sink);
std::unique_ptr<Reader> MakeCsvReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                      FindingSink sink);
std::unique_ptr<Reader> MakeAuditdReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink);
// `head` holds the bytes already read from `source` for sniffing.
std::unique_ptr<Reader> MakeEvtxReader(std::unique_ptr<ByteSource> source, std::string head,
                                       ReaderOptions options, FindingSink sink);
std::unique_ptr<Reader> MakeSyslogReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink);

bool SniffEvtx(const Head& head);
bool SniffJson(const Head& head);
bool SniffAuditd(const Head& head);
bool SniffSyslog(const Head& head);
bool SniffCsv(const Head& head);

// A line's leading ISO 8601 time and where the rest starts (`2024-03-04T09:12:05.12+00:00 host
// ...`).
std::optional<std::pair<Timestamp, size_t>> LeadingIsoTime(std::string_view line);

// Splits one CSV line into fields (RFC 4180 quoting); false when a quote is left open.
bool SplitCsvLine(std::string_view line, char delimiter, std::vector<std::string>& fields);

}  // namespace quarry::ingest
