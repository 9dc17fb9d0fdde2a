// Git history and staged changes through libgit2: commits oldest first, each against its first
// parent; a blob already scanned is not scanned again, and a secret already reported at an
// earlier commit (same rule, path and value) is not reported again.
#include <git2.h>

#include <ctime>
#include <filesystem>
#include <set>
#include <unordered_set>

#include "core/hash.h"
#include "secrets/sources.h"

namespace quarry::secrets {
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

std::string IsoTime(const git_time& t) {
  std::time_t secs = static_cast<std::time_t>(t.time);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Known(const SecretFinding& f) {
  Sha256 h;
  h.Update(f.secret);
  return f.rule_id + '\0' + f.file + '\0' + h.HexDigest();
}

struct HistoryScan {
  const Scanner& scanner;
  git_repository* repo;
  SourceScan& out;
  std::unique_ptr<Scanner::Scratch, void (*)(Scanner::Scratch*)> scratch;
  std::unordered_set<std::string> blobs_seen;
  // What was reported or known: rule, path and the secret's full hash (a fingerprint holds only
  // 16 bits of the secret, too few to tell every two secrets apart).
  std::set<std::string> reported;
  std::string repo_path;  // named in problems

  // Scans one blob as PATH; findings carry COMMIT (may be null for the index). A blob is scanned
  // once per path (rules and allowlists can depend on the path). With BASELINE_ONLY, what it
  // holds is only remembered as known: the old side of a change, so that a range or the index
  // reports what it adds, not what was there before.
  void ScanBlob(const git_oid& id, const std::string& path, git_commit* commit,
                bool baseline_only = false) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    if (!blobs_seen.insert(std::string(hex) + '\0' + path).second) return;
    if (!scanner.PathAllowed(path)) {
      if (!baseline_only) ++out.stats.ignored;
      return;
    }
    Owned<git_blob, git_blob_free> blob;
    if (git_blob_lookup(&blob.p, repo, &id) != 0) {
      out.problems.push_back(
          ErrorAt("secrets.git.object", GitError("blob " + std::string(hex)), path));
      return;
    }
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.p));
    std::string_view text(data, static_cast<size_t>(git_blob_rawsize(blob.p)));
    if (LooksBinary(text.substr(0, 8000))) {
      if (!baseline_only) ++out.stats.binary;
      return;
    }
    std::string commit_id;
    if (commit != nullptr) {
      char c[GIT_OID_HEXSZ + 1];
      git_oid_tostr(c, sizeof c, git_commit_id(commit));
      commit_id = c;
    }
    std::vector<SecretFinding> found;
    scanner.ScanPath(path, found);
    scanner.Scan(text, path, *scratch, found, commit_id);
    if (baseline_only) {
      for (const SecretFinding& f : found) reported.insert(Known(f));
      return;
    }
    ++out.stats.files;
    out.stats.bytes += text.size();
    for (SecretFinding& f : found) {
      if (!reported.insert(Known(f)).second) continue;
      if (commit != nullptr) {
        f.commit = commit_id;
        const git_signature* who = git_commit_author(commit);
        if (who != nullptr) {
          f.author = std::string(who->name != nullptr ? who->name : "") + " <" +
                     (who->email != nullptr ? who->email : "") + ">";
          f.date = IsoTime(who->when);
        }
      }
      out.findings.push_back(std::move(f));
    }
  }

  void ScanDiff(git_diff* diff, git_commit* commit) {
    size_t n = git_diff_num_deltas(diff);
    for (size_t i = 0; i < n; ++i) {
      const git_diff_delta* d = git_diff_get_delta(diff, i);
      if (d->status == GIT_DELTA_DELETED || d->new_file.path == nullptr) continue;
      if ((d->new_file.mode & 0170000) != 0100000) continue;  // not a regular file (link, module)
      if (d->status != GIT_DELTA_ADDED && d->old_file.path != nullptr &&
          (d->old_file.mode & 0170000) == 0100000 && !git_oid_is_zero(&d->old_file.id)) {
        ScanBlob(d->old_file.id, d->old_file.path, commit, true);
      }
      ScanBlob(d->new_file.id, d->new_file.path, commit);
    }
  }

  void ScanCommit(git_commit* commit) {
    Owned<git_tree, git_tree_free> tree, parent_tree;
    if (git_commit_tree(&tree.p, commit) != 0) {
      out.problems.push_back(ErrorAt("secrets.git.object", GitError("tree of commit"), repo_path));
      return;
    }
    if (git_commit_parentcount(commit) > 0) {
      Owned<git_commit, git_commit_free> parent;
      if (git_commit_parent(&parent.p, commit, 0) == 0) git_commit_tree(&parent_tree.p, parent.p);
    }
    Owned<git_diff, git_diff_free> diff;
    if (git_diff_tree_to_tree(&diff.p, repo, parent_tree.p, tree.p, nullptr) != 0) {
      out.problems.push_back(ErrorAt("secrets.git.object", GitError("diff"), repo_path));
      return;
    }
    ScanDiff(diff.p, commit);
    ++out.stats.commits;
  }
};

void WalkHistory(HistoryScan& scan, const std::string& range) {
  Owned<git_revwalk, git_revwalk_free> walk;
  if (git_revwalk_new(&walk.p, scan.repo) != 0) {
    scan.out.problems.push_back(ErrorAt("secrets.git", GitError("revision walk"), scan.repo_path));
    return;
  }
  git_revwalk_sorting(walk.p, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  int rc = range.empty()                           ? git_revwalk_push_head(walk.p)
           : range.find("..") != std::string::npos ? git_revwalk_push_range(walk.p, range.c_str())
                                                   : git_revwalk_push_ref(walk.p, range.c_str());
  if (rc != 0 && !range.empty() && range.find("..") == std::string::npos) {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, scan.repo, range.c_str()) == 0) {
      rc = git_revwalk_push(walk.p, git_object_id(obj));
      git_object_free(obj);
    }
  }
  if (rc != 0) {
    scan.out.problems.push_back(
        ErrorAt("secrets.git.range", GitError("revision '" + range + "'"), scan.repo_path));
    return;
  }
  git_oid oid;
  while ((rc = git_revwalk_next(&oid, walk.p)) == 0) {
    Owned<git_commit, git_commit_free> commit;
    if (git_commit_lookup(&commit.p, scan.repo, &oid) != 0) {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr(hex, sizeof hex, &oid);
      scan.out.problems.push_back(
          ErrorAt("secrets.git.object", GitError("commit " + std::string(hex)), scan.repo_path));
      continue;
    }
    scan.ScanCommit(commit.p);
  }
  if (rc != GIT_ITEROVER) {
    scan.out.problems.push_back(
        ErrorAt("secrets.git.object", GitError("history walk"), scan.repo_path));
  }
}

void ScanStaged(HistoryScan& scan) {
  Owned<git_index, git_index_free> index;
  if (git_repository_index(&index.p, scan.repo) != 0) {
    scan.out.problems.push_back(ErrorAt("secrets.git", GitError("index"), scan.repo_path));
    return;
  }
  Owned<git_tree, git_tree_free> head_tree;
  git_object* head = nullptr;
  if (git_revparse_single(&head, scan.repo, "HEAD^{tree}") == 0) {
    head_tree.p = reinterpret_cast<git_tree*>(head);  // an unborn HEAD compares with nothing
  }
  Owned<git_diff, git_diff_free> diff;
  if (git_diff_tree_to_index(&diff.p, scan.repo, head_tree.p, index.p, nullptr) != 0) {
    scan.out.problems.push_back(ErrorAt("secrets.git", GitError("staged changes"), scan.repo_path));
    return;
  }
  scan.ScanDiff(diff.p, nullptr);
}

}  // namespace

void ScanGit(const Scanner& scanner, const std::string& repo_path, const GitScanOptions& options,
             SourceScan& out) {
  static const int kInit = git_libgit2_init();
  (void)kInit;
  Owned<git_repository, git_repository_free> repo;
  unsigned flags = options.no_search ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0;
  if (git_repository_open_ext(&repo.p, repo_path.c_str(), flags, nullptr) != 0) {
    out.problems.push_back(
        ErrorAt("secrets.git", GitError("not a readable git repository"), repo_path));
    return;
  }
  if (options.no_search) {
    // A gitlink file or a common dir can point anywhere: the repository must live in the folder.
    std::error_code ec;
    std::filesystem::path inside = std::filesystem::weakly_canonical(repo_path, ec);
    const char* common = git_repository_commondir(repo.p);
    std::filesystem::path store =
        std::filesystem::weakly_canonical(common != nullptr ? common : "", ec);
    auto rel = store.lexically_relative(inside);
    if (ec || rel.empty() || *rel.begin() == "..") {
      out.problems.push_back(ErrorAt(
          "secrets.git", "the repository's objects are outside the folder given", repo_path));
      return;
    }
  }
  HistoryScan scan{scanner, repo.p, out, scanner.NewScratch(), {}, {}, repo_path};
  if (options.staged) {
    ScanStaged(scan);
  } else {
    WalkHistory(scan, options.range);
  }
}

}  // namespace quarry::secrets
