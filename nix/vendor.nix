# vendorCargoDeps: one derivation whose builder, `cratebox vendor`, unpacks every crate of the
# lockfile(s) into a directory-source tree plus the cargo config that points at it.
{ mkDriverDerivation, fetchCrate, fetchGitSource }:
{ lockTexts, name ? "cargo-deps" }:
let
  util = import ./util.nix;
  parse = import ./lockfile.nix;
  packages = util.concatMap (text: (parse text).packages) lockTexts;
  registryPackages = builtins.filter (p: p.kind == "registry" || p.kind == "sparse") packages;
  gitPackages = builtins.filter (p: p.kind == "git") packages;
  gitSources = util.unique (map (p: p.source) gitPackages);
  bySource = builtins.listToAttrs (map (p: { name = p.source; value = p; }) gitPackages);
in
mkDriverDerivation {
  name = "${name}-vendor";
  command = "vendor";
  attrs = {
    lockFiles = map (text: builtins.toFile "Cargo.lock" text) lockTexts;
    crates = map
      (p: {
        inherit (p) name version source;
        tarball = "${fetchCrate p}";
      })
      registryPackages;
    gitCheckouts = map
      (source: {
        inherit source;
        path = "${fetchGitSource bySource.${source}}";
      })
      gitSources;
  };
}
