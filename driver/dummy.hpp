// The dependency-only workspace: the project's manifests (texts, so no `.rs` file is an
// input of the deps derivation) with every target replaced by a stub. Building it compiles
// exactly the dependencies the real build needs, with the same features and profile.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "error.hpp"

namespace cratebox {

struct WorkspaceFiles {
  std::map<std::string, std::string> manifests;  // relative path -> text (Cargo.toml, Cargo.lock, .cargo/config*)
  std::vector<std::string> targetFiles;          // relative paths of target sources
};

struct StubFile {
  std::string path;     // relative to the workspace
  std::string content;  // "" for libraries, `fn main() {}` for everything else
};

// The stubs for `files`: every listed target file, every target path named in a manifest
// ([lib], [[bin]], [[example]], [[test]], [[bench]], package.build), and src/lib.rs for a
// package left without any target. `[lib] crate-type` and `proc-macro` stay in the
// manifests untouched, so dependencies are built exactly as the real build wants them.
Result<std::vector<StubFile>> dummyStubs(const WorkspaceFiles& files);

// Writes manifests and stubs under `dir`.
Status writeDummyWorkspace(const std::filesystem::path& dir, const WorkspaceFiles& files);

// What the Nix layer reads at evaluation time, read from a source tree instead (local runs).
Result<WorkspaceFiles> collectWorkspaceFiles(const std::filesystem::path& src);

}  // namespace cratebox
