# cratebox's Nix library. Two ways in:
#   (pkgs.callPackage ./nix {}).buildPackage { src = ./.; }         with nixpkgs
#   (import ./nix { cratebox = ...; rustc = ...; cargo = ...; }).buildPackage { ... }   without
# Returns { buildPackage, buildDepsOnly, vendorCargoDeps, fetchCrate, parseLockfile, driver }.
{
  # The driver: a package with bin/cratebox, or null to build it with the nixpkgs pieces below.
  cratebox ? null
  # The toolchain and linker: packages (or paths) with bin/ (rustc, cargo, cc).
, rustc ? null
, cargo ? null
, stdenv ? null
, cc ? (if stdenv != null then stdenv.cc else null)
  # nixpkgs' fetchers; without them the builtin fetcher (<nix/fetchurl.nix>) is used.
, fetchurl ? null
, fetchgit ? null
, system ? (if stdenv != null then stdenv.hostPlatform.system else builtins.currentSystem)
  # To build the driver from source (callPackage fills these in).
, callPackage ? null
, cratesDownloadUrl ? "https://static.crates.io/crates"
  # The shell for buildPackage's hooks (postInstall, preBuild, ...); callPackage passes nixpkgs' bash.
, bash ? null
, registries ? { }
, ...
}:
let
  driver =
    if cratebox != null then cratebox
    else if callPackage != null then callPackage ./driver.nix { }
    else throw "cratebox: pass `cratebox` (the driver package) when not using callPackage";
  driverExe =
    if builtins.isPath driver || builtins.isString driver then "${driver}/bin/cratebox"
    else "${driver}/bin/cratebox";
  defaultSystem = system;
  mkDriverDerivation = import ./driver-derivation.nix { inherit driverExe defaultSystem; };
  toolchainInputs = builtins.filter (x: x != null) [ rustc cargo cc ];

  mkVendor = { gitAllRefs ? false, gitSubmodules ? false, outputHashes ? { }, cratesDownloadUrl' ? cratesDownloadUrl, registries' ? registries }:
    import ./vendor.nix {
      inherit mkDriverDerivation;
      fetchCrate = import ./fetch-crate.nix { inherit fetchurl; cratesDownloadUrl = cratesDownloadUrl'; registries = registries'; };
      fetchGitSource = import ./fetch-git.nix { inherit gitAllRefs gitSubmodules outputHashes fetchgit; };
    };

  buildPackage = args:
    let
      a = if builtins.isAttrs args then args else { };
      vendorCargoDeps = mkVendor {
        gitAllRefs = a.gitAllRefs or false;
        gitSubmodules = a.gitSubmodules or false;
        outputHashes = a.outputHashes or { };
        cratesDownloadUrl' = a.cratesDownloadUrl or cratesDownloadUrl;
        registries' = registries // (a.registries or { });
      };
    in
    import ./build-package.nix {
      inherit mkDriverDerivation vendorCargoDeps toolchainInputs defaultSystem;
      hookShell = bash;
      rebuild = buildPackage;
    } args;
in
{
  inherit buildPackage driver;
  # The dependency-only derivation of a project (what buildPackage reuses across source edits).
  buildDepsOnly = args: (buildPackage args).deps;
  vendorCargoDeps = { src ? null, cargoLock ? src + "/Cargo.lock", ... }@args:
    (mkVendor { }) { lockTexts = [ (builtins.readFile cargoLock) ]; name = args.name or "cargo-deps"; };
  parseLockfile = import ./lockfile.nix;
  fetchCrate = import ./fetch-crate.nix { inherit fetchurl cratesDownloadUrl registries; };
}
