// The doctest runner for the unit tests that live beside the driver's sources.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
