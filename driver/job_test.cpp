#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "job.hpp"

using namespace cratebox;
using nlohmann::json;

TEST_CASE("a Nix-shaped build job") {
  json attrs = {{"stage", "deps"}, {"manifests", {{"Cargo.toml", "[package]"}}}, {"targetFiles", {"src/main.rs"}},
                {"vendorDir", "/v"}, {"mode", "test"}, {"release", false}, {"doCheck", true},
                {"cargoBuildOptions", {"--features", "x"}}, {"env", {{"FOO", "bar"}, {"N", 3}}},
                {"outputs", {{"out", "/nix/store/x"}}}, {"builder", "/ignored"}};
  auto job = parseBuildJob(attrs, "attrs.json");
  REQUIRE(job.ok());
  CHECK(job->stage == Stage::Deps);
  CHECK(job->mode == Mode::Test);
  CHECK_FALSE(job->release);
  CHECK(job->doCheck);
  CHECK(job->cargoBuildOptions.size() == 2);
  CHECK(job->env["FOO"] == "bar");
  CHECK(job->env["N"] == "3");
  CHECK(job->out == "/nix/store/x");
  CHECK(job->vendorDir == "/v");
}

TEST_CASE("job errors name the key and the file") {
  auto badType = parseBuildJob({{"src", "/s"}, {"release", "yes"}, {"outputs", {{"out", "/o"}}}}, "job.json");
  REQUIRE_FALSE(badType.ok());
  CHECK(badType.error().message == "job.json: key \"release\" must be a boolean");
  auto noOut = parseBuildJob({{"src", "/s"}}, "job.json");
  REQUIRE_FALSE(noOut.ok());
  CHECK(noOut.error().message.find("outputs.out") != std::string::npos);
  auto badMode = parseBuildJob({{"src", "/s"}, {"mode", "deploy"}, {"outputs", {{"out", "/o"}}}}, "job.json");
  CHECK_FALSE(badMode.ok());
  auto noSrc = parseBuildJob({{"outputs", {{"out", "/o"}}}}, "job.json");
  CHECK_FALSE(noSrc.ok());
}

TEST_CASE("vendor job: crates and git checkouts") {
  json attrs = {{"lockFiles", {"/l"}},
                {"crates", {{{"name", "a"}, {"version", "1"}, {"source", "registry+x"}, {"tarball", "/a.crate"}}}},
                {"gitCheckouts", {{{"source", "git+u#c"}, {"path", "/g"}}}},
                {"outputs", {{"out", "/o"}}}};
  auto job = parseVendorJob(attrs, "j");
  REQUIRE(job.ok());
  CHECK(job->crates.at(0).tarball == "/a.crate");
  CHECK(job->gitCheckouts.at(0).path == "/g");
  auto bad = parseVendorJob({{"crates", {{{"name", "a"}}}}, {"outputs", {{"out", "/o"}}}}, "j");
  CHECK_FALSE(bad.ok());
}

TEST_CASE("hooks: stdenv's names only") {
  auto job = parseBuildJob({{"src", "/s"}, {"hooks", {{"postInstall", "echo hi"}}}, {"outputs", {{"out", "/o"}}}}, "j");
  REQUIRE(job.ok());
  CHECK(job->hooks.at("postInstall") == "echo hi");
  auto unknown = parseBuildJob({{"src", "/s"}, {"hooks", {{"installPhase", "true"}}}, {"outputs", {{"out", "/o"}}}}, "j");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "j: unknown hook \"installPhase\"");
}
