#include "cargo_messages.hpp"

#include <nlohmann/json.hpp>

namespace cratebox {

bool Artifact::isWorkspaceMember() const {
  return packageId.starts_with("path+file://") || packageId.find("(path+file://") != std::string::npos;
}

std::string packageLabel(const std::string& id) {
  const auto hash = id.rfind('#');
  if (hash == std::string::npos) {  // old format: "name version (source)"
    const auto paren = id.find(" (");
    return paren == std::string::npos ? id : id.substr(0, paren);
  }
  std::string tail = id.substr(hash + 1);  // "name@version" or just "version"
  const auto at = tail.find('@');
  if (at != std::string::npos) return tail.substr(0, at) + " " + tail.substr(at + 1);
  const auto slash = id.rfind('/', hash);
  return id.substr(slash + 1, hash - slash - 1) + " " + tail;
}

bool CargoMessages::feed(std::string_view line) {
  if (line.empty() || line.front() != '{') return false;
  const auto message = nlohmann::json::parse(line, nullptr, false);
  if (message.is_discarded() || !message.is_object()) return false;
  const std::string reason = message.value("reason", "");
  if (reason == "build-finished") {
    buildSucceeded = message.value("success", false);
  } else if (reason == "compiler-artifact") {
    Artifact artifact;
    artifact.packageId = message.value("package_id", "");
    artifact.fresh = message.value("fresh", false);
    const auto& target = message["target"];
    artifact.targetName = target.value("name", "");
    for (const auto& kind : target.value("kind", nlohmann::json::array())) artifact.kinds.push_back(kind.get<std::string>());
    for (const auto& file : message.value("filenames", nlohmann::json::array())) artifact.filenames.push_back(file.get<std::string>());
    if (message.contains("executable") && message["executable"].is_string())
      artifact.executable = message["executable"].get<std::string>();
    if (message.contains("profile")) artifact.test = message["profile"].value("test", false);
    artifacts.push_back(std::move(artifact));
  }
  return true;
}

std::vector<std::string> CargoMessages::compiledNonMembers() const {
  std::vector<std::string> compiled;
  for (const auto& artifact : artifacts)
    if (!artifact.fresh && !artifact.isWorkspaceMember()) compiled.push_back(packageLabel(artifact.packageId));
  return compiled;
}

}  // namespace cratebox
