// SHA-256 through OpenSSL's libcrypto, incremental so tarballs are hashed while they stream.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "error.hpp"

namespace cratebox {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, std::size_t size);
  std::string hexDigest();  // finishes the hash; call once

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string sha256Hex(std::string_view data);
Result<std::string> sha256File(const std::filesystem::path& path);

}  // namespace cratebox
