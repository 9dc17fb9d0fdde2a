// A git range as a review's input through libgit2: the patch between the two trees read by the
// one diff reader, and the new sides written out of the HEAD tree for the analyzers.
#include <git2.h>

#include <filesystem>
#include <fstream>

#include "review/diff.h"
#include "review/input.h"

namespace quarry::review {
namespace fs = std::filesystem;
namespace {

std::string GitError(const std::string& what) {
  const git_error* e = git_error_last();
  return what + ": " + (e != nullptr && e->message != nullptr ? e->message : "unknown error");
}

template <typename T, void (*Free)(T*)>
struct Owned {
  T* p = nullptr;
  ~Owned() {
    if (p != nullptr) Free(p);
  }
};

int TreeOf(git_repository* repo, const std::string& rev, git_tree** tree) {
  git_object* obj = nullptr;
  int rc = git_revparse_single(&obj, repo, (rev + "^{tree}").c_str());
  if (rc == 0) *tree = reinterpret_cast<git_tree*>(obj);
  return rc;
}

// The changed files' new sides under FOLDER, as the HEAD tree holds them.
void WriteNewSides(git_repository* repo, git_tree* tree, const DiffParse& parsed,
                   const fs::path& folder, ReviewInput& input) {
  for (const auto& file : parsed.files) {
    if (file.binary || file.new_path.empty() || file.hunks.empty()) continue;
    Owned<git_tree_entry, git_tree_entry_free> entry;
    if (git_tree_entry_bypath(&entry.p, tree, file.new_path.c_str()) != 0) continue;
    Owned<git_blob, git_blob_free> blob;
    if (git_blob_lookup(&blob.p, repo, git_tree_entry_id(entry.p)) != 0) {
      input.problems.push_back(ErrorAt("review.git", GitError("blob"), file.new_path));
      continue;
    }
    fs::path out = folder / fs::path(file.new_path).lexically_normal();
    auto rel = out.lexically_relative(folder);
    if (rel.empty() || *rel.begin() == "..") continue;
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    std::ofstream stream(out, std::ios::binary);
    stream.write(static_cast<const char*>(git_blob_rawcontent(blob.p)),
                 static_cast<std::streamsize>(git_blob_rawsize(blob.p)));
  }
}

int AppendLine(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line,
               void* payload) {
  auto* text = static_cast<std::string*>(payload);
  if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
      line->origin == GIT_DIFF_LINE_DELETION)
    *text += line->origin;
  text->append(line->content, line->content_len);
  return 0;
}

}  // namespace

ReviewInput ReadGitRange(const std::string& path, const std::string& range) {
  static const int kInit = git_libgit2_init();
  (void)kInit;
  ReviewInput input;
  input.source = "git";
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open_ext(&repo.p, path.c_str(), 0, nullptr) != 0) {
    input.problems.push_back(
        ErrorAt("review.git", GitError("not a readable git repository"), path));
    return input;
  }
  const char* workdir = git_repository_workdir(repo.p);
  // Names and checks are looked up in the working tree (the new sides come from HEAD).
  std::string root = workdir != nullptr ? fs::path(workdir).lexically_normal().string() : path;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  input.root = root;
  std::string base_rev, head_rev;
  size_t dots = range.find("..");
  if (dots != std::string::npos) {
    base_rev = range.substr(0, dots);
    head_rev = range.substr(dots + (range.compare(dots, 3, "...") == 0 ? 3 : 2));
    if (head_rev.empty()) head_rev = "HEAD";
    if (base_rev.empty()) base_rev = "HEAD";
  } else {
    head_rev = range.empty() ? "HEAD" : range;
    base_rev = head_rev + "^";
  }
  Owned<git_tree, git_tree_free> base_tree, head_tree;
  if (TreeOf(repo.p, head_rev, &head_tree.p) != 0) {
    input.problems.push_back(ErrorAt("review.git", GitError("revision '" + head_rev + "'"), path));
    return input;
  }
  // A root commit has no parent: everything in it is new.
  if (TreeOf(repo.p, base_rev, &base_tree.p) != 0 && dots != std::string::npos) {
    input.problems.push_back(ErrorAt("review.git", GitError("revision '" + base_rev + "'"), path));
    return input;
  }
  Owned<git_diff, git_diff_free> diff;
  if (git_diff_tree_to_tree(&diff.p, repo.p, base_tree.p, head_tree.p, nullptr) != 0) {
    input.problems.push_back(ErrorAt("review.git", GitError("diff"), path));
    return input;
  }
  std::string patch;
  if (git_diff_print(diff.p, GIT_DIFF_FORMAT_PATCH, AppendLine, &patch) != 0) {
    input.problems.push_back(ErrorAt("review.git", GitError("diff"), path));
    return input;
  }
  DiffParse parsed = ParseUnifiedDiff(patch, range.empty() ? "HEAD" : range);
  for (auto& problem : parsed.problems) input.problems.push_back(std::move(problem));
  input.scratch = std::make_shared<ScratchDir>();
  if (input.scratch->path().empty()) {
    input.problems.push_back(ErrorAt("review.git", "no temporary folder for the new sides", path));
    return input;
  }
  WriteNewSides(repo.p, head_tree.p, parsed, input.scratch->path(), input);
  AddDiffFiles(parsed, range.empty() ? "HEAD" : range, input.scratch->path(), true, input);
  return input;
}

}  // namespace quarry::review
