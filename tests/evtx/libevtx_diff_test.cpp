// Differential test against libevtx (the reference C library, linked into this test only).
// For every corpus EVTX file that libevtx reads completely, our records must be the same ones
// with the same record id, written time, EventID, provider, channel, computer and event data
// values (after normalising how each library formats values). For files libevtx cannot read
// completely, we must recover at least as many records.
#include <gtest/gtest.h>
#include <libevtx.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "evtx/evtx_reader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

// FILETIME (100 ns since 1601) of the Unix epoch; our timestamps count from 1970.
constexpr uint64_t kFileTimeUnixEpoch = 116444736000000000ULL;

struct Rec {
  uint64_t id = 0;
  uint64_t written = 0;  // FILETIME
  std::string event_id, provider, channel, computer;
  std::string event_source_name;  // the Provider's EventSourceName attribute, ours only
  std::vector<std::string> values;
};

struct LibevtxResult {
  bool complete = false;
  std::string why;  // when not complete
  std::vector<Rec> records;
};

std::string TakeError(libevtx_error_t*& error) {
  if (error == nullptr) return "unknown error";
  char buf[512];
  libevtx_error_sprint(error, buf, sizeof buf);
  libevtx_error_free(&error);
  std::string s(buf);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

template <typename SizeFn, typename GetFn>
bool Utf8(libevtx_record_t* rec, SizeFn size_fn, GetFn get_fn, std::string& out,
          libevtx_error_t*& error) {
  size_t size = 0;
  int r = size_fn(rec, &size, &error);
  if (r == 0) {  // value absent
    out.clear();
    return true;
  }
  if (r != 1) return false;
  std::string buf(size, '\0');
  if (get_fn(rec, reinterpret_cast<uint8_t*>(buf.data()), size, &error) != 1) return false;
  out.assign(buf.c_str());
  return true;
}

std::string Between(const std::string& xml, const std::string& open, const std::string& close) {
  size_t a = xml.find(open);
  if (a == std::string::npos) return {};
  a += open.size();
  size_t b = xml.find(close, a);
  return b == std::string::npos ? std::string() : xml.substr(a, b - a);
}

LibevtxResult ReadWithLibevtx(const fs::path& path) {
  LibevtxResult out;
  libevtx_file_t* file = nullptr;
  libevtx_error_t* error = nullptr;
  if (libevtx_file_initialize(&file, &error) != 1) {
    out.why = TakeError(error);
    return out;
  }
  if (libevtx_file_open(file, path.c_str(), LIBEVTX_OPEN_READ, &error) != 1) {
    out.why = "open: " + TakeError(error);
    libevtx_file_free(&file, nullptr);
    return out;
  }
  int count = 0;
  bool ok = libevtx_file_get_number_of_records(file, &count, &error) == 1;
  if (!ok) out.why = "count: " + TakeError(error);
  for (int i = 0; ok && i < count; ++i) {
    libevtx_record_t* rec = nullptr;
    if (libevtx_file_get_record_by_index(file, i, &rec, &error) != 1) {
      out.why = "record " + std::to_string(i) + ": " + TakeError(error);
      ok = false;
      break;
    }
    Rec r;
    uint32_t event_id = 0;
    std::string xml;
    int strings = 0;
    ok = libevtx_record_get_identifier(rec, &r.id, &error) == 1 &&
         libevtx_record_get_written_time(rec, &r.written, &error) == 1 &&
         libevtx_record_get_event_identifier(rec, &event_id, &error) == 1 &&
         Utf8(rec, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name,
              r.provider, error) &&
         Utf8(rec, libevtx_record_get_utf8_computer_name_size,
              libevtx_record_get_utf8_computer_name, r.computer, error) &&
         Utf8(rec, libevtx_record_get_utf8_xml_string_size, libevtx_record_get_utf8_xml_string, xml,
              error) &&
         libevtx_record_get_number_of_strings(rec, &strings, &error) == 1;
    for (int s = 0; ok && s < strings; ++s) {
      size_t size = 0;
      int has = libevtx_record_get_utf8_string_size(rec, s, &size, &error);
      std::string v;
      if (has == 1 && size > 0) {
        v.assign(size, '\0');
        has = libevtx_record_get_utf8_string(rec, s, reinterpret_cast<uint8_t*>(v.data()), size,
                                             &error);
        v.assign(v.c_str());
      }
      ok = has >= 0;
      r.values.push_back(v);
    }
    if (!ok) out.why = "record " + std::to_string(i) + " fields: " + TakeError(error);
    r.event_id = std::to_string(event_id & 0xffff);
    r.channel = Between(xml, "<Channel>", "</Channel>");
    libevtx_record_free(&rec, nullptr);
    if (ok) out.records.push_back(std::move(r));
  }
  int corrupted = libevtx_file_is_corrupted(file, &error);
  if (corrupted != 0 && ok) {
    ok = false;
    out.why = "libevtx marks the file corrupted";
  }
  if (error) libevtx_error_free(&error);
  libevtx_file_close(file, nullptr);
  libevtx_file_free(&file, nullptr);
  out.complete = ok;
  return out;
}

// ---- our side ---------------------------------------------------------------------------------

std::string Text(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(e.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64:
      return std::to_string(e.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return std::to_string(e.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return simdjson::to_string(e);
    case simdjson::dom::element_type::BOOL:
      return e.get_bool().value_unsafe() ? "true" : "false";
    case simdjson::dom::element_type::NULL_VALUE:
      return "";
    default:
      return simdjson::to_string(e);
  }
}

// Leaf values in document order, as libevtx lists them: element values and attribute values
// other than namespace declarations (a Data element's Name is its key in our layout).
void Leaves(simdjson::dom::element e, std::vector<std::string>& out) {
  if (e.type() == simdjson::dom::element_type::OBJECT) {
    simdjson::dom::object object = e.get_object().value_unsafe();
    for (auto field : object) {
      if (field.key == "#attributes") {
        simdjson::dom::object attrs;
        if (field.value.get_object().get(attrs)) continue;
        for (auto attr : attrs) {
          if (attr.key.substr(0, 5) != "xmlns") out.push_back(Text(attr.value));
        }
        continue;
      }
      // An empty <Binary/> is no value to libevtx.
      if (field.key == "Binary" && field.value.is_null()) continue;
      Leaves(field.value, out);
    }
  } else if (e.type() == simdjson::dom::element_type::ARRAY) {
    simdjson::dom::array array = e.get_array().value_unsafe();
    for (auto item : array) Leaves(item, out);
  } else {
    out.push_back(Text(e));
  }
}

std::vector<Rec> ReadWithQuarry(const fs::path& path, size_t& damage) {
  std::string data = ReadFile(path);
  size_t pos = 0;
  evtx::FileReader reader(
      [&](char* buf, size_t n) -> Result<size_t> {
        size_t take = std::min(n, data.size() - pos);
        std::memcpy(buf, data.data() + pos, take);
        pos += take;
        return take;
      },
      {}, [&](const evtx::Damage&) { ++damage; });
  simdjson::dom::parser parser;
  std::vector<Rec> out;
  while (const evtx::Record* r = reader.Next()) {
    Rec rec;
    rec.id = r->record_id;
    rec.written = static_cast<uint64_t>(r->written.ticks) + kFileTimeUnixEpoch;
    simdjson::padded_string json(r->json);
    simdjson::dom::element root = parser.parse(json).value();
    simdjson::dom::element system = root["Event"]["System"].value();
    simdjson::dom::element id = system["EventID"].value();
    if (id.type() == simdjson::dom::element_type::OBJECT) id = id["#text"].value();
    rec.event_id = Text(id);
    simdjson::dom::element provider;
    if (!system["Provider"]["#attributes"]["Name"].get(provider)) rec.provider = Text(provider);
    if (!system["Provider"]["#attributes"]["EventSourceName"].get(provider))
      rec.event_source_name = Text(provider);
    simdjson::dom::element v;
    if (!system["Channel"].get(v)) rec.channel = Text(v);
    if (!system["Computer"].get(v)) rec.computer = Text(v);
    simdjson::dom::element data_el;
    if (!root["Event"]["EventData"].get(data_el)) {
      if (!data_el.is_null()) Leaves(data_el, rec.values);  // <EventData/> holds no value
    } else if (!root["Event"]["UserData"].get(data_el) ||
               !root["Event"]["ProcessingErrorData"].get(data_el)) {
      Leaves(data_el, rec.values);
    }
    out.push_back(std::move(rec));
  }
  return out;
}

// Formatting differences between the libraries, not differences of content: libevtx writes
// GUIDs in braces and keeps trailing whitespace that evtx_dump (and we) trim.
std::string Normalize(std::string v) {
  while (!v.empty() &&
         (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
    v.pop_back();
  if (v.size() == 38 && v.front() == '{' && v.back() == '}') v = v.substr(1, 36);
  // Times: libevtx writes nine fraction digits, evtx_dump six (FILETIME has seven).
  if (v.size() == 30 && v[4] == '-' && v[10] == 'T' && v[19] == '.' && v.back() == 'Z') {
    v = v.substr(0, 26) + "Z";
  }
  // Numbers: libevtx pads hex to the value's width and writes size_t in decimal; evtx_dump
  // writes hex unpadded. Compare their values.
  if (v.size() > 2 && v.size() <= 18 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X') &&
      v.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos) {
    v = std::to_string(std::stoull(v.substr(2), nullptr, 16));
  }
  return v;
}

std::vector<fs::path> CorpusEvtx(const fs::path& corpora) {
  std::vector<fs::path> out;
  for (const char* dir : {"evtx", "sigma-regression"}) {
    if (!fs::exists(corpora / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(corpora / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".evtx") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LibevtxDiff, SameRecordsAsLibevtx) {
  fs::path corpora = CorporaDir();
  if (corpora.empty()) GTEST_SKIP() << "NOTICE: ../shared/corpora not found; skipped";
  auto files = CorpusEvtx(corpora);
  ASSERT_GE(files.size(), 100u);
  size_t complete = 0, incomplete = 0, compared_records = 0, compared_values = 0;
  size_t mismatched_records = 0;
  size_t incomplete_ours = 0, incomplete_theirs = 0;
  std::map<std::string, size_t> mismatch_kinds;
  for (const auto& path : files) {
    LibevtxResult ref = ReadWithLibevtx(path);
    size_t damage = 0;
    std::vector<Rec> ours = ReadWithQuarry(path, damage);
    if (!ref.complete) {
      ++incomplete;
      incomplete_ours += ours.size();
      incomplete_theirs += ref.records.size();
      EXPECT_GE(ours.size(), ref.records.size()) << path << " (libevtx: " << ref.why << ")";
      continue;
    }
    ++complete;
    std::map<uint64_t, const Rec*> by_id;
    for (const Rec& r : ours) by_id[r.id] = &r;
    EXPECT_EQ(ours.size(), ref.records.size()) << path;
    for (const Rec& want : ref.records) {
      auto it = by_id.find(want.id);
      if (it == by_id.end()) {
        ADD_FAILURE() << path << ": record " << want.id << " missing";
        continue;
      }
      const Rec& got = *it->second;
      ++compared_records;
      std::vector<std::string> diffs;
      auto check = [&](const char* what, const std::string& a, const std::string& b) {
        if (a != b) diffs.push_back(std::string(what) + ": ours '" + a + "' libevtx '" + b + "'");
      };
      check("written", std::to_string(got.written), std::to_string(want.written));
      check("event id", got.event_id, want.event_id);
      // libevtx gives the classic event source name where the provider has one.
      check("provider", got.event_source_name.empty() ? got.provider : got.event_source_name,
            want.provider);
      check("channel", got.channel, want.channel);
      check("computer", got.computer, want.computer);
      // libevtx's list of values has quirks of its own (it drops some empty elements and
      // attribute values and keeps others), so each value it lists must be found among ours,
      // each of ours used at most once.
      std::multiset<std::string> ours_left;
      for (const auto& v : got.values) ours_left.insert(Normalize(v));
      for (const auto& v : want.values) {
        std::string n = Normalize(v);
        if (n.empty()) continue;
        ++compared_values;
        auto found = ours_left.find(n);
        if (found == ours_left.end()) {
          diffs.push_back("value: libevtx '" + n + "' not among ours");
        } else {
          ours_left.erase(found);
        }
      }
      if (!diffs.empty()) {
        ++mismatched_records;
        for (const auto& d : diffs) {
          std::string kind = d.substr(0, d.find(':'));
          if (mismatch_kinds[kind]++ < 400)
            std::cout << path.filename() << " #" << want.id << " " << d << "\n";
        }
      }
    }
  }
  std::cout << "libevtx complete: " << complete << " files, incomplete: " << incomplete
            << "; compared " << compared_records << " records, " << compared_values
            << " values; mismatched records: " << mismatched_records << "\n";
  std::cout << "files libevtx cannot read whole: it returns " << incomplete_theirs
            << " records, we recover " << incomplete_ours << "\n";
  for (const auto& [k, n] : mismatch_kinds) std::cout << "  " << k << ": " << n << "\n";
  EXPECT_EQ(mismatched_records, 0u);
}

}  // namespace
}  // namespace quarry::testing
