// The MCP server in process: messages parsed as the data file says, arguments checked against
// their declarations, paths kept inside the allowed folders, results redacted and fenced, writes
// left pending until a person approves, stateless requests, and an audit line per call.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "app/ingest_job.h"
#include "app/journal.h"
#include "app/pending.h"
#include "core/json.h"
#include "mcp/args.h"
#include "mcp/jsonrpc.h"
#include "mcp/server.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

TEST(JsonRpc, MessagesParseAsTheCasesSay) {
  std::ifstream in(SourceDir() / "tests" / "mcp" / "jsonrpc_cases.jsonl");
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    simdjson::dom::parser parser;
    simdjson::dom::element c = parser.parse(line).value();
    std::string name(c["name"].get_string().value());
    std::string text(c["in"].get_string().value());
    mcp::ParsedMessage p = mcp::ParseMessage(text);
    EXPECT_EQ(p.ok, c["ok"].get_bool().value()) << name << ": " << p.error;
    if (p.ok) {
      std::string kind(c["kind"].get_string().value());
      const char* got = p.message.kind == mcp::Message::Kind::kRequest        ? "request"
                        : p.message.kind == mcp::Message::Kind::kNotification ? "notification"
                                                                              : "response";
      EXPECT_EQ(got, kind) << name;
      EXPECT_EQ(p.message.id, std::string(c["id"].get_string().value())) << name;
    } else {
      EXPECT_EQ(p.error_code, c["code"].get_int64().value()) << name;
      EXPECT_EQ(p.error_id, std::string(c["id"].get_string().value())) << name;
      EXPECT_FALSE(p.error.empty()) << name;
    }
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST(JsonRpc, OversizedMessagesAreRefusedUnread) {
  std::string big(mcp::kMaxMessageBytes + 1, ' ');
  mcp::ParsedMessage p = mcp::ParseMessage(big);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error_code, mcp::kInvalidRequest);
}

TEST(ToolArgs, AreCheckedAgainstTheirDeclaration) {
  std::vector<mcp::ArgSpec> specs = {{"query", mcp::ArgType::kString, "q", true},
                                     {"max_rows", mcp::ArgType::kInteger, "n"},
                                     {"flag", mcp::ArgType::kBoolean, "b"},
                                     {"paths", mcp::ArgType::kStrings, "p"}};
  specs[0].max_length = 10;
  specs[1].min = 1;
  specs[1].max = 100;
  auto ok = mcp::ParseArgs(specs, R"({"query":"T","max_rows":5.0,"flag":true,"paths":["a"]})");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->Int("max_rows", 0), 5);
  EXPECT_EQ(ok->Strings("paths").size(), 1u);
  struct Bad {
    const char* json;
    const char* says;
  };
  for (const Bad& bad : std::vector<Bad>{{R"({})", "'query' is required"},
                                         {R"({"query":5})", "'query': must be a string"},
                                         {R"({"query":"12345678901"})", "at most 10"},
                                         {R"({"query":"T","max_rows":500})", "outside 1..100"},
                                         {R"({"query":"T","max_rows":"5"})", "an integer"},
                                         {R"({"query":"T","max_rows":2.5})", "an integer"},
                                         {R"({"query":"T","flag":"yes"})", "true or false"},
                                         {R"({"query":"T","paths":"a"})", "array of strings"},
                                         {R"({"query":"T","paths":[1]})", "must be a string"},
                                         {R"({"query":"T","other":1})", "unknown argument 'other'"},
                                         {R"([1])", "a JSON object"}}) {
    auto r = mcp::ParseArgs(specs, bad.json);
    ASSERT_FALSE(r.ok()) << bad.json;
    EXPECT_NE(r.status().message().find(bad.says), std::string::npos)
        << bad.json << ": " << r.status().message();
  }
  std::string schema = mcp::InputSchema(specs);
  EXPECT_NE(schema.find(R"("required":["query"])"), std::string::npos) << schema;
  EXPECT_NE(schema.find(R"("additionalProperties":false)"), std::string::npos) << schema;
}

class McpServer : public ::testing::Test {
 protected:
  void SetUp() override {
    case_dir_ = TempDir("mcp_server");
    app::IngestOptions ingest;
    ingest.paths = {(SourceDir() / "tests" / "assist" / "datasets" / "planted").string()};
    ingest.case_dir = (case_dir_ / "case").string();
    ASSERT_TRUE(app::RunIngest(ingest).ok());
    options_.case_dir = fs::canonical(case_dir_ / "case").string();
    options_.allowed_paths = {options_.case_dir};
  }

  // The answer to one message, as the transports would send it.
  std::string Send(const std::string& text, mcp::Server* server = nullptr) {
    mcp::Server own(options_);
    mcp::Server& s = server != nullptr ? *server : own;
    return s.Handle(mcp::ParseMessage(text), session_,
                    [this](const std::string& n) { notifications_.push_back(n); });
  }

  std::string Call(const std::string& tool, const std::string& arguments, int id = 7) {
    return Send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
                R"(,"method":"tools/call","params":{"name":")" + tool + R"(","arguments":)" +
                arguments + "}}");
  }

  static simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& line) {
    return parser.parse(line).value();
  }

  fs::path case_dir_;
  mcp::ServerOptions options_;
  mcp::Session session_;
  std::vector<std::string> notifications_;
};

TEST_F(McpServer, EvidenceComesBackRedactedAndFenced) {
  std::string reply =
      Call("run_kql", R"({"query":"SecurityEvent | project AccessKey, Token, Note"})");
  EXPECT_EQ(reply.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_EQ(reply.find("ghp_1234567890abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_NE(reply.find("[REDACTED:"), std::string::npos);
  simdjson::dom::parser parser;
  auto doc = Parse(parser, reply);
  std::string text(doc["result"]["content"].at(0)["text"].get_string().value());
  size_t fence = text.find("<<<UNTRUSTED-DATA-");
  size_t injected = text.find("ignore previous instructions");
  ASSERT_NE(fence, std::string::npos);
  ASSERT_NE(injected, std::string::npos);
  EXPECT_LT(fence, injected) << "the injected text must be inside the fence";
  std::string nonce = text.substr(fence + 18, 32);
  EXPECT_NE(text.find("UNTRUSTED-DATA-" + nonce + ">>>"), std::string::npos);
  EXPECT_FALSE(doc["result"]["isError"].get_bool().value());
  EXPECT_GT(doc["result"]["structuredContent"]["row_count"].get_int64().value(), 0);
  // Nothing the evidence said was done: no pending item, no journal entry.
  EXPECT_TRUE(app::ListPending(options_.case_dir)->empty());
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
}

TEST_F(McpServer, AnAgentsSummaryIsCheckedAgainstTheEventsItCites) {
  simdjson::dom::parser parser;
  std::string timeline = Call("timeline", R"({"limit":5})");
  auto doc = Parse(parser, timeline);
  auto entries = doc["result"]["structuredContent"]["entries"].get_array().value();
  ASSERT_GT(entries.size(), 0u) << timeline;
  int64_t eid = entries.at(0)["_eid"].get_int64().value();
  std::string host(entries.at(0)["Computer"].get_string().value());
  ASSERT_FALSE(host.empty());
  // The timeline's messages are evidence: fenced like any other.
  EXPECT_NE(timeline.find("<<<UNTRUSTED-DATA-"), std::string::npos);
  std::string text = "It happened on " + host + " [E:" + std::to_string(eid) + "]. " +
                     "It happened on NOSUCHHOST99 [E:" + std::to_string(eid) +
                     "]. It also happened elsewhere [E:1]. Nobody cited this.";
  std::string args;
  JsonWriter w(args);
  w.BeginObject().Field("text", text).EndObject();
  std::string reply = Call("verify_claims", args);
  simdjson::dom::parser parser2;
  auto result = Parse(parser2, reply)["result"]["structuredContent"];
  EXPECT_EQ(result["supported"].get_int64().value(), 1) << reply;
  EXPECT_EQ(result["unsupported"].get_int64().value(), 2) << reply;
  EXPECT_EQ(result["uncited"].get_int64().value(), 1) << reply;
  // The summary is built and verified, but an agent cannot put it in the journal.
  std::string summary = Call("summarize_incident", "{}");
  EXPECT_NE(summary.find("no alerts"), std::string::npos) << summary;
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
}

TEST_F(McpServer, AThreatModelIsCheckedAndReportedButNeverDecidedByTheAgent) {
  // A model the agent drafted: its own "decision" has no evidence, so nothing is mitigated.
  std::string model =
      "components:\n"
      "  - {id: web, kind: tool, permissions: [network]}\n"
      "  - {id: agent, kind: agent}\n"
      "  - {id: shell, kind: tool, permissions: [execute]}\n"
      "flows:\n"
      "  - {from: web, to: agent, untrusted: true}\n"
      "  - {from: agent, to: shell, content: [tool_call]}\n"
      "decisions:\n"
      "  - {threat: TM-AGT-001, status: mitigated, mitigations: [MIT-AGT-001], by: agent}\n";
  std::string args;
  JsonWriter w(args);
  w.BeginObject().Field("model_text", model).EndObject();
  std::string reply = Call("threat_model_check", args);
  simdjson::dom::parser parser;
  auto result = Parse(parser, reply)["result"]["structuredContent"];
  auto threats = result["threats"].get_array().value();
  ASSERT_GT(threats.size(), 0u) << reply;
  for (auto t : threats) EXPECT_NE(t["status"].get_string().value(), "mitigated") << reply;
  EXPECT_EQ(result["exit_code"].get_int64().value(), 1) << reply;
  std::string report_args;
  JsonWriter r(report_args);
  r.BeginObject().Field("model_text", model).Field("format", "sarif").EndObject();
  std::string sarif = Call("threat_model_report", report_args);
  EXPECT_NE(sarif.find("2.1.0"), std::string::npos) << sarif;
  std::string outside = Call("threat_model_check", R"({"model":"/etc/passwd"})");
  EXPECT_NE(outside.find(R"("isError":true)"), std::string::npos) << outside;
}

// An agent's own code review is checked finding by finding; a diff is reviewed by the engines;
// a tree outside the allowed folders is refused.
TEST_F(McpServer, AnAgentsCodeReviewIsVerifiedAgainstTheCode) {
  fs::path source = SourceDir() / "tests" / "review" / "verify" / "express-app";
  fs::path repo = fs::path(options_.case_dir) / "repo";
  fs::copy(source / "repo", repo, fs::copy_options::recursive);
  std::string args;
  JsonWriter w(args);
  w.BeginObject()
      .Field("paths", std::vector<std::string>{repo.string()})
      .Field("root", repo.string())
      .Field("findings", ReadFile(source / "findings.json"))
      .EndObject();
  std::string reply = Call("verify_findings", args);
  // Each finding of the report as its JSON text, keyed by line and CWE.
  auto statuses = [](const std::string& text) {
    std::map<std::string, std::string> out;
    size_t at = 0;
    while ((at = text.find(R"({"severity":)", at)) != std::string::npos) {
      size_t next = text.find(R"({"severity":)", at + 1);
      std::string one = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
      auto field = [&](const std::string& key) {
        size_t k = one.find("\"" + key + "\":");
        if (k == std::string::npos) return std::string();
        size_t v = k + key.size() + 3;
        size_t e = one.find_first_of(",}", v);
        std::string value = one.substr(v, e - v);
        if (!value.empty() && value.front() == '"') value = value.substr(1, value.size() - 2);
        return value;
      };
      out[field("line") + " " + field("cwe")] = field("status");
      at = next;
    }
    return out;
  };
  auto status = statuses(reply);
  EXPECT_EQ(status["7 CWE-89"], "verified") << reply;
  EXPECT_EQ(status["42 CWE-79"], "rejected") << reply;
  EXPECT_EQ(status["12 CWE-89"], "rejected") << reply;
  EXPECT_EQ(status["7 CWE-79"], "rejected") << reply;
  EXPECT_EQ(status["6 CWE-862"], "needs_human") << reply;
  // A diff against the tree: the engines' findings, each with the interface's fields.
  std::string diff =
      "--- a/routes/accounts.js\n+++ b/routes/accounts.js\n@@ -6,3 +6,3 @@\n"
      " router.delete('/:id', async (req, res) => {\n"
      "-  await db.query('DELETE FROM accounts WHERE id = $1', [req.params.id]);\n"
      "+  await db.query('DELETE FROM accounts WHERE id = ' + req.params.id);\n"
      "   res.sendStatus(204);\n";
  std::string review_args;
  JsonWriter r(review_args);
  r.BeginObject().Field("diff", diff).Field("root", repo.string()).EndObject();
  std::string reviewed = Call("review_diff", review_args);
  EXPECT_FALSE(statuses(reviewed)["7 CWE-89"].empty()) << reviewed;
  std::string outside = Call("review_diff", R"({"diff":"x","root":"/etc"})");
  EXPECT_NE(outside.find(R"("isError":true)"), std::string::npos) << outside;
  // A diff that names a file outside its tree is not read.
  std::string climbing;
  JsonWriter c(climbing);
  c.BeginObject()
      .Field("diff",
             std::string("--- a/../../../../etc/passwd.py\n+++ b/../../../../etc/passwd.py\n"
                         "@@ -1 +1 @@\n-a\n+b\n"))
      .Field("root", repo.string())
      .EndObject();
  std::string refused = Call("review_diff", climbing);
  EXPECT_NE(refused.find("review.diff_path"), std::string::npos) << refused;
  EXPECT_EQ(refused.find("root:x:0"), std::string::npos) << refused;
}

TEST_F(McpServer, ShowSecretsKeepsThemForThePersonWhoAskedForIt) {
  options_.show_secrets = true;
  std::string reply = Call("run_kql", R"({"query":"SecurityEvent | project AccessKey | take 1"})");
  EXPECT_NE(reply.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

TEST_F(McpServer, PathsOutsideTheAllowedFoldersAreRefused) {
  fs::create_directories(case_dir_ / "case" / "rules");
  WriteFile(case_dir_ / "case" / "rules" / "r.yml", "title: x\n");
  fs::create_directory_symlink("/etc", case_dir_ / "case" / "rules" / "out");
  fs::create_directories(case_dir_ / "case_sibling");  // shares the case folder's name as a prefix
  EXPECT_TRUE(mcp::AllowedPath(options_, options_.case_dir + "/rules/r.yml").ok());
  for (const std::string& p :
       {std::string("/etc"), options_.case_dir + "/rules/../../..",
        options_.case_dir + "/rules/out", options_.case_dir + "/rules/out/passwd",
        options_.case_dir + "_sibling", std::string("")}) {
    auto r = mcp::AllowedPath(options_, p);
    EXPECT_FALSE(r.ok()) << p << " was allowed as " << (r.ok() ? *r : "");
  }
  std::string reply = Call("rules_check", R"({"rules":["/etc/passwd"]})");
  EXPECT_NE(reply.find("outside the folders this server may read"), std::string::npos) << reply;
  EXPECT_NE(reply.find(R"("isError":true)"), std::string::npos);
  // What exists outside is not told apart from what does not: both are simply outside.
  auto missing = mcp::AllowedPath(options_, "/etc/no-such-file-here");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("outside"), std::string::npos)
      << missing.status().message();
  auto missing_inside = mcp::AllowedPath(options_, options_.case_dir + "/no-such-file");
  ASSERT_FALSE(missing_inside.ok());
  EXPECT_NE(missing_inside.status().message().find("does not exist"), std::string::npos);
}

TEST_F(McpServer, ARecordedHuntWaitsForAPerson) {
  std::string bad =
      Call("record_hunt", R"({"question":"q","query":"SecurityEvent | where Nope == 1"})");
  EXPECT_NE(bad.find(R"("isError":true)"), std::string::npos) << bad;
  EXPECT_TRUE(app::ListPending(options_.case_dir)->empty());

  std::string reply = Call(
      "record_hunt",
      R"({"question":"failed logons","query":"SecurityEvent | where EventID == 4625 | summarize count() by IpAddress"})");
  simdjson::dom::parser parser;
  auto doc = Parse(parser, reply);
  uint64_t id = doc["result"]["structuredContent"]["pending_id"].get_uint64().value();
  EXPECT_EQ(std::string(doc["result"]["structuredContent"]["state"].get_string().value()),
            "pending");
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty()) << "nothing is written yet";

  assist::Approval approval;
  approval.author = "alice";
  approval.how = "test";
  auto done = app::ApprovePendingHunt(options_.case_dir, id, approval);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->entry.author, "alice");
  EXPECT_GT(done->rows.rows.size(), 0u);
  auto item = app::GetPending(options_.case_dir, id);
  EXPECT_EQ(item->state, "approved");
  EXPECT_EQ(item->decided_by, "alice");
  EXPECT_FALSE(app::ApprovePendingHunt(options_.case_dir, id, approval).ok()) << "only once";
  EXPECT_TRUE(app::VerifyJournal(options_.case_dir, "")->intact);
}

TEST_F(McpServer, ASavedRuleWaitsForAPersonAndIsCheckedAgain) {
  const std::string rule =
      "title: Failed logon\\nid: 5f3b1a2e-0000-4000-8000-000000000001\\nstatus: test\\n"
      "logsource:\\n  product: windows\\n  service: security\\n"
      "detection:\\n  selection:\\n    EventID: 4625\\n  condition: selection\\nlevel: low\\n";
  std::string reply =
      Call("save_rule", R"({"name":"failed_logon","rule":")" + rule + R"(","description":"d"})");
  simdjson::dom::parser parser;
  auto doc = Parse(parser, reply);
  ASSERT_FALSE(doc["result"]["isError"].get_bool().value()) << reply;
  uint64_t id = doc["result"]["structuredContent"]["pending_id"].get_uint64().value();
  EXPECT_FALSE(fs::exists(case_dir_ / "out"));
  assist::Approval approval;
  approval.author = "bob";
  std::string path;
  auto entry =
      app::ApprovePendingRule(options_.case_dir, id, (case_dir_ / "out").string(), approval, path);
  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_EQ(entry->kind, "rule");
  EXPECT_EQ(entry->author, "bob");
  EXPECT_TRUE(fs::exists(case_dir_ / "out" / "failed_logon.yml"));

  std::string bad_name = Call("save_rule", R"({"name":"../x","rule":"title: x"})");
  EXPECT_NE(bad_name.find(R"("isError":true)"), std::string::npos);
  std::string broken = Call("save_rule", R"({"name":"x","rule":"title: [unclosed"})");
  EXPECT_NE(broken.find(R"("isError":true)"), std::string::npos) << broken;
  EXPECT_EQ(app::ListPending(options_.case_dir)->size(), 1u);
}

TEST_F(McpServer, ARejectedItemIsNeverApproved) {
  app::PendingItem pending;
  pending.kind = "hunt";
  pending.title = "t";
  pending.query = "SecurityEvent | take 1";
  auto item = app::AddPending(options_.case_dir, pending);
  ASSERT_TRUE(item.ok());
  ASSERT_TRUE(app::RejectPending(options_.case_dir, item->id, "carol", "not needed").ok());
  assist::Approval approval;
  approval.author = "alice";
  auto r = app::ApprovePendingHunt(options_.case_dir, item->id, approval);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("already rejected"), std::string::npos);
}

TEST_F(McpServer, BadRequestsGetErrorsAndTheServerGoesOn) {
  mcp::Server server(options_);
  auto code_of = [&](const std::string& text) {
    simdjson::dom::parser parser;
    std::string reply = Send(text, &server);
    auto doc = parser.parse(reply).value();
    int64_t code = 0;
    if (doc["error"]["code"].get_int64().get(code) != simdjson::SUCCESS) return int64_t{0};
    return code;
  };
  EXPECT_EQ(code_of("{not json"), mcp::kParseError);
  EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":1,"method":"no/such"})"), mcp::kMethodNotFound);
  EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nope"}})"),
            mcp::kInvalidParams);
  EXPECT_EQ(
      code_of(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loud"}})"),
      mcp::kInvalidParams);
  EXPECT_EQ(
      code_of(
          R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"quarry://nope"}})"),
      mcp::kResourceNotFound);
  EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"hunt"}})"),
            mcp::kInvalidParams);
  // A wrong argument is the tool's error (the model can correct it), not the protocol's.
  std::string reply = Call("run_kql", R"({"query":["a"]})");
  EXPECT_NE(reply.find(R"("isError":true)"), std::string::npos);
  EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":2,"method":"ping"})"), 0);
}

TEST_F(McpServer, RowsAreCappedWhateverTheQueryAsks) {
  options_.max_rows = 3;
  std::string reply = Call("run_kql", R"({"query":"SecurityEvent","max_rows":1000})");
  simdjson::dom::parser parser;
  auto doc = Parse(parser, reply);
  auto content = doc["result"]["structuredContent"];
  EXPECT_EQ(content["row_count"].get_int64().value(), 3);
  EXPECT_TRUE(content["truncated"].get_bool().value());
}

TEST_F(McpServer, StatelessRequestsCarryTheirVersion) {
  const std::string meta =
      R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";
  std::string discover =
      Send(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{)" + meta + "}}");
  EXPECT_NE(discover.find(R"("supportedVersions":["2025-06-18","2025-11-25","2026-07-28"])"),
            std::string::npos)
      << discover;
  std::string list =
      Send(R"({"jsonrpc":"2.0","id":2,"method":"tools/list","params":{)" + meta + "}}");
  EXPECT_NE(list.find(R"("resultType":"complete")"), std::string::npos);
  EXPECT_NE(list.find(R"("ttlMs":)"), std::string::npos);
  std::string old = Send(
      R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"1999-01-01","io.modelcontextprotocol/clientCapabilities":{}}}})");
  EXPECT_NE(old.find("-32022"), std::string::npos) << old;
  std::string no_caps = Send(
      R"({"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})");
  EXPECT_NE(no_caps.find("-32602"), std::string::npos) << no_caps;
  std::string ping = Send(R"({"jsonrpc":"2.0","id":5,"method":"ping","params":{)" + meta + "}}");
  EXPECT_NE(ping.find("-32601"), std::string::npos) << ping;
}

TEST_F(McpServer, InitializeAgreesOnAVersion) {
  std::string reply = Send(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"9"}}})");
  EXPECT_NE(reply.find(R"("protocolVersion":"2025-06-18")"), std::string::npos) << reply;
  std::string future = Send(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2099-01-01","capabilities":{}}})");
  EXPECT_NE(future.find(R"("protocolVersion":"2025-11-25")"), std::string::npos) << future;
}

TEST_F(McpServer, ACallCancelledBeforeItStartsIsNotAnswered) {
  Send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":42}})");
  EXPECT_EQ(Call("list_tables", "{}", 42), "");
  EXPECT_NE(Call("list_tables", "{}", 43), "");
}

TEST_F(McpServer, EveryCallIsAudited) {
  Send(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"auditor","version":"2"}}})");
  Call("list_tables", "{}");
  Call("run_kql", R"({"query":"Nope"})");
  std::string audit = ReadFile(fs::path(options_.case_dir) / "audit.jsonl");
  EXPECT_NE(audit.find(R"("tool":"list_tables")"), std::string::npos) << audit;
  EXPECT_NE(audit.find(R"("client":"auditor 2")"), std::string::npos);
  EXPECT_NE(audit.find(R"("outcome":"refused: )"), std::string::npos);
  EXPECT_EQ(std::count(audit.begin(), audit.end(), '\n'), 2);
}

// Rewritten by QUARRY_UPDATE_DOCS=1 mcp_tests after a change to a tool's declaration.
TEST(McpDocs, ToolReferenceIsCurrent) {
  fs::path docs = SourceDir() / "docs" / "mcp-tools.md";
  std::string rendered = mcp::ToolReferenceMarkdown();
  if (const char* update = std::getenv("QUARRY_UPDATE_DOCS"); update && *update == '1') {
    WriteFile(docs, rendered);
  }
  EXPECT_TRUE(ReadFile(docs) == rendered)
      << docs << " is not what the tool declarations render: run "
      << "QUARRY_UPDATE_DOCS=1 build/release/tests/mcp_tests";
}

TEST(McpTools, EveryToolTheIssueNamesIsThereAndDescribed) {
  for (const char* name : {"list_tables",
                           "describe_table",
                           "check_kql",
                           "run_kql",
                           "draft_hunt",
                           "get_event",
                           "scan",
                           "alerts",
                           "rules_check",
                           "rules_lint",
                           "rules_test",
                           "rules_baseline",
                           "convert_rule",
                           "journal_list",
                           "journal_show",
                           "journal_verify",
                           "record_hunt",
                           "save_rule",
                           "timeline",
                           "verify_claims",
                           "summarize_incident",
                           "threat_model_check",
                           "threat_model_report"}) {
    const mcp::ToolSpec* t = mcp::FindTool(name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_FALSE(t->description.empty()) << name;
    EXPECT_EQ(t->output_schema.rfind(R"({"type":"object")", 0), 0u) << name;
  }
  EXPECT_FALSE(mcp::FindTool("record_hunt")->read_only);
  EXPECT_FALSE(mcp::FindTool("save_rule")->read_only);
}

}  // namespace
}  // namespace quarry::testing
