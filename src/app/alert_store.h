// Alerts of `quarry scan --case` stored in the case's `Alerts` table, so KQL can query them.
// One scan (a rule set over the case's evidence) is registered like an evidence file: the same
// scan again adds nothing, and an interrupted one resumes after its last committed batch.
#pragma once

#include <memory>
#include <string>

#include "app/scan_job.h"
#include "core/status.h"
#include "store/case.h"
#include "store/case_writer.h"

namespace quarry::app {

class AlertStore {
 public:
  static constexpr const char* kTable = "Alerts";

  // `scan_id` identifies the rules and the evidence scanned (a SHA-256).
  static Result<std::unique_ptr<AlertStore>> Open(const std::string& case_dir,
                                                  const std::string& scan_id);
  ~AlertStore();

  // True when this very scan is already in the case (nothing will be added).
  bool already_stored() const { return complete_; }
  Status Add(const Alert& alert, const sigma::RuleInfo& info);
  Status Finish();
  int64_t added() const { return added_; }

 private:
  AlertStore() = default;
  std::unique_ptr<store::Case> case_;
  std::unique_ptr<store::WriteLock> lock_;
  std::unique_ptr<store::CaseWriter> writer_;
  std::string scan_id_;
  int64_t file_id_ = 0;
  int64_t next_ = 0;  // alerts seen, in order
  int64_t skip_ = 0;  // already committed by an interrupted run of the same scan
  int64_t added_ = 0;
  bool complete_ = false;
  Event row_;
};

}  // namespace quarry::app
