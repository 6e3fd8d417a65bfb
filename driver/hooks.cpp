#include "hooks.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>

#include <unistd.h>

#include "environment.hpp"
#include "logging.hpp"

namespace cratebox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSelfVar = "CRATEBOX_SELF";
constexpr const char* kCaptureVar = "CRATEBOX_ENV_CAPTURE";

// The shell's own bookkeeping and our two helpers are not exports of the hook.
bool isShellVariable(const std::string& key) {
  static const std::set<std::string> ignored = {"PWD", "OLDPWD", "SHLVL", "_", kSelfVar, kCaptureVar};
  return ignored.contains(key);
}

// The file holds KEY=VALUE entries each ended by a NUL, as /proc/PID/environ: exact bytes.
Result<Environment> readEnvironment(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error(ErrorKind::Io, "cannot read the environment a hook handed back in " + file.string());
  Environment env;
  std::string entry;
  while (std::getline(in, entry, '\0')) {
    const auto eq = entry.find('=');
    if (eq != std::string::npos && eq > 0) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

// `before` with what the hook set, changed or unset.
Environment applyExports(const Environment& before, const Environment& after) {
  Environment result = before;
  for (const auto& [key, value] : after)
    if (!isShellVariable(key)) result[key] = value;
  for (const auto& [key, value] : before)
    if (!after.contains(key)) result.erase(key);
  return result;
}

}  // namespace

bool isHookName(std::string_view name) {
  return std::find(kHookNames.begin(), kHookNames.end(), name) != kHookNames.end();
}

Result<std::vector<std::string>> hookCommand(const std::string& snippet, const Environment& env) {
  auto path = env.find("PATH");
  const std::string searched = path == env.end() ? "" : path->second;
  fs::path shell = findOnPath("bash", searched);
  if (shell.empty()) shell = findOnPath("sh", searched);
  if (shell.empty() && ::access("/bin/sh", X_OK) == 0) shell = "/bin/sh";
  if (shell.empty())
    return Error(ErrorKind::InvalidInput, "the job has shell hooks but no shell: no bash or sh on PATH=" + searched +
                                              " and no /bin/sh",
                 "add bash to nativeBuildInputs (callPackage users get it automatically)");
  return std::vector<std::string>{shell.string(), "-e", "-c", snippet};
}

Result<Environment> runHook(std::string_view name, const std::string& snippet, const Environment& env,
                            const fs::path& cwd, bool keepExports) {
  if (snippet.empty()) return env;
  const fs::path capture = fs::temp_directory_path() / ("cratebox-hook-" + std::to_string(::getpid()) + ".env");
  Environment hookEnv = env;
  std::string script = snippet;
  std::error_code ec;
  fs::remove(capture, ec);
  if (keepExports) {
    hookEnv[kSelfVar] = fs::read_symlink("/proc/self/exe", ec).string();
    hookEnv[kCaptureVar] = capture.string();
    script += "\n\"$" + std::string(kSelfVar) + "\" capture-env \"$" + kCaptureVar + "\"\n";
  }
  auto argv = hookCommand(script, hookEnv);
  if (!argv) return argv.error();
  StepTimer timer("hook " + std::string(name));
  auto status = runCommand(Command{*argv, hookEnv, cwd}, [](std::string_view line) { std::cerr << line << "\n"; });
  if (!status) return status.error();
  if (*status != 0)
    return Error(ErrorKind::CommandFailed,
                 "the " + std::string(name) + " hook failed with exit status " + std::to_string(*status),
                 "its output is above; it ran as `" + (*argv)[0] + " -e -c <" + std::string(name) + ">` in " +
                     cwd.string());
  if (!keepExports) return env;
  if (!fs::exists(capture, ec)) return env;  // the hook ended with `exit 0`: nothing to carry
  auto after = readEnvironment(capture);
  fs::remove(capture, ec);
  if (!after) return after.error();
  return applyExports(env, *after);
}

Status writeEnvironment(const fs::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (const auto& [key, value] : currentEnvironment()) out << key << '=' << value << '\0';
  if (!out) return Error(ErrorKind::Io, "cannot write " + file.string());
  return ok();
}

}  // namespace cratebox
