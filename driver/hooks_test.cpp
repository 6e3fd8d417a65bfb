#include "hooks.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace cratebox;
namespace fs = std::filesystem;

TEST_CASE("hook names are stdenv's") {
  CHECK(isHookName("postInstall"));
  CHECK(isHookName("preBuild"));
  CHECK_FALSE(isHookName("installPhase"));
  CHECK_FALSE(isHookName("postinstall"));
}

TEST_CASE("a hook runs with bash from the build's PATH, else sh") {
  const fs::path dir = fs::temp_directory_path() / "cratebox-hooks-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  for (const auto& file : {dir / "a" / "sh", dir / "b" / "bash"}) {
    std::ofstream(file) << "#!/bin/sh\n";
    fs::permissions(file, fs::perms::owner_all);
  }
  auto both = hookCommand("true", {{"PATH", (dir / "a").string() + ":" + (dir / "b").string()}});
  REQUIRE(both);
  CHECK((*both)[0] == (dir / "b" / "bash").string());
  CHECK((*both)[1] == "-e");
  CHECK((*both)[3] == "true");
  auto shOnly = hookCommand("true", {{"PATH", (dir / "a").string()}});
  REQUIRE(shOnly);
  CHECK((*shOnly)[0] == (dir / "a" / "sh").string());
  fs::remove_all(dir);
}

TEST_CASE("a failing hook is an error naming it; an empty one does nothing") {
  const Environment env = {{"PATH", "/usr/bin:/bin"}};
  CHECK(runHook("preBuild", "", {}, fs::temp_directory_path(), false));
  auto ran = runHook("preBuild", "test -d .", env, fs::temp_directory_path(), false);
  REQUIRE(ran);
  CHECK(*ran == env);
  auto failed = runHook("postInstall", "false; echo not reached", env, fs::temp_directory_path(), false);
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == ErrorKind::CommandFailed);
  CHECK(failed.error().message.find("postInstall hook failed with exit status 1") != std::string::npos);
}
