// The environment cargo runs in: what stdenv's setup hooks would give a Rust build from its
// inputs (PATH, pkg-config and C search paths, the linker), plus a private CARGO_HOME and the
// settings that make the build offline and reproducible.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "job.hpp"
#include "process.hpp"

namespace cratebox {

struct BuildDirs {
  std::filesystem::path work;       // everything writable of this build
  std::filesystem::path source;     // writable copy of the source (or the dummy workspace)
  std::filesystem::path cargoHome;  // private CARGO_HOME holding config.toml
  std::filesystem::path target;     // CARGO_TARGET_DIR
};

// `inherited`: the driver's own environment (Nix gives a nearly empty one).
Environment buildEnvironment(const BuildJob& job, const BuildDirs& dirs, const Environment& inherited);

// Search-path variables from the inputs, e.g. PATH = <input>/bin:...
Environment inputSearchPaths(const std::vector<std::filesystem::path>& inputs);

// The library dirs of the inputs (for rustc's -L).
std::vector<std::filesystem::path> inputLibraryDirs(const std::vector<std::filesystem::path>& inputs);

// Expands $NAME and ${NAME} from `env` (unknown names expand to nothing), as naersk's bash did.
std::string expandVariables(const std::string& text, const Environment& env);

// The Rust target triple of the machine the driver runs on.
std::string hostTriple();

Environment currentEnvironment();

}  // namespace cratebox
