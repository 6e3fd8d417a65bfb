#include "dummy.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "toml_parse.hpp"

namespace cratebox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMainStub = "fn main() {}\n";
constexpr const char* kLibStub = "";

bool isManifestName(const std::string& name) {
  return name == "Cargo.toml" || name == "Cargo.lock";
}

bool isTargetSource(const fs::path& relative) {
  // src/lib.rs, src/main.rs, build.rs at a package root, and every .rs under the target dirs.
  const std::string name = relative.filename().string();
  if (relative.extension() != ".rs") return false;
  std::vector<std::string> parts;
  for (const auto& p : relative) parts.push_back(p.string());
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& dir = parts[i];
    const std::size_t depth = parts.size() - i - 1;  // components after dir
    if (dir == "src" && depth == 1 && (name == "lib.rs" || name == "main.rs")) return true;
    if (dir == "src" && i + 1 < parts.size() && parts[i + 1] == "bin" && (depth == 2 || (depth == 3 && name == "main.rs")))
      return true;
    if ((dir == "examples" || dir == "tests" || dir == "benches") && (depth == 1 || (depth == 2 && name == "main.rs")))
      return true;
  }
  return name == "build.rs";
}

std::string joinRelative(const fs::path& dir, const std::string& path) {
  return (dir / path).lexically_normal().generic_string();
}

// Target paths a manifest names explicitly, split into library and other targets.
void explicitTargets(const toml::table& manifest, const fs::path& dir, std::set<std::string>& libs,
                     std::set<std::string>& mains) {
  if (auto lib = manifest["lib"]["path"].value<std::string>()) libs.insert(joinRelative(dir, *lib));
  for (const char* kind : {"bin", "example", "test", "bench"})
    if (const auto* targets = manifest[kind].as_array())
      for (const auto& target : *targets)
        if (const auto* table = target.as_table())
          if (auto path = (*table)["path"].value<std::string>()) mains.insert(joinRelative(dir, *path));
  if (auto build = manifest["package"]["build"].value<std::string>()) mains.insert(joinRelative(dir, *build));
}

}  // namespace

Result<std::vector<StubFile>> dummyStubs(const WorkspaceFiles& files) {
  std::set<std::string> libs, mains;
  std::vector<fs::path> packageDirs;
  for (const auto& [path, text] : files.manifests) {
    if (fs::path(path).filename() != "Cargo.toml") continue;
    auto parsed = parseToml(text, path);
    if (!parsed) return parsed.error();
    const toml::table& manifest = *parsed;
    if (!manifest.contains("package")) continue;  // a virtual workspace root
    const fs::path dir = fs::path(path).parent_path();
    packageDirs.push_back(dir);
    explicitTargets(manifest, dir, libs, mains);
    if (manifest["package"]["build"].value<bool>() == false) mains.erase(joinRelative(dir, "build.rs"));
    libs.insert(joinRelative(dir, "src/lib.rs"));  // the conventional lib path, if it is listed below
  }
  std::set<std::string> listed(files.targetFiles.begin(), files.targetFiles.end());
  std::vector<StubFile> stubs;
  std::set<std::string> written;
  auto add = [&](const std::string& path, const char* content) {
    if (written.insert(path).second) stubs.push_back({path, content});
  };
  for (const auto& path : listed) add(fs::path(path).lexically_normal().generic_string(), libs.count(path) ? kLibStub : kMainStub);
  for (const auto& path : mains) add(path, kMainStub);
  for (const auto& path : libs)
    if (path != "src/lib.rs" && !path.ends_with("/src/lib.rs")) add(path, kLibStub);  // explicit [lib] paths
  // A package with no target at all would be rejected by cargo: give it a library.
  for (const auto& dir : packageDirs) {
    const std::string prefix = dir.empty() ? "" : dir.generic_string() + "/";
    const bool hasTarget = std::any_of(written.begin(), written.end(), [&](const std::string& p) {
      return p.starts_with(prefix) && p != prefix + "build.rs";
    });
    if (!hasTarget) add(prefix + "src/lib.rs", kLibStub);
  }
  std::sort(stubs.begin(), stubs.end(), [](const StubFile& a, const StubFile& b) { return a.path < b.path; });
  return stubs;
}

Status writeDummyWorkspace(const fs::path& dir, const WorkspaceFiles& files) {
  auto stubs = dummyStubs(files);
  if (!stubs) return stubs.error();
  auto write = [&](const std::string& relative, const std::string& text) -> Status {
    const fs::path path = dir / relative;
    if (path.lexically_normal().lexically_relative(dir).string().starts_with(".."))
      return Error(ErrorKind::InvalidInput, "manifest path " + relative + " is outside the workspace");
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return Error(ErrorKind::Io, "cannot write " + path.string());
    return ok();
  };
  for (const auto& [path, text] : files.manifests) CRATEBOX_TRY(write(path, text));
  for (const auto& stub : *stubs) CRATEBOX_TRY(write(stub.path, stub.content));
  return ok();
}

Result<WorkspaceFiles> collectWorkspaceFiles(const fs::path& src) {
  WorkspaceFiles files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(src, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name == "target" || name == ".git") it.disable_recursion_pending();
      continue;
    }
    const fs::path relative = it->path().lexically_relative(src);
    const bool cargoConfig = relative.parent_path().filename() == ".cargo" && (name == "config" || name == "config.toml");
    if (isManifestName(name) || cargoConfig) {
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      files.manifests[relative.generic_string()] = text.str();
    } else if (isTargetSource(relative)) {
      files.targetFiles.push_back(relative.generic_string());
    }
  }
  if (ec) return Error(ErrorKind::Io, "cannot read " + src.string() + ": " + ec.message());
  std::sort(files.targetFiles.begin(), files.targetFiles.end());
  return files;
}

}  // namespace cratebox
