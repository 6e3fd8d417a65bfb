// Turns a workspace member's Cargo.toml into a standalone manifest: every `workspace = true`
// field is replaced by the value it inherits from the workspace root. Needed for crates
// vendored out of a git repository, where the workspace root is not copied along.
#pragma once

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "error.hpp"

namespace cratebox {

struct WorkspaceContext {
  const toml::table* root = nullptr;  // the workspace root's manifest (has [workspace]); may be null
  std::filesystem::path rootDir;      // its directory
  std::string rootOrigin;             // its path, for messages
};

// Resolves [package] fields, dependency tables (also `target.<cfg>.*`), and `lints`.
// Paths inherited from the root (`path` deps, `readme`, `license-file`) are rebased onto `memberDir`.
// The member's own `[workspace]` table and `package.workspace` key are dropped.
Result<toml::table> resolveWorkspaceInheritance(const toml::table& member, const std::filesystem::path& memberDir,
                                                const WorkspaceContext& workspace, const std::string& memberOrigin);

// A manifest as TOML text (deterministic: keys sorted).
std::string manifestText(const toml::table& manifest);

}  // namespace cratebox
