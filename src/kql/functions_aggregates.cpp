// Aggregation functions, for summarize. Kusto's *if variants aggregate only the rows where
// their predicate holds: in SQL, a CASE that is null elsewhere.
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

std::string Where(CallLowering& c, size_t predicate, const std::string& value) {
  return "CASE WHEN " + c.Sql(predicate) + " THEN " + value + " END";
}

E Simple(CallLowering& c, const char* sql_name) {
  return c.Result(std::string(sql_name) + "(" + c.Sql(0) + ")");
}

E SimpleIf(CallLowering& c, const char* sql_name) {
  const std::string& value = c.Sql(0);
  return c.Result(std::string(sql_name) + "(" + Where(c, 1, value) + ")");
}

E MakeSet(CallLowering& c) {
  return c.Result(c.dialect().MakeArray(c.Sql(0), true));
}
E MakeList(CallLowering& c) {
  return c.Result(c.dialect().MakeArray(c.Sql(0), false));
}

// Any value of the group will do: the smallest, which is deterministic.
E TakeAny(CallLowering& c) {
  if (c.size() != 1) c.Fail("take_any of several values is not supported when running queries yet");
  return Simple(c, "MIN");
}

// arg_max, arg_min and percentiles make several columns: summarize lowers them itself
// (Lowerer::ArgExtreme, Lowerer::Grouped), so a call that reaches here is misplaced.
E ManyColumns(CallLowering& c) {
  c.Fail("'" + c.call().text + "' is supported directly in summarize only");
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "count",
     .kind = FunctionKind::kAggregate,
     .signature = "[ignored: any]",
     .result = Returns(Type::kLong),
     .lower = [](CallLowering& c) { return c.Result("COUNT(*)"); },
     .column_name = "count_",
     .doc = "The number of rows (older queries pass an argument, which changes nothing)",
     .example = "count()"},
    {.name = "countif",
     .kind = FunctionKind::kAggregate,
     .signature = "predicate: bool",
     .result = Returns(Type::kLong),
     .lower =
         [](CallLowering& c) {
           return c.Result("coalesce(SUM(CASE WHEN " + c.Sql(0) + " THEN 1 ELSE 0 END), 0)");
         },
     .column_name = "countif_",
     .doc = "The number of rows where the predicate holds",
     .example = "countif(Failed)"},
    {.name = "dcount",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, [accuracy: int]",
     .result = Returns(Type::kLong),
     .lower = [](CallLowering& c) { return c.Result(c.dialect().CountDistinct(c.Sql(0))); },
     .column_name = "dcount_{0}",
     .doc = "The number of distinct values (exact here; an estimate in Kusto)",
     .example = "dcount(Account)"},
    {.name = "dcountif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool, [accuracy: int]",
     .result = Returns(Type::kLong),
     .lower =
         [](CallLowering& c) {
           const std::string& value = c.Sql(0);
           return c.Result(c.dialect().CountDistinct(Where(c, 1, value)));
         },
     .column_name = "dcountif_{0}",
     .doc = "The number of distinct values where the predicate holds",
     .example = "dcountif(Account, Failed)"},
    {.name = "sum",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return Simple(c, "SUM"); },
     .column_name = "sum_{0}",
     .doc = "The sum of the values",
     .example = "sum(Duration)"},
    {.name = "sumif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return SimpleIf(c, "SUM"); },
     .column_name = "sumif_{0}",
     .doc = "The sum of the values where the predicate holds",
     .example = "sumif(Duration, Failed)"},
    {.name = "avg",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = Returns(Type::kReal),
     .lower = [](CallLowering& c) { return Simple(c, "AVG"); },
     .column_name = "avg_{0}",
     .doc = "The mean of the values",
     .example = "avg(Duration)"},
    {.name = "avgif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = Returns(Type::kReal),
     .lower = [](CallLowering& c) { return SimpleIf(c, "AVG"); },
     .column_name = "avgif_{0}",
     .doc = "The mean of the values where the predicate holds",
     .example = "avgif(Duration, Failed)"},
    {.name = "min",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return Simple(c, "MIN"); },
     .column_name = "min_{0}",
     .doc = "The smallest value",
     .example = "min(TimeGenerated)"},
    {.name = "max",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return Simple(c, "MAX"); },
     .column_name = "max_{0}",
     .doc = "The largest value",
     .example = "max(TimeGenerated)"},
    {.name = "minif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return SimpleIf(c, "MIN"); },
     .column_name = "minif_{0}",
     .doc = "The smallest value where the predicate holds",
     .example = "minif(TimeGenerated, Failed)"},
    {.name = "maxif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return SimpleIf(c, "MAX"); },
     .column_name = "maxif_{0}",
     .doc = "The largest value where the predicate holds",
     .example = "maxif(TimeGenerated, Failed)"},
    {.name = "make_set",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .lower = MakeSet,
     .column_name = "set_{0}",
     .doc = "An array of the distinct non-empty values",
     .example = "make_set(Account)"},
    {.name = "makeset", .alias_of = "make_set"},
    {.name = "make_set_if",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .lower =
         [](CallLowering& c) {
           const std::string& value = c.Sql(0);
           return c.Result(c.dialect().MakeArray(Where(c, 1, value), true));
         },
     .column_name = "set_{0}",
     .doc = "An array of the distinct non-empty values where the predicate holds",
     .example = "make_set_if(Account, Failed)"},
    {.name = "make_list",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .lower = MakeList,
     .column_name = "list_{0}",
     .doc = "An array of the non-empty values",
     .example = "make_list(Account)"},
    {.name = "makelist", .alias_of = "make_list"},
    {.name = "make_list_if",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .lower =
         [](CallLowering& c) {
           const std::string& value = c.Sql(0);
           return c.Result(c.dialect().MakeArray(Where(c, 1, value), false));
         },
     .column_name = "list_{0}",
     .doc = "An array of the non-empty values where the predicate holds",
     .example = "make_list_if(Account, Failed)"},
    {.name = "make_list_with_nulls",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .doc = "An array of the values, nulls included",
     .example = "make_list_with_nulls(Account)"},
    {.name = "make_bag",
     .kind = FunctionKind::kAggregate,
     .signature = "bag: dynamic, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .lower = [](CallLowering& c) { return c.Result(c.Udf({c.Sql(0)})); },
     .udf = "make_bag",
     .column_name = "bag_{0}",
     .doc = "The property bags merged into one",
     .example = R"(make_bag(bag_pack("user", Account)))"},
    {.name = "make_bag_if",
     .kind = FunctionKind::kAggregate,
     .signature = "bag: dynamic, predicate: bool, [max_size: long]",
     .result = Returns(Type::kDynamic),
     .doc = "The property bags where the predicate holds merged into one",
     .example = R"(make_bag_if(bag_pack("user", Account), Failed))"},
    {.name = "take_any",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, ...",
     .result = SameAsArgument(0),
     .lower = TakeAny,
     .doc = "Any one value of the group (take_any(*): any one row)",
     .example = "take_any(Account)"},
    {.name = "any", .alias_of = "take_any"},
    {.name = "take_anyif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return SimpleIf(c, "MIN"); },
     .doc = "Any one value of the group where the predicate holds",
     .example = "take_anyif(Account, Failed)"},
    {.name = "anyif", .alias_of = "take_anyif"},
    {.name = "arg_max",
     .kind = FunctionKind::kAggregate,
     .signature = "by: any, column: any, ...",
     .result = SameAsArgument(0),
     .lower = ManyColumns,
     .doc = "The row where `by` is largest: `by` and the named columns (* for all)",
     .example = "arg_max(TimeGenerated, Account)"},
    {.name = "arg_min",
     .kind = FunctionKind::kAggregate,
     .signature = "by: any, column: any, ...",
     .result = SameAsArgument(0),
     .lower = ManyColumns,
     .doc = "The row where `by` is smallest: `by` and the named columns (* for all)",
     .example = "arg_min(TimeGenerated, Account)"},
    {.name = "percentile",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, percentile: real",
     .result = SameAsArgument(0),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.Udf({c.Sql(0), c.Sql(1)}));
         },
     .udf = "percentile",
     .column_name = "percentile_{0}_{1}",
     .doc = "The value below which the given percentage of values fall (nearest rank)",
     .example = "percentile(Duration, 95)"},
    {.name = "percentiles",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, percentile: real, ...",
     .result = SameAsArgument(0),
     .lower = ManyColumns,
     .doc = "percentile() for each percentage, one column each",
     .example = "percentiles(Duration, 50, 95)"},
    {.name = "percentiles_array",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, percentile: any, ...",
     .result = Returns(Type::kDynamic),
     .doc = "percentile() for each percentage, as one array",
     .example = "percentiles_array(Duration, 50, 95)"},
    {.name = "stdev",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = Returns(Type::kReal),
     .column_name = "stdev_{0}",
     .doc = "The sample standard deviation",
     .example = "stdev(Duration)"},
    {.name = "stdevif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = Returns(Type::kReal),
     .doc = "The sample standard deviation where the predicate holds",
     .example = "stdevif(Duration, Failed)"},
    {.name = "variance",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = Returns(Type::kReal),
     .column_name = "variance_{0}",
     .doc = "The sample variance",
     .example = "variance(Duration)"},
    {.name = "varianceif",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, predicate: bool",
     .result = Returns(Type::kReal),
     .doc = "The sample variance where the predicate holds",
     .example = "varianceif(Duration, Failed)"},
    {.name = "hll",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any, [accuracy: int]",
     .result = Returns(Type::kDynamic),
     .doc = "A HyperLogLog sketch of the values, for dcount_hll()",
     .example = "hll(Account)"},
    {.name = "hll_merge",
     .kind = FunctionKind::kAggregate,
     .signature = "sketch: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "HyperLogLog sketches merged into one",
     .example = "hll_merge(hll(Account))"},
    {.name = "dcount_hll",
     .signature = "sketch: dynamic",
     .result = Returns(Type::kLong),
     .doc = "The distinct count a HyperLogLog sketch estimates",
     .example = "dcount_hll(hll(Account))"},
    {.name = "binary_all_and",
     .kind = FunctionKind::kAggregate,
     .signature = "value: long",
     .result = Returns(Type::kLong),
     .doc = "The values combined with bitwise and",
     .example = "binary_all_and(Duration)"},
    {.name = "binary_all_or",
     .kind = FunctionKind::kAggregate,
     .signature = "value: long",
     .result = Returns(Type::kLong),
     .doc = "The values combined with bitwise or",
     .example = "binary_all_or(Duration)"},
    {.name = "count_distinct",
     .kind = FunctionKind::kAggregate,
     .signature = "value: any",
     .result = Returns(Type::kLong),
     .doc = "The exact number of distinct values",
     .example = "count_distinct(Account)"},
};

}  // namespace

std::span<const FunctionSpec> AggregateFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
