// libFuzzer target for the claim reader of quarry ir verify: any text is cut into sentences, its
// citations and terms read, and each sentence checked against fixed events, without a crash,
// a hang or a verdict outside the three. The same text is read as a chat transcript (quarry ir
// postmortem --transcript): every message kept has a name and the messages come in time order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ir/claim_check.h"
#include "ir/claims.h"
#include "ir/transcript.h"

namespace {

quarry::ir::TimelineEntry MakeEntry(int64_t eid, int64_t ticks, const char* table) {
  quarry::ir::TimelineEntry e;
  e.eid = eid;
  e.time = quarry::Timestamp{ticks};
  e.table = table;
  e.host = "WS01.corp.example";
  e.fields = {{"EventID", quarry::Value::Long(4688)},
              {"NewProcessName", quarry::Value::String("C:\\Windows\\System32\\cmd.exe")},
              {"IpAddress", quarry::Value::String("::ffff:10.0.0.5")},
              {"Tags", quarry::Value::String("[\"attack.t1059.003\"]")}};
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const quarry::ir::CaseVocabulary vocabulary = [] {
    quarry::ir::CaseVocabulary v;
    v.names = {"ws01", "alice", "cmd.exe", "updatersvc"};
    v.common_words = {"the", "process", "ran", "host", "user", "event", "events", "logon"};
    v.proper_words = {"march", "alice"};
    v.rule_titles = {"suspicious system user process creation", "credential dumping tools"};
    v.has_dictionary = true;
    return v;
  }();
  // A task update (4702) by a subject, with the account its task runs as and a start type.
  static const quarry::ir::TimelineEntry event = [] {
    quarry::ir::TimelineEntry e = MakeEntry(1000000001, 17734812000000000, "SecurityEvent");
    e.fields.push_back({"SubjectUserName", quarry::Value::String("alice")});
    e.fields.push_back({"TaskContentNew", quarry::Value::String("<Task><UserId>SYSTEM</UserId>"
                                                                "<KeyLength>128</KeyLength>")});
    e.fields.push_back({"StartType", quarry::Value::String("auto start")});
    e.fields.push_back({"KeyLength", quarry::Value::Long(0)});
    return e;
  }();
  static const quarry::ir::TimelineEntry alert = MakeEntry(2000000001, 17734812000000000, "Alerts");
  // A second cited event with the fields roles, labels, JSON members and sides are read from.
  static const quarry::ir::TimelineEntry sysmon = [] {
    quarry::ir::TimelineEntry e = MakeEntry(1000000002, 17734812120000000, "SysmonEvent");
    e.fields = {
        {"EventID", quarry::Value::Long(1)},
        {"Image", quarry::Value::String("C:\\Windows\\System32\\whoami.exe")},
        {"CommandLine", quarry::Value::String("whoami.exe /all -w hidden")},
        {"ParentImage", quarry::Value::String("C:\\Windows\\System32\\cmd.exe")},
        {"ParentCommandLine", quarry::Value::String("cmd.exe /c whoami.exe 2>&amp;1")},
        {"User", quarry::Value::String("CORP\\alice")},
        {"Hashes", quarry::Value::String("MD5=0123456789ABCDEF0123456789ABCDEF")},
        {"SourceIp", quarry::Value::String("10.0.0.5")},
        {"SourcePort", quarry::Value::String("49722")},
        {"DestinationIp", quarry::Value::String("10.0.0.9")},
        {"DestinationPort", quarry::Value::String("445")},
        {"Direction", quarry::Value::String("%%14592")},
        {"TargetImage", quarry::Value::String("C:\\Windows\\System32\\lsass.exe")},
        {"CreationUtcTime", quarry::Value::String("2026-03-10 08:00:00.000")},
        {"AuthenticationPackageName", quarry::Value::String("Kerberos")},
        {"AdditionalFields", quarry::Value::Dynamic(R"({"TO.DEVICE":"DC01","n":{"a":[1,2]}})")},
        {"Message", quarry::Value::String("Process Create:\r\nRuleName: -\r\nLogon ID: 0x3E7\r\n"
                                          "Package Name (NTLM only): -\r\n")}};
    return e;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const quarry::ir::Claim& claim : quarry::ir::SplitClaims(text)) {
    quarry::ir::ClaimTerms terms = quarry::ir::ExtractTerms(claim.body, vocabulary);
    quarry::ir::ClaimEvidence evidence;
    evidence.cited = {&event, &sysmon};
    evidence.linked = {&alert};
    auto result = quarry::ir::CheckClaim(claim, terms, evidence);
    if (result.verdict != quarry::ir::Verdict::kSupported &&
        result.verdict != quarry::ir::Verdict::kUnsupported &&
        result.verdict != quarry::ir::Verdict::kUncited)
      std::abort();
    if (claim.line < 1) std::abort();
  }
  quarry::ir::Transcript transcript = quarry::ir::ParseTranscript(text, int64_t{20526});
  for (size_t i = 0; i < transcript.messages.size(); ++i) {
    if (transcript.messages[i].name.empty() && transcript.shape == "lines") std::abort();
    if (i > 0 && transcript.messages[i].time < transcript.messages[i - 1].time) std::abort();
  }
  if (transcript.messages.empty() && transcript.problems.empty()) std::abort();
  return 0;
}
