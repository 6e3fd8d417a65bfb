{
  # A small stand-in for nixpkgs, enough to evaluate cratebox's flake without network:
  # callPackage, fetchurl (the builtin fetcher), a toolchain and a stdenv whose mkDerivation
  # makes a plain derivation. Tests use it with --override-input nixpkgs.
  outputs = { self }:
    let
      system = "x86_64-linux";
      marker = name: derivation { inherit name system; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; };
      pkgs = rec {
        callPackage = f: args:
          let
            fn = if builtins.isFunction f then f else import f;
            wanted = builtins.functionArgs fn;
          in
          fn ((builtins.intersectAttrs wanted pkgs) // args);
        fetchurl = import <nix/fetchurl.nix>;
        rustc = marker "rustc";
        cargo = marker "cargo";
        cmake = marker "cmake";
        pkg-config = marker "pkg-config";
        tomlplusplus = marker "tomlplusplus";
        nlohmann_json = marker "nlohmann_json";
        spdlog = marker "spdlog";
        libarchive = marker "libarchive";
        doctest = marker "doctest";
        openssl = marker "openssl";
        bash = marker "bash";
        stdenv = {
          hostPlatform = { inherit system; };
          cc = marker "cc";
          mkDerivation = attrs: derivation {
            name = "${attrs.pname}-${attrs.version}";
            inherit system;
            builder = "/bin/sh";
            args = [ "-c" "exit 1" ];
            inherit (attrs) src;
          } // { meta = attrs.meta or { }; };
        };
      };
    in
    {
      legacyPackages.${system} = pkgs;
    };
}
