#include "store/clickhouse_client.h"

#include <httplib.h>

#include <utility>

namespace quarry::store {
namespace {

// How much of an error answer is kept for the message.
constexpr size_t kErrorBytes = 1000;

std::string PercentEncoded(std::string_view s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string ClickHouseErrorMessage(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  const std::string marker = "DB::Exception: ";
  size_t at = body.find(marker);
  if (at != std::string::npos) {
    std::string code;
    if (body.rfind("Code: ", 0) == 0) code = " (" + body.substr(0, body.find(',')) + ")";
    body = body.substr(at + marker.size());
    size_t what = body.find(", e.what()");
    if (what != std::string::npos) body.resize(what);
    body += code;
  }
  return body;
}

bool IsClickHouseErrorLine(std::string_view line) {
  if (line.rfind("Code: ", 0) != 0 || line.find('\t') != std::string_view::npos) return false;
  size_t digits = 6;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits == 6) return false;
  std::string_view rest = line.substr(digits);
  return rest.rfind(", e.displayText() = ", 0) == 0 || rest.rfind(". DB::Exception: ", 0) == 0;
}

ClickHouseServer::ClickHouseServer(std::string host, int port, ClickHouseCredentials credentials)
    : host_(std::move(host)),
      port_(port),
      name_(host_ + ":" + std::to_string(port)),
      credentials_(std::move(credentials)) {}

ClickHouseServer::~ClickHouseServer() = default;

Status ClickHouseServer::Post(std::string_view sql, std::string_view body,
                              std::string_view query_id,
                              const std::function<bool(const char*, size_t)>& receive) const {
  httplib::Client client(host_, port_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(timeout_seconds_, 0);
  client.set_write_timeout(timeout_seconds_, 0);
  client.set_keep_alive(false);
  if (!credentials_.user.empty()) {
    client.set_basic_auth(credentials_.user, credentials_.password);
  }
  httplib::Request req;
  req.method = "POST";
  // Statements go in the body, which has no length limit of its own (18.16 refuses addresses
  // over 16 KB: an insert naming a few hundred columns); an insert's rows follow its statement.
  // A sort larger than 1 GB spills to disk instead of failing at the server's memory limit
  // (reading a large table in _eid order, as a scan does, sorts every column of it). Lists of
  // tens of thousands of ids (the events an incident summary cites) pass the 50,000 elements a
  // query may have by default.
  req.path =
      "/?max_query_size=16777216&max_bytes_before_external_sort=1000000000"
      "&max_ast_elements=10000000&max_expanded_ast_elements=10000000";
  if (!database_.empty()) req.path += "&database=" + PercentEncoded(database_);
  if (!query_id.empty()) req.path += "&query_id=" + PercentEncoded(query_id);
  req.body.reserve(sql.size() + 1 + body.size());
  req.body.assign(sql);
  if (!body.empty()) req.body.append("\n").append(body);
  req.set_header("Content-Type", "application/octet-stream");
  int status = 0;
  std::string error;
  bool stopped = false;
  req.response_handler = [&](const httplib::Response& res) {
    status = res.status;
    return true;
  };
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (status != 200) {
      if (error.size() < kErrorBytes) error.append(data, std::min(n, kErrorBytes - error.size()));
      return true;
    }
    if (!receive(data, n)) {
      stopped = true;
      return false;
    }
    return true;
  };
  httplib::Response res;
  httplib::Error failure = httplib::Error::Success;
  bool sent = client.send(req, res, failure);
  if (stopped) return Status::Ok();
  if (!sent || failure != httplib::Error::Success) {
    return IoError("ClickHouse shard " + name_ + " did not answer (" + httplib::to_string(failure) +
                   ")");
  }
  if (status != 200) {
    return IoError("ClickHouse shard " + name_ +
                   " refused: " + ClickHouseErrorMessage(std::move(error)));
  }
  return Status::Ok();
}

Status ClickHouseServer::Execute(std::string_view sql) const {
  return Post(sql, {}, {}, [](const char*, size_t) { return true; });
}

Result<std::string> ClickHouseServer::Query(std::string_view sql) const {
  std::string out;
  QUARRY_RETURN_IF_ERROR(Post(sql, {}, {}, [&](const char* data, size_t n) {
    out.append(data, n);
    return true;
  }));
  return out;
}

Status ClickHouseServer::Select(std::string_view sql,
                                const std::function<bool(const TsvRow&)>& fn) const {
  TsvReader reader;
  bool stopped = false;
  std::string text = std::string(sql) + "\nFORMAT TabSeparated";
  QUARRY_RETURN_IF_ERROR(Post(text, {}, {}, [&](const char* data, size_t n) {
    if (!reader.Feed(std::string_view(data, n), fn)) stopped = true;
    return !stopped;
  }));
  if (stopped) return Status::Ok();
  Status finished = reader.Finish(fn);
  if (!finished.ok()) {
    return IoError("ClickHouse shard " + name_ + " failed while answering: " + finished.message());
  }
  return Status::Ok();
}

Status ClickHouseServer::Insert(std::string_view insert, std::string_view body,
                                std::string_view query_id) const {
  return Post(insert, body, query_id, [](const char*, size_t) { return true; });
}

bool TsvReader::Feed(std::string_view chunk, const std::function<bool(const TsvRow&)>& fn) {
  if (!pending_.empty()) {
    size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      pending_.append(chunk);
      return true;
    }
    pending_.append(chunk.substr(0, nl));
    std::string line = std::move(pending_);
    pending_.clear();
    if (!Line(line, fn)) return false;
    chunk.remove_prefix(nl + 1);
  }
  for (;;) {
    size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) break;
    if (!Line(chunk.substr(0, nl), fn)) return false;
    chunk.remove_prefix(nl + 1);
  }
  pending_.assign(chunk);
  return true;
}

Status TsvReader::Finish(const std::function<bool(const TsvRow&)>&) {
  if (!error_.empty()) {
    error_ += pending_;
    return IoError(ClickHouseErrorMessage(error_));
  }
  if (!pending_.empty()) return IoError("the answer ended in the middle of a row");
  return Status::Ok();
}

bool TsvReader::Line(std::string_view line, const std::function<bool(const TsvRow&)>& fn) {
  // ClickHouse's report of an error met after the answer began, and every line after it (some
  // errors span several: a shard that cannot be reached lists each try).
  if (!error_.empty() || IsClickHouseErrorLine(line)) {
    error_.append(line).append("\n");
    return true;
  }
  size_t n = 0;
  row_.clear();
  for (;;) {
    size_t tab = line.find('\t');
    std::string_view field = line.substr(0, tab);
    if (fields_.size() <= n) fields_.emplace_back();
    std::string& out = fields_[n++];
    if (field == "\\N") {
      row_.emplace_back(std::nullopt);
    } else if (field.find('\\') == std::string_view::npos) {
      row_.emplace_back(field);
    } else {
      out.clear();
      for (size_t i = 0; i < field.size(); ++i) {
        char c = field[i];
        if (c != '\\' || i + 1 == field.size()) {
          out += c;
          continue;
        }
        char e = field[++i];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case '0':
            out += '\0';
            break;
          default:
            out += e;
            break;
        }
      }
      row_.emplace_back(std::string_view(out));
    }
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return fn(row_);
}

}  // namespace quarry::store
