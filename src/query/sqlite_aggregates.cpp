// Kusto's aggregates that SQLite lacks:
//   kql_percentile(x, p)   the nearest-rank p-th percentile of the non-null numbers: an actual
//                          value of the group (Kusto estimates; on small groups it is the same)
//   kql_make_bag(json)     the union of the group's JSON objects; the first value of a key wins
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

struct PercentileState {
  std::vector<double> values;
  bool all_integers = true;
  double percent = 50;
};

template <typename State>
State* GetState(sqlite3_context* ctx, bool create) {
  auto** slot = static_cast<State**>(sqlite3_aggregate_context(ctx, create ? sizeof(State*) : 0));
  if (slot == nullptr) return nullptr;
  if (*slot == nullptr && create) *slot = new State();
  return *slot;
}

template <typename State>
void FreeState(sqlite3_context* ctx) {
  auto** slot = static_cast<State**>(sqlite3_aggregate_context(ctx, 0));
  if (slot != nullptr) {
    delete *slot;
    *slot = nullptr;
  }
}

void PercentileStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* state = GetState<PercentileState>(ctx, true);
  if (state == nullptr) return;
  state->percent = sqlite3_value_double(argv[1]);
  int type = sqlite3_value_numeric_type(argv[0]);
  if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) return;
  state->all_integers = state->all_integers && type == SQLITE_INTEGER;
  state->values.push_back(sqlite3_value_double(argv[0]));
}

void PercentileFinal(sqlite3_context* ctx) {
  auto* state = GetState<PercentileState>(ctx, false);
  if (state == nullptr || state->values.empty()) {
    sqlite3_result_null(ctx);
    FreeState<PercentileState>(ctx);
    return;
  }
  std::vector<double>& v = state->values;
  std::sort(v.begin(), v.end());
  double rank =
      std::ceil(std::clamp(state->percent, 0.0, 100.0) / 100.0 * static_cast<double>(v.size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  double value = v[std::min(index, v.size() - 1)];
  if (state->all_integers) {
    sqlite3_result_int64(ctx, static_cast<int64_t>(value));
  } else {
    sqlite3_result_double(ctx, value);
  }
  FreeState<PercentileState>(ctx);
}

struct BagState {
  simdjson::dom::parser parser;
  std::set<std::string, std::less<>> keys;
  std::string members;  // "key":value,… in first-seen order
};

void MakeBagStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return;
  auto* state = GetState<BagState>(ctx, true);
  if (state == nullptr) return;
  std::string_view text = Text(argv[0]);
  simdjson::dom::object object;
  if (state->parser.parse(text.data(), text.size()).get(object) != simdjson::SUCCESS) return;
  for (auto field : object) {
    if (!state->keys.emplace(field.key).second) continue;
    if (!state->members.empty()) state->members += ',';
    AppendJsonString(state->members, field.key);
    state->members += ':';
    state->members += simdjson::minify(field.value);
  }
}

void MakeBagFinal(sqlite3_context* ctx) {
  auto* state = GetState<BagState>(ctx, false);
  std::string out = "{" + (state == nullptr ? std::string() : state->members) + "}";
  ResultText(ctx, out);
  FreeState<BagState>(ctx);
}

}  // namespace

std::span<const Udf> AggregateUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "percentile", .args = 2, .step = PercentileStep, .final = PercentileFinal},
      {.name = "make_bag", .args = 1, .step = MakeBagStep, .final = MakeBagFinal},
  };
  return kUdfs;
}

}  // namespace quarry::query
