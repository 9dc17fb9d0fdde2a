// Binary XML of one chunk: tokens, names and templates (chunk-relative), substitution values,
// and rendering of a record as evtx_dump-layout JSON.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace quarry::evtx {

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
  std::string text;
  struct Template* tmpl = nullptr;  // kTemplate: the definition
  std::vector<RawValue> values;     // kTemplate: the instance's values
};

struct Template {
  std::vector<Token> tokens;
};

class ChunkDecoder {
 public:
  explicit ChunkDecoder(std::string_view chunk);
  ~ChunkDecoder();

  // Renders the binary XML at [offset, offset + size) of the chunk as JSON ({"Event":{...}}).
  Status RenderRecord(size_t offset, size_t size, std::string& out);

  // Parses the token stream at chunk offsets [begin, end) (a record, a template definition, or
  // a nested binary XML value, which lives in the chunk too).
  Status ParseTokens(size_t begin, size_t end, bool in_template, std::vector<Token>& out);

 private:
  Result<std::string> NameAt(uint32_t offset);
  Result<Template*> TemplateAt(uint32_t offset, size_t* inline_end);

  std::string_view chunk_;
  std::unordered_map<uint32_t, std::string> names_;
  std::unordered_map<uint32_t, std::unique_ptr<Template>> templates_;
  int depth_ = 0;  // nesting of binary XML inside values, bounded against hostile input
};

// Text of a value for XML-like contexts; `json` gets the JSON form (number, string, bool, null
// or array). Returns false when the value is malformed for its type.
void AppendValueJson(const RawValue& v, std::string& json);
std::string ValueText(const RawValue& v);
bool ValueIsEmpty(const RawValue& v);

}  // namespace quarry::evtx

namespace quarry::evtx {
// UTF-16LE → UTF-8; unpaired surrogates become U+FFFD. Stops at a NUL when `stop_at_nul`.
void AppendUtf16(std::string& out, const uint8_t* data, size_t chars, bool stop_at_nul);
}  // namespace quarry::evtx
