// Where a case keeps its events: in its own events.db (SQLite, the default) or in ClickHouse,
// named by `--store clickhouse://HOST:PORT/DATABASE` when the case is made and recorded in the
// case's quarry.toml ([store] url) for every later command. The catalog, the file registry, the
// journal and the audit log stay in the case directory either way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/clickhouse_client.h"

namespace quarry::store {

struct StoreLocation {
  std::string host;
  int port = 8123;
  std::string database = "quarry";
  // The cluster (in the server's remote_servers) whose shards hold the tables; when the server
  // has no cluster of that name, the tables live on that one server.
  std::string cluster = "quarry";
  // Hosts other than loopback are refused unless the case's quarry.toml allows them
  // ([store] allow_remote = true): evidence should not leave the machine by a typo.
  bool allow_remote = false;
  // From QUARRY_CLICKHOUSE_USER / QUARRY_CLICKHOUSE_PASSWORD, else quarry.toml's [store] user
  // and password; never from the URL, which shows in process listings.
  ClickHouseCredentials credentials;

  // clickhouse://HOST:PORT/DATABASE[?cluster=NAME], without credentials.
  std::string Url() const;
};

// Parses clickhouse://HOST[:PORT][/DATABASE][?cluster=NAME]; a URL carrying user:password@ is
// refused with the reason.
Result<StoreLocation> ParseStoreUrl(std::string_view url);

// QUARRY_CLICKHOUSE_USER and QUARRY_CLICKHOUSE_PASSWORD, when set, as the credentials.
void ApplyEnvironmentCredentials(StoreLocation& location);

// The case's store from DIR/quarry.toml ([store] url); nullopt for SQLite.
Result<std::optional<StoreLocation>> ReadCaseStore(const std::string& case_dir);

// What DIR/quarry.toml's [store] table says beyond the url (allow_remote, user, password), and
// the environment's credentials, applied to `location`: a new case's store before it is recorded.
Status ApplyCaseStoreSettings(const std::string& case_dir, StoreLocation& location);

// Records `location` in the case's quarry.toml: its url goes into the [store] table, which is
// added when the file has none.
Status WriteCaseStore(const std::string& case_dir, const StoreLocation& location);

}  // namespace quarry::store
