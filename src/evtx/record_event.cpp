// A record's DOM straight onto an event, making the fields that writing it as evtx_dump JSON and
// mapping that JSON (src/ingest/json_layouts.cpp, MapEvtxDump) would make, without the JSON:
// rendering and re-parsing it cost more than decoding the record. Members that become dynamic
// values get the JSON text a JSON library would write back. The few shapes not covered
// (floating-point numbers in dynamic values, names that collide with JSON markers, repeated
// top-level parts) are left to the JSON path, the caller's fallback.
// tests/corpus/evtx_rows_test.cpp checks both paths give the same events on every corpus file.
#include <string>

#include "core/time.h"
#include "evtx/record_dom.h"

namespace quarry::evtx {
namespace {

bool IsNullValue(const RawValue& v) {
  uint8_t base = v.type & 0x7f;
  return v.type == 0x00 || (v.size == 0 && base != 0x01 && base != 0x02);
}

class EventMapper {
 public:
  EventMapper(RecordDom& dom, Event& event) : dom_(dom), ev_(event) {}

  bool Map() {
    const Elem& root = dom_.root();
    if (root.first_child < 0 || root.first_child != root.last_child) return false;
    const Elem& event = dom_.elem(root.first_child);
    if (event.name != "Event" || !event.content.empty()) return false;
    Members members(dom_, event);
    bool system = false;
    for (const ChildKey& k : members) {
      // Repeated or Data members would take the JSON mapper's generic branches.
      if (k.kind != ChildKey::Kind::kElement || k.key != dom_.elem(k.elem).name) return false;
      system = system || (k.key == "System" && dom_.elem(k.elem).first_child >= 0);
    }
    if (!system) return false;
    for (const ChildKey& k : members) {
      const Elem& part = dom_.elem(k.elem);
      bool ok = true;
      if (k.key == "#attributes") continue;
      if (k.key == "System") {
        ok = MapSystem(part);
      } else if (k.key == "EventData") {
        ok = MapEventData(part);
      } else if (k.key == "UserData") {
        ok = MapUserData(part);
      } else if (k.key == "RenderingInfo") {
        ok = false;
      } else {
        ok = AddJsonValue(k.key, part);
      }
      if (!ok) return false;
    }
    return true;
  }

 private:
  // The members an element's children make, as a range of the shared key stack.
  class Members {
   public:
    Members(RecordDom& dom, const Elem& e)
        : keys_(dom.scratch.keys),
          unnamed_(dom.scratch.unnamed),
          keys_mark_(keys_.size()),
          unnamed_mark_(unnamed_.size()) {
      dom.ChildKeys(e, keys_, unnamed_);
      end_ = keys_.size();
    }
    ~Members() {
      keys_.resize(keys_mark_);
      unnamed_.resize(unnamed_mark_);
    }
    Members(const Members&) = delete;
    Members& operator=(const Members&) = delete;
    // Indexes, not iterators: nested members push onto the same vectors.
    struct Iterator {
      const std::vector<ChildKey>* keys;
      size_t i;
      const ChildKey& operator*() const { return (*keys)[i]; }
      Iterator& operator++() {
        ++i;
        return *this;
      }
      bool operator!=(const Iterator& o) const { return i != o.i; }
    };
    Iterator begin() const { return {&keys_, keys_mark_}; }
    Iterator end() const { return {&keys_, end_}; }
    // The unnamed Data elements gathered under the "Data" member.
    size_t unnamed_begin() const { return unnamed_mark_; }
    size_t unnamed_end() const { return unnamed_.size(); }

   private:
    std::vector<ChildKey>& keys_;
    std::vector<int>& unnamed_;
    size_t keys_mark_, unnamed_mark_, end_ = 0;
  };

  static bool IsArray(const RawValue& v) { return (v.type & 0x80) != 0; }

  bool AddDynamic(std::string_view name, bool exact, const std::string& json) {
    if (!exact) return false;
    ev_.Add(name).SetDynamic(json);
    return true;
  }

  // Adds the pieces' value as field `name`, unless it is null.
  bool AddPieces(std::string_view name, const PieceList& list) {
    if (list.empty()) return true;
    const Piece& first = dom_.piece(list.first);
    if (list.first == list.last && !first.literal) {
      if (IsNullValue(first.value)) return true;
      if (IsArray(first.value)) {
        json_.clear();
        return AddDynamic(name, AppendPiecesJson(dom_, list, json_), json_);
      }
      return ValueToField(first.value, ev_.Add(name));
    }
    ev_.Add(name).SetString(dom_.PiecesText(list, dom_.scratch.text));
    return true;
  }

  bool Scalar(const Elem& e) const { return !dom_.HasRenderedAttrs(e) && e.first_child < 0; }

  // The element's JSON value as a field: its value, or a dynamic object.
  bool AddJsonValue(std::string_view name, const Elem& e) {
    if (Scalar(e)) return AddPieces(name, e.content);
    json_.clear();
    return AddDynamic(name, AppendElementJson(dom_, e, json_), json_);
  }

  // The mapper's `"#text"` of an object if it has one, else the JSON value.
  bool AddTextOrJsonValue(std::string_view name, const Elem& e) {
    if (Scalar(e)) return AddPieces(name, e.content);
    if (e.first_child >= 0) {
      Members children(dom_, e);
      for (const ChildKey& k : children) {
        if (k.key == "#text") return false;  // a member that would shadow the element's text
      }
    }
    if (!e.content.empty()) return AddPieces(name, e.content);
    json_.clear();
    return AddDynamic(name, AppendElementJson(dom_, e, json_), json_);
  }

  // Unnamed Data elements as one value: theirs, or an array of them when there are several.
  bool AddUnnamedValue(std::string_view name, const Members& members) {
    const int* unnamed = dom_.scratch.unnamed.data();
    const int* first = unnamed + members.unnamed_begin();
    const int* end = unnamed + members.unnamed_end();
    if (end - first == 1) return AddPieces(name, dom_.elem(*first).content);
    json_.clear();
    return AddDynamic(name, AppendUnnamedJson(dom_, first, end, json_), json_);
  }

  // The text the mapper's TextOf gives the pieces' JSON value; false for null.
  bool PiecesTextOf(const PieceList& list, std::string& out, bool& supported) {
    supported = true;
    if (list.empty()) return false;
    const Piece& first = dom_.piece(list.first);
    if (list.first != list.last || first.literal) {
      out.assign(dom_.PiecesText(list, dom_.scratch.text));
      return true;
    }
    if (IsNullValue(first.value) || IsArray(first.value)) return false;
    if (!ValueToField(first.value, scratch_value_)) {
      supported = false;
      return false;
    }
    switch (scratch_value_.type()) {
      case ValueType::kString:
        out = scratch_value_.as_string();
        return true;
      case ValueType::kLong:
        out = std::to_string(scratch_value_.as_long());
        return true;
      case ValueType::kBool:
        out = scratch_value_.as_bool() ? "true" : "false";
        return true;
      default:
        return false;
    }
  }

  // Unnamed EventData content joins into field `Data` (one line per element).
  bool AddUnnamedData(const PieceList* const* lists, size_t count, bool array) {
    std::string& joined = dom_.scratch.joined;
    std::string& text = dom_.scratch.item;
    joined.clear();
    auto join = [&](const std::string& item) {
      if (!joined.empty()) joined += '\n';
      joined += item;
    };
    const PieceList& only = *lists[0];
    if (!array && only.first >= 0 && only.first == only.last && !dom_.piece(only.first).literal &&
        !IsNullValue(dom_.piece(only.first).value) && IsArray(dom_.piece(only.first).value)) {
      // One element holding an array value: its items, one per line.
      if (!ArrayItemTexts(dom_.piece(only.first).value, items_)) return false;
      for (const std::string& item : items_) join(item);
      array = true;
      count = 0;
    }
    for (size_t i = 0; i < count; ++i) {
      bool supported = true;
      bool has_text = PiecesTextOf(*lists[i], text, supported);
      if (!supported) return false;
      if (has_text) join(text);
    }
    if (joined.empty() && !array) {
      bool null = only.empty() || (only.first == only.last && !dom_.piece(only.first).literal &&
                                   IsNullValue(dom_.piece(only.first).value));
      if (null) return true;
    }
    if (Value* existing = ev_.FindMutable("Data")) {
      existing->SetString(existing->ToText() + "\n" + joined);
    } else {
      ev_.AddString("Data", joined);
    }
    return true;
  }

  bool AddUnnamedData(const PieceList& list) {
    const PieceList* one = &list;
    return AddUnnamedData(&one, 1, false);
  }

  bool AddUnnamedGroup(const Members& members) {
    unnamed_lists_.clear();
    const auto& unnamed = dom_.scratch.unnamed;
    for (size_t i = members.unnamed_begin(); i < members.unnamed_end(); ++i) {
      unnamed_lists_.push_back(&dom_.elem(unnamed[i]).content);
    }
    return AddUnnamedData(unnamed_lists_.data(), unnamed_lists_.size(), unnamed_lists_.size() > 1);
  }

  bool SetTime(const PieceList& list) {
    ev_.time.reset();
    if (list.empty()) return true;
    const Piece& first = dom_.piece(list.first);
    if (list.first != list.last || first.literal) {
      ev_.time = ParseIsoTime(dom_.PiecesText(list, dom_.scratch.text));
      return true;
    }
    if (IsNullValue(first.value)) return true;
    if (!ValueToField(first.value, scratch_value_)) return false;
    if (scratch_value_.type() == ValueType::kLong) {
      ev_.time = FromEpochAuto(static_cast<double>(scratch_value_.as_long()));
    } else if (scratch_value_.type() == ValueType::kString) {
      if ((first.value.type & 0x7f) == 0x0a) return false;  // an unsigned number past int64
      ev_.time = ParseIsoTime(scratch_value_.as_string());
    }
    return true;
  }

  bool MapSystem(const Elem& system) {
    if (!system.content.empty()) return false;
    Members members(dom_, system);
    for (const ChildKey& k : members) {
      const Elem& c = dom_.elem(k.elem);
      if (k.kind != ChildKey::Kind::kElement || k.key != c.name || c.first_child >= 0) {
        return false;
      }
      if (k.key == "#attributes") continue;
      bool has_attrs = dom_.HasRenderedAttrs(c);
      if (k.key == "TimeCreated") {
        for (int i = c.first_attr; has_attrs && i >= 0; i = dom_.attr(i).next) {
          const Attr& a = dom_.attr(i);
          if (RecordDom::Rendered(a) && a.name == "SystemTime") {
            if (!SetTime(a.pieces)) return false;
            break;
          }
        }
        continue;
      }
      if (!has_attrs) {
        if (!AddPieces(k.key, c.content)) return false;
        continue;
      }
      for (int i = c.first_attr; i >= 0; i = dom_.attr(i).next) {
        const Attr& a = dom_.attr(i);
        if (!RecordDom::Rendered(a)) continue;
        name_.assign(k.key).append("_").append(a.name);
        if (name_ == "Provider_Name") name_ = "Provider";
        if (!AddPieces(name_, a.pieces)) return false;
      }
      if (!c.content.empty() && !AddPieces(k.key, c.content)) return false;
    }
    return true;
  }

  bool MapEventData(const Elem& data) {
    if (!dom_.HasRenderedAttrs(data) && data.first_child < 0) return AddUnnamedData(data.content);
    Members members(dom_, data);
    for (const ChildKey& k : members) {
      if (k.key == "#attributes") continue;
      bool ok = true;
      switch (k.kind) {
        case ChildKey::Kind::kUnnamedData:
          ok = AddUnnamedGroup(members);
          break;
        case ChildKey::Kind::kNamedData:
          ok = k.key == "Data" || k.key == "#text" ? AddUnnamedData(dom_.elem(k.elem).content)
                                                   : AddPieces(k.key, dom_.elem(k.elem).content);
          break;
        case ChildKey::Kind::kElement: {
          const Elem& c = dom_.elem(k.elem);
          if (k.key == "Data" || k.key == "#text") {
            ok = Scalar(c) && AddUnnamedData(c.content);
          } else {
            ok = AddTextOrJsonValue(k.key, c);
          }
          break;
        }
      }
      if (!ok) return false;
    }
    return data.content.empty() || AddUnnamedData(data.content);
  }

  bool MapUserData(const Elem& user_data) {
    if (!dom_.HasRenderedAttrs(user_data) && user_data.first_child < 0) {
      return AddPieces("UserData", user_data.content);
    }
    Members members(dom_, user_data);
    for (const ChildKey& k : members) {
      if (k.key == "#attributes") continue;
      if (!MapUserDataMember(k, members)) return false;
    }
    return user_data.content.empty() || AddPieces("#text", user_data.content);
  }

  // A member of UserData (or of its element) whose value is a scalar or an object of scalars.
  bool MapUserDataMember(const ChildKey& k, const Members& members) {
    switch (k.kind) {
      case ChildKey::Kind::kUnnamedData:
        // {"#text": value}: the mapper adds its member as is.
        return AddUnnamedValue("#text", members);
      case ChildKey::Kind::kNamedData:
        return AddPieces(k.key, dom_.elem(k.elem).content);
      case ChildKey::Kind::kElement:
        break;
    }
    const Elem& body = dom_.elem(k.elem);
    if (Scalar(body)) return AddPieces(k.key, body.content);
    Members fields(dom_, body);
    for (const ChildKey& f : fields) {
      if (f.key == "#attributes") continue;
      bool ok = true;
      switch (f.kind) {
        case ChildKey::Kind::kUnnamedData:
          ok = AddUnnamedValue(f.key, fields);
          break;
        case ChildKey::Kind::kNamedData:
          ok = AddPieces(f.key, dom_.elem(f.elem).content);
          break;
        case ChildKey::Kind::kElement:
          ok = AddTextOrJsonValue(f.key, dom_.elem(f.elem));
          break;
      }
      if (!ok) return false;
    }
    return body.content.empty() || AddPieces("#text", body.content);
  }

  RecordDom& dom_;
  Event& ev_;
  // Buffers kept by the DOM from record to record.
  Value& scratch_value_ = dom_.scratch.value;
  std::string& name_ = dom_.scratch.name;
  std::string& json_ = dom_.scratch.json;
  std::vector<std::string>& items_ = dom_.scratch.items;
  std::vector<const PieceList*>& unnamed_lists_ = dom_.scratch.lists;
};

}  // namespace

bool MapRecordToEvent(RecordDom& dom, Event& event) {
  return EventMapper(dom, event).Map();
}

}  // namespace quarry::evtx
