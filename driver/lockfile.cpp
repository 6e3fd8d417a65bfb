#include "lockfile.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "toml_parse.hpp"

namespace cratebox {
namespace {

std::string where(const std::string& origin, const toml::source_region& region) { return tomlWhere(origin, region); }

Error invalid(const std::string& at, const std::string& what) {
  return Error(ErrorKind::InvalidInput, at + ": " + what,
               "regenerate the lockfile with `cargo generate-lockfile` or fix it by hand");
}

int detectVersion(const toml::table& root) {
  if (auto v = root["version"].value<int64_t>()) return static_cast<int>(*v);
  if (const auto* metadata = root["metadata"].as_table()) {
    for (const auto& [key, _] : *metadata)
      if (key.str().starts_with("checksum ")) return 1;
  }
  return 2;  // v2 lockfiles have no version key either; their checksums are inline
}

// v1: `"checksum NAME VERSION (SOURCE)" = "<sha256>"` under [metadata].
std::map<std::string, std::string> metadataChecksums(const toml::table& root) {
  std::map<std::string, std::string> checksums;
  if (const auto* metadata = root["metadata"].as_table()) {
    for (const auto& [key, value] : *metadata) {
      const std::string_view k = key.str();
      if (!k.starts_with("checksum ")) continue;
      if (auto sha = value.value<std::string>()) {
        if (*sha != "<none>") checksums[std::string(k.substr(9))] = *sha;
      }
    }
  }
  return checksums;
}

Result<LockedPackage> parsePackage(const toml::table& table, int version,
                                   const std::map<std::string, std::string>& v1Checksums,
                                   const std::string& origin) {
  const std::string at = where(origin, table.source());
  LockedPackage package;
  auto name = table["name"].value<std::string>();
  auto ver = table["version"].value<std::string>();
  if (!name) return invalid(at, "[[package]] without a string `name`");
  if (!ver) return invalid(at, "package \"" + *name + "\" has no string `version`");
  package.name = *name;
  package.version = *ver;
  if (auto source = table["source"].value<std::string>()) {
    auto id = parseSourceId(*source, version >= 4);
    if (!id) return id.error().context(where(origin, table["source"].node()->source()));
    package.source = std::move(*id);
    if (auto sum = table["checksum"].value<std::string>()) {
      package.checksum = *sum;
    } else {
      auto it = v1Checksums.find(package.name + " " + package.version + " (" + *source + ")");
      if (it != v1Checksums.end()) package.checksum = it->second;
    }
  }
  return package;
}

}  // namespace

Result<Lockfile> parseLockfile(std::string_view text, const std::string& origin) {
  auto parsed = parseToml(text, origin);
  if (!parsed) return Error(ErrorKind::InvalidInput, parsed.error().message,
                            "fix the syntax error, or regenerate the lockfile with `cargo generate-lockfile`");
  const toml::table& root = *parsed;
  Lockfile lockfile;
  lockfile.version = detectVersion(root);
  if (lockfile.version < 1 || lockfile.version > 4)
    return invalid(origin, "unsupported lockfile version " + std::to_string(lockfile.version) +
                               " (cratebox reads versions 1 to 4)");
  const auto v1Checksums = metadataChecksums(root);
  const toml::node_view<const toml::node> packages = root["package"];
  if (!packages) return lockfile;  // a workspace without any package is legal
  const auto* array = packages.as_array();
  if (!array) return invalid(where(origin, packages.node()->source()), "`package` must be an array of tables");
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (!table) return invalid(where(origin, element.source()), "`package` entries must be tables");
    auto package = parsePackage(*table, lockfile.version, v1Checksums, origin);
    if (!package) return package.error();
    lockfile.packages.push_back(std::move(*package));
  }
  return lockfile;
}

Result<Lockfile> readLockfile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::InvalidInput, "cannot read lockfile " + path.string(),
                        "check the path; run `cargo generate-lockfile` if the project has none");
  std::stringstream text;
  text << in.rdbuf();
  return parseLockfile(text.str(), path.string());
}

Result<std::vector<LockedPackage>> mergeLockfiles(const std::vector<Lockfile>& lockfiles) {
  std::map<std::tuple<std::string, std::string, std::string>, LockedPackage> unique;
  for (const auto& lockfile : lockfiles) {
    for (const auto& package : lockfile.packages) {
      const std::string source = package.source ? package.source->withoutFragment() : "";
      const auto key = std::make_tuple(package.name, package.version, source);
      auto [it, inserted] = unique.emplace(key, package);
      if (!inserted && it->second.checksum && package.checksum && *it->second.checksum != *package.checksum)
        return Error(ErrorKind::InvalidInput,
                     "lockfiles disagree on the checksum of " + package.name + " " + package.version,
                     "regenerate the additional lockfile against the same registry");
      if (!inserted && !it->second.checksum) it->second.checksum = package.checksum;
    }
  }
  std::vector<LockedPackage> merged;
  merged.reserve(unique.size());
  for (auto& [_, package] : unique) merged.push_back(std::move(package));
  return merged;
}

}  // namespace cratebox
