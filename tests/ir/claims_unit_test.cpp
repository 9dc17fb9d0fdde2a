// The claim reader and checks on small inputs: sentence cutting, citations, times with their
// zone and precision, counts, and a hunt's rows interpreted with every number checked.
#include <gtest/gtest.h>

#include "app/summarize_rows.h"
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

}  // namespace
}  // namespace quarry
