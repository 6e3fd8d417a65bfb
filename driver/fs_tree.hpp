// Whole-tree file operations with deterministic results: copies that keep symlinks and
// normalize modes, and mtime normalization.
#pragma once

#include <filesystem>
#include <functional>

#include "error.hpp"

namespace cratebox {

// Sets the mtime of one entry (not following symlinks) to 1 second after the epoch.
Status normalizeMtime(const std::filesystem::path& path);

// Sets the mtime of every entry (not following symlinks) to 1 second after the epoch,
// as the Nix store does, so trees built at different times are identical.
Status normalizeMtimes(const std::filesystem::path& root);

// Copies `from` to `to` (created). Symlinks are copied as symlinks; files get 0644 or 0755;
// `skip(relativePath, isDirectory)` prunes entries. Files stay writable (a build copy).
Status copyTree(const std::filesystem::path& from, const std::filesystem::path& to,
                const std::function<bool(const std::filesystem::path&, bool)>& skip = {});

}  // namespace cratebox
