// A record's binary XML expanded into a small DOM (templates instantiated, nested binary XML
// inlined), from which it is written as evtx_dump-layout JSON (record_json.cpp) or mapped
// straight onto an event (record_event.cpp). Internal to src/evtx.
//
// The DOM lives in flat vectors of trivially destructible nodes linked by index and reused from
// record to record, so expanding a record allocates almost nothing.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "evtx/binxml.h"

namespace quarry::evtx {

// A run of an element's or attribute's content: literal text or a substitution value.
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

// How a child element appears among its parent's JSON members.
struct ChildKey {
  enum class Kind : uint8_t {
    kElement,      // member `name` (suffixed _1, _2 … when repeated), value rendered
    kNamedData,    // `<Data Name="X">`: member X, value its content only
    kUnnamedData,  // the first unnamed Data element: member "Data" holding all of them
  };
  Kind kind = Kind::kElement;
  int elem = -1;
  std::string_view key;
};

class RecordDom {
 public:
  explicit RecordDom(ChunkDecoder& decoder) : decoder_(decoder) {}

  void Reset();
  Status Expand(const TokenList& tokens, const std::vector<RawValue>* values, int depth);

  // dom_[0] is a synthetic root whose children are the record's top-level elements.
  const Elem& root() const { return dom_[0]; }
  const Elem& elem(int i) const { return dom_[static_cast<size_t>(i)]; }
  const Attr& attr(int i) const { return attrs_[static_cast<size_t>(i)]; }
  const Piece& piece(int i) const { return pieces_[static_cast<size_t>(i)]; }

  // The pieces as one text; a single literal piece is returned without copying.
  std::string_view PiecesText(const PieceList& list, std::string& buffer) const;
  // Whether the attribute is written (an optional substitution without a value is not).
  static bool Rendered(const Attr& a) { return !a.optional_null || !a.pieces.empty(); }
  bool HasRenderedAttrs(const Elem& e) const;
  // The attribute named `name` that holds a value, or nullptr.
  const Attr* FindAttr(const Elem& e, std::string_view name) const;

  // Appends the members `e`'s children become, in order, to `out`; the unnamed Data children
  // (gathered under the first one's member) to `unnamed`. Keys stay valid until Reset.
  void ChildKeys(const Elem& e, std::vector<ChildKey>& out, std::vector<int>& unnamed);

  // Buffers for the writers, kept to be reused from record to record. `keys` and `unnamed` are
  // stacks shared by recursive calls: each call owns what it pushes.
  struct Scratch {
    std::vector<ChildKey> keys;
    std::vector<int> unnamed;
    std::string text;
    // The event mapper's (record_event.cpp).
    std::string name, json, joined, item;
    std::vector<std::string> items;
    std::vector<const PieceList*> lists;
    Value value;
  };
  Scratch scratch;

 private:
  Elem& Top() { return dom_[static_cast<size_t>(stack_.back())]; }
  void Append(Piece piece);

  ChunkDecoder& decoder_;
  std::vector<Elem> dom_;
  std::vector<Attr> attrs_;
  std::vector<Piece> pieces_;
  std::vector<int> stack_;
  std::deque<std::string> owned_keys_;
  std::deque<TokenList> nested_;  // binary XML values of the record; [0, nested_used_) live
  size_t nested_used_ = 0;
  std::string key_buffer_;
  bool in_attr_ = false;
};

// A substitution value as a field value, the same as its JSON form read back (values.cpp).
// False for the forms that would become dynamic or floating-point values.
bool ValueToField(const RawValue& v, Value& out);

// The items of an array value as the JSON mapper's TextOf reads them (null items left out).
// False for floating-point items.
bool ArrayItemTexts(const RawValue& v, std::vector<std::string>& items);

// {"Event":{...}} as evtx_dump writes it.
void WriteRecordJson(RecordDom& dom, std::string& out);

// The record's fields and time straight onto `event` (already cleared), as the evtx_dump layout
// mapper would make them from the JSON (docs/event-model.md). False when the record has a shape
// this does not cover (nested members that become dynamic values, floating-point or array
// values, names that collide with JSON markers); the caller then goes through the JSON.
bool MapRecordToEvent(RecordDom& dom, Event& event);

// The JSON of an element's value, of a content, or of unnamed Data elements (the elements at
// [first, end): one value or an array), appended to `out`. These are also what a JSON library
// re-serializing them writes (the form of dynamic fields), except for floating-point numbers:
// false when one was written.
bool AppendElementJson(RecordDom& dom, const Elem& e, std::string& out);
bool AppendPiecesJson(RecordDom& dom, const PieceList& list, std::string& out);
bool AppendUnnamedJson(RecordDom& dom, const int* first, const int* end, std::string& out);

}  // namespace quarry::evtx
