// The cargo configuration that replaces every source of the lockfile (crates.io, alternative
// and sparse registries, git repositories) with a directory of the vendor tree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "source_id.hpp"

namespace cratebox {

// `sources`: the distinct sources of the lockfile (any order; duplicates ignored).
// Paths are `vendorRoot/<SourceId::vendorDirName()>`. crates.io is always replaced, so cargo
// never reaches for the network even when the lockfile has no crates.io package.
std::string cargoConfigText(const std::vector<SourceId>& sources, const std::filesystem::path& vendorRoot);

// A TOML basic string with the quotes and escapes TOML requires.
std::string tomlString(const std::string& value);

}  // namespace cratebox
