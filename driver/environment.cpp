#include "environment.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include <sys/utsname.h>

extern char** environ;

namespace cratebox {
namespace fs = std::filesystem;
namespace {

void appendPath(Environment& env, const std::string& key, const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::string& value = env[key];
  value += (value.empty() ? "" : ":") + dir.string();
}

std::string cores(const Environment& inherited) {
  auto it = inherited.find("NIX_BUILD_CORES");
  if (it != inherited.end() && it->second != "0" && !it->second.empty()) return it->second;
  return std::to_string(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

Environment currentEnvironment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

std::string hostTriple() {
  struct utsname name {};
  ::uname(&name);
  return std::string(name.machine) + "-unknown-linux-gnu";
}

Environment inputSearchPaths(const std::vector<fs::path>& inputs) {
  Environment env;
  for (const auto& input : inputs) {
    appendPath(env, "PATH", input / "bin");
    appendPath(env, "PKG_CONFIG_PATH", input / "lib" / "pkgconfig");
    appendPath(env, "PKG_CONFIG_PATH", input / "share" / "pkgconfig");
    appendPath(env, "C_INCLUDE_PATH", input / "include");
    appendPath(env, "CPLUS_INCLUDE_PATH", input / "include");
    appendPath(env, "LIBRARY_PATH", input / "lib");
  }
  return env;
}

std::vector<fs::path> inputLibraryDirs(const std::vector<fs::path>& inputs) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& input : inputs)
    if (fs::is_directory(input / "lib", ec) && !fs::exists(input / "lib" / "rustlib", ec)) dirs.push_back(input / "lib");
  return dirs;
}

std::string expandVariables(const std::string& text, const Environment& env) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    std::size_t start = i + 1, end = start;
    const bool braced = text[start] == '{';
    if (braced) {
      end = text.find('}', start);
      if (end == std::string::npos) {
        out += text.substr(i);
        break;
      }
    } else {
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
      if (end == start) {
        out += '$';
        continue;
      }
    }
    const std::string name = text.substr(braced ? start + 1 : start, end - (braced ? start + 1 : start));
    if (auto it = env.find(name); it != env.end()) out += it->second;
    i = braced ? end : end - 1;
  }
  return out;
}

Environment buildEnvironment(const BuildJob& job, const BuildDirs& dirs, const Environment& inherited) {
  Environment env = inherited;
  const Environment search = inputSearchPaths(job.inputs);
  for (const auto& [key, value] : search) {
    std::string& slot = env[key];
    const bool unset = slot.empty() || slot == "/path-not-set";  // Nix's placeholder PATH
    slot = unset ? value : value + ":" + slot;
  }
  env["CARGO_HOME"] = dirs.cargoHome.string();
  env["CARGO_TARGET_DIR"] = dirs.target.string();
  env["CARGO_NET_OFFLINE"] = "true";
  env["CARGO_INCREMENTAL"] = "0";  // incremental caches are neither reproducible nor reused
  env["CARGO_BUILD_JOBS"] = cores(inherited);
  env["HOME"] = (dirs.work / "home").string();  // Nix's /homeless-shelter is not writable
  if (env["SOURCE_DATE_EPOCH"].empty()) env["SOURCE_DATE_EPOCH"] = "1";
  if (job.linker) {
    std::string triple = hostTriple();
    std::transform(triple.begin(), triple.end(), triple.begin(),
                   [](unsigned char c) { return c == '-' ? '_' : static_cast<char>(std::toupper(c)); });
    env["CARGO_TARGET_" + triple + "_LINKER"] = job.linker->string();
    env["CC"] = job.linker->string();
  }
  for (const auto& [key, value] : job.env) env[key] = value;
  return env;
}

}  // namespace cratebox
