// The claim reader and checks on small inputs: sentence cutting, citations, times with their
// zone and precision, counts, and a hunt's rows interpreted with every number checked.
#include <gtest/gtest.h>

#include "app/summarize_rows.h"
#include "core/time.h"
#include "ir/claim_check.h"
#include "ir/claims.h"

namespace quarry {
namespace {

TEST(SplitClaims, SentencesCitationsAndLines) {
  auto claims = ir::SplitClaims(
      "# Heading\n\n- First on WS01 [E:10, 11]. Second e.g. here [E:12-14].\n"
      "A wrapped sentence\ngoes on here [E:15].\nBad [E:1x] and none.\n```\nnot a claim.\n```\n");
  ASSERT_EQ(claims.size(), 4u);
  EXPECT_EQ(claims[0].line, 3);
  EXPECT_EQ(claims[0].citations.size(), 2u);
  EXPECT_EQ(claims[1].citations.size(), 3u);  // a range
  EXPECT_EQ(claims[1].line, 3);
  EXPECT_EQ(claims[2].body, "A wrapped sentence goes on here.");
  EXPECT_EQ(claims[3].citation_errors.size(), 1u);
}

TEST(SplitClaims, UnderscoresEmphasiseOnlyInPairsAtAWordsEdge) {
  auto claims = ir::SplitClaims(
      "It wrote C:\\Temp\\__SKIP_1E14 and __output [E:1]. This is __very__ clear [E:2].\n");
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].body, "It wrote C:\\Temp\\__SKIP_1E14 and __output.");
  EXPECT_EQ(claims[1].body, "This is very clear.");
}

TEST(SplitClaims, AChatLinesTimeAndSpeakerAreNoClaim) {
  auto claims = ir::SplitClaims(
      "- [04:08Z] bob: svc went running at 03:41:02Z [E:1]\n"
      "- [12:01] <alice> seeing 4625s [E:2]\n");
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].body, "svc went running at 03:41:02Z");
  EXPECT_EQ(claims[1].body, "seeing 4625s");
}

TEST(ExtractTerms, TimesCountsAndNames) {
  ir::CaseVocabulary v;
  auto t = ir::ExtractTerms(
      "Between 09:40 and 09:50 UTC on 14 March 2026, 12 failed logons came from 10.0.0.5 port "
      "445 as CORP\\alice, T1110.003",
      v);
  ASSERT_EQ(t.times.size(), 1u);
  EXPECT_EQ(t.times[0].relation, ir::TimeTerm::Relation::kRange);
  EXPECT_TRUE(t.times[0].has_date && t.times[0].zone_stated);
  ASSERT_EQ(t.counts.size(), 1u);
  EXPECT_EQ(t.counts[0].value, 12);
  ASSERT_EQ(t.techniques.size(), 1u);
  EXPECT_EQ(t.techniques[0], "T1110.003");
  int ips = 0, ports = 0, users = 0;
  for (const auto& e : t.entities) {
    ips += e.kind == ir::EntityKind::kIp && e.role == ir::EntityRole::kSource;
    ports += e.kind == ir::EntityKind::kPort;
    users += e.kind == ir::EntityKind::kUser;
  }
  EXPECT_EQ(ips, 1);
  EXPECT_EQ(ports, 1);
  EXPECT_EQ(users, 1);
}

TEST(SummarizeRows, EveryNumberAndNameIsFromTheRows) {
  app::Table table;
  table.columns = {"TargetUserName", "Failures"};
  table.rows = {{Value::String("alice"), Value::Long(3)}, {Value::String("bob"), Value::Long(7)}};
  app::RowsSummary s = app::SummarizeRows(table);
  ASSERT_EQ(s.removed.size(), 0u) << s.removed.front();
  ASSERT_GE(s.sentences.size(), 3u);
  EXPECT_EQ(s.sentences[0], "The query returned 2 rows.");
  EXPECT_NE(s.sentences[1].find("is 7, for TargetUserName `bob`"), std::string::npos);
}

TEST(CheckClaim, ANumberOrNameNotInTheRowsIsUnsupported) {
  ir::TimelineEntry row;
  row.eid = 1;
  row.table = "rows";
  row.fields = {{"TargetUserName", Value::String("alice")}, {"Failures", Value::Long(3)}};
  ir::ClaimEvidence evidence;
  evidence.rows = true;
  evidence.cited = {&row};
  ir::CaseVocabulary v;
  v.common_words = {"the", "largest", "failures", "is", "for", "targetusername"};
  for (const char* text : {"The largest Failures is 4, for TargetUserName `alice`.",
                           "The largest Failures is 3, for TargetUserName `mallory`."}) {
    ir::Claim claim;
    claim.text = claim.body = text;
    claim.line = 1;
    claim.citations.push_back({ir::CitationKind::kEvent, "rows", 0});
    auto result = ir::CheckClaim(claim, ir::ExtractTerms(claim.body, v), evidence);
    EXPECT_EQ(result.verdict, ir::Verdict::kUnsupported) << text;
  }
}

// Two events: a 4688 on WS03 whose new process runs as alice, started by svchost.exe under the
// machine account; a Sysmon 3 connection WS02 made to WS01 (logged by WS01, Initiated false)
// four seconds later.
struct RoleCase {
  const char* text;
  ir::Verdict want;
};

class RoleEvents {
 public:
  RoleEvents() {
    creation_.eid = 1;
    creation_.table = "SecurityEvent";
    creation_.host = "WS03.corp.example";
    creation_.time = *ParseIsoTime("2026-03-14T09:12:03Z");
    creation_.fields = {
        {"EventID", Value::String("4688")},
        {"SubjectUserName", Value::String("WS03$")},
        {"SubjectUserSid", Value::String("S-1-5-18")},
        {"TargetUserName", Value::String("alice")},
        {"TargetLogonId", Value::String("0x2b88b1")},
        {"NewProcessName", Value::String("C:\\Windows\\System32\\taskhostw.exe")},
        {"ParentProcessName", Value::String("C:\\Windows\\System32\\svchost.exe")},
        {"CommandLine", Value::String("taskhostw.exe 10.1.1.9")},
        {"Hashes", Value::String("SHA1=84D6F989C265677627306E01E5A2525E39B176B1")},
        {"ParentCommandLine", Value::String("svchost.exe -k netsvcs -p")},
        {"AuthenticationPackageName", Value::String("Kerberos")},
        {"Message", Value::String("A new process has been created.\r\n"
                                  "Creator Subject:\r\n\tLogon ID:\t0x3E7\r\n"
                                  "\tPackage Name (NTLM only):\t-\r\n")},
        {"AdditionalFields", Value::Dynamic(R"({"FROM.DEVICE":"WS03","TO.DEVICE":"DC01"})")}};
    connection_.eid = 2;
    connection_.table = "SysmonEvent";
    connection_.host = "WS01.corp.example";
    connection_.time = *ParseIsoTime("2026-03-14T09:12:07Z");
    connection_.fields = {{"EventID", Value::String("3")},
                          {"Image", Value::String("System")},
                          {"User", Value::String("NT AUTHORITY\\SYSTEM")},
                          {"Initiated", Value::String("false")},
                          {"SourceIp", Value::String("10.1.1.7")},
                          {"SourceHostname", Value::String("WS02")},
                          {"SourcePort", Value::String("55030")},
                          {"DestinationIp", Value::String("10.1.1.6")},
                          {"DestinationPort", Value::String("445")},
                          {"UtcTime", Value::String("2026-03-14 13:12:07.123")},
                          {"LogonType", Value::String("3")}};
    vocabulary_.users = {"alice", "ws03$"};
    vocabulary_.hosts = {"ws01", "ws02", "ws03", "dc01", "ws01.corp.example", "ws03.corp.example"};
    vocabulary_.names = {"alice", "ws03$", "ws01", "ws02", "ws03", "dc01"};
  }
  ir::ClaimResult Check(const char* text) const {
    ir::Claim claim;
    claim.text = claim.body = text;
    claim.line = 1;
    claim.citations.push_back({ir::CitationKind::kEvent, "E:1", 1});
    ir::ClaimEvidence evidence;
    evidence.cited = {&creation_, &connection_};
    return ir::CheckClaim(claim, ir::ExtractTerms(claim.body, vocabulary_), evidence);
  }

 private:
  ir::TimelineEntry creation_, connection_;
  ir::CaseVocabulary vocabulary_;
};

TEST(CheckClaim, NamesAreCheckedInTheRoleTheSentenceGivesThem) {
  using V = ir::Verdict;
  const RoleCase cases[] = {
      {"taskhostw.exe ran as alice.", V::kSupported},
      {"taskhostw.exe ran under the machine account WS03$.", V::kUnsupported},  // the creator
      {"The connection was accepted by System, running as NT AUTHORITY\\SYSTEM.", V::kSupported},
      {"The session was a logon of the LOCAL SYSTEM account.", V::kUnsupported},  // alice's
      {"The process was created by the LOCAL SYSTEM account.", V::kSupported},    // S-1-5-18
      {"System accepted a connection from 10.1.1.7 port 55030.", V::kSupported},
      {"System accepted a connection to 10.1.1.6 port 55030.", V::kUnsupported},  // the source's
      {"The sources logged two audit-trail events.", V::kSupported},
      {"The sources logged three audit-trail events.", V::kUnsupported},
      {"The sources logged three (0x3) audit-trail events.", V::kUnsupported},  // an aside
      {"The sources were logged over 10.1.1.6 twice.", V::kSupported},          // not "over twice"
      {"C:\\Windows\\System32\\taskhostw.exe and NT AUTHORITY\\SYSTEM both appear.", V::kSupported},
      {"The SHA1 of taskhostw.exe is 84D6F989C265677627306E01E5A2525E39B176B1.", V::kSupported},
      {"The MD5 of taskhostw.exe is 84D6F989C265677627306E01E5A2525E39B176B1.", V::kUnsupported},
      {"svchost.exe spawned taskhostw.exe.", V::kSupported},
      {"taskhostw.exe spawned svchost.exe.", V::kUnsupported},  // child and parent swapped
      {"taskhostw.exe, launched from svchost.exe, ran as alice.", V::kSupported},
      {"taskhostw.exe ran with /Mode=full.", V::kUnsupported},
      {"alice ran taskhostw.exe.", V::kSupported},
      {"WS03$ ran taskhostw.exe.", V::kUnsupported},
      {"WS03 ran taskhostw.exe at 09:12:03 UTC.", V::kUnsupported},  // one event is on WS01
      {"taskhostw.exe was started by svchost.exe.", V::kSupported},
      {"The new process was issued by svchost.exe.", V::kUnsupported},  // the parent, not it
      {"WS02 initiated the SMB connection to port 445.", V::kSupported},
      {"WS01 initiated the SMB connection to port 445.", V::kUnsupported},  // it received it
      {"taskhostw.exe ran on 10.1.1.9.", V::kUnsupported},  // only a command-line argument
      {"At 09:12:07 UTC the connection came from source port 55030.", V::kSupported},
      {"At 09:12:03 UTC the connection came from source port 55030.", V::kUnsupported},
      {"taskhostw.exe, under logon ID 0x2b88b1, started at 09:12:03 UTC.", V::kSupported},
      {"The creator's logon ID was 0x3E7.", V::kSupported},  // only the message renders it
      {"svchost.exe ran with -k netsvcs -p.", V::kSupported},
      {"svchost.exe ran with -k localservice -p.", V::kUnsupported},      // the switch's value
      {"taskhostw.exe was started with `-k netsvcs`.", V::kUnsupported},  // its parent's
      {"The process was created under a Kerberos logon.", V::kSupported},
      {"The process was created under an NTLM logon.", V::kUnsupported},  // a label's word
      {"WS03 initiated the replication.", V::kSupported},
      {"DC01 initiated the replication.", V::kUnsupported},       // TO.DEVICE
      {"taskhostw.exe started at 09:12:03 UTC.", V::kSupported},  // no object: no parent role
      {"The SMB connection came from port 55030.", V::kSupported},
      {"The SMB connection went to port 55030.", V::kUnsupported},  // its source port
      {"Its local clock (UTC-4) read 05:12:03 when taskhostw.exe started.", V::kSupported},
      {"Its local clock (UTC-4) read 06:12:03 when taskhostw.exe started.", V::kUnsupported},
      {"taskhostw.exe ran with the switch /k.", V::kUnsupported},  // "-k" is its parent's
      {"svchost.exe ran with the switches -k and -p.", V::kSupported},
      {"svchost.exe ran with the switches -k and -s.", V::kUnsupported},
      {"The new process was a child of svchost.exe.", V::kSupported},
      {"The new process was a child of taskhostw.exe.", V::kUnsupported},  // itself, no parent
      {"Sysmon 10.42 logged the connection to port 445.", V::kSupported},  // a version
      {"On 14 March 2026 between 09:12:03 and 09:12:07 UTC both were logged.", V::kSupported},
      {"On 14 March 2026 between 09:12:04 and 09:12:07 UTC both were logged.", V::kUnsupported},
      {"The connection's UtcTime field reads 13:12:07.123.", V::kSupported},
      {"The connection's UtcTime field reads 13:12:08.123.", V::kUnsupported},
      {"The connection came in over a network logon.", V::kSupported},
      {"The connection came in over a logon (type 3).", V::kSupported},
      {"The connection came in over an interactive logon.", V::kUnsupported},
      {"The loopback was not involved in the connection to port 445.", V::kSupported},
      {"The connection's `DestinationPort` is 445.", V::kSupported},
      {"The connection's `DestinationPort` 55030 was open.", V::kUnsupported},  // its source's
      {"Its `Initiated` `false` marks the receiving side.", V::kSupported},
      {"SourcePort 55030 to port 445.", V::kSupported},
      {"SourcePort 445 to port 445.", V::kUnsupported},
      {"The connection to port 445 came in session 2.", V::kSupported},  // a label's number
      {"Both were logged, the creation at 09:12:03 UTC and the connection at 09:12:07 UTC.",
       V::kSupported},
      {"It was logged once on WS03 and once on WS01.", V::kSupported},
      {"On 14 March at 09:12:03 UTC taskhostw.exe started.", V::kSupported},  // no year
      {"On 15 March at 09:12:03 UTC taskhostw.exe started.", V::kUnsupported},
      {"The connection came in over an interactive (type 2) logon.", V::kUnsupported},
      {"In New York that was 05:12:07 EDT (UTC-04:00).", V::kSupported},  // not 04:00
      {"Two 4688s were logged.", V::kUnsupported},                        // one 4688 among the two
      {"One 4688 and one Sysmon 3 were logged.", V::kSupported},
  };
  RoleEvents events;
  for (const RoleCase& c : cases) {
    ir::ClaimResult result = events.Check(c.text);
    std::string problems;
    for (const std::string& p : result.problems) problems += "\n  " + p;
    EXPECT_EQ(result.verdict, c.want) << c.text << problems;
  }
}

// A cloud API call: its parameters are JSON, its source range a CIDR, its client a user agent.
TEST(CheckClaim, CloudCallsKeepTheirParametersRangesAndAgents) {
  ir::TimelineEntry call;
  call.eid = 1;
  call.table = "AWSCloudTrail";
  call.time = *ParseIsoTime("2026-03-14T09:12:03Z");
  call.fields = {
      {"EventName", Value::String("AuthorizeSecurityGroupIngress")},
      {"SourceIpAddress", Value::String("198.51.100.7")},
      {"UserAgent", Value::String("aws-cli/2.15.30 Python/3.11.8")},
      {"RequestParameters",
       Value::Dynamic(
           R"({"cidrIp":"203.0.113.0/24","fromPort":22,"durationSeconds":900,"target":"i-0abc123def","add":{"items":[{"userId":"098797384747"}]}})")}};
  ir::CaseVocabulary vocabulary;
  ir::LoadDictionary(vocabulary);
  auto check = [&](const char* text) {
    ir::Claim claim;
    claim.text = claim.body = text;
    claim.line = 1;
    claim.citations.push_back({ir::CitationKind::kEvent, "E:1", 1});
    ir::ClaimEvidence evidence;
    evidence.cited = {&call};
    return ir::CheckClaim(claim, ir::ExtractTerms(claim.body, vocabulary), evidence).verdict;
  };
  using V = ir::Verdict;
  EXPECT_EQ(check("The new rule admits port 22 from 203.0.113.0/24."), V::kSupported);
  EXPECT_EQ(check("The call came from 203.0.113.0."),
            V::kUnsupported);  // the range, not its source
  EXPECT_EQ(check("The call asked for durationSeconds 900."), V::kSupported);
  EXPECT_EQ(check("The call asked for maxResults 900."), V::kUnsupported);
  EXPECT_EQ(check("It was made with aws-cli/2.15.30."), V::kSupported);
  EXPECT_EQ(check("It was made with aws-cli/2.16.0."), V::kUnsupported);
  EXPECT_EQ(check("i-0abc123def opened a session."), V::kSupported);  // no process to be
  EXPECT_EQ(check("The session was asked for `\"durationSeconds\": 900`."), V::kSupported);
  EXPECT_EQ(check("The session was asked for `\"durationSeconds\": 3600`."), V::kUnsupported);
  EXPECT_EQ(check("It was shared with the AWS account 098797384747."), V::kSupported);
  EXPECT_EQ(check("It was shared with the AWS account 098797384748."), V::kUnsupported);
}

TEST(SplitClaims, AccountAndHostCellsOfATableAreNames) {
  auto claims = ir::SplitClaims(
      "| time | host | account | what | events |\n|---|---|---|---|---|\n"
      "| 19:15 UTC | IE10Win7 | Administrator | a stager ran | [E:1] |\n"
      "| 19:16 UTC | IE10Win7 | n/a | more of it | [E:2] |\n");
  ASSERT_EQ(claims.size(), 3u);  // the header is a claim without citations
  EXPECT_NE(claims[1].body.find("`Administrator`"), std::string::npos) << claims[1].body;
  EXPECT_NE(claims[1].body.find("`IE10Win7`"), std::string::npos) << claims[1].body;
  EXPECT_EQ(claims[1].body.find("`a stager ran`"), std::string::npos) << claims[1].body;
  EXPECT_EQ(claims[2].body.find("`n/a`"), std::string::npos) << claims[2].body;
}

TEST(SplitClaims, ACommentsOwnTimeAndAuthorAreNoClaim) {
  auto claims = ir::SplitClaims(
      "- 2021-12-20 08:12 (Camille Roux): The log was cleared at 14:48 UTC [E:1].\n"
      "- 2021-12-19 16:48 (CEST): the log was cleared [E:1].\n"
      "- 2021-12-19 16:48 (local time): the log was cleared [E:1].\n");
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims[0].body.find("08:12"), std::string::npos) << claims[0].body;
  EXPECT_EQ(claims[0].body.find("Roux"), std::string::npos) << claims[0].body;
  EXPECT_NE(claims[0].body.find("14:48"), std::string::npos) << claims[0].body;
  EXPECT_NE(claims[1].body.find("16:48"), std::string::npos) << claims[1].body;
  EXPECT_NE(claims[2].body.find("16:48"), std::string::npos) << claims[2].body;
}

TEST(CheckClaim, GroupsDomainAccountsAndTheCountedPartOfTheCitations) {
  ir::CaseVocabulary vocabulary;
  ir::LoadDictionary(vocabulary);
  auto event = [](int64_t eid, const char* time, std::vector<std::pair<std::string, Value>> f) {
    ir::TimelineEntry e;
    e.eid = eid;
    e.table = "SecurityEvent";
    e.host = "jump01";
    e.time = *ParseIsoTime(time);
    e.fields = std::move(f);
    return e;
  };
  std::vector<ir::TimelineEntry> events = {
      event(1, "2020-07-12T05:14:44Z",
            {{"EventID", Value::Long(4732)},
             {"TargetUserName", Value::String("Backup Operators")},
             {"MemberSid", Value::String("S-1-5-21-1-2-3-1001")}}),
      event(
          2, "2020-07-12T05:15:00Z",
          {{"EventID", Value::Long(800)},
           {"Data", Value::String("Set-Item x\n\tUserId=OFFSEC\\admmig\n\tHostName=ConsoleHost")}}),
      event(3, "2020-07-12T05:16:00.100Z",
            {{"EventID", Value::Long(5447)},
             {"ChangeType", Value::String("%%16384")},
             {"FilterId", Value::Long(72415)}}),
      event(4, "2020-07-12T05:16:00.200Z",
            {{"EventID", Value::Long(5447)}, {"ChangeType", Value::String("%%16385")}}),
      event(5, "2020-07-12T05:16:00.300Z", {{"EventID", Value::Long(4688)}}),
      event(6, "2020-07-12T05:16:05.100Z",
            {{"EventID", Value::Long(5447)}, {"ChangeType", Value::String("%%16384")}})};
  auto check = [&](const char* text, std::vector<int> cited) {
    ir::Claim claim;
    claim.text = claim.body = text;
    claim.line = 1;
    ir::ClaimEvidence evidence;
    for (int n : cited) {
      claim.citations.push_back({ir::CitationKind::kEvent, "E:" + std::to_string(n), n});
      evidence.cited.push_back(&events[static_cast<size_t>(n - 1)]);
    }
    return ir::CheckClaim(claim, ir::ExtractTerms(claim.body, vocabulary), evidence).verdict;
  };
  using V = ir::Verdict;
  EXPECT_EQ(check("The SID was added to Backup Operators on jump01.", {1}), V::kSupported);
  EXPECT_EQ(check("The SID was added to Remote Desktop Users on jump01.", {1}), V::kUnsupported);
  EXPECT_EQ(check("Then admmig ran Set-Item in a console.", {2}), V::kSupported);
  EXPECT_EQ(check("Then admhelp ran Set-Item in a console.", {2}), V::kUnsupported);
  EXPECT_EQ(check("Three event 5447 records were written.", {3, 4, 5, 6}), V::kSupported);
  EXPECT_EQ(check("Two event 5447 records were written.", {3, 4, 5, 6}), V::kUnsupported);
  EXPECT_EQ(check("Two records with ChangeType %%16384 were written.", {3, 4, 6}), V::kSupported);
  EXPECT_EQ(check("One filter has filter ID 72415.", {3}), V::kSupported);
  EXPECT_EQ(check("Two of them arrived at 05:16:00 UTC.", {3, 4, 6}), V::kSupported);
  EXPECT_EQ(check("Four of them arrived at 05:16:00 UTC.", {3, 4, 6}), V::kUnsupported);
  EXPECT_EQ(check("Filters changed twice, five seconds apart.", {3, 4, 6}), V::kSupported);
  EXPECT_EQ(check("Filters changed four times, five seconds apart.", {3, 4, 6}), V::kUnsupported);
  EXPECT_EQ(check("Its record, SID ending -500, was written.", {3}), V::kSupported);
  EXPECT_EQ(check("One filter has filter ID 72161.", {3}), V::kUnsupported);
  EXPECT_EQ(check("The last filter changed 5 seconds after the first.", {3, 6}), V::kSupported);
  EXPECT_EQ(check("The last filter changed 9 seconds after the first.", {3, 6}), V::kUnsupported);
  EXPECT_EQ(check("The last filter changed under 6 seconds after the first.", {3, 6}),
            V::kSupported);
  EXPECT_EQ(check("The same filter changed as before.", {3, 6}), V::kSupported);  // no span
  EXPECT_EQ(check("The last filter changed ~4 seconds after the first.", {3, 6}), V::kSupported);
  EXPECT_EQ(check("It wrote two \"5447\" copies.", {3, 4, 6}), V::kSupported);
  EXPECT_EQ(check("Three \"Filter Change\" (high) fired.", {3, 4}), V::kUnsupported);
  EXPECT_EQ(check("The SID, a member of Domain Admins, was added to Backup Operators.", {1}),
            V::kSupported);
  EXPECT_EQ(check("Two records changed on the first burst and the second one.", {3, 4, 6}),
            V::kSupported);
  EXPECT_EQ(check("One record came first and the second two.", {3, 4, 6}), V::kSupported);
  // A minus sign in an offset, and a conversion in brackets, leave the sentence's zone UTC.
  EXPECT_EQ(check("At 05:16:00.100 UTC (01:16:00.100 EDT, UTC\u221204:00) a filter changed, and "
                  "another at 05:16:05.100.",
                  {3, 6}),
            V::kSupported);
  EXPECT_EQ(check("A filter (72415) changes at 05:16:00.100 UTC.", {3}),
            V::kSupported);  // no count
  // A span opening a sentence runs from something an earlier sentence said.
  EXPECT_EQ(check("Nine seconds later a filter changed twice.", {3, 6}), V::kSupported);
  EXPECT_EQ(check("They came in two bursts, one from 05:16:00.100 to 05:16:00.200 UTC and one "
                  "from 05:16:05.100 to 05:16:05.100 UTC.",
                  {3, 4, 6}),
            V::kSupported);
  EXPECT_EQ(check("They came in two bursts, one from 05:16:00.100 to 05:16:00.200 UTC and one "
                  "from 06:16:05.100 to 06:16:05.100 UTC.",
                  {3, 4, 6}),
            V::kUnsupported);
}

}  // namespace
}  // namespace quarry
