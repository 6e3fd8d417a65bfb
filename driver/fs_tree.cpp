#include "fs_tree.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>

namespace cratebox {
namespace fs = std::filesystem;
namespace {

}  // namespace

Status normalizeMtime(const fs::path& path) {
  const struct timespec times[2] = {{1, 0}, {1, 0}};
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
    return Error(ErrorKind::Io, "cannot set the mtime of " + path.string() + ": " + std::strerror(errno));
  return ok();
}

Status normalizeMtimes(const fs::path& root) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    CRATEBOX_TRY(normalizeMtime(it->path()));
  }
  if (ec) return Error(ErrorKind::Io, "cannot walk " + root.string() + ": " + ec.message());
  return normalizeMtime(root);  // last: writing children changed it
}

Status copyTree(const fs::path& from, const fs::path& to, const std::function<bool(const fs::path&, bool)>& skip) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Error(ErrorKind::Io, "cannot create " + to.string() + ": " + ec.message());
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path relative = it->path().lexically_relative(from);
    const auto status = it->symlink_status(ec);
    const bool isDir = status.type() == fs::file_type::directory;
    if (skip && skip(relative, isDir)) {
      if (isDir) it.disable_recursion_pending();
      continue;
    }
    const fs::path target = to / relative;
    if (status.type() == fs::file_type::symlink) {
      fs::copy_symlink(it->path(), target, ec);
    } else if (isDir) {
      fs::create_directory(target, ec);
      if (!ec) fs::permissions(target, fs::perms(0755), ec);
    } else if (status.type() == fs::file_type::regular) {
      const bool executable = (status.permissions() & fs::perms::owner_exec) != fs::perms::none;
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec);
      if (!ec) fs::permissions(target, fs::perms(executable ? 0755 : 0644), ec);
    }
    if (ec) return Error(ErrorKind::Io, "cannot copy " + it->path().string() + ": " + ec.message());
  }
  if (ec) return Error(ErrorKind::Io, "cannot read " + from.string() + ": " + ec.message());
  return ok();
}

}  // namespace cratebox
