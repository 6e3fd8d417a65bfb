// TOML parsing into Result values, with errors located as file:line:col.
// (Debian's toml++ is built with exceptions; they stop here.)
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "error.hpp"

namespace cratebox {

Result<toml::table> parseToml(std::string_view text, const std::string& origin);
Result<toml::table> parseTomlFile(const std::filesystem::path& path);

// "origin:line:col" of a node.
std::string tomlWhere(const std::string& origin, const toml::source_region& region);

}  // namespace cratebox
