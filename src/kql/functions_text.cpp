// String functions: case, concatenation, pieces, search and replace, regular expressions.
// Strings are never null in Kusto: CallLowering::Str reads a missing one as "".
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

// One argument of strcat as text: datetimes in ISO 8601, null as "".
std::string ConcatPiece(const E& x, const SqlDialect& dialect) {
  return x.type == Type::kDateTime
             ? "coalesce(" + dialect.FormatDatetime(x.sql) + ", '')"
             : "coalesce(" + dialect.CastToText(x.sql, x.type == Type::kReal) + ", '')";
}

E Strcat(CallLowering& c) {
  std::string sql = "(";
  for (size_t i = 0; i < c.size(); ++i) {
    if (i > 0) sql += " || ";
    sql += ConcatPiece(c.Arg(i), c.dialect());
  }
  return c.Result(sql + ")");
}

E Substring(CallLowering& c) {
  std::string sql = "substr(" + c.Str(0) + ", (" + c.Sql(1) + ") + 1";
  if (c.size() > 2) sql += ", " + c.Sql(2);
  return c.Result(sql + ")");
}

E Split(CallLowering& c) {
  std::string sql = c.Udf({c.Str(0), c.Sql(1)});
  if (c.size() > 2 && c.dialect().Name() == "clickhouse") {
    sql = c.Udf({c.Str(0), c.Sql(1), c.Sql(2)});  // no JSON functions there: the dialect's own
  } else if (c.size() > 2) {
    sql = "json_array(json_extract(" + sql + ", '$[' || (" + c.Sql(2) + ") || ']'))";
  }
  return c.Result(sql);
}

// trim, trim_start and trim_end share one SQL function; `side` says which ends it trims.
E Trim(CallLowering& c, const char* side) {
  return c.Result(c.Udf({c.Sql(0), c.Str(1), side}));
}

E CountOf(CallLowering& c) {
  std::string regex = "0";
  if (c.size() > 2) {
    const Node& kind = c.Written(2);
    if (kind.kind != NodeKind::kString)
      Lowerer::Fail("the kind of countof is the string 'normal' or 'regex'", kind.span);
    regex = kind.text == "regex" ? "1" : "0";
  }
  return c.Result(c.Udf({c.Str(0), c.Sql(1), regex}));
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "tolower",
     .signature = "value: string",
     .result = Returns(Type::kString),
     .lower = [](CallLowering& c) { return c.Result("lower(" + c.Str(0) + ")"); },
     .doc = "The text in lower case",
     .example = R"(tolower("ADMIN"))"},
    {.name = "toupper",
     .signature = "value: string",
     .result = Returns(Type::kString),
     .lower = [](CallLowering& c) { return c.Result("upper(" + c.Str(0) + ")"); },
     .doc = "The text in upper case",
     .example = R"(toupper("admin"))"},
    {.name = "toupper_invariant",
     .signature = "value: string",
     .result = Returns(Type::kString),
     .doc = "The text in upper case, whatever the culture",
     .example = R"(toupper_invariant("admin"))"},
    {.name = "strcat",
     .signature = "value: any, ...",
     .result = Returns(Type::kString),
     .lower = Strcat,
     .doc = "The values as text, one after the other",
     .example = R"(strcat("user:", 42))"},
    {.name = "strcat_delim",
     .signature = "delimiter: string, value: any, value: any, ...",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           std::string sql = ConcatPiece(c.Arg(1), c.dialect());
           for (size_t i = 2; i < c.size(); ++i)
             sql += " || " + c.Text(0) + " || " + ConcatPiece(c.Arg(i), c.dialect());
           return c.Result("(" + sql + ")");
         },
     .doc = "The values as text, with the delimiter between them",
     .example = R"(strcat_delim("-", "a", 1))"},
    {.name = "strcat_array",
     .signature = "array: dynamic, delimiter: string",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           return c.Result("coalesce((SELECT group_concat(value, " + c.Sql(1) +
                           ") FROM json_each(" + c.Sql(0) + ")), '')");
         },
     .doc = "The elements of an array as text, with the delimiter between them",
     .example = R"(strcat_array(dynamic(["a", "b"]), ","))"},
    {.name = "strlen",
     .signature = "source: string",
     .result = Returns(Type::kLong),
     .lower = [](CallLowering& c) { return c.Result("length(" + c.Str(0) + ")"); },
     .doc = "The number of characters",
     .example = R"(strlen("hello"))"},
    {.name = "substring",
     .signature = "source: string, start: long, [length: long]",
     .result = Returns(Type::kString),
     .lower = Substring,
     .doc = "The characters from `start` (0 is the first), `length` of them or to the end",
     .example = R"(substring("hello", 1, 3))"},
    {.name = "split",
     .signature = "source: string, delimiter: string, [index: long]",
     .result = Returns(Type::kDynamic),
     .lower = Split,
     .udf = "split",
     .doc = "The pieces between delimiters as an array (only piece `index` when given)",
     .example = R"(split("a,b,c", ","))"},
    {.name = "extract",
     .signature = "regex: string, group: long, source: string, [type: any]",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.Udf({c.Sql(0), c.Sql(1), c.Str(2)}));
         },
     .udf = "extract",
     .doc = "Group `group` of the regex's first match (0: the whole match); null when none",
     .example = R"kql(extract(@"user=(\w+)", 1, "conn user=alice"))kql"},
    {.name = "extract_all",
     .signature = "regex: string, [groups: dynamic], source: string",
     .result = Returns(Type::kDynamic),
     .lower =
         [](CallLowering& c) {
           if (c.size() != 2) c.Fail("extract_all with a list of groups is not supported yet");
           return c.Result(c.Udf({c.Sql(0), c.Str(1)}));
         },
     .udf = "extract_all",
     .doc = "Every match of the regex (its groups when it has several) as an array",
     .example = R"(extract_all(@"\d+", "a1b22c333"))"},
    {.name = "extractjson",
     .signature = "path: string, json: string, [type: any]",
     .result = Returns(Type::kString),
     .doc = "The value at a JSONPath ($.a.b) in JSON text",
     .example = R"(extractjson("$.a", '{"a": "x"}'))"},
    {.name = "replace_string",
     .signature = "text: string, lookup: string, rewrite: string",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           return c.Result("replace(" + c.Str(0) + ", " + c.Sql(1) + ", " + c.Sql(2) + ")");
         },
     .doc = "The text with every occurrence of `lookup` replaced",
     .example = R"(replace_string("a-b-c", "-", "+"))"},
    {.name = "replace_regex",
     .signature = "source: string, regex: string, rewrite: string",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.Udf({c.Str(0), c.Sql(1), c.Sql(2)}));
         },
     .udf = "replace_regex",
     .doc = R"(The text with every match of the regex replaced (\1 names a group))",
     .example = R"(replace_regex("a1b22", @"\d+", "#"))"},
    {.name = "replace",
     .signature = "regex: string, rewrite: string, source: string",
     .result = Returns(Type::kString),
     .doc = "Former name of replace_regex(), with the text last",
     .example = R"(replace(@"\d+", "#", "a1b22"))"},
    {.name = "replace_strings",
     .signature = "text: string, lookups: dynamic, rewrites: dynamic",
     .result = Returns(Type::kString),
     .doc = "The text with each lookup replaced by its rewrite, in one pass",
     .example = R"(replace_strings("ab", dynamic(["a", "b"]), dynamic(["b", "a"])))"},
    {.name = "trim",
     .signature = "regex: string, source: string",
     .result = Returns(Type::kString),
     .lower = [](CallLowering& c) { return Trim(c, "0"); },
     .udf = "trim",
     .doc = "The text without matches of the regex at its start and end",
     .example = R"(trim(@"\s+", "  x  "))"},
    {.name = "trim_start",
     .signature = "regex: string, source: string",
     .result = Returns(Type::kString),
     .lower = [](CallLowering& c) { return Trim(c, "1"); },
     .udf = "trim",
     .doc = "The text without matches of the regex at its start",
     .example = R"(trim_start("0+", "0042"))"},
    {.name = "trim_end",
     .signature = "regex: string, source: string",
     .result = Returns(Type::kString),
     .lower = [](CallLowering& c) { return Trim(c, "2"); },
     .udf = "trim",
     .doc = "The text without matches of the regex at its end",
     .example = R"(trim_end(@"\.exe", "cmd.exe"))"},
    {.name = "indexof",
     .signature = "source: string, lookup: string, [start: long], [length: long], "
                  "[occurrence: long]",
     .result = Returns(Type::kLong),
     .lower =
         [](CallLowering& c) {
           return c.Result("(" + c.dialect().Position(c.Str(0), c.Sql(1)) + " - 1)");
         },
     .doc = "Where `lookup` first occurs (0 is the first character); -1 when it does not",
     .example = R"(indexof("hello", "l"))"},
    {.name = "indexof_regex",
     .signature = "source: string, regex: string, [start: long], [length: long], "
                  "[occurrence: long]",
     .result = Returns(Type::kLong),
     .doc = "Where the regex first matches; -1 when it does not",
     .example = R"(indexof_regex("abc123", @"\d"))"},
    {.name = "countof",
     .signature = "source: string, search: string, [kind: string]",
     .result = Returns(Type::kLong),
     .lower = CountOf,
     .udf = "countof",
     .doc = "How many times `search` occurs, overlapping (kind 'regex': regex matches, not "
            "overlapping)",
     .example = R"(countof("a-b-c", "-"))"},
    {.name = "reverse",
     .signature = "value: any",
     .result = Returns(Type::kString),
     .doc = "The text backwards",
     .example = R"(reverse("abc"))"},
    {.name = "strrep",
     .signature = "value: any, times: long, [delimiter: string]",
     .result = Returns(Type::kString),
     .doc = "The text repeated `times` times",
     .example = R"(strrep("ab", 3))"},
    {.name = "translate",
     .signature = "from: string, to: string, source: string",
     .result = Returns(Type::kString),
     .doc = "The text with each character of `from` replaced by the one at its place in `to`",
     .example = R"(translate("abc", "xyz", "aabbcc"))"},
    {.name = "strcmp",
     .signature = "string1: string, string2: string",
     .result = Returns(Type::kInt),
     .doc = "-1, 0 or 1 as the first text sorts before, with or after the second",
     .example = R"(strcmp("a", "b"))"},
    {.name = "has_any_index",
     .signature = "source: string, values: dynamic",
     .result = Returns(Type::kLong),
     .doc = "The index of the first of the values the text has as a term; -1 when none",
     .example = R"(has_any_index("this is an example", dynamic(["not", "example"])))"},
    {.name = "regex_quote",
     .signature = "value: string",
     .result = Returns(Type::kString),
     .doc = "The text with the regex's special characters escaped",
     .example = R"(regex_quote("a.b"))"},
};

}  // namespace

std::span<const FunctionSpec> TextFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
