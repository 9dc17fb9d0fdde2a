#include "review/analyzers.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/subprocess.h"
#include "review/analyzer_output.h"
#include "review/cwe.h"

namespace quarry::review {
namespace fs = std::filesystem;
namespace {

struct Job {
  const ReviewInput& input;
  const AnalyzerOptions& options;
  std::vector<const ReviewedFile*> files;  // on disk, in the analyzer's languages
  EngineRun run;
  RawOutput output;
};

using Runner = void (*)(Job&);

bool Fail(Job& job, const quarry::Status& status) {
  bool timed_out = status.message().find("did not finish") != std::string::npos;
  job.run.state = status.code() == StatusCode::kNotFound ? "not_installed"
                  : timed_out                            ? "timed_out"
                                                         : "failed";
  job.run.detail = status.message();
  return false;
}

Result<ProgramOutput> Run(Job& job, const std::vector<std::string>& argv,
                          const std::string& folder = "") {
  ProgramLimits limits;
  limits.timeout_seconds = job.options.timeout_seconds;
  limits.max_output = 64u << 20;
  limits.folder = folder;
  auto out = RunProgram(argv, "", limits);
  if (out.ok() && out.value().exit_code >= 128)
    return IoError(argv[0] + " crashed (signal " + std::to_string(out.value().exit_code - 128) +
                   ")" + (out.value().err.empty() ? "" : ": " + out.value().err.substr(0, 200)));
  return out;
}

std::vector<std::string> Paths(const Job& job) {
  std::vector<std::string> out;
  for (const ReviewedFile* f : job.files) out.push_back(f->disk_path);
  return out;
}

void RunCppcheck(Job& job) {
  std::vector<std::string> argv = {"cppcheck",
                                   "--enable=warning,portability",
                                   "--inconclusive",
                                   "--quiet",
                                   "--suppress=missingIncludeSystem",
                                   std::string("--template=") + kCppcheckTemplate};
  for (auto& p : Paths(job)) argv.push_back(p);
  auto out = Run(job, argv);
  if (!out.ok()) {
    Fail(job, out.status());
    return;
  }
  job.output = ParseCppcheck(out.value().err);
}

void RunClang(Job& job) {
  // One file per run: clang writes one SARIF file per input.
  for (const ReviewedFile* file : job.files) {
    ScratchDir scratch;
    std::string sarif = scratch.path() + "/out.sarif";
    std::vector<std::string> argv = {
        "clang",      "--analyze",
        "-Xanalyzer", "-analyzer-output=sarif",
        "-Xanalyzer", "-analyzer-checker=security.insecureAPI.strcpy,security.insecureAPI.gets",
        "-I",         fs::path(file->disk_path).parent_path().string(),
        "-o",         sarif};
    if (file->language == Language::kCpp) argv.insert(argv.begin() + 1, "--driver-mode=g++");
    argv.push_back(file->disk_path);
    auto out = Run(job, argv);
    if (!out.ok()) {
      Fail(job, out.status());
      return;
    }
    std::error_code ec;
    if (!fs::exists(sarif, ec)) {
      job.run.detail = "clang could not analyze " + file->path + " (it does not compile alone)";
      continue;
    }
    auto text = [&] {
      std::string s;
      if (FILE* f = std::fopen(sarif.c_str(), "rb")) {
        char buffer[65536];
        size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) s.append(buffer, n);
        std::fclose(f);
      }
      return s;
    }();
    RawOutput parsed = ParseClangSarif(text);
    job.output.unreadable += parsed.unreadable;
    for (auto& f : parsed.findings) job.output.findings.push_back(std::move(f));
  }
}

void RunFlawfinder(Job& job) {
  std::vector<std::string> argv = {"flawfinder", "--csv",   "--minlevel=3",
                                   "--dataonly", "--quiet", "--neverignore"};
  for (auto& p : Paths(job)) argv.push_back(p);
  auto out = Run(job, argv);
  if (!out.ok()) {
    Fail(job, out.status());
    return;
  }
  job.output = ParseFlawfinderCsv(out.value().out);
}

void RunBandit(Job& job) {
  // The code under review must not switch off the tool reviewing it (# nosec).
  std::vector<std::string> argv = {"bandit", "-f", "json", "-q", "--ignore-nosec"};
  for (auto& p : Paths(job)) argv.push_back(p);
  auto out = Run(job, argv);
  if (!out.ok()) {
    Fail(job, out.status());
    return;
  }
  job.output = ParseBanditJson(out.value().out);
  if (out.value().exit_code > 1 && job.output.findings.empty()) {
    job.run.state = "failed";
    job.run.detail = "bandit exited with " + std::to_string(out.value().exit_code) + ": " +
                     out.value().err.substr(0, 300);
  }
}

std::string EslintDir(const AnalyzerOptions& options) {
  if (!options.eslint_dir.empty()) return options.eslint_dir;
  if (const char* env = std::getenv("QUARRY_ESLINT_DIR"); env && *env) return env;
  return (fs::path(QUARRY_BUILT_FROM) / "tools" / "eslint-security").string();
}

void RunEslint(Job& job) {
  std::error_code ec;
  fs::path dir = fs::absolute(EslintDir(job.options), ec);
  fs::path program = dir / "node_modules" / ".bin" / "eslint";
  if (!fs::exists(program, ec)) {
    job.run.state = "not_installed";
    job.run.detail = "no eslint in " + dir.string() +
                     " (run `npm ci` there, or set QUARRY_ESLINT_DIR to a folder that has it)";
    return;
  }
  // --no-inline-config: eslint-disable comments in the code under review are not obeyed.
  std::vector<std::string> argv = {program.string(),
                                   "--no-warn-ignored",
                                   "--no-inline-config",
                                   "--format",
                                   "json",
                                   "--config",
                                   (dir / "eslint.config.mjs").string()};
  for (const ReviewedFile* f : job.files) argv.push_back(fs::absolute(f->disk_path, ec).string());
  // eslint reads only files under its working folder.
  auto out = Run(job, argv, "/");
  if (!out.ok()) {
    Fail(job, out.status());
    return;
  }
  job.output = ParseEslintJson(out.value().out);
  if (out.value().exit_code > 1) {
    job.run.state = "failed";
    job.run.detail = "eslint exited with " + std::to_string(out.value().exit_code) + ": " +
                     out.value().err.substr(0, 300);
  }
}

struct Spec {
  const char* engine;
  bool (*reads)(Language);
  Runner runner;
};

const std::vector<Spec>& Specs() {
  static const std::vector<Spec> kSpecs = {
      {"cppcheck", IsCFamily, RunCppcheck},
      {"clang", IsCFamily, RunClang},
      {"flawfinder", IsCFamily, RunFlawfinder},
      {"bandit", [](Language l) { return l == Language::kPython; }, RunBandit},
      {"eslint", IsJsFamily, RunEslint},
  };
  return kSpecs;
}

// The analyzer's name for a file → the reviewed file.
const ReviewedFile* FileNamed(const Job& job, const std::string& name) {
  std::error_code ec;
  for (const ReviewedFile* f : job.files) {
    if (f->disk_path == name) return f;
    if (fs::equivalent(f->disk_path, name, ec)) return f;
  }
  return nullptr;
}

void Collect(Job& job, AnalyzerResult& result) {
  const CweTable& cwes = CweTable::BuiltIn();
  job.run.unreadable = job.output.unreadable;
  for (const RawFinding& raw : job.output.findings) {
    const ReviewedFile* file = FileNamed(job, raw.file);
    if (file == nullptr) continue;  // a header it followed outside the change
    std::string cwe = cwes.CweOfAnalyzerRule(job.run.engine, raw.rule, raw.message);
    if (cwe == "-") {
      ++job.run.not_security;
      continue;
    }
    if (cwe.empty()) cwe = CweTable::Canonical(raw.cwe);
    if (cwe.empty() || cwes.Find(cwe) == nullptr) {
      ++job.run.not_security;
      continue;
    }
    uint64_t end = std::max(raw.line, raw.end_line);
    if (!file->Changed(raw.line, end)) {
      ++job.run.outside_change;
      continue;
    }
    ReviewFinding f;
    f.finding.severity =
        raw.severity == "error" || raw.severity == "HIGH" ? Severity::kError : Severity::kWarning;
    f.finding.code = raw.rule;
    f.finding.message = raw.message;
    f.finding.where.file = file->path;
    f.finding.where.line = raw.line;
    f.end_line = end;
    f.cwe = cwe;
    f.engine = job.run.engine;
    f.evidence = std::string(file->Line(raw.line));
    f.voices.push_back(Voice{job.run.engine, raw.rule, cwe, raw.message});
    result.findings.push_back(std::move(f));
    ++job.run.findings;
  }
}

}  // namespace

const std::vector<std::string>& AnalyzerNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& spec : Specs()) names.emplace_back(spec.engine);
    return names;
  }();
  return kNames;
}

AnalyzerResult RunAnalyzers(const ReviewInput& input, const AnalyzerOptions& options) {
  AnalyzerResult result;
  for (const Spec& spec : Specs()) {
    Job job{input, options, {}, {}, {}};
    job.run.engine = spec.engine;
    size_t in_language = 0;
    for (const auto& file : input.files) {
      if (!spec.reads(file.language)) continue;
      ++in_language;
      if (!file.disk_path.empty()) job.files.push_back(&file);
    }
    job.run.files = job.files.size();
    if (std::find(options.skip.begin(), options.skip.end(), spec.engine) != options.skip.end()) {
      job.run.state = "skipped";
      job.run.detail = "not asked for";
    } else if (job.files.empty()) {
      job.run.state = "not_needed";
      job.run.detail = in_language == 0 ? "no file in its languages"
                                        : "its files are not on disk as the diff says";
    } else {
      job.run.state = "ran";
      auto start = std::chrono::steady_clock::now();
      spec.runner(job);
      job.run.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Collect(job, result);
    }
    result.runs.push_back(std::move(job.run));
  }
  return result;
}

}  // namespace quarry::review
