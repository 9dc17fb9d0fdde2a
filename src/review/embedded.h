// review-rules/* built into the binary (cmake/EmbedFiles.cmake): name ("review-rules/c.yml")
// and text.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace quarry::review {

const std::vector<std::pair<std::string, std::string>>& BuiltInReviewFiles();

}  // namespace quarry::review
