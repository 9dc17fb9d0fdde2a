// Constructors of the concrete readers; only reader.cpp's factory calls them.
#pragma once

#include <memory>

#include "ingest/buffered_input.h"
#include "ingest/reader.h"

namespace quarry::ingest {

std::unique_ptr<Reader> MakeJsonReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                       FindingSink sink);
std::unique_ptr<Reader> MakeCsvReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                      FindingSink sink);
std::unique_ptr<Reader> MakeAuditdReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink);
std::unique_ptr<Reader> MakeSyslogReader(std::unique_ptr<BufferedInput> input,
                                         ReaderOptions options, FindingSink sink);

// Splits one CSV line into fields (RFC 4180 quoting); false when a quote is left open.
bool SplitCsvLine(std::string_view line, char delimiter, std::vector<std::string>& fields);

}  // namespace quarry::ingest
