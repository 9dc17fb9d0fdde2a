// The scalar and aggregation functions the binder knows by name, with their result types where
// those are fixed. From the Kusto reference; the list grows with the SQL generator.
#include <map>

#include "kql/binder_internal.h"

namespace quarry::kql {
namespace {

const std::map<std::string_view, std::string_view>& Functions() {
  static const std::map<std::string_view, std::string_view> kFunctions = {
      // Time.
      {"ago", "datetime"}, {"now", "datetime"}, {"todatetime", "datetime"},
      {"datetime_add", "datetime"}, {"startofday", "datetime"}, {"startofweek", "datetime"},
      {"startofmonth", "datetime"}, {"startofyear", "datetime"}, {"endofday", "datetime"},
      {"endofweek", "datetime"}, {"endofmonth", "datetime"}, {"endofyear", "datetime"},
      {"make_datetime", "datetime"}, {"unixtime_seconds_todatetime", "datetime"},
      {"unixtime_milliseconds_todatetime", "datetime"}, {"datetime_utc_to_local", "datetime"},
      {"datetime_local_to_utc", "datetime"}, {"ingestion_time", "datetime"},
      {"totimespan", "timespan"}, {"make_timespan", "timespan"}, {"datetime_diff", "long"},
      {"datetime_part", "int"}, {"dayofweek", "timespan"}, {"dayofmonth", "int"},
      {"dayofyear", "int"}, {"hourofday", "int"}, {"getmonth", "int"}, {"getyear", "int"},
      {"weekofyear", "int"}, {"monthofyear", "int"}, {"format_datetime", "string"},
      {"format_timespan", "string"}, {"bin", ""}, {"bin_at", ""}, {"floor", ""},
      // Conversion.
      {"tostring", "string"}, {"toint", "int"}, {"tolong", "long"}, {"todouble", "real"},
      {"toreal", "real"}, {"tobool", "bool"}, {"toboolean", "bool"}, {"todecimal", "decimal"},
      {"toguid", "guid"}, {"todynamic", "dynamic"}, {"parse_json", "dynamic"},
      {"toobject", "dynamic"}, {"parse_xml", "dynamic"}, {"parse_url", "dynamic"},
      {"parse_path", "dynamic"}, {"parse_user_agent", "dynamic"},
      {"parse_command_line", "dynamic"}, {"parse_csv", "dynamic"}, {"parse_ipv4", "long"},
      {"parse_ipv6", "string"}, {"tohex", "string"},
      // Strings.
      {"tolower", "string"}, {"toupper", "string"}, {"strcat", "string"},
      {"strcat_delim", "string"}, {"strcat_array", "string"}, {"strlen", "long"},
      {"substring", "string"}, {"split", "dynamic"}, {"extract", "string"},
      {"extract_all", "dynamic"}, {"extractjson", "string"}, {"replace", "string"},
      {"replace_string", "string"}, {"replace_regex", "string"}, {"replace_strings", "string"},
      {"trim", "string"}, {"trim_start", "string"}, {"trim_end", "string"}, {"indexof", "long"},
      {"indexof_regex", "long"}, {"countof", "long"}, {"reverse", "string"},
      {"strrep", "string"}, {"translate", "string"}, {"url_decode", "string"},
      {"url_encode", "string"}, {"url_encode_component", "string"},
      {"base64_decode_tostring", "string"}, {"base64_encode_tostring", "string"},
      {"base64_encode_fromguid", "string"}, {"base64_decode_toarray", "dynamic"},
      {"hash", "long"}, {"hash_sha256", "string"}, {"hash_md5", "string"},
      {"hash_sha1", "string"}, {"string_size", "long"}, {"strcmp", "int"},
      {"has_any_index", "long"}, {"unicode_codepoints_from_string", "dynamic"},
      {"unicode_codepoints_to_string", "string"}, {"make_string", "string"},
      {"new_guid", "guid"}, {"regex_quote", "string"}, {"toupper_invariant", "string"},
      // Logic, nulls, math.
      {"iff", ""}, {"iif", ""}, {"case", ""}, {"coalesce", ""}, {"isempty", "bool"},
      {"isnotempty", "bool"}, {"isnull", "bool"}, {"isnotnull", "bool"}, {"isnan", "bool"},
      {"isinf", "bool"}, {"isfinite", "bool"}, {"not", "bool"}, {"abs", ""}, {"round", ""},
      {"ceiling", ""}, {"sqrt", "real"}, {"log", "real"}, {"log10", "real"}, {"log2", "real"},
      {"exp", "real"}, {"pow", "real"}, {"rand", "real"}, {"sign", ""}, {"max_of", ""},
      {"min_of", ""}, {"gettype", "string"}, {"binary_and", "long"}, {"binary_or", "long"},
      {"binary_xor", "long"}, {"binary_not", "long"}, {"binary_shift_left", "long"},
      {"binary_shift_right", "long"}, {"toscalar", ""}, {"column_ifexists", ""},
      {"row_number", "long"}, {"prev", ""}, {"next", ""}, {"row_cumsum", ""},
      {"current_principal", "string"}, {"current_principal_details", "dynamic"},
      {"cursor_current", "string"}, {"estimate_data_size", "long"}, {"materialize", ""},
      {"table", ""}, {"range", "dynamic"},
      // Dynamic values.
      {"array_length", "long"}, {"pack_array", "dynamic"}, {"pack", "dynamic"},
      {"bag_pack", "dynamic"}, {"pack_all", "dynamic"}, {"bag_keys", "dynamic"},
      {"bag_merge", "dynamic"}, {"bag_remove_keys", "dynamic"}, {"bag_has_key", "bool"},
      {"set_has_element", "bool"}, {"set_union", "dynamic"}, {"set_intersect", "dynamic"},
      {"set_difference", "dynamic"}, {"array_index_of", "long"}, {"array_concat", "dynamic"},
      {"array_slice", "dynamic"}, {"array_split", "dynamic"}, {"array_sort_asc", "dynamic"},
      {"array_sort_desc", "dynamic"}, {"array_sum", "real"}, {"array_iff", "dynamic"},
      {"array_reverse", "dynamic"}, {"array_rotate_left", "dynamic"}, {"zip", "dynamic"},
      {"treepath", "dynamic"}, {"jaccard_index", "real"},
      // Networks.
      {"ipv4_is_private", "bool"}, {"ipv4_is_in_range", "bool"},
      {"ipv4_is_in_any_range", "bool"}, {"ipv4_is_match", "bool"}, {"ipv4_compare", "int"},
      {"ipv6_is_match", "bool"}, {"ipv6_compare", "int"}, {"ipv4_netmask_suffix", "int"},
      {"format_ipv4", "string"}, {"format_ipv4_mask", "string"}, {"ipv4_range_to_cidr_list",
                                                                     "dynamic"},
      {"has_ipv4", "bool"}, {"has_ipv4_prefix", "bool"}, {"has_any_ipv4", "bool"},
      {"has_any_ipv4_prefix", "bool"}, {"ipv6_is_in_range", "bool"},
      // Aggregations.
      {"count", "long"}, {"countif", "long"}, {"dcount", "long"}, {"dcountif", "long"},
      {"sum", ""}, {"sumif", ""}, {"avg", "real"}, {"avgif", "real"}, {"min", ""},
      {"max", ""}, {"minif", ""}, {"maxif", ""}, {"make_set", "dynamic"},
      {"make_set_if", "dynamic"}, {"make_list", "dynamic"}, {"make_list_if", "dynamic"},
      {"make_list_with_nulls", "dynamic"}, {"make_bag", "dynamic"}, {"make_bag_if", "dynamic"},
      {"makeset", "dynamic"}, {"makelist", "dynamic"}, {"arg_max", ""}, {"arg_min", ""},
      {"take_any", ""}, {"take_anyif", ""}, {"any", ""}, {"anyif", ""},
      {"percentile", ""}, {"percentiles", ""}, {"percentiles_array", "dynamic"},
      {"stdev", "real"}, {"stdevif", "real"}, {"variance", "real"}, {"varianceif", "real"},
      {"hll", "dynamic"}, {"hll_merge", "dynamic"}, {"dcount_hll", "long"},
      {"binary_all_and", "long"}, {"binary_all_or", "long"}, {"count_distinct", "long"},
  };
  return kFunctions;
}

}  // namespace

std::string FunctionType(std::string_view name) {
  auto it = Functions().find(name);
  return it == Functions().end() ? std::string() : std::string(it->second);
}

bool KnownFunction(std::string_view name) {
  return Functions().count(name) > 0;
}

}  // namespace quarry::kql
