// libFuzzer target: the word2vec text loader (and format auto-detection).
#define HOGVEC_FUZZ_FORMAT Text
#include "vectors_common.h"
