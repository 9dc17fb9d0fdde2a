// JSON evidence: JSON lines, pretty-printed objects concatenated without commas, top-level
// arrays and CloudTrail `{"Records":[...]}` files. Records are framed here (without parsing)
// so that one damaged record costs only itself; each framed record is parsed by simdjson.
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/strings.h"
#include "ingest/buffered_input.h"
#include "ingest/json_layouts.h"
#include "ingest/readers_internal.h"

namespace quarry::ingest {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

uint64_t CountNewlines(const char* p, size_t n) {
  return CountByte(std::string_view(p, n), '\n');
}

std::string Printable(char c) {
  auto u = static_cast<unsigned char>(c);
  char buf[16];
  if (u >= 0x20 && u < 0x7F) {
    std::snprintf(buf, sizeof buf, "'%c'", c);
  } else {
    std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
  }
  return buf;
}

class JsonReader final : public Reader {
 public:
  JsonReader(std::unique_ptr<BufferedInput> input, ReaderOptions options, FindingSink sink)
      : Reader(std::move(options), std::move(sink)),
        in_(std::move(input)),
        lines_(*in_, options_.max_record_bytes) {
    if (options_.json_lines) {
      line_ = options_.base_line + 1;
      lines_.SetLinesBefore(options_.base_line);
    } else {
      SniffMode();
    }
  }

  bool Next(Event& event) override;
  Format format() const override { return Format::kJson; }
  uint64_t raw_position() const override { return in_->source().raw_position(); }
  bool line_oriented() const override { return mode_ == Mode::kLines; }

 private:
  enum class Mode { kLines, kStream, kArray };
  enum class Scan { kComplete, kNeedMore, kError };
  struct Doc {
    std::string_view text;
    uint64_t offset = 0;
    uint64_t line = 0;
  };
  struct ScanState {
    bool active = false;
    size_t pos = 0;
    int depth = 0;
    bool in_string = false;
    bool escape = false;
    bool oversized = false;
    uint64_t start_offset = 0;
    uint64_t start_line = 0;
    uint64_t skipped_bytes = 0;
  };

  void SniffMode();
  bool NextDoc(Doc& doc);
  bool NextLineDoc(Doc& doc);
  bool NextFramedDoc(Doc& doc);
  bool ParseAndMap(const Doc& doc, Event& event);
  bool NextListedRecord(Event& event);
  Scan ScanValue(std::string& error);
  void ConsumeCounting(size_t n);
  bool EnsureBytes(size_t n);
  bool TryEnterRecordsArray();
  void Resync();
  void ReportReadError();

  std::unique_ptr<BufferedInput> in_;
  LineReader lines_;
  Mode mode_ = Mode::kLines;
  bool in_array_ = false;
  ScanState scan_;
  size_t pending_consume_ = 0;
  uint64_t line_ = 1;  // line number of in_->data()[0] in framed modes
  simdjson::dom::parser parser_;
  simdjson::dom::parser scratch_parser_;
  std::string repaired_;
  bool read_error_reported_ = false;
  // Records of a document that holds a list of them (parsed whole, emitted one by one).
  bool in_records_ = false;
  simdjson::dom::array::iterator records_it_;
  simdjson::dom::array::iterator records_end_;
  Doc records_doc_;
};

void JsonReader::ConsumeCounting(size_t n) {
  line_ += CountNewlines(in_->data(), n);
  in_->Consume(n);
}

bool JsonReader::EnsureBytes(size_t n) {
  while (in_->size() < n) {
    if (!in_->Fill()) return false;
  }
  return true;
}

void JsonReader::SniffMode() {
  EnsureBytes(3);
  if (in_->view().substr(0, 3) == "\xEF\xBB\xBF") in_->Consume(3);
  for (;;) {
    size_t i = 0;
    while (i < in_->size() && IsSpace(in_->data()[i])) ++i;
    ConsumeCounting(i);
    if (in_->size() > 0 || !in_->Fill()) break;
  }
  if (in_->size() == 0) return;
  char first = in_->data()[0];
  if (first == '[') {
    ConsumeCounting(1);
    mode_ = Mode::kArray;
    in_array_ = true;
    return;
  }
  if (TryEnterRecordsArray()) return;
  // One complete object on the first line means JSON lines; otherwise framed objects.
  std::string_view head = in_->view();
  size_t nl = head.find('\n');
  std::string_view line = TrimAscii(nl == std::string_view::npos ? head : head.substr(0, nl));
  bool one_line_object = line.size() >= 2 && line.front() == '{' && line.back() == '}';
  if (nl == std::string_view::npos && !in_->eof()) one_line_object = true;  // a very long line
  mode_ = one_line_object ? Mode::kLines : Mode::kStream;
  lines_.SetLinesBefore(line_ - 1);
}

// At a '{': is this `{"Records": [` ? If so, enter the array.
bool JsonReader::TryEnterRecordsArray() {
  EnsureBytes(256);
  std::string_view v = in_->view().substr(0, 256);
  if (v.empty() || v[0] != '{') return false;
  size_t i = 1;
  while (i < v.size() && IsSpace(v[i])) ++i;
  if (v.substr(i, 9) != "\"Records\"") return false;
  i += 9;
  while (i < v.size() && IsSpace(v[i])) ++i;
  if (i >= v.size() || v[i] != ':') return false;
  ++i;
  while (i < v.size() && IsSpace(v[i])) ++i;
  if (i >= v.size() || v[i] != '[') return false;
  ConsumeCounting(i + 1);
  mode_ = Mode::kArray;
  in_array_ = true;
  return true;
}

JsonReader::Scan JsonReader::ScanValue(std::string& error) {
  const char* p = in_->data();
  size_t n = in_->size();
  size_t i = scan_.pos;
  int depth = scan_.depth;
  bool in_string = scan_.in_string;
  bool escape = scan_.escape;
  for (; i < n; ++i) {
    char c = p[i];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        error = c == '\n' ? "line break inside a string (record cut short?)"
                          : "control character inside a string";
        scan_.pos = i;
        return Scan::kError;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        ++depth;
        break;
      case '}':
      case ']':
        if (--depth == 0) {
          scan_.pos = i + 1;
          scan_.depth = 0;
          return Scan::kComplete;
        }
        break;
      default:
        break;
    }
  }
  scan_.pos = i;
  scan_.depth = depth;
  scan_.in_string = in_string;
  scan_.escape = escape;
  return Scan::kNeedMore;
}

void JsonReader::Resync() {
  // Records in framed files start with '{' at the beginning of a line; look for the next one.
  const char start = '{';
  size_t from = 1;
  for (;;) {
    std::string_view v = in_->view();
    for (size_t i = from; i + 1 < v.size(); ++i) {
      if (v[i] == '\n' && v[i + 1] == start) {
        ConsumeCounting(i + 1);
        return;
      }
    }
    if (v.size() > 1) {
      ConsumeCounting(v.size() - 1);  // keep the last byte: it may be the '\n' we need
    }
    from = 0;
    if (!in_->Fill()) {
      ConsumeCounting(in_->size());
      return;
    }
  }
}

bool JsonReader::NextLineDoc(Doc& doc) {
  for (;;) {
    Line line;
    switch (lines_.Next(line)) {
      case LineReader::Status::kEnd:
        return false;
      case LineReader::Status::kTooLong:
        Skip("json.oversized",
             "record of " + std::to_string(line.length) + " bytes exceeds the limit of " +
                 std::to_string(options_.max_record_bytes) + " bytes (--max-record-size); skipped",
             line.number, line.offset);
        continue;
      case LineReader::Status::kLine: {
        std::string_view text = TrimAscii(line.text);
        if (text.empty()) continue;
        doc.text = text;
        doc.offset = line.offset + static_cast<uint64_t>(text.data() - line.text.data());
        doc.line = line.number;
        return true;
      }
    }
  }
}

bool JsonReader::NextFramedDoc(Doc& doc) {
  ConsumeCounting(pending_consume_);
  pending_consume_ = 0;
  for (;;) {
    if (!scan_.active) {
      // Between records: white space, commas, and the end of an array.
      size_t i = 0;
      const char* p = in_->data();
      size_t n = in_->size();
      while (i < n) {
        char c = p[i];
        bool closes_array = c == ']' && in_array_;
        bool closes_records = c == '}' && !in_array_ && mode_ == Mode::kArray;  // {"Records":[...]}
        if (!IsSpace(c) && c != ',' && !closes_array && !closes_records) break;
        if (closes_array) in_array_ = false;
        ++i;
      }
      ConsumeCounting(i);
      if (in_->size() == 0) {
        if (!in_->Fill()) return false;
        continue;
      }
      char c = in_->data()[0];
      if (c == '{' && !in_array_ && mode_ == Mode::kArray && TryEnterRecordsArray()) continue;
      if (c != '{' && c != '[') {
        Skip("json.garbage",
             "unexpected " + Printable(c) +
                 " where a JSON record should start; skipping to the next record",
             line_, in_->offset());
        Resync();
        continue;
      }
      scan_ = ScanState{};
      scan_.active = true;
      scan_.start_offset = in_->offset();
      scan_.start_line = line_;
    }
    std::string error;
    Scan result = ScanValue(error);
    if (result == Scan::kComplete) {
      scan_.active = false;
      if (scan_.oversized) {
        uint64_t total = scan_.skipped_bytes + scan_.pos;
        ConsumeCounting(scan_.pos);
        Skip("json.oversized",
             "record of " + std::to_string(total) + " bytes exceeds the limit of " +
                 std::to_string(options_.max_record_bytes) + " bytes (--max-record-size); skipped",
             scan_.start_line, scan_.start_offset);
        continue;
      }
      doc.text = std::string_view(in_->data(), scan_.pos);
      doc.offset = scan_.start_offset;
      doc.line = scan_.start_line;
      pending_consume_ = scan_.pos;
      return true;
    }
    if (result == Scan::kError) {
      scan_.active = false;
      uint64_t error_line = line_ + CountNewlines(in_->data(), scan_.pos);
      Skip("json.malformed",
           "malformed JSON record starting at line " + std::to_string(scan_.start_line) + ": " +
               error + " at line " + std::to_string(error_line) + "; skipped",
           scan_.start_line, scan_.start_offset);
      Resync();
      continue;
    }
    // Need more bytes.
    if (scan_.pos > options_.max_record_bytes) {
      scan_.oversized = true;
      scan_.skipped_bytes += scan_.pos;
      ConsumeCounting(scan_.pos);
      scan_.pos = 0;
    }
    if (!in_->Fill()) {
      scan_.active = false;
      ReportReadError();
      Skip("json.truncated",
           "file ends inside the JSON record that starts at line " +
               std::to_string(scan_.start_line) + " (record cut short); skipped",
           scan_.start_line, scan_.start_offset);
      ConsumeCounting(in_->size());
      return false;
    }
  }
}

void JsonReader::ReportReadError() {
  if (read_error_reported_ || in_->read_error().ok()) return;
  read_error_reported_ = true;
  stats_.file_damaged = true;
  Report(Severity::kError, "file.read",
         in_->read_error().message() + "; records after this point could not be read", 0,
         in_->source().raw_position());
}

bool JsonReader::NextDoc(Doc& doc) {
  bool got = mode_ == Mode::kLines ? NextLineDoc(doc) : NextFramedDoc(doc);
  if (!got) ReportReadError();
  return got;
}

bool JsonReader::ParseAndMap(const Doc& doc, Event& event) {
  simdjson::dom::element root;
  auto error = parser_.parse(doc.text.data(), doc.text.size(), false).get(root);
  if (error == simdjson::UTF8_ERROR) {
    size_t replaced = RepairUtf8(doc.text, repaired_);
    error = parser_.parse(repaired_).get(root);
    if (!error) {
      ++stats_.repaired;
      Report(Severity::kWarning, "json.utf8",
             "invalid UTF-8 in the record at line " + std::to_string(doc.line) + ": " +
                 std::to_string(replaced) + " byte(s) replaced with U+FFFD",
             doc.line, doc.offset);
    }
  }
  if (error) {
    std::string reason = simdjson::error_message(error);
    if (!reason.empty() && reason.back() == '.') reason.pop_back();
    Skip("json.malformed",
         "malformed JSON record at line " + std::to_string(doc.line) + ": " + reason + "; skipped",
         doc.line, doc.offset);
    return false;
  }
  // A document that is a list of records: an array, or CloudTrail's {"Records": [...]} where the
  // framing did not already open it (Records not the first key, or one such object per line).
  simdjson::dom::array list;
  bool is_list = root.get_array().get(list) == simdjson::SUCCESS;
  if (!is_list && root.type() == simdjson::dom::element_type::OBJECT) {
    is_list =
        root.get_object().value_unsafe()["Records"].get_array().get(list) == simdjson::SUCCESS;
  }
  if (is_list) {
    records_it_ = list.begin();
    records_end_ = list.end();
    records_doc_ = doc;
    in_records_ = true;
    return NextListedRecord(event);
  }
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    Skip("json.not_object",
         "JSON value at line " + std::to_string(doc.line) +
             " is neither an object nor a list of objects; skipped",
         doc.line, doc.offset);
    return false;
  }
  StartEvent(event, doc.offset, doc.line);
  MapJsonRecord(root.get_object().value_unsafe(), options_.default_table, scratch_parser_, event);
  ++stats_.records;
  return true;
}

bool JsonReader::NextListedRecord(Event& event) {
  while (records_it_ != records_end_) {
    simdjson::dom::element item = *records_it_;
    ++records_it_;
    if (item.type() != simdjson::dom::element_type::OBJECT) {
      Skip("json.not_object",
           "an element of the record list at line " + std::to_string(records_doc_.line) +
               " is not an object; skipped",
           records_doc_.line, records_doc_.offset);
      continue;
    }
    StartEvent(event, records_doc_.offset, records_doc_.line);
    MapJsonRecord(item.get_object().value_unsafe(), options_.default_table, scratch_parser_, event);
    ++stats_.records;
    return true;
  }
  in_records_ = false;
  return false;
}

bool JsonReader::Next(Event& event) {
  if (in_records_ && NextListedRecord(event)) return true;
  Doc doc;
  while (NextDoc(doc)) {
    if (ParseAndMap(doc, event)) return true;
  }
  return false;
}

}  // namespace

// An object or an array first: JSON lines, concatenated objects, arrays and CloudTrail alike.
bool SniffJson(const Head& head) {
  return head.text().starts_with('{') || head.text().starts_with('[');
}

std::unique_ptr<Reader> MakeJsonReader(std::unique_ptr<BufferedInput> input, ReaderOptions options,
                                       FindingSink sink) {
  return std::make_unique<JsonReader>(std::move(input), std::move(options), std::move(sink));
}

}  // namespace quarry::ingest
