// Matching events against a compiled Ruleset (see ruleset.h): slots, gate buckets, field
// databases, anchored rules and condition trees. The tests themselves are in test_eval.cpp.
#include <hs/hs.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/strings.h"
#include "core/time.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

Matcher::Matcher(const Ruleset& rules)
    : rules_(rules),
      slot_gen_(rules.slot_names_.size(), 0),
      slot_field_(rules.slot_names_.size(), -1),
      text_gen_(rules.slot_names_.size(), 0),
      text_(rules.slot_names_.size()),
      text_view_(rules.slot_names_.size()),
      lower_gen_(rules.slot_names_.size(), 0),
      lower_(rules.slot_names_.size()),
      test_gen_(rules.tests_.size(), 0),
      test_result_(rules.tests_.size(), 0),
      hit_gen_(rules.tests_.size(), 0),
      triggered_gen_(rules.rules_.size(), 0),
      triggered_(rules.rules_.size(), 0),
      virtual_gen_(rules.slot_names_.size(), 0),
      virtual_value_(rules.slot_names_.size()),
      virtual_present_(rules.slot_names_.size(), 0) {
  name_memo_.resize(256);
  if (rules.databases_) {
    scratch_ = rules.databases_->NewScratch();
    group_gen_.assign(rules.databases_->groups().size(), 0);
  }
}

Matcher::~Matcher() {
  FieldDatabases::FreeScratch(scratch_);
}

void Matcher::Hit(int group, unsigned id) {
  const auto& g = rules_.databases_->groups()[static_cast<size_t>(group)];
  auto test = static_cast<size_t>(g.tests[id]);
  hit_gen_[test] = generation_;
  for (const auto& [rule, clause] : rules_.triggers_[test]) {
    auto r = static_cast<size_t>(rule);
    if (triggered_gen_[r] != generation_) {
      triggered_gen_[r] = generation_;
      triggered_[r] = 0;
    }
    triggered_[r] |= static_cast<uint8_t>(1u << clause);
  }
}

namespace {

struct ScanContext {
  Matcher* matcher;
  int group;
};

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/,
            unsigned int /*flags*/, void* context) {
  auto* c = static_cast<ScanContext*>(context);
  c->matcher->Hit(c->group, id);
  return 0;
}

}  // namespace

const Value* Matcher::LiteralFieldAt(int slot) const {
  if (slot < 0 || slot_gen_[static_cast<size_t>(slot)] != generation_) return nullptr;
  const Value& v = event_->field(static_cast<size_t>(slot_field_[static_cast<size_t>(slot)])).value;
  return v.is_null() ? nullptr : &v;
}

const Value* Matcher::FieldAt(int slot) {
  const Value* v = LiteralFieldAt(slot);
  if (v != nullptr || slot < 0) return v;
  if (rules_.fallbacks_[static_cast<size_t>(slot)].alias_slot < 0) return nullptr;
  return ResolveFallback(slot);
}

namespace {

void SetFromJson(simdjson::dom::element e, Value& out) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING:
      out.SetString(e.get_string().value_unsafe());
      break;
    case simdjson::dom::element_type::INT64:
      out = Value::Long(e.get_int64().value_unsafe());
      break;
    case simdjson::dom::element_type::UINT64:
      out = Value::Real(static_cast<double>(e.get_uint64().value_unsafe()));
      break;
    case simdjson::dom::element_type::DOUBLE:
      out = Value::Real(e.get_double().value_unsafe());
      break;
    case simdjson::dom::element_type::BOOL:
      out = Value::Bool(e.get_bool().value_unsafe());
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      out = Value();
      break;
    default:
      out.SetDynamic(simdjson::minify(e));
  }
}

}  // namespace

const Value* Matcher::ResolveFallback(int slot) {
  auto s = static_cast<size_t>(slot);
  if (virtual_gen_[s] == generation_) return virtual_present_[s] ? &virtual_value_[s] : nullptr;
  virtual_gen_[s] = generation_;
  virtual_present_[s] = 0;
  const Ruleset::PathFallback& f = rules_.fallbacks_[s];
  if (const Value* alias = LiteralFieldAt(f.alias_slot)) {
    virtual_value_[s] = *alias;
    virtual_present_[s] = 1;
    return &virtual_value_[s];
  }
  for (const auto& [base_slot, path] : f.splits) {
    const Value* base = LiteralFieldAt(base_slot);
    if (base == nullptr || (base->type() != ValueType::kDynamic &&
                            (base->type() != ValueType::kString || base->as_string().empty() ||
                             base->as_string()[0] != '{'))) {
      continue;
    }
    if (!json_) json_ = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::element e;
    if (json_->parse(base->as_string()).get(e) != simdjson::SUCCESS) continue;
    bool found = true;
    for (const auto& key : path) {
      simdjson::dom::object obj;
      if (e.get_object().get(obj) != simdjson::SUCCESS) {
        found = false;
        break;
      }
      simdjson::dom::element next;
      if (obj[key].get(next) != simdjson::SUCCESS) {
        // Keys differing only in case still count (field names compare without case).
        bool any = false;
        for (auto field : obj) {
          if (EqualsIgnoreCaseAscii(field.key, key)) {
            next = field.value;
            any = true;
            break;
          }
        }
        if (!any) {
          found = false;
          break;
        }
      }
      e = next;
    }
    if (!found) continue;
    SetFromJson(e, virtual_value_[s]);
    if (virtual_value_[s].is_null()) continue;
    virtual_present_[s] = 1;
    return &virtual_value_[s];
  }
  return nullptr;
}

std::string_view Matcher::Text(int slot, bool lower) {
  auto s = static_cast<size_t>(slot);
  if (text_gen_[s] != generation_) {
    // Strings are viewed in place (the event outlives the match); other types are rendered.
    const Value* v = FieldAt(slot);
    if (v == nullptr) {
      text_view_[s] = {};
    } else if (v->type() == ValueType::kString || v->type() == ValueType::kDynamic) {
      text_view_[s] = v->as_string();
    } else {
      text_[s] = v->ToText();
      text_view_[s] = text_[s];
    }
    text_gen_[s] = generation_;
  }
  if (!lower) return text_view_[s];
  if (lower_gen_[s] != generation_) {
    // Lower-cased into the slot's own buffer, reusing its capacity from event to event.
    lower_[s].assign(text_view_[s]);
    for (char& c : lower_[s]) c = AsciiLower(c);
    lower_gen_[s] = generation_;
  }
  return lower_[s];
}

const GateBucket& Matcher::Bucket(const Event& event) {
  const Value* channel = FieldAt(rules_.channel_slot_);
  const Value* id_value = FieldAt(rules_.event_id_slot_);
  if (channel == nullptr || id_value == nullptr) return rules_.gates_.ForTable(event.table);
  int64_t id = -1;
  if (id_value->type() == ValueType::kLong) {
    id = id_value->as_long();
  } else {
    std::string_view t = TrimAscii(Text(rules_.event_id_slot_, false));
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (ec != std::errc() || end != t.data() + t.size() || t.empty()) id = -1;
  }
  return rules_.gates_.ForWindows(Text(rules_.channel_slot_, true), id);
}

void Matcher::ScanGroup(int group) {
  auto g = static_cast<size_t>(group);
  if (group_gen_[g] == generation_) return;
  group_gen_[g] = generation_;
  const auto& info = rules_.databases_->groups()[g];
  ScanContext context{this, group};
  if (info.slot < 0) {
    // Keywords: one scan over every string field, each between NUL bytes (the patterns never
    // cross one). A field holding a NUL itself would blur that line: test such events one
    // pattern at a time instead.
    if (!KeywordText()) {
      for (size_t id = 0; id < info.tests.size(); ++id) {
        if (KeywordInAnyField(rules_.tests_[static_cast<size_t>(info.tests[id])])) {
          Hit(group, static_cast<unsigned>(id));
        }
      }
      return;
    }
    hs_scan(info.db, keyword_text_.data(), static_cast<unsigned>(keyword_text_.size()), 0, scratch_,
            OnMatch, &context);
    return;
  }
  if (FieldAt(info.slot) == nullptr) return;
  std::string_view text = Text(info.slot, false);
  hs_scan(info.db, text.data(), static_cast<unsigned>(text.size()), 0, scratch_, OnMatch, &context);
}

namespace {

// A field name as two words and its length: for names of up to 16 bytes (most), the words hold
// every byte, so equal keys mean equal names without comparing the bytes again.
struct NameKey {
  uint64_t head = 0, tail = 0, size = 0;
  explicit NameKey(std::string_view s) : size(s.size()) {
    const char* p = s.data();
    size_t n = s.size();
    if (n >= 8) {
      std::memcpy(&head, p, 8);
      std::memcpy(&tail, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t a = 0, b = 0;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      head = a;
      tail = b;
    } else if (n > 0) {
      head = static_cast<unsigned char>(p[0]) |
             static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
             static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
    }
  }
  uint64_t Hash() const {
    uint64_t h = head * 0x9E3779B97F4A7C15ULL ^ tail * 0xC2B2AE3D27D4EB4FULL ^ size;
    return h ^ (h >> 29);
  }
};

}  // namespace

int Matcher::SlotOfName(const std::string& name) {
  // Events repeat a few hundred field names: remember each name's slot in a flat table keyed by
  // the name as written, instead of normalising and looking it up for every field.
  NameKey key(name);
  uint64_t h = key.Hash();
  size_t mask = name_memo_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    NameMemo& m = name_memo_[i];
    if (m.slot == kEmptyMemo) break;
    if (m.head == key.head && m.tail == key.tail && m.name.size() == name.size() &&
        (name.size() <= 16 || m.name == name)) {
      return m.slot;
    }
  }
  // Field names compare case-insensitively and without spaces: Defender writes "Threat Name"
  // where rules say ThreatName.
  name_buffer_.clear();
  for (char ch : name) {
    if (ch != ' ') name_buffer_ += AsciiLower(ch);
  }
  auto it = rules_.slots_.find(name_buffer_);
  int slot = it == rules_.slots_.end() ? -1 : it->second;
  if (++memo_size_ * 2 > name_memo_.size()) {
    // Keep the table at most half full; names beyond a bound are looked up, not remembered.
    if (name_memo_.size() >= kMaxMemo) {
      --memo_size_;
      return slot;
    }
    std::vector<NameMemo> old(name_memo_.size() * 2);
    old.swap(name_memo_);
    for (auto& m : old) {
      if (m.slot != kEmptyMemo) InsertMemo(std::move(m));
    }
  }
  InsertMemo(NameMemo{h, key.head, key.tail, slot, name});
  return slot;
}

void Matcher::InsertMemo(NameMemo memo) {
  size_t mask = name_memo_.size() - 1;
  size_t i = memo.hash & mask;
  while (name_memo_[i].slot != kEmptyMemo) i = (i + 1) & mask;
  name_memo_[i] = std::move(memo);
}

const std::vector<int>& Matcher::Match(const Event& event) {
  ++generation_;
  event_ = &event;
  matched_.clear();
  for (size_t i = 0; i < event.size(); ++i) {
    int found = SlotOfName(event.field(i).name);
    if (found < 0) continue;
    auto slot = static_cast<size_t>(found);
    if (slot_gen_[slot] == generation_) continue;  // the first field of a name wins
    slot_gen_[slot] = generation_;
    slot_field_[slot] = static_cast<int32_t>(i);
  }
  const GateBucket& bucket = Bucket(event);
  bucket_ = &bucket;
  // Scan the databases holding the candidates' anchors: this marks the anchored rules that can
  // match; the others are not evaluated at all.
  if (scratch_ != nullptr) {
    for (int g : bucket.eager_groups) ScanGroup(g);
  }
  for (size_t i = 0; i < bucket.rules.size(); ++i) {
    int r = bucket.rules[i];
    auto rule = static_cast<size_t>(r);
    uint8_t required = bucket.anchored[i];
    if (required != 0 &&
        (triggered_gen_[rule] != generation_ || (triggered_[rule] & required) != required)) {
      continue;
    }
    if (Eval(rules_.rules_[rule].root)) matched_.push_back(r);
  }
  return matched_;
}

bool Matcher::Eval(int index) {
  const Node& n = rules_.nodes_[static_cast<size_t>(index)];
  switch (n.op) {
    case Node::Op::kTest:
      return RunTest(n.index);
    case Node::Op::kAnd:
      for (uint32_t i = 0; i < n.count; ++i) {
        if (!Eval(rules_.child_index_[static_cast<size_t>(n.index) + i])) return false;
      }
      return true;
    case Node::Op::kOr:
      for (uint32_t i = 0; i < n.count; ++i) {
        if (Eval(rules_.child_index_[static_cast<size_t>(n.index) + i])) return true;
      }
      return false;
    case Node::Op::kNot:
      return !Eval(n.index);
    case Node::Op::kTrue:
      return true;
    case Node::Op::kFalse:
      return false;
  }
  return false;
}

}  // namespace quarry::sigma
