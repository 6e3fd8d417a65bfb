# Small string helpers on builtins only, so the library evaluates without nixpkgs.
let
  hexDigits = {
    "0" = 0; "1" = 1; "2" = 2; "3" = 3; "4" = 4; "5" = 5; "6" = 6; "7" = 7; "8" = 8; "9" = 9;
    "a" = 10; "b" = 11; "c" = 12; "d" = 13; "e" = 14; "f" = 15;
    "A" = 10; "B" = 11; "C" = 12; "D" = 13; "E" = 14; "F" = 15;
  };
  # Printable ASCII by code, for percent-decoding (git refs are ASCII in practice).
  ascii = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  charOf = code: if code >= 32 && code < 127 then builtins.substring (code - 32) 1 ascii else "%";
in
rec {
  hasPrefix = prefix: s: builtins.substring 0 (builtins.stringLength prefix) s == prefix;
  hasSuffix = suffix: s:
    let
      ls = builtins.stringLength s;
      lx = builtins.stringLength suffix;
    in
    ls >= lx && builtins.substring (ls - lx) lx s == suffix;
  removePrefix = prefix: s:
    if hasPrefix prefix s then builtins.substring (builtins.stringLength prefix) (builtins.stringLength s) s else s;
  toLower = s: builtins.replaceStrings
    [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ]
    [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ] s;

  # "with%2Fslash" -> "with/slash" (lockfile v4 encodes git query values).
  percentDecode = s:
    let
      parts = builtins.split "%([0-9a-fA-F]{2})" s;
      decodePart = p:
        if builtins.isList p then
          let h = builtins.head p; in
          charOf (hexDigits.${builtins.substring 0 1 h} * 16 + hexDigits.${builtins.substring 1 1 h})
        else p;
    in
    builtins.concatStringsSep "" (map decodePart parts);

  # Values of a `path = "..."` inside manifests, used to find path dependencies.
  concatMap = f: list: builtins.concatLists (map f list);
  unique = list: builtins.foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ] list;
}
