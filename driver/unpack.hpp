// Safe, streaming extraction of one .crate (a gzip'd tar with a single top directory
// `<name>-<version>/`) with the SHA-256 of the tarball computed while it is read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "error.hpp"

namespace cratebox {

struct UnpackResult {
  std::string sha256;       // of the whole tarball file
  std::uint64_t files = 0;  // regular files written
};

// Extracts `tarball` into `dest` (created; must not exist), stripping the top directory
// `topDir`. Entries that would land outside `dest` (`..`, absolute paths, symlinks or hard
// links pointing outside) and special files (devices, fifos, sockets) are rejected; nothing
// is ever written outside `dest`. Modes are normalized (0644, or 0755 when any x bit is set),
// ownership is never taken from the archive, mtimes are set to 1 for deterministic trees.
// With `expectedSha256`, a tarball whose hash differs is reported as a checksum mismatch
// (even when it also fails to unpack): the lockfile's checksum is the first thing to blame.
Result<UnpackResult> unpackCrate(const std::filesystem::path& tarball, const std::string& topDir,
                                 const std::filesystem::path& dest,
                                 const std::optional<std::string>& expectedSha256 = std::nullopt);

}  // namespace cratebox
