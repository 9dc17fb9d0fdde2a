#include "evtx/binxml.h"

#include <algorithm>
#include <cstring>

#include "core/strings.h"
#include "evtx/record_dom.h"

namespace quarry::evtx {
namespace {

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Bounds-checked reads over the chunk.
class Cursor {
 public:
  Cursor(std::string_view chunk, size_t pos, size_t end)
      : base_(reinterpret_cast<const uint8_t*>(chunk.data())), pos_(pos), end_(end) {}
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  bool Has(size_t n) const { return pos_ <= end_ && end_ - pos_ >= n; }
  template <typename T>
  bool Read(T& v) {
    if (!Has(sizeof(T))) return false;
    v = Load<T>(base_ + pos_);
    pos_ += sizeof(T);
    return true;
  }
  bool Skip(size_t n) {
    if (!Has(n)) return false;
    pos_ += n;
    return true;
  }
  bool Utf16(size_t chars, std::string& out) {
    if (chars > (end_ - pos_) / 2 || !Has(chars * 2)) return false;
    out.clear();
    AppendUtf16(out, base_ + pos_, chars, false);
    pos_ += chars * 2;
    return true;
  }
  const uint8_t* here() const { return base_ + pos_; }
  void Seek(size_t pos) { pos_ = pos; }

 private:
  const uint8_t* base_;
  size_t pos_;
  size_t end_;
};

Status Bad(const std::string& what, size_t offset) {
  return Corrupt("binary XML: " + what + " at chunk offset " + std::to_string(offset));
}

}  // namespace

ChunkDecoder::ChunkDecoder(std::string_view chunk)
    : chunk_(chunk), dom_(std::make_unique<RecordDom>(*this)) {}
ChunkDecoder::~ChunkDecoder() = default;

void ChunkDecoder::Reset(std::string_view chunk) {
  chunk_ = chunk;
  names_.clear();
  templates_.clear();
  texts_.clear();
  record_tokens_.Clear();
  depth_ = 0;
}

std::string_view ChunkDecoder::Keep(std::string text) {
  texts_.push_back(std::move(text));
  return texts_.back();
}

Result<std::string_view> ChunkDecoder::NameAt(uint32_t offset) {
  auto it = names_.find(offset);
  if (it != names_.end()) return std::string_view(it->second);
  Cursor c(chunk_, offset, chunk_.size());
  uint16_t chars = 0;
  if (!c.Skip(6) || !c.Read(chars)) return Bad("name outside the chunk", offset);
  std::string name;
  if (!c.Utf16(chars, name)) return Bad("name runs past the chunk", offset);
  return std::string_view(names_.emplace(offset, std::move(name)).first->second);
}

Result<Template*> ChunkDecoder::TemplateAt(uint32_t offset, size_t* inline_end) {
  Cursor c(chunk_, offset, chunk_.size());
  uint32_t size = 0;
  if (!c.Skip(20) || !c.Read(size) || !c.Has(size)) {
    return Bad("template definition outside the chunk", offset);
  }
  size_t begin = c.pos();
  if (inline_end) *inline_end = begin + size;
  auto it = templates_.find(offset);
  if (it != templates_.end()) {
    if (!it->second) return Bad("template refers to itself", offset);
    return it->second.get();
  }
  templates_[offset] = nullptr;  // in progress: a cycle is an error, not a stack overflow
  auto t = std::make_unique<Template>();
  Status s = ParseTokens(begin, begin + size, true, t->tokens);
  if (!s.ok()) {
    templates_.erase(offset);
    return s;
  }
  Template* raw = t.get();
  templates_[offset] = std::move(t);
  return raw;
}

Status ChunkDecoder::ParseTokens(size_t begin, size_t end, bool in_template, TokenList& out) {
  if (++depth_ > kMaxBinXmlNesting) {
    --depth_;
    return Bad("binary XML nested too deeply", begin);
  }
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{depth_};
  Cursor c(chunk_, begin, std::min(end, chunk_.size()));
  // A name is stored inline when it points at the very next bytes.
  auto read_name = [&](std::string_view& name) -> Status {
    uint32_t offset = 0;
    size_t at = c.pos();
    if (!c.Read(offset)) return Bad("truncated name reference", at);
    QUARRY_ASSIGN_OR_RETURN(name, NameAt(offset));
    if (offset == c.pos()) {
      uint16_t chars = 0;
      if (!c.Skip(6) || !c.Read(chars) || !c.Skip(size_t{chars} * 2 + 2))
        return Bad("truncated inline name", at);
    }
    return Status::Ok();
  };
  while (c.Has(1)) {
    size_t at = c.pos();
    uint8_t byte = 0;
    c.Read(byte);
    uint8_t type = byte & 0x0f;
    bool more = (byte & 0x40) != 0;
    if (type == 0x00) return Status::Ok();
    if (type == 0x0f) {
      if (!c.Skip(3)) return Bad("truncated fragment header", at);
      continue;
    }
    Token& t = out.Next();
    std::string text;
    switch (type) {
      case 0x01: {
        uint32_t data_size = 0;
        // Elements of template definitions carry a dependency id; elements written directly
        // in a record or in a nested value do not.
        if (in_template && !c.Skip(2)) return Bad("truncated element", at);
        if (!c.Read(data_size)) return Bad("truncated element", at);
        t.kind = Token::Kind::kOpen;
        QUARRY_RETURN_IF_ERROR(read_name(t.text));
        if (more && !c.Skip(4)) return Bad("truncated attribute list", at);
        break;
      }
      case 0x02:
        t.kind = Token::Kind::kCloseStart;
        break;
      case 0x03:
        t.kind = Token::Kind::kCloseEmpty;
        break;
      case 0x04:
        t.kind = Token::Kind::kEnd;
        break;
      case 0x05: {
        uint8_t value_type = 0;
        uint16_t chars = 0;
        if (!c.Read(value_type) || !c.Read(chars) || !c.Utf16(chars, text))
          return Bad("truncated value text", at);
        t.kind = Token::Kind::kText;
        t.text = Keep(std::move(text));
        break;
      }
      case 0x06:
        t.kind = Token::Kind::kAttribute;
        QUARRY_RETURN_IF_ERROR(read_name(t.text));
        break;
      case 0x07: {
        uint16_t chars = 0;
        if (!c.Read(chars) || !c.Utf16(chars, text)) return Bad("truncated CDATA", at);
        t.kind = Token::Kind::kText;
        t.text = Keep(std::move(text));
        break;
      }
      case 0x08: {
        uint16_t code = 0;
        if (!c.Read(code)) return Bad("truncated character reference", at);
        t.kind = Token::Kind::kText;
        AppendUtf8(code, text);
        t.text = Keep(std::move(text));
        break;
      }
      case 0x09: {
        std::string_view entity;
        QUARRY_RETURN_IF_ERROR(read_name(entity));
        t.kind = Token::Kind::kText;
        if (entity == "amp")
          t.text = "&";
        else if (entity == "lt")
          t.text = "<";
        else if (entity == "gt")
          t.text = ">";
        else if (entity == "quot")
          t.text = "\"";
        else if (entity == "apos")
          t.text = "'";
        else
          t.text = Keep("&" + std::string(entity) + ";");
        break;
      }
      case 0x0a:
        t.kind = Token::Kind::kPiTarget;
        QUARRY_RETURN_IF_ERROR(read_name(t.text));
        break;
      case 0x0b: {
        uint16_t chars = 0;
        if (!c.Read(chars) || !c.Utf16(chars, text)) return Bad("truncated PI data", at);
        t.kind = Token::Kind::kPiData;
        t.text = Keep(std::move(text));
        break;
      }
      case 0x0c: {
        uint32_t id = 0, def_offset = 0;
        if (!c.Skip(1) || !c.Read(id) || !c.Read(def_offset))
          return Bad("truncated template instance", at);
        size_t inline_end = 0;
        QUARRY_ASSIGN_OR_RETURN(t.tmpl, TemplateAt(def_offset, &inline_end));
        if (def_offset == c.pos()) c.Seek(inline_end);
        uint32_t count = 0;
        if (!c.Read(count) || count > (c.end() - c.pos()) / 4)
          return Bad("bad template value count", at);
        t.values.resize(count);
        for (auto& v : t.values) {
          uint16_t size = 0;
          c.Read(size);
          c.Read(v.type);
          c.Skip(1);
          v.size = size;
        }
        for (auto& v : t.values) {
          if (!c.Has(v.size)) return Bad("template value runs past the record", c.pos());
          v.data = c.here();
          c.Skip(v.size);
        }
        t.kind = Token::Kind::kTemplate;
        break;
      }
      case 0x0d:
      case 0x0e: {
        uint8_t value_type = 0;
        if (!c.Read(t.index) || !c.Read(value_type)) return Bad("truncated substitution", at);
        t.kind = Token::Kind::kSubstitution;
        t.optional = type == 0x0e;
        break;
      }
      default:
        return Bad("unknown token 0x" + std::string(1, "0123456789abcdef"[byte >> 4]) +
                       std::string(1, "0123456789abcdef"[byte & 15]),
                   at);
    }
  }
  return Status::Ok();
}

Token& TokenList::Next() {
  if (size_ == items_.size()) items_.emplace_back();
  Token& t = items_[size_++];
  t.kind = Token::Kind::kText;
  t.optional = false;
  t.index = 0;
  t.text = {};
  t.tmpl = nullptr;
  t.values.clear();
  return t;
}

Status ChunkDecoder::ExpandRecord(size_t offset, size_t size) {
  record_tokens_.Clear();
  QUARRY_RETURN_IF_ERROR(ParseTokens(offset, offset + size, false, record_tokens_));
  dom_->Reset();
  return dom_->Expand(record_tokens_, nullptr, 0);
}

Status ChunkDecoder::RenderRecord(size_t offset, size_t size, std::string& out) {
  QUARRY_RETURN_IF_ERROR(ExpandRecord(offset, size));
  WriteRecordJson(*dom_, out);
  return Status::Ok();
}

}  // namespace quarry::evtx
