#include "evtx/record_dom.h"

#include <algorithm>

namespace quarry::evtx {
void RecordDom::Reset() {
  dom_.clear();
  dom_.emplace_back();
  attrs_.clear();
  pieces_.clear();
  stack_.clear();
  nested_used_ = 0;
  owned_keys_.clear();
  in_attr_ = false;
}

Status RecordDom::Expand(const TokenList& tokens, const std::vector<RawValue>* values, int depth) {
  if (depth > kMaxBinXmlNesting) return Corrupt("binary XML nested too deeply");
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
          if (nested_used_ == nested_.size()) nested_.emplace_back();
          TokenList& nested = nested_[nested_used_++];
          nested.Clear();
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

void RecordDom::Append(Piece piece) {
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

std::string_view RecordDom::PiecesText(const PieceList& list, std::string& buffer) const {
  if (list.first >= 0 && list.first == list.last && piece(list.first).literal) {
    return piece(list.first).text;
  }
  buffer.clear();
  for (int i = list.first; i >= 0; i = piece(i).next) {
    const Piece& p = piece(i);
    if (p.literal) {
      buffer += p.text;
    } else {
      buffer += ValueText(p.value);
    }
  }
  return buffer;
}

bool RecordDom::HasRenderedAttrs(const Elem& e) const {
  for (int i = e.first_attr; i >= 0; i = attr(i).next) {
    if (Rendered(attr(i))) return true;
  }
  return false;
}

const Attr* RecordDom::FindAttr(const Elem& e, std::string_view name) const {
  for (int i = e.first_attr; i >= 0; i = attr(i).next) {
    const Attr& a = attr(i);
    if (a.name == name && !a.optional_null) return &a;
  }
  return nullptr;
}

// `Data Name="X"` becomes member X; unnamed Data elements gather under "Data" where the first of
// them stands (as evtx_dump's ordered map does); repeated names get _1, _2 ….
void RecordDom::ChildKeys(const Elem& e, std::vector<ChildKey>& out, std::vector<int>& unnamed) {
  size_t mark = out.size();
  // Keys are rarely repeated: a bit per (length, ends) rules most keys out without comparing.
  uint64_t seen = 0;
  auto bit = [](std::string_view k) {
    if (k.empty()) return uint64_t{1};
    size_t mix = k.size() * 7 + size_t{static_cast<unsigned char>(k.front())} * 3 +
                 static_cast<unsigned char>(k.back());
    return uint64_t{1} << (mix & 63);
  };
  auto taken = [&](std::string_view k) {
    if ((seen & bit(k)) == 0) return false;
    return std::any_of(
        out.begin() + static_cast<std::ptrdiff_t>(mark), out.end(),
        [&](const ChildKey& c) { return c.kind != ChildKey::Kind::kUnnamedData && c.key == k; });
  };
  bool unnamed_seen = false;
  for (int index = e.first_child; index >= 0; index = elem(index).next_sibling) {
    const Elem& c = elem(index);
    ChildKey entry{ChildKey::Kind::kElement, index, c.name};
    if (c.name == "Data") {
      const Attr* name = FindAttr(c, "Name");
      if (!name) {
        unnamed.push_back(index);
        if (!unnamed_seen) out.push_back({ChildKey::Kind::kUnnamedData, index, "Data"});
        unnamed_seen = true;
        continue;
      }
      entry.kind = ChildKey::Kind::kNamedData;
      entry.key = PiecesText(name->pieces, key_buffer_);
      if (entry.key.data() == key_buffer_.data()) entry.key = owned_keys_.emplace_back(entry.key);
    }
    if (taken(entry.key)) {
      std::string unique;
      for (int n = 1;; ++n) {
        unique = std::string(entry.key) + "_" + std::to_string(n);
        if (!taken(unique)) break;
      }
      entry.key = owned_keys_.emplace_back(std::move(unique));
    }
    seen |= bit(entry.key);
    out.push_back(entry);
  }
}

}  // namespace quarry::evtx
