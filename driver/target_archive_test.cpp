#include "target_archive.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace cratebox;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A target/-like tree big enough (~24 MiB) that zstd splits it into several jobs.
fs::path makeTarget(const fs::path& root) {
  const fs::path target = root / "target";
  fs::create_directories(target / "release" / "deps");
  std::mt19937 random(7);
  for (int i = 0; i < 6; ++i) {
    std::string data(4 << 20, '\0');
    for (auto& c : data) c = static_cast<char>("rustc-artifact"[random() % 14] ^ (random() % 4 == 0 ? random() : 0));
    std::ofstream(target / "release" / "deps" / ("lib" + std::to_string(i) + ".rlib"), std::ios::binary) << data;
  }
  std::ofstream(target / "release" / ".cargo-lock") << "";
  return target;
}

}  // namespace

TEST_CASE("the target archive is the same for any number of zstd workers, and restores") {
  const fs::path root = fs::temp_directory_path() / "cratebox-target-archive-test";
  fs::remove_all(root);
  const fs::path target = makeTarget(root);
  REQUIRE(archiveTarget(target, root / "one.tar.zst", 1));
  REQUIRE(archiveTarget(target, root / "three.tar.zst", 3));
  REQUIRE(archiveTarget(target, root / "zero.tar.zst", 0));  // a builder reporting no cores
  CHECK(readAll(root / "one.tar.zst") == readAll(root / "three.tar.zst"));
  CHECK(readAll(root / "one.tar.zst") == readAll(root / "zero.tar.zst"));
  CHECK(fs::file_size(root / "one.tar.zst") < 24u << 20);  // compressed

  REQUIRE(restoreTarget(root / "three.tar.zst", root / "restored"));
  const fs::path rlib = fs::path("release") / "deps" / "lib5.rlib";
  CHECK(readAll(root / "restored" / rlib) == readAll(target / rlib));
  fs::remove_all(root);
}
