{
  inputs = {
    flake-utils.url = "github:numtide/flake-utils";
    cratebox = {
      url = "github:cratebox/cratebox";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
  };

  outputs = { flake-utils, cratebox, nixpkgs, ... }:
    flake-utils.lib.eachDefaultSystem (system:
      let
        pkgs = (import nixpkgs) { inherit system; };
        cratebox' = pkgs.callPackage cratebox { };
      in
      {
        # For `nix build` & `nix run`:
        packages.default = cratebox'.buildPackage {
          src = ./.;
        };

        # For `nix develop`:
        devShell = pkgs.mkShell {
          nativeBuildInputs = with pkgs; [ rustc cargo ];
        };
      });
}
