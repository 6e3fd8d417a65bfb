// Source ids: the `source = "..."` strings of Cargo.lock, parsed into what vendoring and the
// cargo config need (kind, URL, git reference, locked commit, vendor directory name).
#pragma once

#include <string>
#include <string_view>

#include "error.hpp"

namespace cratebox {

enum class SourceKind { Registry, SparseRegistry, Git };
enum class GitRefKind { DefaultBranch, Branch, Tag, Rev };

struct SourceId {
  SourceKind kind = SourceKind::Registry;
  std::string raw;     // exactly as written in Cargo.lock
  std::string url;     // without the kind prefix, query and fragment (sparse: without "sparse+")
  GitRefKind refKind = GitRefKind::DefaultBranch;
  std::string ref;     // branch, tag or rev, percent-decoded
  std::string commit;  // the locked commit (the #fragment) of a git source

  bool isCratesIo() const;
  bool isGit() const { return kind == SourceKind::Git; }
  // The source without its #commit: what identifies it in the cargo config.
  std::string withoutFragment() const;
  // The directory of the vendor tree holding this source's crates: "crates-io",
  // "registry-<16 hex>" or "git-<16 hex>" (hash of withoutFragment(), so distinct sources never collide).
  std::string vendorDirName() const;
};

// `percentEncoded`: lockfile v4 percent-encodes git query values (branch=with%2Fslash).
Result<SourceId> parseSourceId(std::string_view text, bool percentEncoded);

std::string percentDecode(std::string_view text);

}  // namespace cratebox
