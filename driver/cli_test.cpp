#include <doctest/doctest.h>

#include "cli.hpp"
#include "cargo_messages.hpp"
#include "environment.hpp"

using namespace cratebox;

TEST_CASE("command line forms") {
  auto vendor = parseCli({"vendor", "--lockfile", "L", "--crates-dir", "D", "--out", "O", "--dry-run", "-j", "3"});
  REQUIRE(vendor.ok());
  CHECK(vendor->subcommand == Subcommand::Vendor);
  CHECK(vendor->dryRun);
  CHECK(vendor->jobs == 3);
  auto build = parseCli({"build", "--attrs", "job.json", "-v"});
  REQUIRE(build.ok());
  CHECK(build->attrs == "job.json");
  CHECK(build->verbosity == Verbosity::Verbose);
  CHECK(parseCli({"build", "--help"})->helpFor == "build");
  CHECK(parseCli({"--version"})->subcommand == Subcommand::Version);
}

TEST_CASE("usage errors") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"nope"}, {"vendor", "--lockfile", "L"}, {"build", "--lockfile", "L", "--crates-dir", "D", "--out", "O"},
           {"vendor", "-j", "0"}, {"build", "--attrs"}, {"vendor", "--attrs", "a", "--lockfile", "L", "--crates-dir", "D", "--out", "O"}}) {
    auto parsed = parseCli(args);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == ErrorKind::Usage);
  }
}

TEST_CASE("option strings expand $VAR and ${VAR} as naersk's bash did") {
  Environment env{{"NIX_BUILD_CORES", "4"}, {"X", "y"}};
  CHECK(expandVariables("-j$NIX_BUILD_CORES", env) == "-j4");
  CHECK(expandVariables("${X}z $X", env) == "yz y");
  CHECK(expandVariables("$MISSING|$", env) == "|$");
}

TEST_CASE("search paths come from the inputs' standard subdirectories") {
  auto env = inputSearchPaths({"/nonexistent-input"});
  CHECK(env.empty());  // only directories that exist
  auto usr = inputSearchPaths({"/usr"});
  CHECK(usr["PATH"] == "/usr/bin");
  CHECK(usr["C_INCLUDE_PATH"] == "/usr/include");
}

TEST_CASE("cargo JSON messages: artifacts, freshness, membership") {
  CargoMessages messages;
  CHECK(messages.feed(R"({"reason":"compiler-artifact","package_id":"registry+https://github.com/rust-lang/crates.io-index#itoa@1.0.1","target":{"kind":["lib"],"name":"itoa"},"profile":{"test":false},"filenames":["/t/libitoa.rlib"],"executable":null,"fresh":true})"));
  CHECK(messages.feed(R"({"reason":"compiler-artifact","package_id":"path+file:///src#app@0.1.0","target":{"kind":["bin"],"name":"app"},"profile":{"test":false},"filenames":["/t/app"],"executable":"/t/app","fresh":false})"));
  CHECK(messages.feed(R"({"reason":"build-finished","success":true})"));
  CHECK_FALSE(messages.feed("running 3 tests"));
  REQUIRE(messages.artifacts.size() == 2);
  CHECK(messages.artifacts[0].fresh);
  CHECK_FALSE(messages.artifacts[0].isWorkspaceMember());
  CHECK(messages.artifacts[1].isWorkspaceMember());
  CHECK(messages.artifacts[1].executable == "/t/app");
  CHECK(messages.buildSucceeded == true);
  CHECK(messages.compiledNonMembers().empty());
  CHECK(packageLabel("registry+https://github.com/rust-lang/crates.io-index#itoa@1.0.1") == "itoa 1.0.1");
  CHECK(packageLabel("itoa 1.0.1 (registry+https://x)") == "itoa 1.0.1");
}
