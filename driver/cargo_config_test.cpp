#include <doctest/doctest.h>

#include "cargo_config.hpp"
#include "checksum_file.hpp"

using namespace cratebox;

TEST_CASE("config replaces crates.io, alternative, sparse and git sources") {
  std::vector<SourceId> sources;
  for (const char* s : {"registry+https://github.com/rust-lang/crates.io-index", "registry+https://alt.example/index",
                        "sparse+https://sparse.example/index/", "git+https://g.example/r?branch=a%2Fb#c0ffee",
                        "git+https://g.example/t?tag=v1#c0ffee", "git+https://g.example/v?rev=abc#abc"})
    sources.push_back(*parseSourceId(s, true));
  const std::string text = cargoConfigText(sources, "/vendor");
  CHECK(text.find("[source.crates-io]\nreplace-with = \"cratebox-crates-io\"") != std::string::npos);
  CHECK(text.find("directory = \"/vendor/crates-io\"") != std::string::npos);
  CHECK(text.find("registry = \"https://alt.example/index\"") != std::string::npos);
  CHECK(text.find("registry = \"sparse+https://sparse.example/index/\"") != std::string::npos);
  CHECK(text.find("git = \"https://g.example/r\"\nbranch = \"a/b\"") != std::string::npos);
  CHECK(text.find("tag = \"v1\"") != std::string::npos);
  CHECK(text.find("rev = \"abc\"") != std::string::npos);
  CHECK(text.find("directory = \"/vendor/" + sources[1].vendorDirName() + "\"") != std::string::npos);
}

TEST_CASE("config is deterministic whatever the order of sources") {
  auto a = *parseSourceId("registry+https://alt.example/index", false);
  auto b = *parseSourceId("git+https://g.example/r#1", false);
  CHECK(cargoConfigText({a, b}, "/v") == cargoConfigText({b, a, b}, "/v"));
}

TEST_CASE("TOML strings are escaped") {
  CHECK(tomlString("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
}

TEST_CASE("checksum files") {
  CHECK(checksumFileText(std::string("abc")) == R"({"files":{},"package":"abc"})");
  CHECK(checksumFileText(std::nullopt) == R"({"files":{},"package":null})");
}
