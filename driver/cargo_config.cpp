#include "cargo_config.hpp"

#include <cstdio>
#include <map>
#include <sstream>

namespace cratebox {
namespace {

const char* gitRefKey(GitRefKind kind) {
  switch (kind) {
    case GitRefKind::Branch: return "branch";
    case GitRefKind::Tag: return "tag";
    case GitRefKind::Rev: return "rev";
    case GitRefKind::DefaultBranch: break;
  }
  return nullptr;
}

void writeDirectorySource(std::ostream& out, const std::string& name, const std::filesystem::path& dir) {
  out << "[source." << name << "]\n"
      << "directory = " << tomlString(dir.string()) << "\n\n";
}

// The original source, described the way cargo identifies it, pointed at its vendored copy.
void writeReplacedSource(std::ostream& out, const SourceId& id, const std::string& vendoredName) {
  out << "[source." << vendoredName << "-upstream]\n";
  if (id.isGit()) {
    out << "git = " << tomlString(id.url) << "\n";
    if (const char* key = gitRefKey(id.refKind)) out << key << " = " << tomlString(id.ref) << "\n";
  } else {
    const std::string registry = (id.kind == SourceKind::SparseRegistry ? "sparse+" : "") + id.url;
    out << "registry = " << tomlString(registry) << "\n";
  }
  out << "replace-with = " << tomlString(vendoredName) << "\n\n";
}

}  // namespace

std::string tomlString(const std::string& value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string cargoConfigText(const std::vector<SourceId>& sources, const std::filesystem::path& vendorRoot) {
  // Keyed by directory name: sorted output, each source once.
  std::map<std::string, const SourceId*> others;
  for (const auto& id : sources)
    if (!id.isCratesIo()) others.emplace(id.vendorDirName(), &id);

  std::ostringstream out;
  out << "# Written by cratebox: every source of Cargo.lock is read from this vendor tree.\n\n"
      << "[source.crates-io]\n"
      << "replace-with = \"cratebox-crates-io\"\n\n";
  writeDirectorySource(out, "cratebox-crates-io", vendorRoot / "crates-io");
  for (const auto& [dirName, id] : others) {
    const std::string vendoredName = "cratebox-" + dirName;
    writeReplacedSource(out, *id, vendoredName);
    writeDirectorySource(out, vendoredName, vendorRoot / dirName);
  }
  return out.str();
}

}  // namespace cratebox
