// The compiled-rule cache of the loader (LoaderOptions::cache; see ruleset_codec.h).
//
// The key covers everything the compiled rule set depends on: every text added with its name,
// the options (placeholders, mapping file, windash bound), the Vectorscan version, and the bytes
// of the running program itself, so a rebuilt Quarry never reads what an older one compiled.
#include <hs/hs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/hash.h"
#include "sigma/loader.h"
#include "sigma/prefilter.h"
#include "sigma/ruleset_codec.h"

namespace quarry::sigma {
namespace {

namespace fs = std::filesystem;

// SHA-256 of this program's file, once per process; "" when it cannot be read.
const std::string& ProgramDigest() {
  static std::once_flag once;
  static std::string digest;
  std::call_once(once, [] {
    std::ifstream in("/proc/self/exe", std::ios::binary);
    if (!in) return;
    Sha256 h;
    std::string buffer(size_t{1} << 20, '\0');
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      h.Update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    digest = h.HexDigest();
  });
  return digest;
}

void Field(Sha256& h, std::string_view s) {
  h.Update(std::to_string(s.size()) + ":");
  h.Update(s);
}

}  // namespace

std::string RuleLoader::CacheFile() const {
  std::string dir = CacheDirectory();
  const std::string& program = ProgramDigest();
  if (dir.empty() || program.empty()) return {};
  Sha256 h;
  Field(h, "quarry compiled rules 1");
  Field(h, program);
  Field(h, hs_version());
  Field(h, std::to_string(options_.max_windash_variants));
  Field(h, options_.selection.Key());
  for (const auto& [name, values] : options_.placeholders) {
    Field(h, name);
    for (const auto& v : values) Field(h, v);
  }
  for (const auto& [service, channels] : options_.mapping.services) {
    Field(h, service);
    for (const auto& c : channels) Field(h, c);
  }
  for (const auto& [category, c] : options_.mapping.categories) {
    Field(h, category);
    for (const auto& ch : c.channels) Field(h, ch);
    for (int64_t id : c.event_ids) Field(h, std::to_string(id));
    for (const auto& [from, to] : c.fields) {
      Field(h, from);
      Field(h, to);
    }
  }
  // Unreadable files are results too: they are part of what was loaded.
  for (const auto& r : results_) Field(h, r.reason);
  for (const auto& [name, text] : pending_) {
    Field(h, name);
    Field(h, text);
  }
  return (fs::path(dir) / "rules" / (h.HexDigest() + ".bin")).string();
}

bool RuleLoader::LoadCached(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  Ruleset rules;
  std::vector<RuleLoad> results;
  if (!RulesetCodec::Decode(ss.str(), rules, results)) return false;  // compiled afresh
  ruleset_ = std::move(rules);
  results_ = std::move(results);
  from_cache_ = true;
  return true;
}

void RuleLoader::StoreCached(const std::string& file) const {
  std::string bytes = RulesetCodec::Encode(ruleset_, results_);
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  // Written aside and renamed: a reader sees the whole file or none.
  std::string tmp = file + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace quarry::sigma
