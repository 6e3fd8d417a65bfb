#include <doctest/doctest.h>

#include <algorithm>

#include "dummy.hpp"

using namespace cratebox;

namespace {

const StubFile* find(const std::vector<StubFile>& stubs, const std::string& path) {
  auto it = std::find_if(stubs.begin(), stubs.end(), [&](const StubFile& s) { return s.path == path; });
  return it == stubs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("every target is stubbed: lib, main, src/bin, [[bin]], examples, tests, benches, build script") {
  WorkspaceFiles files;
  files.manifests["Cargo.toml"] = R"([package]
name = "app"
version = "0.1.0"
build = "tools/build.rs"
[lib]
path = "src/mylib.rs"
crate-type = ["cdylib", "rlib"]
[[bin]]
name = "extra"
path = "cli/extra.rs"
[[example]]
name = "demo"
path = "ex/demo.rs"
)";
  files.targetFiles = {"src/main.rs", "src/bin/a.rs", "src/bin/b/main.rs", "examples/e.rs", "tests/t.rs", "benches/x.rs"};
  auto stubs = dummyStubs(files);
  REQUIRE(stubs.ok());
  for (const char* main : {"src/main.rs", "src/bin/a.rs", "src/bin/b/main.rs", "examples/e.rs", "tests/t.rs",
                           "benches/x.rs", "cli/extra.rs", "ex/demo.rs", "tools/build.rs"}) {
    INFO(main);
    const StubFile* stub = find(*stubs, main);
    REQUIRE(stub);
    CHECK(stub->content == "fn main() {}\n");
  }
  const StubFile* lib = find(*stubs, "src/mylib.rs");
  REQUIRE(lib);
  CHECK(lib->content.empty());
}

TEST_CASE("manifests are kept verbatim: crate-type and proc-macro survive") {
  // The stubs change sources only; the manifest text (and so [lib] proc-macro, crate-type,
  // features) reaches cargo unchanged, which is what keeps dependency fingerprints equal.
  WorkspaceFiles files;
  files.manifests["Cargo.toml"] = "[workspace]\nmembers = [\"m\"]\n";
  files.manifests["m/Cargo.toml"] = "[package]\nname = \"m\"\nversion = \"0.1.0\"\n[lib]\nproc-macro = true\n";
  files.targetFiles = {"m/src/lib.rs"};
  auto stubs = dummyStubs(files);
  REQUIRE(stubs.ok());
  REQUIRE(stubs->size() == 1);
  CHECK((*stubs)[0].path == "m/src/lib.rs");
  CHECK((*stubs)[0].content.empty());
}

TEST_CASE("a package without any listed target still gets a library") {
  WorkspaceFiles files;
  files.manifests["lib/Cargo.toml"] = "[package]\nname = \"l\"\nversion = \"0.1.0\"\n";
  auto stubs = dummyStubs(files);
  REQUIRE(stubs.ok());
  REQUIRE(find(*stubs, "lib/src/lib.rs"));
}

TEST_CASE("build = false: no build script stub") {
  WorkspaceFiles files;
  files.manifests["Cargo.toml"] = "[package]\nname = \"a\"\nversion = \"0.1.0\"\nbuild = false\n";
  files.targetFiles = {"src/main.rs"};
  auto stubs = dummyStubs(files);
  REQUIRE(stubs.ok());
  CHECK_FALSE(find(*stubs, "build.rs"));
}

TEST_CASE("a malformed manifest is reported with file:line:col") {
  WorkspaceFiles files;
  files.manifests["crates/x/Cargo.toml"] = "[package]\nname = \n";
  auto stubs = dummyStubs(files);
  REQUIRE_FALSE(stubs.ok());
  CHECK(stubs.error().message.find("crates/x/Cargo.toml:2:") == 0);
}
