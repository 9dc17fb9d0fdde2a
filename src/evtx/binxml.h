// Binary XML of one chunk: tokens, names and templates (chunk-relative), substitution values,
// and rendering of a record as evtx_dump-layout JSON.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace quarry::evtx {

// Binary XML inside values inside templates, as deep as this (hostile input).
inline constexpr int kMaxBinXmlNesting = 12;

// A substitution value as stored: its type code and bytes inside the chunk.
struct RawValue {
  uint8_t type = 0;
  const uint8_t* data = nullptr;
  uint32_t size = 0;
};

struct Token {
  enum class Kind : uint8_t {
    kOpen,        // text = element name
    kCloseStart,  // end of an element's attributes
    kCloseEmpty,
    kEnd,
    kAttribute,  // text = attribute name; its value tokens follow
    kText,       // literal text (value text, CDATA, character or entity reference), UTF-8
    kSubstitution,
    kTemplate,
    kPiTarget,
    kPiData,
  };
  Kind kind = Kind::kText;
  bool optional = false;  // optional substitution
  uint16_t index = 0;     // substitution index
  std::string_view text;  // into the decoder's name cache or text store: valid for the chunk
  struct Template* tmpl = nullptr;  // kTemplate: the definition
  std::vector<RawValue> values;     // kTemplate: the instance's values
};

// Tokens in a vector whose elements outlive Clear(), so that their value lists keep their
// storage from record to record.
class TokenList {
 public:
  void Clear() { size_ = 0; }
  // A token to fill in: a reused one, reset.
  Token& Next();
  const Token* begin() const { return items_.data(); }
  const Token* end() const { return items_.data() + size_; }
  size_t size() const { return size_; }

 private:
  std::vector<Token> items_;
  size_t size_ = 0;
};

struct Template {
  TokenList tokens;
};

class RecordDom;

class ChunkDecoder {
 public:
  explicit ChunkDecoder(std::string_view chunk);
  ~ChunkDecoder();
  ChunkDecoder(const ChunkDecoder&) = delete;
  ChunkDecoder& operator=(const ChunkDecoder&) = delete;

  // Starts over on another chunk, keeping allocated buffers (one decoder per thread).
  void Reset(std::string_view chunk);

  // Chunk offset of a pointer into the chunk (values point into it).
  size_t OffsetOf(const uint8_t* p) const {
    return static_cast<size_t>(p - reinterpret_cast<const uint8_t*>(chunk_.data()));
  }

  // Expands the binary XML at [offset, offset + size) of the chunk into dom(), which stays
  // valid until the next record.
  Status ExpandRecord(size_t offset, size_t size);
  RecordDom& dom() { return *dom_; }
  // Renders the binary XML at [offset, offset + size) of the chunk as JSON ({"Event":{...}}).
  Status RenderRecord(size_t offset, size_t size, std::string& out);

  // Parses the token stream at chunk offsets [begin, end) (a record, a template definition, or
  // a nested binary XML value, which lives in the chunk too).
  // Tokens are appended to `out`.
  Status ParseTokens(size_t begin, size_t end, bool in_template, TokenList& out);

 private:
  Result<std::string_view> NameAt(uint32_t offset);
  Result<Template*> TemplateAt(uint32_t offset, size_t* inline_end);
  // Keeps decoded literal text for the chunk's lifetime (tokens point at it).
  std::string_view Keep(std::string text);

  std::string_view chunk_;
  // Node-based containers: element addresses stay put, so views into them stay valid.
  std::unordered_map<uint32_t, std::string> names_;
  std::deque<std::string> texts_;
  TokenList record_tokens_;
  std::unique_ptr<RecordDom> dom_;
  std::unordered_map<uint32_t, std::unique_ptr<Template>> templates_;
  int depth_ = 0;  // nesting of binary XML inside values, bounded against hostile input
};

// The JSON form of a value (number, string, bool, null or array) appended to `json`; a value too
// short for its type is kept as its bytes in hex.
void AppendValueJson(const RawValue& v, std::string& json);
// The value as plain text (strings unquoted, null as nothing), for attribute and mixed content.
std::string ValueText(const RawValue& v);
bool ValueIsEmpty(const RawValue& v);

// UTF-16LE → UTF-8; unpaired surrogates become U+FFFD. Stops at a NUL when `stop_at_nul`.
void AppendUtf16(std::string& out, const uint8_t* data, size_t chars, bool stop_at_nul);
}  // namespace quarry::evtx
