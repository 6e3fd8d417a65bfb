#include "checksum_file.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

namespace cratebox {

std::string checksumFileText(const std::optional<std::string>& packageSha256) {
  nlohmann::json doc;
  doc["files"] = nlohmann::json::object();
  doc["package"] = packageSha256 ? nlohmann::json(*packageSha256) : nlohmann::json(nullptr);
  return doc.dump();  // keys sorted: byte-identical across runs
}

Status writeChecksumFile(const std::filesystem::path& crateDir, const std::optional<std::string>& packageSha256) {
  const auto path = crateDir / ".cargo-checksum.json";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << checksumFileText(packageSha256);
  if (!out) return Error(ErrorKind::Io, "cannot write " + path.string());
  return ok();
}

}  // namespace cratebox
