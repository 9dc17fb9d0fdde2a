#include "evtx/binxml.h"

#include <algorithm>
#include <cstring>

#include "core/strings.h"

namespace quarry::evtx {
namespace {

constexpr int kMaxNesting = 12;  // binary XML inside values inside templates, as deep as this

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

// ---- rendering -------------------------------------------------------------------------------
//
// A record is expanded into a small DOM and then written as JSON (the layout needs to see all
// children of an element before writing it: unnamed Data elements gather, duplicates get
// suffixes). The DOM lives in flat vectors of trivially destructible nodes linked by index and
// reused from record to record, so rendering allocates almost nothing.

namespace {

struct Piece {
  bool literal = true;
  std::string_view text;  // literal
  RawValue value;         // substitution value
  int next = -1;
};

struct PieceList {
  int first = -1;
  int last = -1;
  bool empty() const { return first < 0; }
};

struct Attr {
  std::string_view name;
  PieceList pieces;
  bool optional_null = false;  // held only an optional substitution without a value
  int next = -1;
};

struct Elem {
  std::string_view name;
  int first_attr = -1;
  int last_attr = -1;
  int first_child = -1;
  int last_child = -1;
  int next_sibling = -1;
  PieceList content;
};

}  // namespace

class Renderer {
 public:
  explicit Renderer(ChunkDecoder& decoder) : decoder_(decoder) {}

  void Reset() {
    dom_.clear();
    dom_.emplace_back();
    attrs_.clear();
    pieces_.clear();
    stack_.clear();
    keys_.clear();
    unnamed_.clear();
    nested_.clear();
    owned_keys_.clear();
    in_attr_ = false;
  }

  Status Expand(const std::vector<Token>& tokens, const std::vector<RawValue>* values, int depth) {
    if (depth > kMaxNesting) return Corrupt("binary XML nested too deeply");
    for (const Token& t : tokens) {
      switch (t.kind) {
        case Token::Kind::kOpen: {
          int parent = stack_.empty() ? 0 : stack_.back();
          int index = static_cast<int>(dom_.size());
          dom_.emplace_back();
          dom_.back().name = t.text;
          Elem& p = dom_[static_cast<size_t>(parent)];
          if (p.last_child < 0) {
            p.first_child = index;
          } else {
            dom_[static_cast<size_t>(p.last_child)].next_sibling = index;
          }
          p.last_child = index;
          stack_.push_back(index);
          in_attr_ = false;
          break;
        }
        case Token::Kind::kAttribute: {
          if (stack_.empty()) return Corrupt("binary XML: attribute outside an element");
          int index = static_cast<int>(attrs_.size());
          attrs_.push_back(Attr{t.text, {}, false, -1});
          Elem& e = Top();
          if (e.last_attr < 0) {
            e.first_attr = index;
          } else {
            attrs_[static_cast<size_t>(e.last_attr)].next = index;
          }
          e.last_attr = index;
          in_attr_ = true;
          break;
        }
        case Token::Kind::kCloseStart:
          in_attr_ = false;
          break;
        case Token::Kind::kCloseEmpty:
        case Token::Kind::kEnd:
          in_attr_ = false;
          if (!stack_.empty()) stack_.pop_back();
          break;
        case Token::Kind::kText:
          Append(Piece{true, t.text, {}, -1});
          break;
        case Token::Kind::kSubstitution: {
          if (!values || t.index >= values->size()) break;  // no value: renders as nothing
          const RawValue& v = (*values)[t.index];
          if (v.type == 0x21) {
            if (v.size == 0) break;
            // Kept until the record is written: pieces point at its tokens' text.
            nested_.emplace_back();
            std::vector<Token>& nested = nested_.back();
            size_t begin = decoder_.OffsetOf(v.data);
            QUARRY_RETURN_IF_ERROR(decoder_.ParseTokens(begin, begin + v.size, false, nested));
            bool was_in_attr = in_attr_;
            in_attr_ = false;
            QUARRY_RETURN_IF_ERROR(Expand(nested, nullptr, depth + 1));
            in_attr_ = was_in_attr;
            break;
          }
          if (ValueIsEmpty(v) && (t.optional || v.type == 0x00)) {
            if (in_attr_ && !stack_.empty()) {
              Attr& a = attrs_[static_cast<size_t>(Top().last_attr)];
              if (a.pieces.empty()) a.optional_null = true;
            }
            break;
          }
          Append(Piece{false, {}, v, -1});
          break;
        }
        case Token::Kind::kTemplate:
          QUARRY_RETURN_IF_ERROR(Expand(t.tmpl->tokens, &t.values, depth + 1));
          break;
        case Token::Kind::kPiTarget:
        case Token::Kind::kPiData:
          break;  // processing instructions carry no event data
      }
    }
    return Status::Ok();
  }

  void ToJson(std::string& out) {
    out.clear();
    out += '{';
    RenderChildren(dom_[0], out);
    out += '}';
  }

 private:
  Elem& Top() { return dom_[static_cast<size_t>(stack_.back())]; }

  void Append(Piece piece) {
    PieceList* list = &dom_[0].content;
    if (!stack_.empty()) {
      Elem& e = Top();
      list = in_attr_ && e.last_attr >= 0 ? &attrs_[static_cast<size_t>(e.last_attr)].pieces
                                          : &e.content;
    }
    int index = static_cast<int>(pieces_.size());
    pieces_.push_back(piece);
    if (list->last < 0) {
      list->first = index;
    } else {
      pieces_[static_cast<size_t>(list->last)].next = index;
    }
    list->last = index;
  }

  const Piece& PieceAt(int i) const { return pieces_[static_cast<size_t>(i)]; }

  // The pieces as one text; a single literal piece is returned without copying.
  std::string_view PiecesText(const PieceList& list, std::string& buffer) const {
    if (list.first >= 0 && list.first == list.last && PieceAt(list.first).literal) {
      return PieceAt(list.first).text;
    }
    buffer.clear();
    for (int i = list.first; i >= 0; i = PieceAt(i).next) {
      const Piece& p = PieceAt(i);
      if (p.literal) {
        buffer += p.text;
      } else {
        buffer += ValueText(p.value);
      }
    }
    return buffer;
  }

  void AppendPiecesJson(const PieceList& list, std::string& out) {
    if (list.empty()) {
      out += "null";
      return;
    }
    if (list.first == list.last && !PieceAt(list.first).literal) {
      AppendValueJson(PieceAt(list.first).value, out);
      return;
    }
    AppendJsonString(out, PiecesText(list, text_));
  }

  const Attr* FindAttr(const Elem& e, std::string_view name) const {
    for (int i = e.first_attr; i >= 0; i = attrs_[static_cast<size_t>(i)].next) {
      const Attr& a = attrs_[static_cast<size_t>(i)];
      if (a.name == name && !a.optional_null) return &a;
    }
    return nullptr;
  }

  void RenderValue(const Elem& e, std::string& out) {
    bool has_attrs = false;
    for (int i = e.first_attr; i >= 0; i = attrs_[static_cast<size_t>(i)].next) {
      const Attr& a = attrs_[static_cast<size_t>(i)];
      has_attrs |= !a.optional_null || !a.pieces.empty();
    }
    if (!has_attrs && e.first_child < 0) {
      AppendPiecesJson(e.content, out);
      return;
    }
    out += '{';
    bool first = true;
    if (has_attrs) {
      out += "\"#attributes\":{";
      bool first_attr = true;
      for (int i = e.first_attr; i >= 0; i = attrs_[static_cast<size_t>(i)].next) {
        const Attr& a = attrs_[static_cast<size_t>(i)];
        if (a.optional_null && a.pieces.empty()) continue;
        if (!first_attr) out += ',';
        first_attr = false;
        AppendJsonString(out, a.name);
        out += ':';
        AppendPiecesJson(a.pieces, out);
      }
      out += '}';
      first = false;
    }
    if (e.first_child >= 0) {
      if (!first) out += ',';
      first = RenderChildren(e, out) && first;
    }
    if (!e.content.empty()) {
      if (!first) out += ',';
      out += "\"#text\":";
      AppendPiecesJson(e.content, out);
    }
    out += '}';
  }

  // Children as object members; returns true when nothing was written. `Data Name="X"` becomes
  // "X"; unnamed Data elements gather under "Data":{"#text":…} where the first of them stands
  // (as evtx_dump's ordered map does); repeated names get _1, _2 ….
  bool RenderChildren(const Elem& e, std::string& out) {
    bool empty = true;
    // keys_ and unnamed_ are stacks shared by the recursion: this call owns what it pushes.
    size_t keys_mark = keys_.size();
    size_t unnamed_mark = unnamed_.size();
    for (int index = e.first_child; index >= 0;
         index = dom_[static_cast<size_t>(index)].next_sibling) {
      const Elem& c = dom_[static_cast<size_t>(index)];
      if (c.name == "Data" && !FindAttr(c, "Name")) unnamed_.push_back(index);
    }
    bool unnamed_written = false;
    for (int index = e.first_child; index >= 0;
         index = dom_[static_cast<size_t>(index)].next_sibling) {
      const Elem& c = dom_[static_cast<size_t>(index)];
      std::string_view key = c.name;
      std::string key_buffer;
      bool named_data = false;
      if (c.name == "Data") {
        const Attr* name = FindAttr(c, "Name");
        if (!name) {
          if (!unnamed_written) {
            unnamed_written = true;
            if (!empty) out += ',';
            empty = false;
            WriteUnnamedData(unnamed_mark, out);
          }
          continue;
        }
        key = PiecesText(name->pieces, key_buffer);
        named_data = true;
      }
      auto taken = [&](std::string_view k) {
        return std::find(keys_.begin() + static_cast<std::ptrdiff_t>(keys_mark), keys_.end(), k) !=
               keys_.end();
      };
      std::string unique;
      if (taken(key)) {
        for (int n = 1;; ++n) {
          unique = std::string(key) + "_" + std::to_string(n);
          if (!taken(unique)) break;
        }
      }
      std::string_view final_key = unique.empty() ? key : std::string_view(unique);
      if (!empty) out += ',';
      empty = false;
      AppendJsonString(out, final_key);
      out += ':';
      // Keys must outlive this iteration for the duplicate check: keep copies that need it.
      if (!unique.empty() || !key_buffer.empty()) {
        owned_keys_.push_back(std::string(final_key));
        final_key = owned_keys_.back();
      }
      keys_.push_back(final_key);
      if (named_data) {
        AppendPiecesJson(c.content, out);
      } else {
        RenderValue(c, out);
      }
    }
    keys_.resize(keys_mark);
    unnamed_.resize(unnamed_mark);
    return empty;
  }

  // "Data":{"#text":…} for the unnamed Data elements in unnamed_[from, end).
  void WriteUnnamedData(size_t from, std::string& out) {
    out += "\"Data\":{\"#text\":";
    size_t count = unnamed_.size() - from;
    if (count > 1) out += '[';
    for (size_t i = from; i < unnamed_.size(); ++i) {
      if (i > from) out += ',';
      AppendPiecesJson(dom_[static_cast<size_t>(unnamed_[i])].content, out);
    }
    if (count > 1) out += ']';
    out += '}';
  }

  ChunkDecoder& decoder_;
  std::vector<Elem> dom_;
  std::vector<Attr> attrs_;
  std::vector<Piece> pieces_;
  std::vector<int> stack_;
  std::vector<std::string_view> keys_;
  std::vector<int> unnamed_;
  std::deque<std::string> owned_keys_;
  std::deque<std::vector<Token>> nested_;
  std::string text_;
  bool in_attr_ = false;
};

ChunkDecoder::ChunkDecoder(std::string_view chunk)
    : chunk_(chunk), renderer_(std::make_unique<Renderer>(*this)) {}
ChunkDecoder::~ChunkDecoder() = default;

void ChunkDecoder::Reset(std::string_view chunk) {
  chunk_ = chunk;
  names_.clear();
  templates_.clear();
  texts_.clear();
  record_tokens_.clear();
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

Status ChunkDecoder::ParseTokens(size_t begin, size_t end, bool in_template,
                                 std::vector<Token>& out) {
  if (++depth_ > kMaxNesting) {
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
    Token t;
    std::string text;
    switch (type) {
      case 0x00:
        return Status::Ok();
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
      case 0x0f:
        if (!c.Skip(3)) return Bad("truncated fragment header", at);
        continue;
      default:
        return Bad("unknown token 0x" + std::string(1, "0123456789abcdef"[byte >> 4]) +
                       std::string(1, "0123456789abcdef"[byte & 15]),
                   at);
    }
    out.push_back(std::move(t));
  }
  return Status::Ok();
}

Status ChunkDecoder::RenderRecord(size_t offset, size_t size, std::string& out) {
  record_tokens_.clear();
  QUARRY_RETURN_IF_ERROR(ParseTokens(offset, offset + size, false, record_tokens_));
  renderer_->Reset();
  QUARRY_RETURN_IF_ERROR(renderer_->Expand(record_tokens_, nullptr, 0));
  renderer_->ToJson(out);
  return Status::Ok();
}

}  // namespace quarry::evtx
