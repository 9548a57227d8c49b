// libFuzzer target: the word2vec binary loader (and format auto-detection).
#define HOGVEC_FUZZ_FORMAT Binary
#include "vectors_common.h"
