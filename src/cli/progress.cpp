#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace quarry::cli {

bool StderrIsTerminal() {
  return isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressBar::~ProgressBar() {
  Clear();
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

void ProgressBar::Update(uint64_t done, uint64_t total, uint64_t items, const std::string& label) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  if (fraction > 1) fraction = 1;
  constexpr int kWidth = 24;
  int filled = static_cast<int>(fraction * kWidth);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = '\0';
  double rate = elapsed > 0 ? static_cast<double>(items) / elapsed : 0;
  char eta[32] = "--:--";
  if (fraction > 0.01 && elapsed > 0.5) {
    auto remaining = static_cast<long>(elapsed / fraction - elapsed);
    std::snprintf(eta, sizeof eta, "%ld:%02ld", remaining / 60, remaining % 60);
  }
  std::string shown = label.size() > 40 ? "..." + label.substr(label.size() - 37) : label;
  std::fprintf(stderr, "\r\033[K[%s] %3d%%  %.0f events/s  ETA %s  %s", bar,
               static_cast<int>(fraction * 100), rate, eta, shown.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace quarry::cli
