#include <doctest/doctest.h>

#include "source_id.hpp"

using namespace cratebox;

TEST_CASE("registry and sparse sources") {
  auto crates = parseSourceId("registry+https://github.com/rust-lang/crates.io-index", false);
  REQUIRE(crates.ok());
  CHECK(crates->isCratesIo());
  CHECK(crates->vendorDirName() == "crates-io");

  auto sparse = parseSourceId("sparse+https://my.registry/index/", false);
  REQUIRE(sparse.ok());
  CHECK(sparse->kind == SourceKind::SparseRegistry);
  CHECK(sparse->url == "https://my.registry/index/");
  CHECK(sparse->vendorDirName().starts_with("registry-"));
  CHECK(sparse->vendorDirName().size() == 9 + 16);
}

TEST_CASE("git sources: reference kinds, commit, percent-encoding of v4") {
  auto branch = parseSourceId("git+https://example.com/repo?branch=feature%2Fwith%2Fslashes#0123abc", true);
  REQUIRE(branch.ok());
  CHECK(branch->kind == SourceKind::Git);
  CHECK(branch->url == "https://example.com/repo");
  CHECK(branch->refKind == GitRefKind::Branch);
  CHECK(branch->ref == "feature/with/slashes");
  CHECK(branch->commit == "0123abc");
  CHECK(branch->withoutFragment() == "git+https://example.com/repo?branch=feature%2Fwith%2Fslashes");

  auto v3 = parseSourceId("git+https://example.com/repo?branch=a/b/c#0123abc", false);
  REQUIRE(v3.ok());
  CHECK(v3->ref == "a/b/c");

  auto tag = parseSourceId("git+https://example.com/repo?tag=v1.0#ff", false);
  REQUIRE(tag.ok());
  CHECK(tag->refKind == GitRefKind::Tag);
  CHECK(tag->ref == "v1.0");

  auto plain = parseSourceId("git+https://example.com/repo#ff", false);
  REQUIRE(plain.ok());
  CHECK(plain->refKind == GitRefKind::DefaultBranch);
}

TEST_CASE("distinct sources get distinct vendor directories, commits do not matter") {
  auto a = parseSourceId("git+https://example.com/a?branch=main#1", false);
  auto b = parseSourceId("git+https://example.com/b?branch=main#1", false);
  auto a2 = parseSourceId("git+https://example.com/a?branch=main#2", false);
  CHECK(a->vendorDirName() != b->vendorDirName());
  CHECK(a->vendorDirName() == a2->vendorDirName());
}

TEST_CASE("invalid sources are errors") {
  CHECK_FALSE(parseSourceId("path+file:///x", false).ok());
  CHECK_FALSE(parseSourceId("git+https://example.com/repo?branch=main", false).ok());  // no commit
  CHECK_FALSE(parseSourceId("git+https://example.com/repo?color=blue#1", false).ok());
  CHECK(percentDecode("a%2fb%") == "a/b%");
}
