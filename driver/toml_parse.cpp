#include "toml_parse.hpp"

#include <fstream>
#include <sstream>

namespace cratebox {

std::string tomlWhere(const std::string& origin, const toml::source_region& region) {
  return origin + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

Result<toml::table> parseToml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& err) {
    return Error(ErrorKind::InvalidInput, tomlWhere(origin, err.source()) + ": malformed TOML: " + std::string(err.description()),
                 "fix the syntax error in " + origin);
  }
}

Result<toml::table> parseTomlFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::InvalidInput, "cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return parseToml(text.str(), path.string());
}

}  // namespace cratebox
