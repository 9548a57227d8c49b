#include "addon.h"
namespace hogvec { namespace addon {
void registerLossCheck(Napi::Env, Napi::Object) {}
}}
