// The CaseLookup of a case on disk: few-valued columns from the case's catalog (which keeps
// every value of such columns), words found by scanning the text columns, and counts by running
// KQL the way `quarry query` does.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "assist/provider.h"
#include "core/status.h"
#include "kql/catalog.h"

namespace quarry::store {
class Case;
}

namespace quarry::assist {

// Columns with at most this many distinct values have all of them in FewValued().
inline constexpr int64_t kFewValues = 400;

class StoreLookup final : public CaseLookup {
 public:
  static Result<std::unique_ptr<StoreLookup>> Load(const store::Case& c,
                                                   const kql::Catalog& catalog);
  const std::vector<ColumnValues>& FewValued() const override { return few_; }
  std::vector<ValueHit> Find(std::string_view word) const override;
  int64_t Count(std::string_view table, std::string_view condition) const override;
  std::vector<std::pair<std::string, int64_t>> KeysOf(std::string_view table,
                                                      std::string_view condition,
                                                      std::string_view column) const override;
  std::vector<std::pair<std::string, int64_t>> ValuesHolding(std::string_view table,
                                                             std::string_view column,
                                                             std::string_view word,
                                                             size_t limit) const override;

 private:
  StoreLookup(const store::Case& c, const kql::Catalog& catalog) : case_(c), catalog_(catalog) {}
  const store::Case& case_;
  const kql::Catalog& catalog_;
  std::vector<ColumnValues> few_;
  mutable std::map<std::string, std::vector<ValueHit>, std::less<>> found_;
  mutable std::map<std::string, int64_t, std::less<>> counted_;
};

}  // namespace quarry::assist
