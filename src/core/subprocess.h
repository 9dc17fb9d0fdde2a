// Running another program (graphviz's dot, static analyzers) as a child process: arguments
// passed as a list, never through a shell; its output captured; a missing program is an error
// that names it.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace quarry {

struct ProgramOutput {
  int exit_code = 0;  // 128 + N when killed by signal N
  std::string out;
  std::string err;
};

struct ProgramLimits {
  std::string folder;              // the working folder; "" keeps ours
  int timeout_seconds = 0;         // killed after this long (an error saying so); 0: no limit
  size_t max_output = 256u << 20;  // bytes per stream; more is an error
};

// Runs ARGV (ARGV[0] looked up on PATH) with INPUT on its standard input. NotFound when the
// program is not installed; output past MAX_OUTPUT bytes per stream is an error.
Result<ProgramOutput> RunProgram(const std::vector<std::string>& argv, const std::string& input,
                                 size_t max_output = 256u << 20);
// The same within LIMITS: a program that hangs is killed (analyzers run on untrusted code).
Result<ProgramOutput> RunProgram(const std::vector<std::string>& argv, const std::string& input,
                                 const ProgramLimits& limits);

// Whether NAME is an executable on PATH.
bool ProgramExists(const std::string& name);

}  // namespace quarry
