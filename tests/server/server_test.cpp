// The workbench's HTTP API in process: the session and its refusals (token, cookie, CSRF,
// origin, host, sizes, paths, methods), every route answered, a hunt from question to journal,
// the histogram's counts, and docs/openapi.json current.
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "app/ingest_job.h"
#include "app/journal.h"
#include "app/overview.h"
#include "app/review.h"
#include "app/scan.h"
#include "core/strings.h"
#include "server/server.h"
#include "test_util.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kAuthor = "Test Person";

class Workbench : public ::testing::Test {
 protected:
  void Start(bool allow_approve) {
    dir_ = TempDir("server");
    app::IngestOptions ingest;
    ingest.paths = {(SourceDir() / "samples" / "evidence").string()};
    ingest.case_dir = (dir_ / "case").string();
    ASSERT_TRUE(app::RunIngest(ingest).ok());
    app::ScanRequest scan;  // the alerts the overview, timeline and incident summary show
    scan.case_dir = (dir_ / "case").string();
    scan.rules.paths = {(SourceDir() / "rules").string()};
    ASSERT_TRUE(app::Scan(scan, {}).ok());
    options_.case_dir = fs::canonical(dir_ / "case").string();
    options_.port = 0;
    options_.allow_approve = allow_approve;
    options_.author = kAuthor;
    options_.provider = "builtin";
    // The sample review with an agent's claimed findings (no analyzers: the pattern rules and
    // the claims are enough to have verified, needs_human and rejected findings).
    app::ReviewRequest review;
    review.diff_path = (SourceDir() / "samples" / "review" / "change.diff").string();
    review.root = (SourceDir() / "samples" / "review" / "tree").string();
    review.claimed_path = (SourceDir() / "samples" / "review" / "agent-findings.json").string();
    review.claimed_engine = "model";
    review.skip_engines = {"cppcheck", "clang", "flawfinder", "bandit", "eslint"};
    auto report = app::RunReview(review);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    WriteFile(dir_ / "review.json", app::ReviewJson(*report));
    options_.review_reports = {(dir_ / "review.json").string()};
    options_.rule_paths = {fs::canonical(SourceDir() / "rules").string()};
    options_.threat_models = {
        fs::canonical(SourceDir() / "samples" / "threat-models" / "rag-chatbot.yml").string()};
    // Set once: by `ready`, or with "" when Serve fails before it.
    auto url = std::make_shared<std::promise<std::string>>();
    auto said = std::make_shared<std::atomic<bool>>(false);
    auto tell = [url, said](const std::string& u) {
      if (!said->exchange(true)) url->set_value(u);
    };
    auto ready = url->get_future();
    thread_ = std::thread([this, tell] {
      Status s = server::Serve(options_, token_, tell);
      tell("");
      (void)s;
    });
    std::string u = ready.get();
    ASSERT_FALSE(u.empty());
    port_ = std::stoi(u.substr(u.rfind(':') + 1));
    EXPECT_EQ(u, "http://127.0.0.1:" + std::to_string(port_) + "/?token=" + token_);
    auto res = Client().Get("/?token=" + token_);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303);
    std::string cookie = res->get_header_value("Set-Cookie");
    cookie_ = cookie.substr(0, cookie.find(';'));
    auto session = Get("/api/session");
    ASSERT_EQ(session->status, 200) << session->body;
    csrf_ = Member(session->body, "csrf");
    ASSERT_FALSE(csrf_.empty());
  }
  void TearDown() override {
    server::Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }
  httplib::Result Get(const std::string& path, httplib::Headers extra = {}) {
    extra.emplace("Cookie", cookie_);
    return Client().Get(path, extra);
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       httplib::Headers extra = {}, const char* type = "application/json") {
    if (extra.count("Cookie") == 0) extra.emplace("Cookie", cookie_);
    if (extra.count("X-Quarry-CSRF") == 0) extra.emplace("X-Quarry-CSRF", csrf_);
    return Client().Post(path, extra, body, type);
  }

  // A string member of a JSON object, "" when there is none.
  static std::string Member(const std::string& json, const char* key) {
    simdjson::dom::parser p;
    std::string_view v;
    if (p.parse(json)[key].get_string().get(v) != simdjson::SUCCESS) return "";
    return std::string(v);
  }
  static std::string ShownBody(const std::string& markdown) {
    std::string body = R"({"shown":)";
    AppendJsonString(body, markdown);
    return body + "}";
  }
  static simdjson::dom::element Parse(simdjson::dom::parser& p, const std::string& json) {
    simdjson::dom::element e;
    EXPECT_EQ(p.parse(json).get(e), simdjson::SUCCESS) << json;
    return e;
  }

  fs::path dir_;
  server::ServeOptions options_;
  std::string token_ = "0123456789abcdef0123456789abcdef";
  std::thread thread_;
  int port_ = 0;
  std::string cookie_, csrf_;
};

TEST_F(Workbench, TheTokenBecomesAStrictHttpOnlyCookieAndNothingElseOpensASession) {
  Start(false);
  auto wrong = Client().Get("/?token=ffffffffffffffffffffffffffffffff");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
  auto right = Client().Get("/?token=" + token_);
  EXPECT_EQ(right->status, 303);
  EXPECT_EQ(right->get_header_value("Location"), "/");
  std::string cookie = right->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find(token_), std::string::npos) << "the cookie is not the token";
  for (const httplib::Headers& h :
       {httplib::Headers{}, httplib::Headers{{"Cookie", "quarry_session_1=x"}},
        httplib::Headers{{"Authorization", "Bearer " + token_}}}) {
    auto res = Client().Get("/api/overview", h);
    EXPECT_EQ(res->status, 401);
    EXPECT_NE(Member(res->body, "error").find("token"), std::string::npos) << res->body;
  }
}

TEST_F(Workbench, EveryAnswerCarriesAStrictContentSecurityPolicy) {
  Start(false);
  for (const char* path : {"/", "/assets/index.js", "/api/overview", "/nope", "/api/nope"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
  auto page = Get("/");
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->body.find("<script>"), std::string::npos) << "no inline script";
}

TEST_F(Workbench, StateChangesNeedTheCsrfHeaderJsonAndThisOrigin) {
  Start(true);
  const std::string body = R"({"question":"failed logons"})";
  auto none = Client().Post("/api/hunts", {{"Cookie", cookie_}}, body, "application/json");
  EXPECT_EQ(none->status, 403);
  EXPECT_NE(none->body.find("X-Quarry-CSRF"), std::string::npos);
  EXPECT_EQ(Post("/api/hunts", body, {{"X-Quarry-CSRF", "forged"}})->status, 403);
  EXPECT_EQ(Post("/api/hunts", body, {}, "text/plain")->status, 415);
  EXPECT_EQ(Post("/api/hunts", body, {{"Origin", "http://evil.example"}})->status, 403);
  EXPECT_EQ(Post("/api/hunts", body, {{"Origin", "http://127.0.0.1:1"}})->status, 403);
  EXPECT_EQ(Post("/api/hunts", body, {{"Sec-Fetch-Site", "same-site"}})->status, 403);
  EXPECT_EQ(Get("/api/overview", {{"Host", "rebound.example:" + std::to_string(port_)}})->status,
            403);
  EXPECT_EQ(Get("/api/overview", {{"Origin", "http://evil.example"}})->status, 403);
  auto same = Post(
      "/api/hunts", body,
      {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(same->status, 200) << same->body;
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty()) << "a draft writes nothing";
}

TEST_F(Workbench, BadRequestsAreRefusedClearlyAndTheServerGoesOn) {
  Start(false);
  auto big = Post("/api/kql/check", std::string(2 << 20, ' '));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_NE(Member(big->body, "error").find("1 MiB"), std::string::npos) << big->body;
  for (const char* path : {"/assets/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/assets/..%2f..%2fevents.db", "/..\\events.db"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_TRUE(res->status == 400 || res->status == 404) << path << " " << res->status;
    EXPECT_EQ(res->body.find("SQLite"), std::string::npos) << path;
  }
  EXPECT_EQ(Get("/nope.js")->status, 404);
  EXPECT_EQ(Get("/api/nope")->status, 404);
  EXPECT_EQ(Get("/api/hunts")->status, 405);
  EXPECT_EQ(Client().Put("/api/session", "{}", "application/json")->status, 405);
  EXPECT_EQ(Client().Delete("/api/session")->status, 405);
  auto bad_arg = Get("/api/histogram?buckets=abc");
  EXPECT_EQ(bad_arg->status, 400);
  EXPECT_NE(Member(bad_arg->body, "error").find("buckets"), std::string::npos);
  auto unknown = Get("/api/histogram?colour=red");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(Member(unknown->body, "error").find("colour"), std::string::npos);
  EXPECT_EQ(Post("/api/kql/check", "not json")->status, 400);
  EXPECT_EQ(Post("/api/kql/check", R"({"query": 5})")->status, 400);
  EXPECT_EQ(Get("/api/events/99999999999")->status, 422);
  EXPECT_EQ(Post("/api/threat-models/report", R"({"model":"/etc/passwd"})")->status, 422);
  auto outside = Post("/api/rules/lint", R"({"rules":["/etc"]})");
  EXPECT_EQ(outside->status, 422) << "rules outside the packs given at start";
  EXPECT_NE(Member(outside->body, "error").find("/etc"), std::string::npos) << outside->body;
  EXPECT_EQ(Get("/api/sessions?limit=3")->status, 422) << "sessions count their processes";
  auto too_many = Get("/api/trees?limit=1");
  EXPECT_EQ(too_many->status, 422) << "a range with more processes than the limit";
  EXPECT_NE(Member(too_many->body, "error").find("narrow it"), std::string::npos);
  EXPECT_EQ(Get("/api/journal?limit=501")->status, 400) << "every list is bounded";
  EXPECT_EQ(Get("/api/secrets?limit=1001")->status, 400);
  EXPECT_EQ(Get("/api/session")->status, 200) << "still serving";
}

TEST_F(Workbench, AHuntGoesFromQuestionToTheJournalOnlyThroughTheVerifier) {
  Start(true);
  simdjson::dom::parser p;
  auto drafted = Post("/api/hunts", R"({"question":"failed logons on DC01"})");
  ASSERT_EQ(drafted->status, 200) << drafted->body;
  std::string id = Member(drafted->body, "id");
  ASSERT_EQ(id.size(), 16u);
  // The person writes a column that does not exist: the verifier says so, at its span.
  auto wrong = Post(
      "/api/hunts/" + id + "/edit",
      R"({"query":"SecurityEvent | where EventID == 4625 | where TargetUserNam == \"alice\""})");
  ASSERT_EQ(wrong->status, 200) << wrong->body;
  auto draft = Parse(p, wrong->body)["draft"];
  EXPECT_FALSE(bool(draft["runnable"]));
  bool marked = false;
  for (auto f : draft["findings"].get_array()) {
    std::string_view severity = f["severity"];
    uint64_t start = 0;
    if (severity == "error" && f["span"]["start"].get(start) == simdjson::SUCCESS) {
      std::string_view query = draft["query"];
      marked |= query.substr(start).rfind("TargetUserNam", 0) == 0;
    }
  }
  EXPECT_TRUE(marked) << wrong->body;
  auto refused = Post("/api/hunts/" + id + "/approve", "{}");
  EXPECT_EQ(refused->status, 422) << refused->body;
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
  auto fixed = Post(
      "/api/hunts/" + id + "/edit",
      R"({"query":"SecurityEvent | where EventID == 4625 | where TargetUserName == \"alice\""})");
  EXPECT_TRUE(bool(Parse(p, fixed->body)["draft"]["runnable"])) << fixed->body;
  auto approved = Post("/api/hunts/" + id + "/approve", "{}");
  ASSERT_EQ(approved->status, 200) << approved->body;
  auto a = Parse(p, approved->body)["approved"];
  EXPECT_EQ(int64_t(a["journal_seq"]), 1);
  EXPECT_EQ(std::string_view(a["by"]), kAuthor);
  EXPECT_EQ(int64_t(a["row_count"]), 3);
  auto page = Get("/api/hunts/" + id + "/rows?offset=1&limit=1");
  ASSERT_EQ(page->status, 200) << page->body;
  auto rows = Parse(p, page->body);
  EXPECT_EQ(rows["rows"].get_array().size(), 1u);
  EXPECT_EQ(int64_t(rows["offset"]), 1);
  EXPECT_EQ(int64_t(rows["row_count"]), 3);
  EXPECT_EQ(Get("/api/hunts/" + id + "/rows?limit=501")->status, 400);
  EXPECT_EQ(Post("/api/hunts/" + id + "/approve", "{}")->status, 409);
  EXPECT_EQ(Post("/api/hunts/" + id + "/refine", R"({"text":"only DC01"})")->status, 409);
  auto entries = app::JournalEntries(options_.case_dir);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().author, kAuthor);
  auto verify = Get("/api/journal/verify");
  EXPECT_TRUE(bool(Parse(p, verify->body)["intact"])) << verify->body;
  EXPECT_EQ(Get("/api/hunts/0000000000000000")->status, 404);
}

TEST_F(Workbench, AReadOnlyServerRefusesApprovalAndWritesNothing) {
  Start(false);
  auto drafted = Post("/api/hunts", R"({"question":"failed logons"})");
  std::string id = Member(drafted->body, "id");
  auto refused = Post("/api/hunts/" + id + "/approve", "{}");
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(Member(refused->body, "error").find("--allow-approve"), std::string::npos);
  EXPECT_EQ(Post("/api/incident/summary/approve", "{}")->status, 403);
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
}

TEST_F(Workbench, TheHistogramCountsEveryEventOnceInRoundBuckets) {
  Start(false);
  simdjson::dom::parser p;
  auto all = Get("/api/histogram");
  ASSERT_EQ(all->status, 200) << all->body;
  auto h = Parse(p, all->body);
  EXPECT_EQ(int64_t(h["events"]), 319);  // the sample case's rows
  int64_t sum = 0;
  for (auto b : h["buckets"].get_array()) sum += int64_t(b["events"]);
  EXPECT_EQ(sum, 319);
  EXPECT_LE(h["buckets"].get_array().size(), 81u);
  auto narrow = Get("/api/histogram?from=2026-03-14T09:00:00Z&to=2026-03-14T09:59:59Z&buckets=6");
  auto n = Parse(p, narrow->body);
  EXPECT_EQ(int64_t(n["bucket_seconds"]), 600);
  EXPECT_EQ(int64_t(n["events"]), 63) << "the sample case's 09:00 hour";
  auto host = Parse(p, Get("/api/histogram?host=DC01")->body);
  EXPECT_GT(int64_t(host["events"]), 0);
  EXPECT_LT(int64_t(host["events"]), 319);
  EXPECT_EQ(Get("/api/histogram?from=yesterday")->status, 400);
  EXPECT_EQ(Get("/api/histogram?buckets=1")->status, 400);
}

TEST_F(Workbench, ReviewFindingsAreTriagedWithAReasonAndJournalledByThePerson) {
  Start(true);
  simdjson::dom::parser p;
  auto list = Parse(p, Get("/api/reviews")->body);
  ASSERT_EQ(list["reports"].get_array().size(), 1u);
  EXPECT_GT(int64_t(list["reports"].at(0)["findings"]), 0);
  auto report = Get("/api/reviews/1");
  ASSERT_EQ(report->status, 200) << report->body;
  std::string fingerprint;
  std::set<std::string> statuses;
  for (auto f : Parse(p, report->body)["findings"].get_array()) {
    std::string_view status = f["status"];
    statuses.insert(std::string(status));
    if (status == "verified" && fingerprint.empty())
      fingerprint = std::string(std::string_view(f["fingerprint"]));
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"verified", "needs_human", "rejected"}));
  ASSERT_FALSE(fingerprint.empty());
  const std::string path = "/api/reviews/1/triage";
  auto no_reason = Post(path, R"({"fingerprint":")" + fingerprint + R"(","decision":"dismissed"})");
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_NE(Member(no_reason->body, "error").find("reason"), std::string::npos);
  EXPECT_EQ(Post(path, R"({"fingerprint":"nope","decision":"confirmed"})")->status, 404);
  EXPECT_EQ(Post("/api/reviews/2/triage", R"({"fingerprint":"x","decision":"confirmed"})")->status,
            404);
  auto dismissed =
      Post(path, R"({"fingerprint":")" + fingerprint +
                     R"(","decision":"dismissed","reason":"test fixture, never deployed"})");
  ASSERT_EQ(dismissed->status, 200) << dismissed->body;
  auto entries = app::JournalEntries(options_.case_dir);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().author, kAuthor);
  EXPECT_EQ(entries->front().kind, "review.triage");
  bool seen = false;
  for (auto f : Parse(p, Get("/api/reviews/1")->body)["findings"].get_array()) {
    if (std::string_view(f["fingerprint"]) != fingerprint) continue;
    seen = std::string_view(f["triage"]["decision"]) == "dismissed" &&
           std::string_view(f["triage"]["by"]) == kAuthor;
  }
  EXPECT_TRUE(seen) << "the decision comes back from the journal";
}

TEST_F(Workbench, AReadOnlyServerRefusesTriage) {
  Start(false);
  simdjson::dom::parser p;
  std::string fingerprint(
      std::string_view(Parse(p, Get("/api/reviews/1")->body)["findings"].at(0)["fingerprint"]));
  auto refused = Post("/api/reviews/1/triage",
                      R"({"fingerprint":")" + fingerprint + R"(","decision":"confirmed"})");
  EXPECT_EQ(refused->status, 403);
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
}

TEST_F(Workbench, TheRulesPageHasTheRulesCoverageTestsLintAndBaseline) {
  Start(false);
  simdjson::dom::parser p;
  auto coverage = Get("/api/rules/coverage");
  ASSERT_EQ(coverage->status, 200) << coverage->body;
  auto c = Parse(p, coverage->body);
  EXPECT_GT(c["tactics"].get_array().size(), 10u);
  bool lsass = false;
  for (auto t : c["techniques"].get_array()) {
    lsass |= std::string_view(t["id"]) == "T1003.001" && int64_t(t["passing"]) > 0;
  }
  EXPECT_TRUE(lsass) << "the pack's LSASS rules cover T1003.001 and pass their tests";
  const std::string rules = R"({"rules":[")" + options_.rule_paths[0] + R"("]})";
  simdjson::dom::parser p2;
  auto tests = Parse(p2, Post("/api/rules/test", rules)->body);
  EXPECT_GT(int64_t(tests["passed"]), 20);
  EXPECT_EQ(int64_t(tests["failed"]), 0);
}

TEST_F(Workbench, TheIncidentSummaryIsVerifiedAndOnlyAPersonRecordsIt) {
  Start(true);
  simdjson::dom::parser p;
  auto summary = Get("/api/incident/summary");
  ASSERT_EQ(summary->status, 200) << summary->body;
  EXPECT_GT(int64_t(Parse(p, summary->body)["supported"]), 10);
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty()) << "reading writes nothing";
  // One true sentence and one with the wrong host: the second is unsupported.
  auto claims = Post("/api/incident/verify",
                     R"({"text":"upd.exe opened lsass.exe on WS01 at 09:31 UTC [E:3000000061].\n)"
                     R"(upd.exe opened lsass.exe on DC01 at 09:31 UTC [E:3000000061]."})");
  ASSERT_EQ(claims->status, 200) << claims->body;
  simdjson::dom::parser p2;
  auto c = Parse(p2, claims->body);
  EXPECT_EQ(int64_t(c["supported"]), 1);
  EXPECT_EQ(int64_t(c["unsupported"]), 1);
  std::string markdown(std::string_view(Parse(p, summary->body)["markdown"]));
  EXPECT_EQ(Post("/api/incident/summary/approve", R"({"shown":"another text"})")->status, 409)
      << "approval is of the text the person read";
  EXPECT_TRUE(app::JournalEntries(options_.case_dir)->empty());
  auto approved = Post("/api/incident/summary/approve", ShownBody(markdown));
  ASSERT_EQ(approved->status, 200) << approved->body;
  auto entries = app::JournalEntries(options_.case_dir);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().author, kAuthor);
  simdjson::dom::parser p3;
  EXPECT_EQ(int64_t(Parse(p3, approved->body)["journal_seq"]), 1);
  EXPECT_EQ(Get("/api/incident/postmortem?comms=gossip")->status, 400);
}

TEST(Histogram, BucketsAreRoundSpans) {
  Timestamp from{0};
  auto at = [](int64_t s) { return Timestamp{s * Timestamp::kTicksPerSecond}; };
  EXPECT_EQ(app::BucketSeconds(from, at(59), 80), 1);
  EXPECT_EQ(app::BucketSeconds(from, at(3600), 80), 60);
  EXPECT_EQ(app::BucketSeconds(from, at(36000), 80), 600);
  constexpr int64_t kDay = 86400;
  EXPECT_EQ(app::BucketSeconds(from, at(kDay * 30), 80), 43200);
  EXPECT_EQ(app::BucketSeconds(from, at(kDay * 3650), 80), kDay * 3650 / 79 + 1);
  // Across a boundary every span touches two buckets: one bucket is never enough (and never
  // looped for), and the widest spans still fit what was asked.
  EXPECT_EQ(app::BucketSeconds(at(-1), at(1), 1), 2);
  for (int64_t buckets : {2, 3, 7, 80}) {
    Timestamp a = at(-kDay * 365 * 40 - 17), b = at(kDay * 365 * 60 + 5);
    int64_t span = app::BucketSeconds(a, b, buckets);
    int64_t w = span * Timestamp::kTicksPerSecond;
    int64_t first = a.ticks - ((a.ticks % w) + w) % w;
    EXPECT_LE((b.ticks - first) / w + 1, buckets) << buckets;
  }
  // Aligned to the span, 09:05:00-10:04:59 touches 7 ten-minute buckets: the next span fits 6.
  Timestamp nine_oh_five{(9 * 3600 + 300) * Timestamp::kTicksPerSecond};
  Timestamp ten_oh_five{(10 * 3600 + 299) * Timestamp::kTicksPerSecond};
  EXPECT_EQ(app::BucketSeconds(nine_oh_five, ten_oh_five, 6), 900);
}

// Every route is called with good arguments and answers with JSON; a new route must be added
// here, so no endpoint goes untested.
TEST_F(Workbench, EveryRouteAnswers) {
  Start(true);
  simdjson::dom::parser p;
  std::string hunt = Member(Post("/api/hunts", R"({"question":"failed logons"})")->body, "id");
  auto first = Parse(p, Get("/api/timeline?limit=1")->body);
  int64_t eid = first["entries"].at(0)["_eid"];
  simdjson::dom::parser p2;
  std::string fingerprint(
      std::string_view(Parse(p2, Get("/api/reviews/1")->body)["findings"].at(0)["fingerprint"]));
  simdjson::dom::parser p3;
  std::string shown(std::string_view(Parse(p3, Get("/api/incident/summary")->body)["markdown"]));
  const std::string rules = R"({"rules":[")" + options_.rule_paths[0] + R"("]})";
  std::map<std::string, std::pair<std::string, std::string>> calls = {
      {"GET /api/session", {"/api/session", ""}},
      {"GET /api/overview", {"/api/overview", ""}},
      {"GET /api/tables", {"/api/tables", ""}},
      {"GET /api/tables/{table}/schema", {"/api/tables/SecurityEvent/schema?top=2", ""}},
      {"GET /api/histogram", {"/api/histogram?buckets=10", ""}},
      {"GET /api/timeline", {"/api/timeline?host=DC01&limit=5", ""}},
      {"GET /api/alerts", {"/api/alerts?limit=5", ""}},
      {"GET /api/trees", {"/api/trees?host=WS01", ""}},
      {"GET /api/sessions", {"/api/sessions?host=WS01&user=alice", ""}},
      {"GET /api/events/{eid}", {"/api/events/" + std::to_string(eid), ""}},
      {"POST /api/kql/check", {"/api/kql/check", R"({"query":"SecurityEvent | take 1"})"}},
      {"POST /api/kql/run", {"/api/kql/run", R"({"query":"SecurityEvent | take 1"})"}},
      {"GET /api/journal", {"/api/journal", ""}},
      {"GET /api/journal/verify", {"/api/journal/verify", ""}},
      {"POST /api/hunts", {"/api/hunts", R"({"question":"logons on DC01"})"}},
      {"GET /api/hunts/{id}", {"/api/hunts/" + hunt, ""}},
      {"POST /api/hunts/{id}/refine", {"/api/hunts/" + hunt + "/refine", R"({"text":"on DC01"})"}},
      {"POST /api/hunts/{id}/edit",
       {"/api/hunts/" + hunt + "/edit", R"({"query":"SecurityEvent | where EventID == 4625"})"}},
      {"POST /api/hunts/{id}/approve", {"/api/hunts/" + hunt + "/approve", "{}"}},
      {"GET /api/hunts/{id}/rows", {"/api/hunts/" + hunt + "/rows?limit=2", ""}},
      {"GET /api/journal/{seq}", {"/api/journal/1", ""}},
      {"GET /api/reviews", {"/api/reviews", ""}},
      {"GET /api/rules/coverage", {"/api/rules/coverage", ""}},
      {"GET /api/incident/summary", {"/api/incident/summary", ""}},
      {"POST /api/threat-models/report",
       {"/api/threat-models/report",
        R"({"model":")" + options_.threat_models[0] + R"(","format":"json"})"}},
      {"GET /api/secrets", {"/api/secrets?limit=5", ""}},
      {"POST /api/incident/summary/approve", {"/api/incident/summary/approve", ShownBody(shown)}},
      {"POST /api/incident/verify",
       {"/api/incident/verify",
        R"({"text":"Something happened on WS01 [E:)" + std::to_string(eid) + R"(]."})"}},
      {"GET /api/incident/postmortem", {"/api/incident/postmortem?comms=status", ""}},
      {"POST /api/rules/test", {"/api/rules/test", rules}},
      {"POST /api/rules/lint", {"/api/rules/lint", rules}},
      {"POST /api/rules/baseline", {"/api/rules/baseline", rules}},
      {"POST /api/rules/convert",
       {"/api/rules/convert",
        R"({"rules":[")" + options_.rule_paths[0] + R"(/windows/lsass_memory_access.yml"]})"}},
      {"GET /api/reviews/{report}", {"/api/reviews/1?offset=1&limit=5", ""}},
      {"POST /api/reviews/{report}/triage",
       {"/api/reviews/1/triage",
        R"({"fingerprint":")" + fingerprint + R"(","decision":"deferred"})"}},
  };
  std::set<std::string> routes;
  for (const server::Route& r : server::Routes()) routes.insert(r.method + " " + r.path);
  for (const std::string& r : routes) EXPECT_TRUE(calls.count(r)) << r << " has no call here";
  // In declaration order, but the journal entry after the approval that writes it.
  std::vector<const server::Route*> order;
  for (const server::Route& r : server::Routes()) order.push_back(&r);
  std::stable_partition(order.begin(), order.end(),
                        [](const server::Route* r) { return r->path != "/api/journal/{seq}"; });
  for (const server::Route* r : order) {
    auto call = calls.find(r->method + " " + r->path);
    if (call == calls.end()) continue;
    const auto& [path, body] = call->second;
    auto res = r->method == "GET" ? Get(path) : Post(path, body);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << r->method << " " << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    simdjson::dom::element e;
    EXPECT_EQ(p.parse(res->body).get(e), simdjson::SUCCESS) << path;
  }
}

TEST(OpenApi, TheCommittedFileIsWhatTheRoutesDeclare) {
  fs::path docs = SourceDir() / "docs" / "openapi.json";
  std::string rendered = server::OpenApiJson();
  simdjson::dom::parser p1, p2;
  simdjson::dom::element mine;
  ASSERT_EQ(p1.parse(rendered).get(mine), simdjson::SUCCESS);
  if (const char* update = std::getenv("QUARRY_UPDATE_DOCS"); update && *update == '1') {
    WriteFile(docs, rendered + "\n");
  }
  simdjson::dom::element committed;
  ASSERT_EQ(p2.parse(ReadFile(docs)).get(committed), simdjson::SUCCESS) << docs;
  EXPECT_TRUE(simdjson::minify(committed) == simdjson::minify(mine))
      << docs << " is not what the routes declare: run QUARRY_UPDATE_DOCS=1 "
      << "build/release/tests/server_tests --gtest_filter=OpenApi*";
  EXPECT_EQ(std::string_view(mine["openapi"]), "3.1.0");
}

}  // namespace
}  // namespace quarry
