// Which SIMD kernels are in use, and forcing a path (for tests and HOGVEC_SIMD).
#include "addon.h"
#include "blas.h"

namespace hogvec {
namespace addon {
namespace {

Napi::Value simdInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("active", blas::simdPathName(blas::activeSimdPath()));
  out.Set("best", blas::simdPathName(blas::bestSimdPath()));
  Napi::Array supported = Napi::Array::New(env);
  uint32_t n = 0;
  for (blas::SimdPath p : {blas::SimdPath::Scalar, blas::SimdPath::Avx2, blas::SimdPath::Avx512})
    if (blas::cpuSupports(p)) supported.Set(n++, blas::simdPathName(p));
  out.Set("supported", supported);
  const std::string& envError = blas::simdEnvironmentError();
  if (!envError.empty()) out.Set("environmentError", envError);
  return out;
}

Napi::Value setSimdPath(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString())
    throw Napi::TypeError::New(env, "Expected a SIMD path name (scalar, avx2 or avx512)");
  std::string name = info[0].As<Napi::String>();
  blas::SimdPath path;
  if (!blas::parseSimdPath(name, &path))
    throw Napi::Error::New(env, "Expected scalar, avx2 or avx512 for the SIMD path but received '" + name + "'");
  if (!blas::setSimdPath(path))
    throw Napi::Error::New(env, "This CPU does not support the " + name + " SIMD path");
  return Napi::String::New(env, blas::simdPathName(blas::activeSimdPath()));
}

}  // namespace

void registerSimd(Napi::Env env, Napi::Object exports) {
  exports.Set("simdInfo", Napi::Function::New(env, simdInfo, "simdInfo"));
  exports.Set("setSimdPath", Napi::Function::New(env, setSimdPath, "setSimdPath"));
}

}  // namespace addon
}  // namespace hogvec
