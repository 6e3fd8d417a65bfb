#include "git_crate.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include <spdlog/spdlog.h>
#include "toml_parse.hpp"

#include "checksum_file.hpp"
#include "fs_tree.hpp"
#include "workspace_inherit.hpp"

namespace cratebox {
namespace fs = std::filesystem;
namespace {

bool isSkippedDir(const fs::path& name) { return name == ".git" || name == "target"; }

std::vector<fs::path> manifestsIn(const fs::path& checkout) {
  std::vector<fs::path> manifests;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(checkout, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec) && isSkippedDir(it->path().filename())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().filename() == "Cargo.toml" && it->is_regular_file(ec)) manifests.push_back(it->path());
  }
  std::sort(manifests.begin(), manifests.end());  // deterministic choice among duplicates
  return manifests;
}

std::optional<toml::table> parseQuietly(const fs::path& manifest) {
  auto parsed = parseTomlFile(manifest);
  if (!parsed) {
    spdlog::debug("ignoring unparsable {}", parsed.error().message);
    return std::nullopt;
  }
  return std::move(*parsed);
}

// The nearest directory from the crate upwards (inside the checkout) whose manifest has [workspace].
std::optional<fs::path> findWorkspaceRoot(const fs::path& checkout, const fs::path& crateDir) {
  const fs::path top = checkout.lexically_normal();
  for (fs::path dir = crateDir.lexically_normal();; dir = dir.parent_path()) {
    const fs::path manifest = dir / "Cargo.toml";
    std::error_code ec;
    if (fs::is_regular_file(manifest, ec))
      if (auto table = parseQuietly(manifest); table && table->contains("workspace")) return dir;
    if (dir == top || dir == dir.parent_path() || dir.string().size() <= top.string().size()) break;
  }
  return std::nullopt;
}

std::optional<std::string> packageVersion(const toml::table& manifest, const fs::path& checkout, const fs::path& dir) {
  if (auto version = manifest["package"]["version"].value<std::string>()) return version;
  if (!manifest["package"]["version"]["workspace"].value_or(false)) return std::nullopt;
  if (auto root = findWorkspaceRoot(checkout, dir))
    if (auto table = parseQuietly(*root / "Cargo.toml"))
      return (*table)["workspace"]["package"]["version"].value<std::string>();
  return std::nullopt;
}

}  // namespace

Result<GitCrateLocation> locateGitCrate(const fs::path& checkout, const std::string& name, const std::string& version) {
  std::error_code ec;
  if (!fs::is_directory(checkout, ec))
    return Error(ErrorKind::CrateSource, "git checkout " + checkout.string() + " is not a directory");
  std::vector<std::string> versionsSeen;
  for (const auto& manifestPath : manifestsIn(checkout)) {
    auto manifest = parseQuietly(manifestPath);
    if (!manifest || (*manifest)["package"]["name"].value<std::string>() != name) continue;
    const fs::path dir = manifestPath.parent_path();
    const auto found = packageVersion(*manifest, checkout, dir);
    if (found == version) return GitCrateLocation{dir, findWorkspaceRoot(checkout, dir)};
    versionsSeen.push_back(found.value_or("?") + " in " + dir.lexically_relative(checkout).string());
  }
  std::string seen;
  for (const auto& v : versionsSeen) seen += (seen.empty() ? "" : ", ") + v;
  return Error(ErrorKind::CrateSource,
               "crate " + name + " " + version + " not found in git checkout " + checkout.string() +
                   (seen.empty() ? "" : " (found versions: " + seen + ")"),
               "check that the lockfile's commit is the one fetched (and gitSubmodules if the crate lives in a submodule)");
}

Status vendorGitCrate(const GitCrateLocation& location, const fs::path& dest) {
  const fs::path manifestPath = location.dir / "Cargo.toml";
  auto parsedMember = parseTomlFile(manifestPath);
  if (!parsedMember) return parsedMember.error();
  std::optional<toml::table> rootManifest;
  WorkspaceContext workspace;
  if (location.workspaceDir) {
    rootManifest = parseQuietly(*location.workspaceDir / "Cargo.toml");
    workspace.rootDir = *location.workspaceDir;
    workspace.rootOrigin = (*location.workspaceDir / "Cargo.toml").string();
    if (rootManifest) workspace.root = &*rootManifest;
  }
  auto standalone = resolveWorkspaceInheritance(*parsedMember, location.dir, workspace, manifestPath.string());
  if (!standalone) return standalone.error();

  // Nested packages are crates of their own; cargo never reads them from this one.
  CRATEBOX_TRY(copyTree(location.dir, dest, [&](const fs::path& relative, bool isDir) {
    if (!isDir) return false;
    std::error_code ec;
    return isSkippedDir(relative.filename()) || fs::exists(location.dir / relative / "Cargo.toml", ec);
  }));
  {
    std::ofstream out(dest / "Cargo.toml", std::ios::binary | std::ios::trunc);
    out << manifestText(*standalone);
    if (!out) return Error(ErrorKind::Io, "cannot write " + (dest / "Cargo.toml").string());
  }
  CRATEBOX_TRY(writeChecksumFile(dest, std::nullopt));
  return normalizeMtimes(dest);
}

}  // namespace cratebox
