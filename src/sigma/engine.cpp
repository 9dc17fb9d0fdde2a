#include "sigma/engine.h"

#include "core/hash.h"
#include "core/strings.h"

namespace quarry::sigma {
namespace {

// Fields worth showing beside an alert, in order of preference; the first few present are kept.
constexpr const char* kDetailFields[] = {
    "CommandLine",     "Image",          "ParentImage",     "TargetImage",
    "TargetFilename",  "TargetObject",   "Details",         "QueryName",
    "ScriptBlockText", "TargetUserName", "SubjectUserName", "User",
    "IpAddress",       "SourceIp",       "DestinationIp",   "DestinationPort",
    "ServiceName",     "ImagePath",      "NewProcessName",  "ParentProcessName",
    "EventName",       "EventSource",    "SourceIpAddress", "UserIdentityArn",
    "PipeName",        "ImageLoaded",    "GrantedAccess",   "Data"};
constexpr size_t kMaxDetails = 4;
constexpr size_t kMaxDetailLength = 300;

std::string FieldText(const Event& e, std::string_view name) {
  const Value* v = e.Find(name);
  if (v == nullptr || v->is_null()) return {};
  return v->type() == ValueType::kString ? v->as_string() : v->ToText();
}

Alert AlertFor(const Ruleset& rules, int rule, const Event& e) {
  Alert a;
  a.info = rules.rules()[static_cast<size_t>(rule)].info;
  if (!rules.correlations().empty()) FeedsFor(rules.correlations(), a.info, e, a.feeds);
  a.time = e.time;
  a.computer = FieldText(e, "Computer");
  a.channel = FieldText(e, "Channel");
  a.event_id = FieldText(e, "EventID");
  a.table = e.table;
  a.source = e.provenance.source;
  a.record = e.provenance.offset;
  a.eid = e.provenance.eid;
  for (const char* name : kDetailFields) {
    if (a.details.size() >= kMaxDetails) break;
    std::string text = FieldText(e, name);
    if (text.empty()) continue;
    if (text.size() > kMaxDetailLength) {
      text = std::string(Utf8Prefix(text, kMaxDetailLength)) + "…";  // never half a character
    }
    a.details.emplace_back(name, std::move(text));
  }
  // Correlations judged at a window's end fire later, from the window's last alert: keep it.
  std::shared_ptr<const Alert> origin;
  for (auto& feed : a.feeds) {
    if (!rules.correlations()[static_cast<size_t>(feed.correlation)].JudgedAtWindowEnd()) continue;
    if (!origin) {
      Alert copy = a;
      copy.feeds.clear();
      origin = std::make_shared<const Alert>(std::move(copy));
    }
    feed.origin = origin;
  }
  return a;
}

}  // namespace

Engine::Engine(LoaderOptions options)
    : selection_key_(options.selection.Key()), loader_(std::move(options)) {}

void Engine::AddPath(const std::string& path) {
  loader_.AddPath(path);
}

void Engine::AddText(const std::string& name, const std::string& yaml) {
  loader_.AddText(name, yaml);
}

void Engine::Finish(const std::function<void(const Finding&)>& on_finding) {
  rules_ = loader_.Finish();
  if (!on_finding) return;
  for (const auto& r : loader_.results()) {
    if (r.loaded || !r.selected) continue;
    Finding f;
    f.severity = Severity::kWarning;
    f.code = "sigma.rule_not_loaded";
    f.message = r.reason;
    f.where.file = r.path;
    f.where.line = static_cast<uint64_t>(r.line > 0 ? r.line : 0);
    on_finding(f);
  }
}

size_t Engine::selected_count() const {
  size_t n = 0;
  for (size_t i = 0; i < rules_.infos().size(); ++i) n += !rules_.Suppressed(static_cast<int>(i));
  return n;
}

std::string Engine::digest() const {
  const std::string& key = selection_key_;
  if (key.empty()) return loader_.digest();  // the digest scans stored before selection had
  Sha256 h;
  h.Update(loader_.digest());
  h.Update("\nselection:");
  h.Update(key);
  return h.HexDigest();
}

void Engine::Match(Matcher& matcher, const Event& event, std::vector<Alert>& out) const {
  for (int rule : matcher.Match(event)) out.push_back(AlertFor(rules_, rule, event));
}

AlertStream::AlertStream(const Engine& engine, std::function<void(const Alert&)> on_alert,
                         Shown shown)
    : engine_(engine),
      on_alert_(std::move(on_alert)),
      shown_(shown),
      correlations_(engine.rules().correlations()) {}

void AlertStream::Out(const Alert& a) {
  if (!on_alert_) return;
  if (shown_ == kIncludeSuppressed || !engine_.rules().Suppressed(a.info)) on_alert_(a);
}

void AlertStream::Push(const Alert& alert) {
  Out(alert);
  FeedAll(alert, alert.feeds);
  FireClosed();
}

void AlertStream::Event(Matcher& matcher, const quarry::Event& event) {
  scratch_.clear();
  engine_.Match(matcher, event, scratch_);
  Push(scratch_);
}

void AlertStream::Finish() {
  correlations_.Finish();
  FireClosed();
}

void AlertStream::FeedAll(const Alert& a, const std::vector<CorrelationFeed>& feeds) {
  for (const auto& feed : feeds) {
    if (correlations_.Feed(feed)) Fire(a, feed.correlation, feed.key);
  }
}

// A correlation's alert: the alert of the event that completed it (or of a window's last event),
// with the correlation's rule and the group's values as its details. It feeds the correlations
// that refer to this one in turn.
void AlertStream::Fire(const Alert& base, int correlation, const std::string& key) {
  const auto& all = engine_.rules().correlations();
  const Correlation& c = all[static_cast<size_t>(correlation)];
  Alert fired = base;
  fired.info = c.info;
  fired.feeds.clear();
  fired.details = GroupValues(c, key);
  Out(fired);
  if (!fired.time) return;
  std::vector<CorrelationFeed> chained;
  FeedsForFiring(all, correlation, key, *fired.time, chained);
  if (chained.empty()) return;
  auto origin = std::make_shared<const Alert>(fired);
  for (auto& f : chained) f.origin = origin;
  FeedAll(fired, chained);
}

void AlertStream::FireClosed() {
  for (const auto& w : correlations_.TakeClosed()) {
    Fire(*static_cast<const Alert*>(w.origin.get()), w.correlation, w.key);
  }
}

}  // namespace quarry::sigma
