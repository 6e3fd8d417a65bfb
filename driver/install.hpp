// Installing what cargo built, chosen from its JSON messages: executables into $out/bin,
// libraries into $out/lib.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cargo_messages.hpp"
#include "error.hpp"

namespace cratebox {

struct InstallOptions {
  bool copyBins = true;
  std::optional<std::vector<std::string>> binsFilter;  // only these binary names
  bool copyLibs = false;
};

struct InstallReport {
  std::vector<std::filesystem::path> installed;
};

// Only artifacts of workspace members are installed; tests and build scripts never.
Result<InstallReport> installArtifacts(const std::vector<Artifact>& artifacts, const InstallOptions& options,
                                       const std::filesystem::path& out);

}  // namespace cratebox
