# What the dependency build may see of the source, read at evaluation time: the TEXTS of
# every Cargo.toml, Cargo.lock and .cargo/config*, and the PATHS (never the contents) of the
# target sources to stub. Editing a .rs file therefore never changes the deps derivation.
let
  util = import ./util.nix;

  skippedDirs = [ "target" ".git" "result" "node_modules" ".direnv" ];

  isTargetSource = parts:
    let
      n = builtins.length parts;
      at = i: if i >= 0 && i < n then builtins.elemAt parts i else null;
      file = at (n - 1);
      dir1 = at (n - 2);
      dir2 = at (n - 3);
      dir3 = at (n - 4);
    in
    util.hasSuffix ".rs" file && (
      file == "build.rs"
      || (dir1 == "src" && (file == "lib.rs" || file == "main.rs"))
      || (dir1 == "bin" && dir2 == "src")
      || (file == "main.rs" && dir2 == "bin" && dir3 == "src")
      || builtins.elem dir1 [ "examples" "tests" "benches" ]
      || (file == "main.rs" && builtins.elem dir2 [ "examples" "tests" "benches" ])
    );

  isManifest = parts:
    let
      n = builtins.length parts;
      file = builtins.elemAt parts (n - 1);
      dir = if n >= 2 then builtins.elemAt parts (n - 2) else null;
    in
    file == "Cargo.toml" || file == "Cargo.lock"
    || (dir == ".cargo" && (file == "config" || file == "config.toml"));

  # All files below `dir` as lists of path components (relative to the top).
  walk = dir: prefix:
    let entries = builtins.readDir dir; in
    util.concatMap
      (name:
        let type = entries.${name}; in
        if type == "directory" then
          (if builtins.elem name skippedDirs then [ ] else walk (dir + "/${name}") (prefix ++ [ name ]))
        else if type == "regular" then [ (prefix ++ [ name ]) ]
        else [ ])
      (builtins.attrNames entries);
in
src:
let
  files = walk src [ ];
  rel = parts: builtins.concatStringsSep "/" parts;
  manifestFiles = builtins.filter isManifest files;
in
{
  manifests = builtins.listToAttrs (map
    (parts: { name = rel parts; value = builtins.readFile (src + "/${rel parts}"); })
    manifestFiles);
  targetFiles = map rel (builtins.filter isTargetSource files);
}
