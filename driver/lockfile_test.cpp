#include <doctest/doctest.h>

#include "lockfile.hpp"

using namespace cratebox;

namespace {

const std::string kCratesIo = "registry+https://github.com/rust-lang/crates.io-index";

std::string package(const std::string& name, const std::string& version, const std::string& source,
                    const std::string& checksum) {
  return "[[package]]\nname = \"" + name + "\"\nversion = \"" + version + "\"\nsource = \"" + source +
         "\"\nchecksum = \"" + checksum + "\"\n";
}

}  // namespace

TEST_CASE("v1 lockfile: checksums from [metadata]") {
  const std::string text =
      "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
      "dependencies = [\"itoa 1.0.1 (" + kCratesIo + ")\"]\n\n"
      "[[package]]\nname = \"itoa\"\nversion = \"1.0.1\"\nsource = \"" + kCratesIo + "\"\n\n"
      "[metadata]\n\"checksum itoa 1.0.1 (" + kCratesIo + ")\" = \"abc123\"\n";
  auto lock = parseLockfile(text, "Cargo.lock");
  REQUIRE(lock.ok());
  CHECK(lock->version == 1);
  REQUIRE(lock->packages.size() == 2);
  CHECK_FALSE(lock->packages[0].source.has_value());
  CHECK(lock->packages[1].checksum == "abc123");
}

TEST_CASE("v2 (no version key) and v3 lockfiles: inline checksums") {
  const std::string body = package("itoa", "1.0.1", kCratesIo, "def456");
  auto v2 = parseLockfile(body, "Cargo.lock");
  REQUIRE(v2.ok());
  CHECK(v2->version == 2);
  CHECK(v2->packages[0].checksum == "def456");
  auto v3 = parseLockfile("version = 3\n" + body, "Cargo.lock");
  REQUIRE(v3.ok());
  CHECK(v3->version == 3);
}

TEST_CASE("v4 lockfile: percent-encoded git references") {
  auto lock = parseLockfile(
      "version = 4\n[[package]]\nname = \"gitlib\"\nversion = \"0.2.0\"\n"
      "source = \"git+https://example.com/r?branch=a%2Fb%2Fc#deadbeef\"\n",
      "Cargo.lock");
  REQUIRE(lock.ok());
  CHECK(lock->packages[0].source->ref == "a/b/c");
  CHECK(lock->packages[0].source->commit == "deadbeef");
}

TEST_CASE("errors carry file:line:col") {
  auto broken = parseLockfile("version = 3\n[[package]]\nname = = \"x\"\n", "/p/Cargo.lock");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().message.find("/p/Cargo.lock:3:") == 0);
  CHECK(broken.error().kind == ErrorKind::InvalidInput);

  auto noVersion = parseLockfile("version = 3\n[[package]]\nname = \"x\"\n", "/p/Cargo.lock");
  REQUIRE_FALSE(noVersion.ok());
  CHECK(noVersion.error().message.find("/p/Cargo.lock:2:1") == 0);

  CHECK_FALSE(parseLockfile("version = 9\n", "Cargo.lock").ok());
  CHECK_FALSE(parseLockfile("package = 3\n", "Cargo.lock").ok());
}

TEST_CASE("duplicate names: two versions, and one version from two sources, all kept") {
  const std::string text = "version = 3\n" + package("syn", "1.0.0", kCratesIo, "a1") +
                           package("syn", "2.0.0", kCratesIo, "a2") +
                           package("syn", "2.0.0", "registry+https://other.example/index", "a3");
  auto lock = parseLockfile(text, "Cargo.lock");
  REQUIRE(lock.ok());
  auto merged = mergeLockfiles({*lock, *lock});
  REQUIRE(merged.ok());
  CHECK(merged->size() == 3);
}

TEST_CASE("merging lockfiles that disagree on a checksum fails") {
  auto a = parseLockfile("version = 3\n" + package("x", "1.0.0", kCratesIo, "aa"), "a");
  auto b = parseLockfile("version = 3\n" + package("x", "1.0.0", kCratesIo, "bb"), "b");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK_FALSE(mergeLockfiles({*a, *b}).ok());
}
