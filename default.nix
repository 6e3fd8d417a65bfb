import ./nix
