// The deps stage's product: cargo's target/ directory as a zstd-compressed tar. A tar
// because cargo's fingerprints depend on mtimes, which the Nix store would reset.
#pragma once

#include <filesystem>

#include "error.hpp"

namespace cratebox {

// Every entry gets the same mtime (kArchiveMtime): reproducible archives, and still newer
// than the store's sources (mtime 1), so cargo considers restored artifacts fresh.
inline constexpr long kArchiveMtime = 2;

// zstd compresses in `threads` workers (at least one): multi-threaded zstd gives the same
// bytes for any worker count, so the archive does not depend on the builder's cores.
Status archiveTarget(const std::filesystem::path& targetDir, const std::filesystem::path& archive, unsigned threads);
Status restoreTarget(const std::filesystem::path& archive, const std::filesystem::path& targetDir);

}  // namespace cratebox
