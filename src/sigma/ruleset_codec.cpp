#include "sigma/ruleset_codec.h"

#include <re2/re2.h>

#include <cstring>
#include <map>

#include "core/hash.h"

namespace quarry::sigma {
namespace {

constexpr std::string_view kMagic = "quarry-ruleset-3\n";
constexpr size_t kDigestChars = 64;  // SHA-256 in hex, after the encoding

class Writer {
 public:
  void U(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I(int64_t v) { U((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void B(bool v) { U(v ? 1 : 0); }
  void D(double v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    out_.append(bytes, sizeof v);
  }
  void S(std::string_view s) {
    U(s.size());
    out_.append(s);
  }
  void Strings(const std::vector<std::string>& v) {
    U(v.size());
    for (const auto& s : v) S(s);
  }
  void Ints(const std::vector<int>& v) {
    U(v.size());
    for (int x : v) I(x);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  int64_t I() {
    uint64_t u = U();
    return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  }
  int Int() { return static_cast<int>(I()); }
  bool B() { return U() != 0; }
  double D() {
    double v = 0;
    if (in_.size() - pos_ < sizeof v) return static_cast<double>(Fail());
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string S() {
    uint64_t n = U();
    if (n > in_.size() - pos_) {
      Fail();
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items that each take at least one byte: bounded by what is left.
  size_t Count() {
    uint64_t n = U();
    if (n > in_.size() - pos_) return static_cast<size_t>(Fail());
    return static_cast<size_t>(n);
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> v(Count());
    for (auto& s : v) s = S();
    return v;
  }
  std::vector<int> Ints() {
    std::vector<int> v(Count());
    for (int& x : v) x = Int();
    return v;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void Put(Writer& w, const Gate& g) {
  w.Strings(g.channels);
  w.U(g.event_ids.size());
  for (int64_t id : g.event_ids) w.I(id);
  w.Strings(g.tables);
  w.B(g.windows);
  w.B(g.generic);
  w.U(g.field_equals.size());
  for (const auto& [field, values] : g.field_equals) {
    w.S(field);
    w.Strings(values);
  }
}

void Get(Reader& r, Gate& g) {
  g.channels = r.Strings();
  g.event_ids.resize(r.Count());
  for (auto& id : g.event_ids) id = r.I();
  g.tables = r.Strings();
  g.windows = r.B();
  g.generic = r.B();
  g.field_equals.resize(r.Count());
  for (auto& [field, values] : g.field_equals) {
    field = r.S();
    values = r.Strings();
  }
}

void Put(Writer& w, const Test& t) {
  w.U(static_cast<uint64_t>(t.kind));
  w.I(t.slot);
  w.S(t.glob.pattern());
  w.B(t.glob.cased());
  w.B(t.regex != nullptr);
  if (t.regex) w.S(t.regex->pattern());
  w.B(t.cidr.v6);
  for (uint8_t b : t.cidr.bytes) w.U(b);
  w.I(t.cidr.prefix);
  w.U(static_cast<uint64_t>(t.op));
  w.D(t.number);
  w.B(t.expect);
  w.B(t.cased);
  w.I(t.other_slot);
  w.U(static_cast<uint64_t>(t.part));
}

bool Get(Reader& r, Test& t) {
  t.kind = static_cast<Test::Kind>(r.U());
  t.slot = r.Int();
  std::string pattern = r.S();
  bool glob_cased = r.B();
  t.glob = Glob(pattern, glob_cased);
  if (r.B()) {
    RE2::Options o;
    o.set_log_errors(false);
    t.regex = std::make_shared<RE2>(r.S(), o);
    if (!t.regex->ok()) return false;
  }
  t.cidr.v6 = r.B();
  for (auto& b : t.cidr.bytes) b = static_cast<uint8_t>(r.U());
  t.cidr.prefix = r.Int();
  t.op = static_cast<Test::Op>(r.U());
  t.number = r.D();
  t.expect = r.B();
  t.cased = r.B();
  t.other_slot = r.Int();
  t.part = static_cast<Test::Part>(r.U());
  return r.ok();
}

}  // namespace

std::string RulesetCodec::Encode(const Ruleset& rules, const std::vector<RuleLoad>& results) {
  Writer w;
  w.out().append(kMagic);
  w.U(results.size());
  for (const auto& x : results) {
    w.S(x.path);
    w.I(x.line);
    w.S(x.id);
    w.S(x.title);
    w.B(x.loaded);
    w.B(x.selected);
    w.S(x.reason);
    w.Strings(x.notes);
  }
  w.U(rules.infos_.size());
  for (const auto& i : rules.infos_) {
    for (const auto* s : {&i.id, &i.name, &i.title, &i.status, &i.description, &i.author, &i.path,
                          &i.logsource.product, &i.logsource.category, &i.logsource.service}) {
      w.S(*s);
    }
    w.I(i.line);
    w.U(static_cast<uint64_t>(i.level));
    w.Strings(i.tags);
    w.B(i.selected);
    w.I(i.alerts_alone);
  }
  w.U(rules.rules_.size());
  for (const auto& c : rules.rules_) {
    w.I(c.info);
    w.I(c.variant);
    w.S(c.variant_name);
    Put(w, c.gate);
    w.I(c.root);
  }
  w.U(rules.correlations_.size());
  for (const auto& c : rules.correlations_) {
    w.U(static_cast<uint64_t>(c.type));
    w.I(c.info);
    w.Ints(c.rule_infos);
    w.Strings(c.group_by);
    w.U(c.aliases.size());
    for (const auto& [name, by_rule] : c.aliases) {
      w.S(name);
      w.U(by_rule.size());
      for (const auto& [rule, field] : by_rule) {
        w.I(rule);
        w.S(field);
      }
    }
    w.I(c.timespan_ticks);
    w.U(static_cast<uint64_t>(c.op));
    w.D(c.threshold);
    w.B(c.has_condition);
    w.S(c.field);
    w.D(c.percentile);
    w.B(c.generate);
  }
  w.U(rules.tests_.size());
  for (const auto& t : rules.tests_) Put(w, t);
  w.U(rules.nodes_.size());
  for (const auto& n : rules.nodes_) {
    w.U(static_cast<uint64_t>(n.op));
    w.I(n.index);
    w.U(n.count);
  }
  w.U(rules.child_index_.size());
  for (int32_t c : rules.child_index_) w.I(c);
  w.Strings(rules.slot_names_);
  std::map<std::string, int> slots(rules.slots_.begin(), rules.slots_.end());  // stable order
  w.U(slots.size());
  for (const auto& [key, slot] : slots) {
    w.S(key);
    w.I(slot);
  }
  // A damaged file must not load as different rules: the digest of all of it comes last.
  Sha256 h;
  h.Update(w.out());
  w.out().append(h.HexDigest());
  return std::move(w.out());
}

bool RulesetCodec::Decode(std::string_view bytes, Ruleset& rules, std::vector<RuleLoad>& results) {
  if (bytes.size() < kMagic.size() + kDigestChars || bytes.substr(0, kMagic.size()) != kMagic) {
    return false;
  }
  std::string_view body = bytes.substr(0, bytes.size() - kDigestChars);
  Sha256 h;
  h.Update(body);
  if (h.HexDigest() != bytes.substr(body.size())) return false;
  Reader r(body.substr(kMagic.size()));
  results.assign(r.Count(), {});
  for (auto& x : results) {
    x.path = r.S();
    x.line = r.Int();
    x.id = r.S();
    x.title = r.S();
    x.loaded = r.B();
    x.selected = r.B();
    x.reason = r.S();
    x.notes = r.Strings();
  }
  Ruleset out;
  out.infos_.resize(r.Count());
  for (auto& i : out.infos_) {
    for (auto* s : {&i.id, &i.name, &i.title, &i.status, &i.description, &i.author, &i.path,
                    &i.logsource.product, &i.logsource.category, &i.logsource.service}) {
      *s = r.S();
    }
    i.line = r.Int();
    i.level = static_cast<Level>(r.U());
    i.tags = r.Strings();
    i.selected = r.B();
    i.alerts_alone = static_cast<int8_t>(r.Int());
  }
  out.rules_.resize(r.Count());
  for (auto& c : out.rules_) {
    c.info = r.Int();
    c.variant = r.Int();
    c.variant_name = r.S();
    Get(r, c.gate);
    c.root = r.Int();
  }
  out.correlations_.resize(r.Count());
  for (auto& c : out.correlations_) {
    c.type = static_cast<Correlation::Type>(r.U());
    c.info = r.Int();
    c.rule_infos = r.Ints();
    c.group_by = r.Strings();
    for (size_t a = r.Count(); a > 0 && r.ok(); --a) {
      auto& by_rule = c.aliases[r.S()];
      for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
        int rule = r.Int();
        by_rule[rule] = r.S();
      }
    }
    c.timespan_ticks = r.I();
    c.op = static_cast<Correlation::Op>(r.U());
    c.threshold = r.D();
    c.has_condition = r.B();
    c.field = r.S();
    c.percentile = r.D();
    c.generate = r.B();
  }
  out.tests_.resize(r.Count());
  for (auto& t : out.tests_) {
    if (!Get(r, t)) return false;
  }
  out.nodes_.resize(r.Count());
  for (auto& n : out.nodes_) {
    n.op = static_cast<Node::Op>(r.U());
    n.index = static_cast<int32_t>(r.I());
    n.count = static_cast<uint32_t>(r.U());
  }
  out.child_index_.resize(r.Count());
  for (auto& c : out.child_index_) c = static_cast<int32_t>(r.I());
  out.slot_names_ = r.Strings();
  for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
    std::string key = r.S();
    out.slots_[key] = r.Int();
  }
  if (!r.ok() || !r.done() || !Valid(out)) return false;
  rules = std::move(out);
  return true;
}

bool RulesetCodec::Valid(const Ruleset& rules) {
  // Every index points inside its table: a damaged file must not become an out-of-range read.
  auto in = [](int64_t i, size_t n) { return i >= 0 && static_cast<size_t>(i) < n; };
  size_t infos = rules.infos_.size(), nodes = rules.nodes_.size(), tests = rules.tests_.size();
  size_t slots = rules.slot_names_.size(), children = rules.child_index_.size();
  for (const auto& c : rules.rules_) {
    if (!in(c.info, infos) || !in(c.root, nodes)) return false;
  }
  for (const auto& c : rules.correlations_) {
    if (!in(c.info, infos)) return false;
    for (int i : c.rule_infos) {
      if (!in(i, infos)) return false;
    }
  }
  // Nodes are built children first, so a child's index is below its parent's: checking that
  // also rules out cycles, which evaluation would follow forever.
  for (size_t i = 0; i < nodes; ++i) {
    const Node& n = rules.nodes_[i];
    bool ok = true;
    if (n.op == Node::Op::kTest) ok = in(n.index, tests);
    if (n.op == Node::Op::kNot) ok = in(n.index, i);
    if (n.op == Node::Op::kAnd || n.op == Node::Op::kOr) {
      ok = n.index >= 0 && static_cast<size_t>(n.index) + n.count <= children;
      for (uint32_t k = 0; ok && k < n.count; ++k) {
        ok = in(rules.child_index_[static_cast<size_t>(n.index) + k], i);
      }
    }
    if (!ok) return false;
  }
  for (const auto& t : rules.tests_) {
    if ((t.slot != -1 && !in(t.slot, slots)) || (t.other_slot != -1 && !in(t.other_slot, slots))) {
      return false;
    }
  }
  for (const auto& [key, slot] : rules.slots_) {
    if (!in(slot, slots)) return false;
  }
  return true;
}

}  // namespace quarry::sigma
