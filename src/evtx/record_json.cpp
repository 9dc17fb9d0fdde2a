// A record's DOM as evtx_dump-layout JSON: elements become objects ("#attributes", children,
// "#text"), an element with neither attributes nor children becomes its value.
#include "core/strings.h"
#include "evtx/record_dom.h"

namespace quarry::evtx {
namespace {

class JsonWriter {
 public:
  JsonWriter(RecordDom& dom, std::string& out) : dom_(dom), out_(out) {}

  // Children as object members; returns true when nothing was written.
  bool Children(const Elem& e) {
    auto& keys = dom_.scratch.keys;
    auto& unnamed = dom_.scratch.unnamed;
    size_t keys_mark = keys.size(), unnamed_mark = unnamed.size();
    dom_.ChildKeys(e, keys, unnamed);
    bool empty = true;
    for (size_t i = keys_mark; i < keys.size(); ++i) {
      ChildKey k = keys[i];  // a copy: rendering the value pushes onto `keys`
      if (!empty) out_ += ',';
      empty = false;
      AppendJsonString(out_, k.key);
      out_ += ':';
      switch (k.kind) {
        case ChildKey::Kind::kUnnamedData:
          UnnamedData(unnamed_mark);
          break;
        case ChildKey::Kind::kNamedData:
          Pieces(dom_.elem(k.elem).content);
          break;
        case ChildKey::Kind::kElement:
          Value(dom_.elem(k.elem));
          break;
      }
    }
    keys.resize(keys_mark);
    unnamed.resize(unnamed_mark);
    return empty;
  }

  // Whether no floating-point number was written (their text is not what a JSON library
  // writes back when it re-serializes them).
  bool exact() const { return exact_; }

  void Pieces(const PieceList& list) {
    if (list.empty()) {
      out_ += "null";
      return;
    }
    if (list.first == list.last && !dom_.piece(list.first).literal) {
      const RawValue& v = dom_.piece(list.first).value;
      uint8_t base = v.type & 0x7f;
      if (base == 0x0b || base == 0x0c) exact_ = false;
      AppendValueJson(v, out_);
      return;
    }
    AppendJsonString(out_, dom_.PiecesText(list, dom_.scratch.text));
  }

  void Value(const Elem& e) {
    bool has_attrs = dom_.HasRenderedAttrs(e);
    if (!has_attrs && e.first_child < 0) {
      Pieces(e.content);
      return;
    }
    out_ += '{';
    bool first = true;
    if (has_attrs) {
      out_ += "\"#attributes\":{";
      bool first_attr = true;
      for (int i = e.first_attr; i >= 0; i = dom_.attr(i).next) {
        const Attr& a = dom_.attr(i);
        if (!RecordDom::Rendered(a)) continue;
        if (!first_attr) out_ += ',';
        first_attr = false;
        AppendJsonString(out_, a.name);
        out_ += ':';
        Pieces(a.pieces);
      }
      out_ += '}';
      first = false;
    }
    if (e.first_child >= 0) {
      if (!first) out_ += ',';
      first = Children(e) && first;
    }
    if (!e.content.empty()) {
      if (!first) out_ += ',';
      out_ += "\"#text\":";
      Pieces(e.content);
    }
    out_ += '}';
  }

  // The value of [first, end) unnamed Data elements: one value, or an array of them.
  void UnnamedValues(const int* first, const int* end) {
    size_t count = static_cast<size_t>(end - first);
    if (count > 1) out_ += '[';
    for (const int* i = first; i != end; ++i) {
      if (i != first) out_ += ',';
      Pieces(dom_.elem(*i).content);
    }
    if (count > 1) out_ += ']';
  }

 private:
  // {"#text":…} for the unnamed Data elements in scratch.unnamed[from, end).
  void UnnamedData(size_t from) {
    const auto& unnamed = dom_.scratch.unnamed;
    out_ += "{\"#text\":";
    UnnamedValues(unnamed.data() + from, unnamed.data() + unnamed.size());
    out_ += '}';
  }

  RecordDom& dom_;
  std::string& out_;
  bool exact_ = true;
};

}  // namespace

bool AppendElementJson(RecordDom& dom, const Elem& e, std::string& out) {
  JsonWriter writer(dom, out);
  writer.Value(e);
  return writer.exact();
}

bool AppendPiecesJson(RecordDom& dom, const PieceList& list, std::string& out) {
  JsonWriter writer(dom, out);
  writer.Pieces(list);
  return writer.exact();
}

bool AppendUnnamedJson(RecordDom& dom, const int* first, const int* end, std::string& out) {
  JsonWriter writer(dom, out);
  writer.UnnamedValues(first, end);
  return writer.exact();
}

void WriteRecordJson(RecordDom& dom, std::string& out) {
  out.clear();
  out += '{';
  JsonWriter(dom, out).Children(dom.root());
  out += '}';
}

}  // namespace quarry::evtx
