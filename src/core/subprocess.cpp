#include "core/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace quarry {
namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() { Close(); }
  void Close() {
    for (int& f : fd) {
      if (f >= 0) ::close(f);
      f = -1;
    }
  }
};

}  // namespace

bool ProgramExists(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    dir += "/";
    dir += name;
    if (::access(dir.c_str(), X_OK) == 0) return true;
  }
  return false;
}

Result<ProgramOutput> RunProgram(const std::vector<std::string>& argv, const std::string& input,
                                 size_t max_output) {
  ProgramLimits limits;
  limits.max_output = max_output;
  return RunProgram(argv, input, limits);
}

Result<ProgramOutput> RunProgram(const std::vector<std::string>& argv, const std::string& input,
                                 const ProgramLimits& limits) {
  const size_t max_output = limits.max_output;
  if (argv.empty()) return InvalidArgument("no program to run");
  if (!ProgramExists(argv[0])) return NotFound(argv[0] + " is not installed (not on PATH)");
  Pipe in, out, err;
  if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0 ||
      ::pipe2(err.fd, O_CLOEXEC) != 0)
    return IoError(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  if (!limits.folder.empty()) posix_spawn_file_actions_addchdir_np(&actions, limits.folder.c_str());
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // With a time limit the child leads its own process group, so that what it started is
  // stopped with it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (limits.timeout_seconds > 0) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
  }
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return IoError("cannot run " + argv[0] + ": " + std::strerror(rc));
  ::close(in.fd[0]);
  in.fd[0] = -1;
  ::close(out.fd[1]);
  out.fd[1] = -1;
  ::close(err.fd[1]);
  err.fd[1] = -1;
  // A child that stops reading must not get SIGPIPE sent back to us.
  struct sigaction ignore = {};
  struct sigaction previous = {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  ProgramOutput result;
  size_t written = 0;
  if (input.empty()) in.Close();
  bool too_much = false;
  bool timed_out = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.timeout_seconds);
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
    if (err.fd[0] >= 0) fds[n++] = {err.fd[0], POLLIN, 0};
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    int wait_ms = -1;
    if (limits.timeout_seconds > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);  // also when it left its group
        break;
      }
      wait_ms = static_cast<int>(std::min<int64_t>(left.count(), 1000));
    }
    if (::poll(fds, n, wait_ms) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in.fd[1]) {
        ssize_t w = ::write(in.fd[1], input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 || written == input.size()) in.Close();
        continue;
      }
      char buffer[65536];
      ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
      std::string& into = fds[i].fd == out.fd[0] ? result.out : result.err;
      if (r > 0) {
        into.append(buffer, static_cast<size_t>(r));
        if (into.size() > max_output) too_much = true;
      } else if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
        (fds[i].fd == out.fd[0] ? out : err).Close();
      }
    }
    if (too_much) {
      if (limits.timeout_seconds > 0) ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      break;
    }
  }
  in.Close();
  int status = 0;
  if (limits.timeout_seconds > 0 && !timed_out) {
    // Its output is closed but it may still run.
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        timed_out = true;
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);  // also when it left its group
        break;
      }
      ::usleep(10000);
    }
    if (timed_out) {
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  } else {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  if (timed_out)
    return IoError(argv[0] + " did not finish within " + std::to_string(limits.timeout_seconds) +
                   " s and was stopped");
  if (too_much)
    return IoError(argv[0] + " wrote more than " + std::to_string(max_output) + " bytes");
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace quarry
