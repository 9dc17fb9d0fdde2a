// Checks of a KQL query that go beyond names and types: what a hurried analyst or a language
// model gets wrong although the query runs (reading whole tables without a time window, joins
// whose right side is unbounded). Findings come on top of the binder's (kql::Check).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kql/ast.h"
#include "kql/binder.h"
#include "kql/catalog.h"

namespace quarry::verify {

// The lint findings of a parsed query.
std::vector<Finding> LintKql(const kql::Node& script, std::string_view text,
                             const kql::Catalog& catalog, const std::string& file);

// kql::Check, then LintKql when the query parsed: what `quarry kql check` reports.
kql::CheckResult CheckKql(std::string_view text, const kql::Catalog& catalog,
                          const std::string& file);
// The same for a query already parsed from `text`.
kql::CheckResult CheckKql(const kql::ParseResult& parsed, std::string_view text,
                          const kql::Catalog& catalog, const std::string& file);

}  // namespace quarry::verify
