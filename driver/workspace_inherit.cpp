#include "workspace_inherit.hpp"

#include <array>
#include <sstream>
#include <string_view>
#include <vector>

namespace cratebox {
namespace fs = std::filesystem;
namespace {

constexpr std::array<std::string_view, 5> kDependencyTables = {
    "dependencies", "dev-dependencies", "dev_dependencies", "build-dependencies", "build_dependencies"};

// Dotted keys (`license.workspace = true`) make implicit tables without a source position:
// then the position of the `workspace` key inside is the one to show.
std::string where(const std::string& origin, const toml::node& node) {
  toml::source_position begin = node.source().begin;
  if (const auto* table = node.as_table(); table && !begin)
    if (const toml::node* flag = table->get("workspace")) begin = flag->source().begin;
  return origin + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

bool inheritsFromWorkspace(const toml::node& node) {
  const auto* table = node.as_table();
  return table && (*table)["workspace"].value_or(false);
}

std::string rebase(const std::string& path, const WorkspaceContext& ws, const fs::path& memberDir) {
  if (fs::path(path).is_absolute()) return path;
  return (ws.rootDir / path).lexically_normal().lexically_relative(memberDir.lexically_normal()).generic_string();
}

Error missingInRoot(const std::string& at, const std::string& what, const WorkspaceContext& ws) {
  return Error(ErrorKind::InvalidInput,
               at + ": `" + what + "` is inherited with `workspace = true` but " +
                   (ws.root ? ws.rootOrigin + " does not define it" : std::string("no workspace root was found")),
               "define it in the workspace root's [workspace] tables");
}

Result<toml::table> inheritedDependency(const std::string& name, const toml::table& memberEntry,
                                        const WorkspaceContext& ws, const fs::path& memberDir,
                                        const std::string& at) {
  const toml::node* rootEntry = ws.root ? (*ws.root)["workspace"]["dependencies"][name].node() : nullptr;
  if (!rootEntry) return missingInRoot(at, "dependencies." + name, ws);
  toml::table resolved;
  if (auto version = rootEntry->value<std::string>()) {
    resolved.insert_or_assign("version", *version);
  } else if (const auto* table = rootEntry->as_table()) {
    resolved = *table;
  }
  if (auto path = resolved["path"].value<std::string>()) resolved.insert_or_assign("path", rebase(*path, ws, memberDir));

  // Features add up; `optional` and the rest are the member's own.
  toml::array features;
  auto addFeatures = [&](const toml::node* list) {
    if (const auto* array = list ? list->as_array() : nullptr)
      for (const auto& feature : *array) {
        const auto featureName = feature.value<std::string>();
        if (!featureName) continue;
        bool seen = false;
        for (const auto& existing : features) seen = seen || existing.value<std::string>() == featureName;
        if (!seen) features.push_back(*featureName);
      }
  };
  addFeatures(resolved["features"].node());
  addFeatures(memberEntry["features"].node());
  for (const auto& [key, value] : memberEntry) {
    if (key.str() == "workspace" || key.str() == "features") continue;
    resolved.insert_or_assign(key, value);
  }
  if (!features.empty()) resolved.insert_or_assign("features", std::move(features));
  return resolved;
}

// `original` is the member as parsed: copies of toml++ nodes lose their source positions.
Status resolveDependencyTable(toml::table& deps, const toml::table& original, const WorkspaceContext& ws,
                              const fs::path& memberDir, const std::string& origin) {
  std::vector<std::string> inherited;  // collected first: the table is rewritten below
  for (const auto& [key, value] : deps)
    if (inheritsFromWorkspace(value)) inherited.emplace_back(key.str());
  for (const auto& name : inherited) {
    const toml::node& entry = *deps[name].node();
    const toml::node* located = original.get(name);
    auto resolved = inheritedDependency(name, *entry.as_table(), ws, memberDir, where(origin, located ? *located : entry));
    if (!resolved) return resolved.error();
    deps.insert_or_assign(name, std::move(*resolved));
  }
  return ok();
}

Status resolveAllDependencies(toml::table& manifest, const toml::table& original, const WorkspaceContext& ws,
                              const fs::path& memberDir, const std::string& origin) {
  auto resolveIn = [&](toml::table& scope, const toml::table* originalScope) -> Status {
    for (const auto name : kDependencyTables) {
      auto* deps = scope[name].as_table();
      const auto* originalDeps = originalScope ? (*originalScope)[name].as_table() : nullptr;
      if (deps && originalDeps) CRATEBOX_TRY(resolveDependencyTable(*deps, *originalDeps, ws, memberDir, origin));
    }
    return ok();
  };
  CRATEBOX_TRY(resolveIn(manifest, &original));
  if (auto* targets = manifest["target"].as_table())
    for (auto& [key, target] : *targets)
      if (auto* table = target.as_table()) CRATEBOX_TRY(resolveIn(*table, original["target"][key.str()].as_table()));
  return ok();
}

Status resolvePackageFields(toml::table& manifest, const toml::table& original, const WorkspaceContext& ws,
                            const fs::path& memberDir, const std::string& origin) {
  auto* package = manifest["package"].as_table();
  if (!package) return ok();
  package->erase("workspace");  // points at the root we are resolving away
  std::vector<std::string> inheritedFields;
  for (const auto& [key, value] : *package)
    if (inheritsFromWorkspace(value)) inheritedFields.emplace_back(key.str());
  for (const auto& field : inheritedFields) {
    const toml::node* inherited = ws.root ? (*ws.root)["workspace"]["package"][field].node() : nullptr;
    if (!inherited) return missingInRoot(where(origin, *original["package"][field].node()), "package." + field, ws);
    if ((field == "readme" || field == "license-file") && inherited->is_string())
      package->insert_or_assign(field, rebase(*inherited->value<std::string>(), ws, memberDir));
    else
      package->insert_or_assign(field, *inherited);
  }
  return ok();
}

Status resolveLints(toml::table& manifest, const toml::table& original, const WorkspaceContext& ws,
                    const std::string& origin) {
  const toml::node* lints = original["lints"].node();
  if (!lints || !inheritsFromWorkspace(*lints)) return ok();
  const toml::table* inherited = ws.root ? (*ws.root)["workspace"]["lints"].as_table() : nullptr;
  if (!inherited) return missingInRoot(where(origin, *lints), "lints", ws);
  manifest.insert_or_assign("lints", *inherited);
  return ok();
}

}  // namespace

Result<toml::table> resolveWorkspaceInheritance(const toml::table& member, const fs::path& memberDir,
                                                const WorkspaceContext& workspace, const std::string& memberOrigin) {
  toml::table manifest = member;
  CRATEBOX_TRY(resolvePackageFields(manifest, member, workspace, memberDir, memberOrigin));
  CRATEBOX_TRY(resolveAllDependencies(manifest, member, workspace, memberDir, memberOrigin));
  CRATEBOX_TRY(resolveLints(manifest, member, workspace, memberOrigin));
  manifest.erase("workspace");  // a vendored crate stands alone
  return manifest;
}

std::string manifestText(const toml::table& manifest) {
  std::ostringstream out;
  out << "# Written by cratebox: workspace inheritance resolved so this crate stands alone.\n"
      << toml::toml_formatter(manifest) << "\n";
  return out.str();
}

}  // namespace cratebox
