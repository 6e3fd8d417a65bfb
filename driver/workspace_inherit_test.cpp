#include <doctest/doctest.h>

#include "toml_parse.hpp"
#include "workspace_inherit.hpp"

using namespace cratebox;

namespace {

const char* kRoot = R"([workspace]
members = ["crates/*"]
[workspace.package]
version = "0.2.0"
edition = "2021"
license = "MIT"
readme = "README.md"
[workspace.dependencies]
serde = { version = "1", features = ["derive"], default-features = false }
itoa = "1"
local = { path = "crates/local" }
[workspace.lints.rust]
unsafe_code = "forbid"
)";

const char* kMember = R"([package]
name = "member"
version.workspace = true
edition.workspace = true
readme.workspace = true
workspace = "../.."
[dependencies]
serde = { workspace = true, features = ["std"], optional = true }
itoa.workspace = true
local = { workspace = true }
plain = "2"
[target.'cfg(unix)'.build-dependencies]
itoa = { workspace = true }
[lints]
workspace = true
)";

}  // namespace

TEST_CASE("workspace inheritance is resolved into a standalone manifest") {
  auto root = parseToml(kRoot, "root/Cargo.toml");
  auto member = parseToml(kMember, "root/crates/member/Cargo.toml");
  REQUIRE(root.ok());
  REQUIRE(member.ok());
  WorkspaceContext ws{&*root, "/repo", "/repo/Cargo.toml"};
  auto resolved = resolveWorkspaceInheritance(*member, "/repo/crates/member", ws, "member");
  REQUIRE(resolved.ok());
  toml::table& m = *resolved;
  CHECK(m["package"]["version"].value<std::string>() == "0.2.0");
  CHECK(m["package"]["edition"].value<std::string>() == "2021");
  CHECK(m["package"]["readme"].value<std::string>() == "../../README.md");
  CHECK_FALSE(m["package"]["workspace"]);

  // features are the union, optional is the member's own, the rest the root's
  CHECK(m["dependencies"]["serde"]["version"].value<std::string>() == "1");
  CHECK(m["dependencies"]["serde"]["optional"].value<bool>() == true);
  CHECK(m["dependencies"]["serde"]["default-features"].value<bool>() == false);
  const auto* features = m["dependencies"]["serde"]["features"].as_array();
  REQUIRE(features);
  CHECK(features->size() == 2);
  CHECK(m["dependencies"]["itoa"]["version"].value<std::string>() == "1");
  CHECK(m["dependencies"]["local"]["path"].value<std::string>() == "../local");
  CHECK(m["dependencies"]["plain"].value<std::string>() == "2");
  CHECK(m["target"]["cfg(unix)"]["build-dependencies"]["itoa"]["version"].value<std::string>() == "1");
  CHECK(m["lints"]["rust"]["unsafe_code"].value<std::string>() == "forbid");
  CHECK(manifestText(m).find("workspace = true") == std::string::npos);
}

TEST_CASE("a field inherited from a root that lacks it is an error naming the place") {
  auto root = parseToml("[workspace]\n", "root");
  auto member = parseToml("[package]\nname = \"m\"\nlicense.workspace = true\n", "member/Cargo.toml");
  WorkspaceContext ws{&*root, "/repo", "/repo/Cargo.toml"};
  auto resolved = resolveWorkspaceInheritance(*member, "/repo/m", ws, "member/Cargo.toml");
  REQUIRE_FALSE(resolved.ok());
  INFO(resolved.error().message);
  CHECK(resolved.error().message.find("member/Cargo.toml:3:") == 0);
  CHECK(resolved.error().message.find("package.license") != std::string::npos);
}
