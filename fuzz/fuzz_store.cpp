// What the case's store reads that it does not write itself: ClickHouse's TabSeparated answers
// (read in chunks as they arrive: any split gives the same rows and the same end: complete,
// truncated, or ClickHouse's error line) and store addresses
// (clickhouse://…, from the command line and quarry.toml). The first byte chooses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/clickhouse_client.h"
#include "store/store_location.h"

namespace {

std::vector<std::vector<std::string>> Rows(std::string_view text, size_t split) {
  std::vector<std::vector<std::string>> rows;
  quarry::store::TsvReader reader;
  auto keep = [&](const quarry::store::TsvRow& row) {
    std::vector<std::string> copy;
    for (const auto& f : row) copy.push_back(f ? "v" + std::string(*f) : std::string("null"));
    rows.push_back(std::move(copy));
    return true;
  };
  reader.Feed(text.substr(0, split), keep);
  reader.Feed(text.substr(split), keep);
  quarry::Status end = reader.Finish(keep);
  if (!end.ok()) rows.push_back({"error", end.message()});
  return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  if (data[0] % 2 == 0) {
    auto parsed = quarry::store::ParseStoreUrl(text);
    if (parsed.ok()) {
      // What a case records must read back as the same place.
      auto again = quarry::store::ParseStoreUrl(parsed->Url());
      if (!again.ok() || again->Url() != parsed->Url() || again->port != parsed->port) std::abort();
    }
    return 0;
  }
  size_t split = text.empty() ? 0 : data[1] % (text.size() + 1);
  if (Rows(text, split) != Rows(text, 0)) std::abort();
  return 0;
}
