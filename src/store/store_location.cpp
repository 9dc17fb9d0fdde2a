#include "store/store_location.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace quarry::store {
namespace fs = std::filesystem;

namespace {

bool ValidName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

// A host name or IPv4 address (letters, digits, '.', '-', '_'), or an IPv6 address (hex digits,
// ':' and '.') when it was written in brackets.
bool ValidHost(std::string_view h, bool bracketed) {
  if (h.empty() || h.size() > 253) return false;
  for (char c : h) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (bracketed ? !(alnum || c == ':' || c == '.') : !(alnum || c == '.' || c == '-' || c == '_'))
      return false;
  }
  return !bracketed || h.find(':') != std::string_view::npos;
}

}  // namespace

std::string StoreLocation::Url() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::string url = "clickhouse://" + h + ":" + std::to_string(port) + "/" + database;
  if (cluster != "quarry") url += "?cluster=" + cluster;
  return url;
}

Result<StoreLocation> ParseStoreUrl(std::string_view url) {
  const std::string_view scheme = "clickhouse://";
  // Checked first, so that no message below repeats a password.
  if (url.find('@') != std::string_view::npos) {
    return UsageError(
        "store address: credentials in the address would show in process listings; set "
        "QUARRY_CLICKHOUSE_USER and QUARRY_CLICKHOUSE_PASSWORD, or user and password under "
        "[store] in the case's quarry.toml");
  }
  auto bad = [&](const std::string& why) {
    return UsageError("store '" + std::string(url) + "': " + why +
                      " (expected clickhouse://HOST:PORT/DATABASE, e.g. "
                      "clickhouse://127.0.0.1:8123/quarry)");
  };
  if (url == "sqlite" || url.rfind("sqlite:", 0) == 0) {
    return bad("SQLite is the default store: leave --store out");
  }
  if (url.rfind(scheme, 0) != 0) return bad("only ClickHouse stores are supported");
  std::string_view rest = url.substr(scheme.size());
  StoreLocation out;
  size_t query = rest.find('?');
  if (query != std::string_view::npos) {
    std::string_view params = rest.substr(query + 1);
    rest = rest.substr(0, query);
    while (!params.empty()) {
      size_t amp = params.find('&');
      std::string_view p = params.substr(0, amp);
      params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
      if (p.rfind("cluster=", 0) == 0) {
        out.cluster = std::string(p.substr(8));
        if (!ValidName(out.cluster)) return bad("the cluster name must be letters, digits or _");
      } else if (!p.empty()) {
        return bad("unknown parameter '" + std::string(p) + "' (only cluster=NAME)");
      }
    }
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) out.database = std::string(db);
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed [ in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the host");
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return bad("no host");
  if (!ValidHost(out.host, !authority.empty() && authority.front() == '[')) {
    return bad("the host is not a name or an address");
  }
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) return bad("the port is not a number");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return bad("the port must be 1-65535");
    out.port = port;
  }
  if (!ValidName(out.database)) return bad("the database name must be letters, digits or _");
  return out;
}

void ApplyEnvironmentCredentials(StoreLocation& location) {
  if (const char* user = std::getenv("QUARRY_CLICKHOUSE_USER"); user && *user) {
    location.credentials.user = user;
    const char* password = std::getenv("QUARRY_CLICKHOUSE_PASSWORD");
    location.credentials.password = password ? password : "";
  }
}

namespace {

// The case's quarry.toml parsed, when it has a [store] table (otherwise it is the assistant's
// business, and a SQLite case opens whatever else it holds).
Result<std::optional<toml::table>> CaseStoreConfig(const std::string& case_dir) {
  fs::path path = fs::path(case_dir) / "quarry.toml";
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<toml::table>();
  {
    std::ifstream in(path);
    bool has_store = false;
    for (std::string line; !has_store && std::getline(in, line);) {
      has_store = line.find("[store]") != std::string::npos;
    }
    if (!has_store) return std::optional<toml::table>();
  }
  try {
    return std::optional<toml::table>(toml::parse_file(path.string()));
  } catch (const toml::parse_error& e) {
    return ParseError(path.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                      std::to_string(e.source().begin.column) + ": " +
                      std::string(e.description()));
  }
}

void ApplySettings(const toml::table& root, StoreLocation& out) {
  if (auto v = root["store"]["allow_remote"].value<bool>()) out.allow_remote = *v;
  if (auto v = root["store"]["user"].value<std::string>()) out.credentials.user = *v;
  if (auto v = root["store"]["password"].value<std::string>()) out.credentials.password = *v;
  ApplyEnvironmentCredentials(out);
}

}  // namespace

Result<std::optional<StoreLocation>> ReadCaseStore(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto root, CaseStoreConfig(case_dir));
  if (!root) return std::optional<StoreLocation>();
  auto url = (*root)["store"]["url"].value<std::string>();
  if (!url || *url == "sqlite") return std::optional<StoreLocation>();
  auto parsed = ParseStoreUrl(*url);
  if (!parsed.ok()) {
    return InvalidArgument((fs::path(case_dir) / "quarry.toml").string() + ": " +
                           parsed.status().message());
  }
  StoreLocation out = std::move(parsed).value();
  ApplySettings(*root, out);
  return std::optional<StoreLocation>(std::move(out));
}

Status ApplyCaseStoreSettings(const std::string& case_dir, StoreLocation& location) {
  QUARRY_ASSIGN_OR_RETURN(auto root, CaseStoreConfig(case_dir));
  if (root) {
    ApplySettings(*root, location);
  } else {
    ApplyEnvironmentCredentials(location);
  }
  return Status::Ok();
}

Status WriteCaseStore(const std::string& case_dir, const StoreLocation& location) {
  fs::path path = fs::path(case_dir) / "quarry.toml";
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  std::string url = "url = \"" + location.Url() + "\"\n";
  // A [store] table the person wrote before the first ingest (allow_remote, user) gets the url;
  // otherwise the table is added.
  size_t at = std::string::npos;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line == "[store]") {
      at = end == text.size() ? end : end + 1;
      break;
    }
    pos = end + 1;
  }
  if (at != std::string::npos) {
    // A url the table already has (url = "sqlite", which names no store) is replaced: TOML
    // refuses a key twice.
    for (size_t pos = at; pos < text.size();) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + pos, end - pos);
      size_t first = line.find_first_not_of(" \t");
      if (first != std::string_view::npos && line[first] == '[') break;  // the next table
      if (first != std::string_view::npos && line.substr(first).rfind("url", 0) == 0 &&
          line.substr(first + 3).find_first_not_of(" \t") != std::string_view::npos &&
          line[line.find_first_not_of(" \t", first + 3)] == '=') {
        text.erase(pos, std::min(end + 1, text.size()) - pos);
        continue;
      }
      pos = end + 1;
    }
    if (at == text.size() && !text.empty() && text.back() != '\n') text += '\n';
    text.insert(std::min(at, text.size()), url);
  } else {
    text +=
        "\n[store]\n"
        "# Events and alerts of this case live here; the catalog, the file registry, the\n"
        "# journal and the audit log stay in this folder. Credentials: QUARRY_CLICKHOUSE_USER\n"
        "# and QUARRY_CLICKHOUSE_PASSWORD, or user and password below.\n" +
        url;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return IoError("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace quarry::store
