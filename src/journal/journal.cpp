#include "journal/journal.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/hash.h"
#include "core/json.h"
#include "core/strings.h"
#include "core/time.h"
#include "journal/sign.h"

namespace quarry::journal {
namespace {

namespace fs = std::filesystem;

const std::string kGenesis(64, '0');
constexpr std::string_view kHashMember = ",\"hash\":\"";

std::string NowIso() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  return FormatIsoTime(Timestamp{micros * Timestamp::kTicksPerMicro});
}

Result<std::vector<std::string>> Lines(const fs::path& path) {
  std::vector<std::string> lines;
  if (!fs::exists(path)) return lines;
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path.string());
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(std::move(line));
  }
  return lines;
}

constexpr std::string_view kSignatureMember = "\",\"sig\":\"";

// The line's content (what its hash covers), its stored hash and signature ("" when unsigned);
// false when it has no hash.
bool Split(const std::string& line, std::string_view& content, std::string_view& hash,
           std::string_view& signature) {
  size_t at = line.rfind(kHashMember);
  if (at == std::string::npos) return false;
  size_t after = at + kHashMember.size() + 64;
  std::string_view tail = std::string_view(line).substr(std::min(after, line.size()));
  signature = {};
  if (tail.size() == kSignatureMember.size() + 128 + 2 &&
      tail.substr(0, kSignatureMember.size()) == kSignatureMember &&
      tail.substr(tail.size() - 2) == "\"}") {
    signature = tail.substr(kSignatureMember.size(), 128);
  } else if (tail != "\"}") {
    return false;
  }
  content = std::string_view(line).substr(0, at);
  hash = std::string_view(line).substr(at + kHashMember.size(), 64);
  return true;
}

bool ParseEntry(const std::string& line, Entry& entry) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(line).get(doc) != simdjson::SUCCESS || !doc.is_object()) return false;
  auto text = [&](const char* key, std::string& out) {
    std::string_view v;
    if (doc[key].get_string().get(v) != simdjson::SUCCESS) return false;
    out.assign(v);
    return true;
  };
  simdjson::dom::element body;
  if (doc["seq"].get_uint64().get(entry.seq) != simdjson::SUCCESS ||
      doc["body"].get(body) != simdjson::SUCCESS) {
    return false;
  }
  entry.body = simdjson::minify(body);
  std::string_view sig;
  if (doc["sig"].get_string().get(sig) == simdjson::SUCCESS) entry.signature.assign(sig);
  return text("time", entry.time) && text("kind", entry.kind) && text("author", entry.author) &&
         text("title", entry.title) && text("prev", entry.prev) && text("hash", entry.hash);
}

struct Head {
  uint64_t count = 0;
  std::string hash;
  std::string signature;  // of "count:hash", when the journal is signed
};

std::string HeadMessage(uint64_t count, const std::string& hash) {
  return "head:" + std::to_string(count) + ":" + hash;
}

Result<std::optional<Head>> ReadHead(const fs::path& dir) {
  fs::path path = dir / kHeadFile;
  if (!fs::exists(path)) return std::optional<Head>();
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  Head head;
  std::string_view hash;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS ||
      doc["count"].get_uint64().get(head.count) != simdjson::SUCCESS ||
      doc["hash"].get_string().get(hash) != simdjson::SUCCESS) {
    return Corrupt(path.string() + " is not a journal head");
  }
  head.hash.assign(hash);
  std::string_view sig;
  if (doc["sig"].get_string().get(sig) == simdjson::SUCCESS) head.signature.assign(sig);
  return std::optional<Head>(head);
}

Status WriteHead(const fs::path& dir, uint64_t count, const std::string& hash,
                 const std::string& signature) {
  fs::path tmp = dir / (std::string(kHeadFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"count\":" << count << ",\"hash\":\"" << hash << "\"";
    if (!signature.empty()) out << ",\"sig\":\"" << signature << "\"";
    out << "}\n";
    out.flush();
    if (!out) return IoError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, dir / kHeadFile, ec);
  if (ec) return IoError("cannot replace " + (dir / kHeadFile).string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> Verify(const std::string& case_dir, const std::string& public_key) {
  fs::path dir(case_dir);
  auto lines = Lines(dir / kJournalFile);
  if (!lines.ok()) return lines.status();
  VerifyReport report;
  auto bad = [&](uint64_t line, std::string problem) {
    report.intact = false;
    report.first_bad = line;
    report.problem = std::move(problem);
    return report;
  };
  std::string prev = kGenesis;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string& line = (*lines)[i];
    uint64_t number = i + 1;
    std::string_view content, hash, signature;
    Entry entry;
    if (!Split(line, content, hash, signature) || !ParseEntry(line, entry)) {
      return bad(number, "entry " + std::to_string(number) + " is not a journal entry");
    }
    if (Sha256Hex(content) != hash) {
      return bad(number, "entry " + std::to_string(number) +
                             " was changed: its content does not match its hash");
    }
    if (entry.seq != number) {
      return bad(number, "entry " + std::to_string(number) + " carries sequence number " +
                             std::to_string(entry.seq) +
                             ": entries were removed, inserted or reordered");
    }
    if (entry.prev != prev) {
      return bad(number, "entry " + std::to_string(number) +
                             " does not follow the entry before it: an entry was removed, "
                             "inserted or reordered");
    }
    if (!public_key.empty()) {
      if (signature.empty()) {
        return bad(number, "entry " + std::to_string(number) + " is not signed");
      }
      auto good = VerifySignature(public_key, std::string(hash), std::string(signature));
      if (!good.ok()) return good.status();
      if (!*good) {
        return bad(number, "entry " + std::to_string(number) +
                               " has a signature that the public key does not verify");
      }
    }
    prev = std::string(hash);
    report.entries = number;
  }
  report.last_hash = prev;  // 64 zeros for an empty journal
  auto head = ReadHead(dir);
  if (!head.ok()) return bad(report.entries + 1, head.status().message());
  if (!head->has_value()) {
    if (report.entries > 0) {
      return bad(report.entries + 1, std::string(kHeadFile) +
                                         " is missing: cannot tell whether "
                                         "entries were cut from the end");
    }
    return report;
  }
  const Head& h = **head;
  // Signed, the head also says how long the journal was: entries cut from the end, with the
  // head rewritten to match, no longer verify.
  if (!public_key.empty() && report.entries > 0) {
    auto good = h.signature.empty()
                    ? Result<bool>(false)
                    : VerifySignature(public_key, HeadMessage(h.count, h.hash), h.signature);
    if (!good.ok()) return good.status();
    if (!*good) {
      return bad(report.entries + 1, std::string(kHeadFile) +
                                         " is not signed by the key: entries may have been cut "
                                         "from the end and the head rewritten");
    }
  }
  if (h.count != report.entries || h.hash != prev) {
    uint64_t first = std::min<uint64_t>(h.count, report.entries) + 1;
    return bad(first, "the journal has " + std::to_string(report.entries) +
                          " entries but its head records " + std::to_string(h.count) +
                          (h.count > report.entries ? ": entries were cut from the end"
                                                    : ": entries were added without the head"));
  }
  return report;
}

namespace {

// Writes the entry's members up to "prev" (what its hash covers), leaving the object open.
void WriteHashedMembers(JsonWriter& w, const Entry& e) {
  w.BeginObject()
      .Field("seq", e.seq)
      .Field("time", e.time)
      .Field("kind", e.kind)
      .Field("author", e.author)
      .Field("title", e.title)
      .Key("body")
      .Raw(e.body)
      .Field("prev", e.prev);
}

}  // namespace

std::string HashedPart(const Entry& entry) {
  std::string out;
  JsonWriter w(out);
  WriteHashedMembers(w, entry);
  return out;
}

std::string EntryLine(const Entry& entry) {
  std::string out;
  JsonWriter w(out);
  WriteHashedMembers(w, entry);
  w.Field("hash", entry.hash);
  if (!entry.signature.empty()) w.Field("sig", entry.signature);
  w.EndObject();
  return out;
}

Result<Entry> Append(const std::string& case_dir, const std::string& kind,
                     const std::string& author, const std::string& title,
                     const std::string& body_json, const std::string& sign_key) {
  fs::path dir(case_dir);
  if (!fs::is_directory(dir)) return NotFound("no case at " + case_dir);
  // One writer at a time: two hunts approved at once would both write entry N + 1.
  int lock = ::open((dir / "journal.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    if (lock >= 0) ::close(lock);
    return IoError("cannot lock " + (dir / "journal.lock").string());
  }
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  auto report = Verify(case_dir);
  if (!report.ok()) return report.status();
  if (!report->intact) {
    return Corrupt("the journal is not intact (" + report->problem +
                   "); nothing is added to it. Run `quarry journal verify` to see where");
  }
  std::string body;  // minified: one entry, one line
  {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(body_json).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
      return InvalidArgument("a journal entry's body must be a JSON object");
    }
    body = simdjson::minify(doc);
  }
  Entry entry;
  entry.seq = report->entries + 1;
  entry.time = NowIso();
  entry.kind = kind;
  entry.author = author;
  entry.title = title;
  entry.body = body;
  entry.prev = report->last_hash;  // the intact journal's last hash (zeros when empty)
  entry.hash = Sha256Hex(HashedPart(entry));
  if (!sign_key.empty()) {
    QUARRY_ASSIGN_OR_RETURN(entry.signature, Sign(sign_key, entry.hash));
  }
  std::string line = EntryLine(entry) + "\n";
  {
    // A last line without its line break would be glued to this one.
    std::error_code ec;
    bool needs_break = false;
    if (fs::exists(dir / kJournalFile) && fs::file_size(dir / kJournalFile, ec) > 0 && !ec) {
      std::ifstream in(dir / kJournalFile, std::ios::binary);
      in.seekg(-1, std::ios::end);
      needs_break = in.get() != '\n';
    }
    std::ofstream out(dir / kJournalFile, std::ios::app | std::ios::binary);
    if (needs_break) out << '\n';
    out << line;
    out.flush();
    if (!out) return IoError("cannot append to " + (dir / kJournalFile).string());
  }
  std::string head_signature;
  if (!sign_key.empty()) {
    QUARRY_ASSIGN_OR_RETURN(head_signature, Sign(sign_key, HeadMessage(entry.seq, entry.hash)));
  }
  Status written = WriteHead(dir, entry.seq, entry.hash, head_signature);
  if (!written.ok()) return written;
  return entry;
}

Result<std::vector<Entry>> Read(const std::string& case_dir) {
  auto lines = Lines(fs::path(case_dir) / kJournalFile);
  if (!lines.ok()) return lines.status();
  std::vector<Entry> entries;
  for (size_t i = 0; i < lines->size(); ++i) {
    Entry entry;
    if (!ParseEntry((*lines)[i], entry)) {
      return Corrupt("journal entry " + std::to_string(i + 1) + " is not a journal entry");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace quarry::journal
