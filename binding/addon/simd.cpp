// Which SIMD kernels are in use, forcing a path (for tests and HOGVEC_SIMD),
// and a test hook that runs one path's kernels.
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
  for (blas::SimdPath p : blas::kSimdPaths)
    if (blas::cpuSupports(p)) supported.Set(n++, blas::simdPathName(p));
  out.Set("supported", supported);
  const std::string& envError = blas::simdEnvironmentError();
  if (!envError.empty()) {
    // The core says what is wrong; the fix depends on this CPU, so name it here.
    std::string paths;
    for (blas::SimdPath p : blas::kSimdPaths)
      if (blas::cpuSupports(p)) paths += std::string(paths.empty() ? "" : ", ") + blas::simdPathName(p);
    out.Set("environmentError",
            envError + "; unset it to use the best path this CPU supports, or set it to one of: " + paths);
  }
  return out;
}

Napi::Value setSimdPath(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString())
    throw Napi::TypeError::New(env, "Expected a SIMD path name (" + blas::simdPathNames() + ")");
  std::string name = info[0].As<Napi::String>();
  blas::SimdPath path;
  if (!blas::parseSimdPath(name, &path))
    throw Napi::Error::New(env, "Expected " + blas::simdPathNames() + " for the SIMD path but received '" + name + "'");
  if (!blas::setSimdPath(path)) throw Napi::Error::New(env, "This CPU does not support the " + name + " SIMD path");
  return Napi::String::New(env, blas::simdPathName(blas::activeSimdPath()));
}

Napi::Float32Array floatsArg(const Napi::Value& v, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(v.Env(), std::string("Expected a Float32Array for ") + name);
  return v.As<Napi::Float32Array>();
}

// Test hook: kernelCheck(path, x, y, a) runs one path's float kernels on
// copies of the inputs and returns { path, dot: x.y, axpy: y + a x, scal: a x,
// addRows: y + x + y + x (addRows of the rows x, y, x into y), axpyRows:
// y + a x + a x (axpyRows over one row listed twice) }, so tests can compare
// the SIMD paths (and their tails) against each other.
// path 'active' means the kernels training uses now (HOGVEC_SIMD or the best).
// A path the CPU lacks is refused: running it would be an illegal instruction.
Napi::Value kernelCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsString() || !info[3].IsNumber())
    throw Napi::TypeError::New(env, "Expected (path, x: Float32Array, y: Float32Array, a: number)");
  const std::string name = info[0].As<Napi::String>();
  blas::SimdPath path = blas::activeSimdPath();
  const bool active = name == "active";
  if (!active && !blas::parseSimdPath(name, &path))
    throw Napi::Error::New(
        env, "Expected active, " + blas::simdPathNames() + " for the SIMD path but received '" + name + "'");
  if (!blas::cpuSupports(path)) throw Napi::Error::New(env, "This CPU does not support the " + name + " SIMD path");
  const blas::FloatKernels& k = active ? blas::kernels() : blas::kernelsFor(path);

  Napi::Float32Array x = floatsArg(info[1], "x"), y = floatsArg(info[2], "y");
  const std::size_t n = x.ElementLength();
  if (y.ElementLength() != n) throw Napi::RangeError::New(env, "Expected x and y of the same length");
  const float a = info[3].As<Napi::Number>().FloatValue();

  Napi::Float32Array axpy = Napi::Float32Array::New(env, n), scal = Napi::Float32Array::New(env, n),
                     addRows = Napi::Float32Array::New(env, n), axpyRows = Napi::Float32Array::New(env, n);
  for (std::size_t i = 0; i < n; ++i) {
    axpy[i] = addRows[i] = axpyRows[i] = y[i];
    scal[i] = x[i];
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("path", blas::simdPathName(path));
  out.Set("dot", static_cast<double>(k.dot(x.Data(), y.Data(), n)));
  k.axpy(a, x.Data(), axpy.Data(), n);
  k.scal(a, scal.Data(), n);
  float* const added[] = {x.Data(), y.Data(), x.Data()};
  k.addRows(added, 3, n, addRows.Data());
  float* const twice[] = {axpyRows.Data(), axpyRows.Data()};
  k.axpyRows(a, x.Data(), twice, 2, n);
  out.Set("axpy", axpy);
  out.Set("scal", scal);
  out.Set("addRows", addRows);
  out.Set("axpyRows", axpyRows);
  return out;
}

}  // namespace

void registerSimd(Napi::Env env, Napi::Object exports) {
  exports.Set("simdInfo", Napi::Function::New(env, simdInfo, "simdInfo"));
  exports.Set("setSimdPath", Napi::Function::New(env, setSimdPath, "setSimdPath"));
  exports.Set("kernelCheck", Napi::Function::New(env, kernelCheck, "kernelCheck"));
}

}  // namespace addon
}  // namespace hogvec
