// Reading the reference catalogs' TSV tables (tab-separated, a header row, no quoting).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::catalog {

// The rows of a catalog TSV whose header starts with `columns`, each with at least that many
// cells and a first cell; errors name the file and line.
Result<std::vector<std::vector<std::string>>> ReadTable(const std::filesystem::path& file,
                                                        const std::vector<std::string>& columns);

}  // namespace quarry::catalog
