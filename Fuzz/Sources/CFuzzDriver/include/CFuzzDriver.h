// libFuzzer's driver, for a fuzz target with its own main (SwiftPM names every executable's entry point, which
// replaces the main libFuzzer would otherwise provide). Only declared here: the fuzzer's runtime defines it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
