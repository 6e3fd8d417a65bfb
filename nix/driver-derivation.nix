# A derivation whose builder is the cratebox executable, reading its job from structured
# attributes. No stdenv, no bash: the driver does what a Rust build needs of setup hooks.
{ driverExe, defaultSystem }:
{ name, command, attrs, system ? defaultSystem, outputs ? [ "out" ] }:
derivation (attrs // {
  inherit name system outputs;
  builder = driverExe;
  args = [ command ];
  __structuredAttrs = true;
})
