// A one-line progress bar with rate and ETA, drawn only on a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace quarry::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  void Update(uint64_t done, uint64_t total, uint64_t items, const std::string& label);
  // Erases the bar (before printing a message or at the end).
  void Clear();
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

bool StderrIsTerminal();

}  // namespace quarry::cli
