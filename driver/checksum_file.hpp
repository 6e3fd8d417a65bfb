// `.cargo-checksum.json`, which cargo's directory sources require in every crate directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "error.hpp"

namespace cratebox {

// {"files":{},"package":"<sha256>"} for registry crates, "package":null for git crates.
// Empty `files` makes cargo skip per-file checks; `package` must equal the lockfile checksum.
std::string checksumFileText(const std::optional<std::string>& packageSha256);
Status writeChecksumFile(const std::filesystem::path& crateDir, const std::optional<std::string>& packageSha256);

}  // namespace cratebox
