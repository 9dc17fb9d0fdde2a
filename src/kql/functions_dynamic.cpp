// Dynamic values: arrays, property bags and sets, held as JSON text in SQL.
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

E PackArray(CallLowering& c) {
  std::string sql = "json_array(";
  for (size_t i = 0; i < c.size(); ++i) sql += (i ? ", " : "") + c.Json(i);
  return c.Result(sql + ")");
}

E Pack(CallLowering& c) {
  if (c.size() % 2 != 0) c.Fail("'" + c.call().text + "' takes key, value pairs");
  std::string sql = "json_object(";
  for (size_t i = 0; i < c.size(); i += 2) sql += (i ? ", " : "") + c.Str(i) + ", " + c.Json(i + 1);
  return c.Result(sql + ")");
}

E ArrayIndexOf(CallLowering& c) {
  return c.Result("coalesce((SELECT MIN(key) FROM json_each(" + c.Sql(0) +
                  ") WHERE value = " + c.Sql(1) + "), -1)");
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "array_length",
     .signature = "array: dynamic",
     .result = Returns(Type::kLong),
     .lower = [](CallLowering& c) { return c.Result(c.dialect().JsonArrayLength(c.Sql(0))); },
     .doc = "The number of elements of an array; null when the value is not one",
     .example = "array_length(dynamic([1, 2, 3]))"},
    {.name = "pack_array",
     .signature = "value: any, ...",
     .result = Returns(Type::kDynamic),
     .lower = PackArray,
     .doc = "An array of the values",
     .example = R"(pack_array(1, "a"))"},
    {.name = "bag_pack",
     .signature = "key: string, value: any, ...",
     .result = Returns(Type::kDynamic),
     .lower = Pack,
     .doc = "A property bag of the key, value pairs",
     .example = R"(bag_pack("user", "alice", "n", 1))"},
    {.name = "pack", .alias_of = "bag_pack"},
    {.name = "pack_dictionary", .alias_of = "bag_pack"},
    {.name = "bag_keys",
     .signature = "bag: dynamic",
     .result = Returns(Type::kDynamic),
     .lower =
         [](CallLowering& c) {
           return c.Result("(SELECT json_group_array(key) FROM json_each(" + c.Sql(0) + "))");
         },
     .doc = "The keys of a property bag as an array",
     .example = R"(bag_keys(dynamic({"a": 1, "b": 2})))"},
    {.name = "set_has_element",
     .signature = "set: dynamic, value: any",
     .result = Returns(Type::kBool),
     .lower =
         [](CallLowering& c) {
           return c.Result("EXISTS (SELECT 1 FROM json_each(" + c.Sql(0) +
                           ") WHERE value = " + c.Sql(1) + ")");
         },
     .doc = "Whether the array holds the value",
     .example = "set_has_element(dynamic([1, 2]), 2)"},
    {.name = "array_index_of",
     .signature = "array: dynamic, value: any, [start: long], [length: long], "
                  "[occurrence: long]",
     .result = Returns(Type::kLong),
     .lower = ArrayIndexOf,
     .doc = "Where the value first occurs in the array; -1 when it does not",
     .example = R"(array_index_of(dynamic(["a", "b"]), "b"))"},
    {.name = "pack_all",
     .signature = "[ignore_null_empty: bool]",
     .result = Returns(Type::kDynamic),
     .doc = "The row's columns as a property bag",
     .example = "pack_all()"},
    {.name = "bag_merge",
     .signature = "bag: dynamic, bag: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The bags' properties in one bag (the first bag wins a key)",
     .example = R"(bag_merge(dynamic({"a": 1}), dynamic({"b": 2})))"},
    {.name = "bag_remove_keys",
     .signature = "bag: dynamic, keys: dynamic",
     .result = Returns(Type::kDynamic),
     .doc = "The bag without the given keys",
     .example = R"(bag_remove_keys(dynamic({"a": 1, "b": 2}), dynamic(["a"])))"},
    {.name = "bag_has_key",
     .signature = "bag: dynamic, key: string",
     .result = Returns(Type::kBool),
     .doc = "Whether the bag has the key",
     .example = R"(bag_has_key(dynamic({"a": 1}), "a"))"},
    {.name = "set_union",
     .signature = "set: dynamic, set: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The distinct values of all the arrays",
     .example = "set_union(dynamic([1, 2]), dynamic([2, 3]))"},
    {.name = "set_intersect",
     .signature = "set: dynamic, set: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The distinct values every array has",
     .example = "set_intersect(dynamic([1, 2]), dynamic([2, 3]))"},
    {.name = "set_difference",
     .signature = "set: dynamic, set: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The distinct values of the first array that the others lack",
     .example = "set_difference(dynamic([1, 2]), dynamic([2, 3]))"},
    {.name = "array_concat",
     .signature = "array: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The arrays one after the other",
     .example = "array_concat(dynamic([1]), dynamic([2, 3]))"},
    {.name = "array_slice",
     .signature = "array: dynamic, start: long, end: long",
     .result = Returns(Type::kDynamic),
     .doc = "The elements from `start` to `end` (both included; negative from the end)",
     .example = "array_slice(dynamic([1, 2, 3, 4]), 1, 2)"},
    {.name = "array_split",
     .signature = "array: dynamic, indices: any",
     .result = Returns(Type::kDynamic),
     .doc = "The array cut at the indices, as an array of arrays",
     .example = "array_split(dynamic([1, 2, 3, 4]), 2)"},
    {.name = "array_sort_asc",
     .signature = "array: dynamic, ..., [nulls_last: bool]",
     .result = Returns(Type::kDynamic),
     .doc = "The array sorted in ascending order",
     .example = "array_sort_asc(dynamic([3, 1, 2]))"},
    {.name = "array_sort_desc",
     .signature = "array: dynamic, ..., [nulls_last: bool]",
     .result = Returns(Type::kDynamic),
     .doc = "The array sorted in descending order",
     .example = "array_sort_desc(dynamic([3, 1, 2]))"},
    {.name = "array_sum",
     .signature = "array: dynamic",
     .result = Returns(Type::kReal),
     .doc = "The sum of the array's elements",
     .example = "array_sum(dynamic([1, 2, 3]))"},
    {.name = "array_iff",
     .signature = "conditions: dynamic, when_true: dynamic, when_false: dynamic",
     .result = Returns(Type::kDynamic),
     .doc = "Element by element, `when_true` where the condition holds, else `when_false`",
     .example = "array_iff(dynamic([true, false]), dynamic([1, 2]), dynamic([3, 4]))"},
    {.name = "array_reverse",
     .signature = "array: dynamic",
     .result = Returns(Type::kDynamic),
     .doc = "The array backwards",
     .example = "array_reverse(dynamic([1, 2, 3]))"},
    {.name = "array_rotate_left",
     .signature = "array: dynamic, count: long",
     .result = Returns(Type::kDynamic),
     .doc = "The array rotated `count` places to the left",
     .example = "array_rotate_left(dynamic([1, 2, 3]), 1)"},
    {.name = "zip",
     .signature = "array: dynamic, array: dynamic, ...",
     .result = Returns(Type::kDynamic),
     .doc = "The arrays' elements paired by position, as an array of arrays",
     .example = R"(zip(dynamic([1, 2]), dynamic(["a", "b"])))"},
    {.name = "treepath",
     .signature = "value: dynamic",
     .result = Returns(Type::kDynamic),
     .doc = "The JSON paths of every leaf of the value",
     .example = R"(treepath(dynamic({"a": {"b": 1}})))"},
    {.name = "jaccard_index",
     .signature = "set1: dynamic, set2: dynamic",
     .result = Returns(Type::kReal),
     .doc = "The size of the sets' intersection over the size of their union",
     .example = "jaccard_index(dynamic([1, 2]), dynamic([2, 3]))"},
};

}  // namespace

std::span<const FunctionSpec> DynamicFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
