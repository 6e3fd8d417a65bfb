// Cargo's `--message-format=json-render-diagnostics` stream: which artifacts were built
// (the reliable way to find what to install) and which crates were compiled or fresh.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cratebox {

struct Artifact {
  std::string packageId;
  std::string targetName;
  std::vector<std::string> kinds;      // target.kind: bin, lib, rlib, cdylib, staticlib, proc-macro, ...
  std::vector<std::string> filenames;
  std::optional<std::string> executable;
  bool test = false;   // profile.test
  bool fresh = false;  // already up to date: not compiled by this run
  bool isWorkspaceMember() const;  // a path source (member or path dependency)
};

struct CargoMessages {
  std::vector<Artifact> artifacts;
  std::optional<bool> buildSucceeded;  // from build-finished

  // Feeds one stdout line; returns false when it is not a JSON message (e.g. test output).
  bool feed(std::string_view line);
  std::vector<std::string> compiledNonMembers() const;  // registry/git crates compiled by this run
};

// "registry+https://...#serde@1.0.0" or "serde 1.0.0 (registry+...)" -> "serde 1.0.0".
std::string packageLabel(const std::string& packageId);

}  // namespace cratebox
