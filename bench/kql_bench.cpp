// Times each hunting question of a queries file (bench/kql/queries.txt) two ways on the same
// case in the same run: as KQL through quarry's whole query path (open the case, check, lower,
// run, convert rows) and as the hand-written SQLite SQL given next to it (open the case, run,
// read every column of every row). Prints a Markdown table of median times.
// With --versus OTHER_CASE the second column is the same KQL on another case of the same
// evidence (a ClickHouse case against the SQLite one), rows compared.
// Usage: kql_bench CASE_DIR QUERIES_FILE [--now ISO8601] [--runs N] [--versus OTHER_CASE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <malloc.h>

#include "core/time.h"
#include "query/run_query.h"
#include "query/sqlite_functions.h"
#include "store/case.h"

namespace {

struct BenchQuery {
  std::string name, kql, sql;
};

std::vector<BenchQuery> LoadQueries(const std::string& path) {
  std::ifstream in(path);
  std::vector<BenchQuery> out;
  BenchQuery current;
  bool in_sql = false;
  auto flush = [&] {
    if (!current.kql.empty()) out.push_back(current);
    current = {};
    in_sql = false;
  };
  for (std::string line; std::getline(in, line);) {
    if (line == "====") {
      flush();
    } else if (line == "----") {
      in_sql = true;
    } else if (!line.empty() && line[0] == '#') {
      current.name = line.substr(line.find_first_not_of("# "));
    } else if (!line.empty()) {
      (in_sql ? current.sql : current.kql) += line + "\n";
    }
  }
  flush();
  return out;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Runs the SQL on a freshly opened case, as `quarry query` opens it, reading every value.
long long RunSql(const std::string& case_dir, const std::string& sql) {
  auto c = quarry::store::Case::Open(case_dir, quarry::store::Case::Mode::kOpenExisting);
  if (!c.ok()) return -1;
  sqlite3* db = (*c)->db();
  quarry::query::RegisterKqlFunctions(db);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "SQL error: %s\n", sqlite3_errmsg(db));
    return -1;
  }
  long long rows = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    ++rows;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (sqlite3_column_type(stmt, i) == SQLITE_TEXT) sqlite3_column_bytes(stmt, i);
    }
  }
  sqlite3_finalize(stmt);
  return rows;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: kql_bench CASE_DIR QUERIES_FILE [--now ISO8601] [--runs N]\n");
    return 2;
  }
  // Freed SQLite page caches stay in the heap instead of going back to the kernel after each
  // connection, so neither variant pays page faults the other has already paid.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  std::string case_dir = argv[1];
  std::vector<BenchQuery> queries = LoadQueries(argv[2]);
  quarry::query::QueryOptions options;
  options.max_rows = 10'000'000;
  options.default_window_ticks = 0;  // a query without a time filter reads the whole case
  int runs = 5;
  std::string versus;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--now") options.now = quarry::ParseIsoTime(argv[i + 1]);
    if (flag == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--versus") versus = argv[i + 1];
  }
  if (!options.now) {
    std::fprintf(stderr, "kql_bench: --now is required (the reference time of the questions)\n");
    return 2;
  }
  std::string now = std::to_string(options.now->ticks);
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (versus.empty()) {
    std::printf("| # | question | rows | KQL s | hand SQL s | KQL / SQL |\n");
  } else {
    std::printf("| # | question | rows | %s s | %s s | second / first |\n", case_dir.c_str(),
                versus.c_str());
  }
  std::printf("|---:|---|---:|---:|---:|---:|\n");
  std::vector<double> kql_medians, other_medians;
  double worst_ratio = 0;
  int failures = 0;
  for (size_t q = 0; q < queries.size(); ++q) {
    std::string sql = queries[q].sql;
    for (size_t at; (at = sql.find(":now")) != std::string::npos;) sql.replace(at, 4, now);
    std::vector<double> kql_times, sql_times;
    size_t kql_rows = 0;
    long long sql_rows = 0;
    for (int r = 0; r <= runs; ++r) {  // run 0 warms the page cache and is not counted
      // Whichever runs second would find the first one's freed page-cache memory already
      // faulted in, so the order alternates.
      double sql_time = 0;
      auto time_sql = [&] {
        auto sql_start = std::chrono::steady_clock::now();
        if (versus.empty()) {
          sql_rows = RunSql(case_dir, sql);
        } else {
          auto other = quarry::query::RunQuery(versus, queries[q].kql, options);
          sql_rows = other.ok() && other->ran ? static_cast<long long>(other->rows.size()) : -1;
        }
        sql_time = Seconds(sql_start);
      };
      if (r % 2 == 1) time_sql();
      auto start = std::chrono::steady_clock::now();
      auto result = quarry::query::RunQuery(case_dir, queries[q].kql, options);
      double kql_time = Seconds(start);
      if (!result.ok() || !result->ran) {
        std::fprintf(
            stderr, "query %zu did not run: %s\n", q + 1,
            result.ok() ? (result->findings.empty() ? "?" : result->findings.back().message.c_str())
                        : result.status().message().c_str());
        ++failures;
        break;
      }
      kql_rows = result->rows.size();
      if (r % 2 == 0) time_sql();
      if (r > 0) {
        kql_times.push_back(kql_time);
        sql_times.push_back(sql_time);
      }
    }
    if (kql_times.empty()) continue;
    double k = Median(kql_times), s = Median(sql_times);
    kql_medians.push_back(k);
    other_medians.push_back(s);
    worst_ratio = std::max(worst_ratio, versus.empty() ? k / s : s / k);
    std::string rows = std::to_string(kql_rows);
    if (static_cast<long long>(kql_rows) != sql_rows) {
      rows += (versus.empty() ? " (SQL " : " (second ") + std::to_string(sql_rows) + ")";
    }
    std::printf("| %zu | %s | %s | %.3f | %.3f | %.2f |\n", q + 1, queries[q].name.c_str(),
                rows.c_str(), k, s, versus.empty() ? k / s : s / k);
  }
  if (versus.empty()) {
    std::printf("\np50 of the KQL medians: %.3f s; worst KQL / SQL: %.2f; %d of %zu did not run\n",
                Median(kql_medians), worst_ratio, failures, queries.size());
  } else {
    std::printf("\np50: %.3f s on the first case, %.3f s on the second; worst second / first: "
                "%.2f; %d of %zu did not run\n",
                Median(kql_medians), Median(other_medians), worst_ratio, failures,
                queries.size());
  }
  return failures == 0 ? 0 : 1;
}
