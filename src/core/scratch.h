// A folder of its own under the system's temporary directory, removed with everything in it
// when the object goes: for drafts that are checked before anything is saved.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace quarry {

class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / "quarry-scratch-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  // "" when no folder could be made.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace quarry
