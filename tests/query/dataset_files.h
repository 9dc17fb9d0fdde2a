// The JSON lines files of a test dataset into a case, one table per file (named after it), as
// the KQL run suites on SQLite and on ClickHouse build their cases.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/hash.h"
#include "ingest/reader.h"
#include "store/case_writer.h"
#include "test_util.h"

namespace quarry::testing {

inline Status IngestDatasetFile(store::CaseWriter& writer, const std::filesystem::path& path) {
  std::string content = ReadFile(path);
  store::FileProbe probe;
  probe.path = path.string();
  probe.size = static_cast<int64_t>(content.size());
  probe.head_sha256 = Sha256Hex(std::string_view(content).substr(0, store::kFileHeadBytes));
  probe.hash_prefix = [content](uint64_t n) -> Result<std::string> {
    return Sha256Hex(std::string_view(content).substr(0, n));
  };
  QUARRY_ASSIGN_OR_RETURN(store::FileStart start, writer.BeginFile(probe, "json"));
  ingest::ReaderOptions options;
  options.default_table = ingest::TableNameFromPath(path.string());
  QUARRY_ASSIGN_OR_RETURN(auto reader,
                          ingest::OpenReader(path.string(), options, [](const Finding&) {}));
  Event event;
  while (reader->Next(event)) QUARRY_RETURN_IF_ERROR(writer.Append(event, start.file_id));
  const ingest::ReaderStats& stats = reader->stats();
  return writer.FinishFile(start.file_id, static_cast<int64_t>(stats.records),
                           static_cast<int64_t>(stats.skipped), 0, "json", Sha256Hex(content));
}

// Every file of tests/kql/datasets/run, in name order, then the writer's finishing step.
inline Status IngestRunDataset(store::CaseWriter& writer) {
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(SourceDir() / "tests" / "kql" / "datasets" / "run"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) QUARRY_RETURN_IF_ERROR(IngestDatasetFile(writer, file));
  return writer.Finalize();
}

}  // namespace quarry::testing
