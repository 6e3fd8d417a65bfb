// The job: everything one run of the driver needs, parsed from the JSON document that is
// the Nix derivation's structured attributes (or a local --attrs file). Schema: README.md,
// "The job file". Parsing lives in job.cpp; the structs are the contract between the
// vendoring and build halves of the driver.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "error.hpp"

namespace cratebox {

namespace fs = std::filesystem;

// A registry crate's tarball, named by its lockfile identity.
struct CrateTarball {
  std::string name;
  std::string version;
  std::string source;  // lockfile source string, e.g. "registry+https://github.com/rust-lang/crates.io-index"
  fs::path tarball;
};

// A checkout of a git source at its locked commit (may hold many crates).
struct GitCheckout {
  std::string source;  // full lockfile source string "git+URL?branch=x#COMMIT"
  fs::path path;
};

struct VendorJob {
  std::vector<fs::path> lockFiles;  // the project's first; extra ones are merged
  std::vector<CrateTarball> crates;
  std::vector<GitCheckout> gitCheckouts;
  std::optional<fs::path> cratesDir;  // fallback: <name>-<version>.crate in this dir
  fs::path out;                       // the vendor tree to create
};

enum class Stage { Deps, Main };
enum class Mode { Build, Check, Test, Clippy, Doc, Fmt };

struct BuildJob {
  Stage stage = Stage::Main;
  std::optional<fs::path> src;
  std::string root;                             // relative dir inside src
  std::map<std::string, std::string> manifests; // deps stage: rel path -> text
  std::vector<std::string> targetFiles;         // deps stage: rel paths to stub
  std::optional<fs::path> vendorDir;
  std::optional<VendorJob> vendor;              // when vendorDir is absent
  std::optional<fs::path> depsArtifacts;

  Mode mode = Mode::Build;
  bool release = true;
  std::vector<std::string> cargoOptions;
  std::vector<std::string> cargoBuildOptions;
  std::vector<std::string> cargoTestOptions;
  std::vector<std::string> cargoClippyOptions;
  std::vector<std::string> cargoFmtOptions;
  std::vector<std::string> cargoDocOptions;
  bool doCheck = false;
  bool doDoc = false;
  bool copyBins = true;
  std::optional<std::vector<std::string>> copyBinsFilter;
  bool copyLibs = false;
  bool copyTarget = false;
  bool remapPathPrefix = true;
  std::vector<fs::path> inputs;
  std::optional<fs::path> linker;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> hooks;  // stdenv hook name -> shell snippet (hooks.hpp)

  fs::path out;
  std::optional<fs::path> docOut;
};

// `origin` names the document in error messages (a file path or "$NIX_ATTRS_JSON_FILE").
Result<VendorJob> parseVendorJob(const nlohmann::json& attrs, const std::string& origin);
Result<BuildJob> parseBuildJob(const nlohmann::json& attrs, const std::string& origin);
Result<nlohmann::json> readJobFile(const fs::path& path);

}  // namespace cratebox
