// Shell snippets a build runs at fixed points, under stdenv's names, because naersk users
// pass them (postInstall = "installShellCompletion ..."; preBuild = "export FOO=..."). The
// driver itself never needs a shell; only a job with hooks does, and then says which.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "process.hpp"

namespace cratebox {

// In the order they run. postInstall runs on the finished $out, in the main stage only.
inline constexpr std::array<std::string_view, 4> kHookNames = {"postPatch", "preBuild", "postBuild", "postInstall"};

bool isHookName(std::string_view name);

// The argv running `snippet` with errexit, as stdenv runs hooks: bash from the build's PATH,
// else sh from it, else /bin/sh.
Result<std::vector<std::string>> hookCommand(const std::string& snippet, const Environment& env);

// Runs one hook in `cwd`; its output goes to stderr. An empty snippet does nothing. Returns
// `env` with the changes the hook made to its exported variables when `keepExports` (stdenv
// hooks share one shell with the build; here each is its own process, so they are carried).
Result<Environment> runHook(std::string_view name, const std::string& snippet, const Environment& env,
                            const std::filesystem::path& cwd, bool keepExports);

// `cratebox capture-env FILE`: what a hook runs last to hand its exports back (KEY=VALUE
// entries ended by NUL, the format of /proc/PID/environ).
Status writeEnvironment(const std::filesystem::path& file);

}  // namespace cratebox
