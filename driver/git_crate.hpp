// Crates inside a git checkout: found by package name and version anywhere in the
// repository (many crates, nested workspaces, submodule directories), then copied out as
// standalone crates with their workspace inheritance resolved.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "error.hpp"

namespace cratebox {

struct GitCrateLocation {
  std::filesystem::path dir;                          // the crate's directory in the checkout
  std::optional<std::filesystem::path> workspaceDir;  // its workspace root, if any
};

Result<GitCrateLocation> locateGitCrate(const std::filesystem::path& checkout, const std::string& name,
                                        const std::string& version);

// Copies the crate to `dest` (nested packages, .git and target/ left out), rewrites its
// Cargo.toml standalone, writes `.cargo-checksum.json` with "package": null.
Status vendorGitCrate(const GitCrateLocation& location, const std::filesystem::path& dest);

}  // namespace cratebox
