#include "install.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace cratebox {
namespace fs = std::filesystem;
namespace {

bool hasKind(const Artifact& a, std::string_view kind) {
  return std::find(a.kinds.begin(), a.kinds.end(), kind) != a.kinds.end();
}

bool isLibraryFile(const fs::path& file) {
  const std::string ext = file.extension().string();
  return ext == ".a" || ext == ".so" || ext == ".rlib" || ext == ".dylib";
}

Status copyInto(const fs::path& file, const fs::path& dir, fs::perms mode, InstallReport& report) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path target = dir / file.filename();
  fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::permissions(target, mode, ec);
  if (ec) return Error(ErrorKind::Io, "cannot install " + file.string() + " to " + target.string() + ": " + ec.message());
  if (std::find(report.installed.begin(), report.installed.end(), target) == report.installed.end())
    report.installed.push_back(target);
  return ok();
}

}  // namespace

Result<InstallReport> installArtifacts(const std::vector<Artifact>& artifacts, const InstallOptions& options,
                                       const fs::path& out) {
  InstallReport report;
  for (const auto& artifact : artifacts) {
    if (!artifact.isWorkspaceMember() || artifact.test || hasKind(artifact, "custom-build")) continue;
    if (options.copyBins && artifact.executable && hasKind(artifact, "bin")) {
      const auto& filter = options.binsFilter;
      if (filter && std::find(filter->begin(), filter->end(), artifact.targetName) == filter->end()) continue;
      CRATEBOX_TRY(copyInto(*artifact.executable, out / "bin", fs::perms(0555), report));
    }
    if (options.copyLibs && !hasKind(artifact, "bin")) {
      for (const auto& file : artifact.filenames)
        if (isLibraryFile(file)) CRATEBOX_TRY(copyInto(file, out / "lib", fs::perms(0444), report));
    }
  }
  for (const auto& path : report.installed) spdlog::info("installed $out/{}", path.lexically_relative(out).string());
  return report;
}

}  // namespace cratebox
