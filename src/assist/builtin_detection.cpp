// The built-in grammar's words for detections (`quarry rules draft` asks in them, and a hunt can
// too): a window, one group, a count of distinct values, and non-administrative accounts.
#include <cctype>
#include <regex>

#include "assist/builtin_reader.h"

namespace quarry::assist::builtin {
namespace {

// "30", "30m", "30-minute", "half"/"an"/"a" with a unit after: the span as KQL ("30m"), or "".
std::string SpanOf(const std::string& number, const std::string& unit_word) {
  static const std::regex kCompact(
      R"((\d+)-?(s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?))");
  std::smatch m;
  std::string n = number;
  std::string u = unit_word;
  if (std::regex_match(number, m, kCompact)) {
    n = m[1].str();
    u = m[2].str();
  }
  if (n == "a" || n == "an" || n == "one") n = "1";
  if (!IsNumber(n) || u.empty()) return "";
  char unit = 0;
  if (u[0] == 's') unit = 's';
  if (u[0] == 'm') unit = 'm';
  if (u[0] == 'h') unit = 'h';
  if (u[0] == 'd') unit = 'd';
  if (unit == 0) return "";
  return std::to_string(std::min(SmallNumber(n), 100'000LL)) + unit;
}

}  // namespace

void Reader::Window() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    size_t n = 0;
    if (!((n = At(i, "within")) || (n = At(i, "in under")) || (n = At(i, "in less than")) ||
          (n = At(i, "inside")) || (n = At(i, "in")) || (n = At(i, "over")))) {
      continue;
    }
    size_t k = i + n;
    std::string span;
    size_t end = k;
    if (Free(k) && Free(k + 1) &&
        (w_[k].lower == "a" || w_[k].lower == "an" || w_[k].lower == "one" ||
         w_[k].lower == "the")) {
      span = SpanOf("1", w_[k + 1].lower);  // "within an hour"
      end = k + 2;
      if (span.empty()) ++k;  // "in a 10-minute window"
    }
    if (span.empty() && Free(k)) {
      span = SpanOf(w_[k].lower, "");
      end = k + 1;
      if (span.empty() && Free(k + 1)) {
        span = SpanOf(w_[k].lower, w_[k + 1].lower);
        end = k + 2;
      }
    }
    if (span.empty()) continue;
    // "over 5 minutes" is a window; "over 5 failed logons" is a threshold (Threshold reads it).
    if (Free(end) && (w_[end].lower == "window" || w_[end].lower == "period" ||
                      w_[end].lower == "span" || w_[end].lower == "interval")) {
      ++end;
    }
    spec_.bin = span;
    Use(i, end - i);
  }
}

void Reader::OneGroup() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    size_t n = 0;
    bool from = false;
    for (std::string_view lead : {"from", "by", "on", "for", "against", "to", "of"}) {
      for (std::string_view one : {"one", "a single", "the same", "a given", "any one", "each"}) {
        std::string phrase = std::string(lead) + " " + std::string(one);
        if ((n = At(i, phrase)) != 0) {
          from = lead == "from";
          break;
        }
      }
      if (n != 0) break;
    }
    if (n == 0) continue;
    Entity e{};
    size_t m = EntityAt(i + n, e);
    if (m == 0) continue;
    // "from one workstation": where a Kerberos or logon event came from is its client address;
    // the host that logged it is the domain controller.
    if (from && e == Entity::kHost && !FieldFor(spec_, Entity::kIp, nullptr).empty() &&
        spec_.activity != nullptr && spec_.activity->table == "SecurityEvent") {
      e = Entity::kIp;
    }
    if (std::find(spec_.groups.begin(), spec_.groups.end(), e) == spec_.groups.end()) {
      spec_.groups.push_back(e);
    }
    Use(i, n + m);
  }
}

void Reader::ManyValues() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    if (i > 0 && (w_[i - 1].lower == "how" || w_[i - 1].lower == "as")) continue;  // how many
    size_t n = 0;
    std::string op = ">=";
    long long threshold = 0;
    if ((n = At(i, "many")) || (n = At(i, "numerous")) || (n = At(i, "lots of")) ||
        (n = At(i, "a lot of")) || (n = At(i, "a large number of"))) {
      threshold = 5;
    } else if ((n = At(i, "multiple"))) {
      threshold = 2;
    } else if ((n = At(i, "several"))) {
      threshold = 3;
    } else if (((n = At(i, "more than")) || (n = At(i, "over")) || (n = At(i, "above"))) &&
               Free(i + n) && IsNumber(w_[i + n].lower)) {
      op = ">";
      threshold = SmallNumber(w_[i + n].lower);
      ++n;
    } else if ((n = At(i, "at least")) && Free(i + n) && IsNumber(w_[i + n].lower)) {
      threshold = SmallNumber(w_[i + n].lower);
      ++n;
    } else if (IsNumber(w_[i].lower) && At(i + 1, "or more")) {
      threshold = SmallNumber(w_[i].lower);
      n = 3;
    } else {
      continue;
    }
    size_t k = i + n;
    bool distinct = Free(k) && (w_[k].lower == "distinct" || w_[k].lower == "different" ||
                                w_[k].lower == "unique");
    if (distinct) ++k;
    Entity e{};
    size_t m = EntityAt(k, e);
    // Without an entity word: many events ("many failed logons") when it is a quantifier.
    if (m == 0) {
      if (!distinct && threshold > 0 && spec_.threshold_op.empty() &&
          (w_[i].lower == "many" || w_[i].lower == "numerous" || w_[i].lower == "multiple" ||
           w_[i].lower == "several" || w_[i].lower == "lots" || w_[i].lower == "a")) {
        spec_.threshold_op = ">=";
        spec_.threshold = w_[i].lower == "multiple" ? 2 : (w_[i].lower == "several" ? 3 : 10);
        spec_.aggregation_said = Use(i, n) + " (read as " + spec_.threshold_op + " " +
                                 std::to_string(spec_.threshold) + " events; say a number)";
      }
      continue;
    }
    // "more than 5 hosts" counts hosts, not events, only with a plural or "distinct".
    if (!distinct && op == ">" && w_[k + m - 1].lower.back() != 's') continue;
    spec_.aggregation = Aggregation::kDcount;
    spec_.target = e;
    spec_.has_target = true;
    spec_.threshold_op = op;
    spec_.threshold = threshold;
    spec_.aggregation_said = Use(i, k + m - i) + " (read as " + op + " " +
                             std::to_string(threshold) + " distinct " + EntityName(e) + ")";
  }
}

void Reader::NonAdmin() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    size_t n = 0;
    if (!((n = At(i, "non-admin")) || (n = At(i, "non-administrative")) ||
          (n = At(i, "non-administrator")) || (n = At(i, "non admin")) || (n = At(i, "nonadmin")) ||
          (n = At(i, "non-privileged")) || (n = At(i, "unprivileged")) || (n = At(i, "standard")) ||
          (n = At(i, "regular")))) {
      continue;
    }
    Entity e{};
    size_t m = EntityAt(i + n, e);
    bool account_word = Free(i + n) && (w_[i + n].lower.rfind("account", 0) == 0);
    if ((m == 0 || e != Entity::kUser) && !account_word) {
      // "standard" and "regular" only count before an account word.
      if (w_[i].lower == "standard" || w_[i].lower == "regular") continue;
    }
    Filter f;
    f.entity = Entity::kUser;
    f.kind = "contains";
    f.value = ConceptLiterals()[3];  // adm: admin, administrator, adm-alice, alice-adm
    f.negated = true;
    f.said = Use(i, n) + " (accounts whose name holds 'adm')";
    spec_.filters.push_back(std::move(f));
  }
}

const std::vector<std::string_view>& SecurityToolImages() {
  static const std::vector<std::string_view> k = {
      // Microsoft Defender and Defender for Endpoint
      "MsMpEng.exe", "MpDefenderCoreService.exe", "NisSrv.exe", "MsSense.exe", "SenseIR.exe",
      "SenseNdr.exe", "SenseCncProxy.exe",
      // CrowdStrike Falcon
      "CSFalconService.exe", "CSFalconContainer.exe",
      // SentinelOne
      "SentinelAgent.exe", "SentinelServiceHost.exe", "SentinelStaticEngine.exe",
      // Sophos
      "SophosFS.exe", "SophosFileScanner.exe", "SophosHealth.exe", "SSPService.exe",
      "SophosNtpService.exe",
      // Symantec / Broadcom, McAfee / Trellix, Trend Micro, ESET, Kaspersky, Bitdefender
      "ccSvcHst.exe", "smc.exe", "mfetp.exe", "mfemms.exe", "mcshield.exe", "ntrtscan.exe",
      "TmCCSF.exe", "ekrn.exe", "avp.exe", "bdservicehost.exe", "EPSecurityService.exe",
      // Carbon Black, Cylance, Cortex XDR, Elastic
      "RepMgr.exe", "CylanceSvc.exe", "cyserver.exe", "elastic-endpoint.exe"};
  return k;
}

void Reader::EventIdWords() {
  if (spec_.activity == nullptr) return;
  for (size_t i = 0; i + 1 < w_.size(); ++i) {
    size_t n = 0;
    if (!((n = At(i, "event id")) || (n = At(i, "event ids")) || (n = At(i, "eventid")) ||
          (n = At(i, "event code")) || (n = At(i, "event")) || (n = At(i, "id")))) {
      continue;
    }
    if (!Free(i + n) || !IsNumber(w_[i + n].lower)) continue;
    // "Sysmon event 10" names the kind of event the activity already is: read.
    std::string test = "EventID == " + w_[i + n].lower;
    std::string_view filter = spec_.activity->filter;
    size_t at = filter.find(test);
    if (at != std::string_view::npos &&
        (at + test.size() == filter.size() ||
         !std::isdigit(static_cast<unsigned char>(filter[at + test.size()])))) {
      Use(i, n + 1);
    }
  }
}

void Reader::SecurityTools() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    size_t n = 0;
    for (std::string_view phrase : {"known av callers",
                                    "known antivirus callers",
                                    "known av processes",
                                    "known av",
                                    "known antivirus",
                                    "known edr",
                                    "known security tools",
                                    "known security products",
                                    "av callers",
                                    "av processes",
                                    "av products",
                                    "av/edr",
                                    "antivirus processes",
                                    "antivirus products",
                                    "antivirus",
                                    "anti-virus",
                                    "security tools",
                                    "security products",
                                    "edr agents",
                                    "edr"}) {
      if ((n = At(i, phrase)) != 0) break;
    }
    // Only as an exclusion: "by known AV" would need an or of names, which a filter is not.
    if (n == 0 || !Negated(i)) continue;
    std::string said = Use(i, n);
    for (std::string_view image : SecurityToolImages()) {
      Filter f;
      f.entity = Entity::kProcess;
      f.kind = "endswith";
      f.value = std::string(image);
      f.negated = true;
      f.said = "not " + said + " (" + std::string(image) + ")";
      spec_.filters.push_back(std::move(f));
    }
  }
}

}  // namespace quarry::assist::builtin
