// What reaches the assistant from outside: a model's answer (read strictly, then scrubbed and
// pseudonymized back and forth, and its query's literals checked for grounding) and a person's
// question (read by the built-in provider into a spec, linked to a small in-memory case and
// written as KQL), or a detection rule's description (read by the rule grammar). The first byte
// picks which: even a model's answer, 1 mod 4 a question, 3 mod 4 a description.
#include <cstddef>
#include <cstdint>
#include <string>

#include "assist/grounding.h"
#include "assist/llm_provider.h"
#include "assist/redact.h"
#include "core/strings.h"

namespace {

// A case with a few tables, values and words, so that the linker's every step runs.
class FakeCase final : public quarry::assist::CaseLookup {
 public:
  FakeCase() {
    few_ = {{"AWSCloudTrail", "EventName", {{"CreateUser", 3}, {"GetObject", 40}}},
            {"AWSCloudTrail", "ErrorCode", {{"AccessDenied", 2}}},
            {"SysmonEvent", "EventID", {{"7", 10}, {"13", 4}}}};
  }
  const std::vector<quarry::assist::ColumnValues>& FewValued() const override { return few_; }
  std::vector<quarry::assist::ValueHit> Find(std::string_view word) const override {
    std::string w = quarry::AsciiToLower(word);
    if (w.size() < 3) return {};
    std::vector<quarry::assist::ValueHit> hits;
    if (std::string("c:\\windows\\system32\\notepad.exe").find(w) != std::string::npos) {
      hits.push_back({"SysmonEvent", "Image", "C:\\Windows\\System32\\notepad.exe", 5});
    }
    if (std::string("pgustavo").find(w) != std::string::npos) {
      hits.push_back({"SecurityEvent", "TargetUserName", "", 2});
    }
    return hits;
  }
  int64_t Count(std::string_view, std::string_view condition) const override {
    return static_cast<int64_t>(condition.size() % 3);
  }

 private:
  std::vector<quarry::assist::ColumnValues> few_;
};

const quarry::kql::Catalog& FakeCatalog() {
  static const quarry::kql::Catalog catalog = [] {
    quarry::kql::Catalog c;
    using quarry::kql::Type;
    c.Add({"AWSCloudTrail",
           {{"TimeGenerated", Type::kDateTime},
            {"EventName", Type::kString},
            {"ErrorCode", Type::kString},
            {"SourceIpAddress", Type::kString},
            {"UserIdentityUserName", Type::kString},
            {"UserIdentityArn", Type::kString},
            {"UserIdentityType", Type::kString},
            {"RequestParameters", Type::kDynamic},
            {"ResponseElements", Type::kDynamic},
            {"AdditionalEventData", Type::kDynamic},
            {"ReadOnly", Type::kBool}}});
    c.Add({"SysmonEvent",
           {{"TimeGenerated", Type::kDateTime},
            {"EventID", Type::kLong},
            {"Image", Type::kString},
            {"ParentImage", Type::kString},
            {"CommandLine", Type::kString},
            {"OriginalFileName", Type::kString},
            {"TargetObject", Type::kString},
            {"TargetFilename", Type::kString},
            {"QueryName", Type::kString},
            {"SourceImage", Type::kString},
            {"TargetImage", Type::kString},
            {"DestinationIp", Type::kString},
            {"DestinationPort", Type::kLong},
            {"User", Type::kString},
            {"Computer", Type::kString}}});
    c.Add({"SecurityEvent",
           {{"TimeGenerated", Type::kDateTime},
            {"EventID", Type::kLong},
            {"TargetUserName", Type::kString},
            {"SubjectUserName", Type::kString},
            {"MemberName", Type::kString},
            {"NewProcessName", Type::kString},
            {"ParentProcessName", Type::kString},
            {"CommandLine", Type::kString},
            {"TaskName", Type::kString},
            {"TaskContent", Type::kString},
            {"LogonType", Type::kString},
            {"ServiceName", Type::kString},
            {"IpAddress", Type::kString}}});
    c.Add({"WindowsEvent",
           {{"TimeGenerated", Type::kDateTime},
            {"EventID", Type::kLong},
            {"Channel", Type::kString},
            {"ServiceName", Type::kString},
            {"ImagePath", Type::kString}}});
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    std::string query, explanation;
    quarry::assist::ParseModelAnswer(text, query, explanation);
    quarry::assist::Redacted redacted = quarry::assist::RedactSecrets(text);
    quarry::assist::Pseudonymizer p;
    p.Add(quarry::assist::Pseudonymizer::Kind::kUser, "alice");
    std::string sent = p.Apply(redacted.text);
    (void)p.Restore(sent);
    quarry::kql::ParseResult parsed = quarry::kql::Parse(query);
    quarry::assist::GroundingSources sources;
    sources.typed.push_back(explanation);
    for (const auto& literal : quarry::assist::FilterLiterals(parsed.script)) {
      (void)quarry::assist::IsGrounded(literal, sources);
    }
    return 0;
  }
  auto provider = quarry::assist::MakeBuiltinProvider();
  static FakeCase fake;
  quarry::assist::DraftRequest request;
  request.question = text;
  request.catalog = &FakeCatalog();
  request.lookup = &fake;
  request.detection = data[0] % 4 == 3;
  size_t split = text.find('\n');
  if (split != std::string::npos && !request.detection) {  // a refinement over an earlier question
    request.earlier_questions.push_back(text.substr(0, split));
    request.question = text.substr(split + 1);
  }
  (void)provider->Answer(request);
  return 0;
}
