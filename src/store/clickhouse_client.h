// One ClickHouse server's HTTP interface (cpp-httplib), with what Quarry exchanges with it:
// statements, answers in TabSeparated format read row by row, and RowBinary blocks to insert.
// SQL is written to run on Debian 12's ClickHouse 18.16 and on current releases
// (../shared/docs/clickhouse-18.16.md).
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clickhouse_sql.h"
#include "core/status.h"

namespace quarry::store {

struct ClickHouseCredentials {
  std::string user;  // empty: the server's default user
  std::string password;
};

// A row of a TabSeparated answer: each field unescaped, nullopt for \N.
using TsvRow = std::vector<std::optional<std::string_view>>;

class ClickHouseServer {
 public:
  ClickHouseServer(std::string host, int port, ClickHouseCredentials credentials);
  ~ClickHouseServer();
  ClickHouseServer(const ClickHouseServer&) = delete;
  ClickHouseServer& operator=(const ClickHouseServer&) = delete;

  // "host:port", the name errors give.
  const std::string& name() const { return name_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  // Seconds a statement may run (default 3600): long scans of a large case are normal.
  void set_timeout_seconds(int seconds) { timeout_seconds_ = seconds; }
  // The database unqualified names are read in (the case's).
  void set_database(std::string database) { database_ = std::move(database); }

  // Runs a statement; its answer is ignored.
  Status Execute(std::string_view sql) const;
  // Runs a query and returns its whole answer.
  Result<std::string> Query(std::string_view sql) const;
  // Runs a query whose SQL ends in FORMAT TabSeparated (added here) and hands each row to `fn`
  // as it arrives; `fn` returns false to stop reading.
  Status Select(std::string_view sql, const std::function<bool(const TsvRow&)>& fn) const;
  // Sends `body` as the data of `insert` ("INSERT INTO t (a, b) FORMAT RowBinary"), under
  // `query_id` when one is given (system.processes shows it while the insert runs).
  Status Insert(std::string_view insert, std::string_view body,
                std::string_view query_id = {}) const;

 private:
  Status Post(std::string_view sql, std::string_view body, std::string_view query_id,
              const std::function<bool(const char*, size_t)>& receive) const;

  std::string host_;
  int port_ = 0;
  std::string name_;
  ClickHouseCredentials credentials_;
  int timeout_seconds_ = 3600;
  std::string database_;
};

// Appends RowBinary encodings (little-endian numbers, LEB128 lengths before strings, a 0/1
// byte before each Nullable value).
class RowBinaryWriter {
 public:
  void Null() { out_.push_back('\x01'); }
  void NotNull() { out_.push_back('\x00'); }
  void Int64(int64_t v) { Raw(&v, sizeof v); }
  void Float64(double v) { Raw(&v, sizeof v); }
  void String(std::string_view s) {
    uint64_t n = s.size();
    do {
      auto byte = static_cast<uint8_t>(n & 0x7f);
      n >>= 7;
      if (n) byte |= 0x80;
      out_.push_back(static_cast<char>(byte));
    } while (n);
    out_.append(s.data(), s.size());
  }
  std::string& bytes() { return out_; }
  size_t size() const { return out_.size(); }
  void clear() { out_.clear(); }

 private:
  void Raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

// Splits TabSeparated text into rows, unescaping fields; keeps an incomplete last line for the
// next chunk. ClickHouse reports an error it meets after it began a 200 answer (a shard failing
// mid-read) in lines of its own at the end: from the first such line on, nothing is a row.
class TsvReader {
 public:
  // Returns false when `fn` asked to stop.
  bool Feed(std::string_view chunk, const std::function<bool(const TsvRow&)>& fn);
  // After the last chunk: fails when the answer ended in the middle of a row or with
  // ClickHouse's error (returned without its boilerplate).
  Status Finish(const std::function<bool(const TsvRow&)>& fn);

 private:
  bool Line(std::string_view line, const std::function<bool(const TsvRow&)>& fn);
  std::string pending_;             // an incomplete line
  std::string error_;               // ClickHouse's error lines, once one came
  std::deque<std::string> fields_;  // unescaped fields; a deque keeps views into it valid
  TsvRow row_;
};

// ClickHouse's error text without its boilerplate ("Code: 60, e.displayText() = DB::Exception:
// Table x doesn't exist., e.what() = DB::Exception" becomes "Table x doesn't exist. (Code: 60)").
std::string ClickHouseErrorMessage(std::string body);
// Whether a line of an answer is ClickHouse's report of an error ("Code: 395, e.displayText() =
// DB::Exception: …" from 18.16, "Code: 395. DB::Exception: …" from later releases).
bool IsClickHouseErrorLine(std::string_view line);

}  // namespace quarry::store
