// Cargo.lock, versions 1 to 4, parsed with toml++ into the packages vendoring needs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "source_id.hpp"

namespace cratebox {

struct LockedPackage {
  std::string name;
  std::string version;
  std::optional<SourceId> source;       // none: a workspace member or path dependency
  std::optional<std::string> checksum;  // sha256 of the .crate (registry packages)
};

struct Lockfile {
  int version = 1;  // 1..4; v1 has no `version` key and keeps checksums in [metadata]
  std::vector<LockedPackage> packages;
};

// `origin` names the file in error messages (file:line:col).
Result<Lockfile> parseLockfile(std::string_view text, const std::string& origin);
Result<Lockfile> readLockfile(const std::filesystem::path& path);

// Packages of several lockfiles, each (name, version, source) once, in a stable order.
Result<std::vector<LockedPackage>> mergeLockfiles(const std::vector<Lockfile>& lockfiles);

}  // namespace cratebox
