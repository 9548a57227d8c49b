// Node-API glue: each feature file registers its functions on the exports.
// No exception crosses into Node: node-addon-api's C++ exceptions become JS
// Errors, and core exceptions are caught and rethrown as Napi::Error.
#pragma once

#include <napi.h>

namespace hogvec {
namespace addon {

void registerSimd(Napi::Env env, Napi::Object exports);
void registerLossCheck(Napi::Env env, Napi::Object exports);
void registerSamplingCheck(Napi::Env env, Napi::Object exports);
void registerCheckpoint(Napi::Env env, Napi::Object exports);
void registerSearch(Napi::Env env, Napi::Object exports);
void registerVectorsIo(Napi::Env env, Napi::Object exports);

}  // namespace addon
}  // namespace hogvec
