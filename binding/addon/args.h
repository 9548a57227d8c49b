// Reading fields of JS objects in the addon: every mistake becomes a JS
// TypeError or Error that names the field.
#pragma once

#include <string>

#include <napi.h>

#include "model.h"

namespace hogvec {
namespace addon {

inline std::string stringField(const Napi::Object& o, const char* name) {
  Napi::Value v = o.Get(name);
  if (!v.IsString()) throw Napi::TypeError::New(o.Env(), std::string("Expected a string for ") + name);
  return v.As<Napi::String>();
}

inline double numberField(const Napi::Object& o, const char* name) {
  Napi::Value v = o.Get(name);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("Expected a number for ") + name);
  return v.As<Napi::Number>().DoubleValue();
}

inline LossKind lossField(const Napi::Object& o, const char* name = "loss") {
  const std::string value = stringField(o, name);
  LossKind loss;
  if (!parseLossKind(value, &loss))
    throw Napi::Error::New(o.Env(), std::string("Expected negative-sampling, hierarchical-softmax or softmax for ") +
                                        name + " but received '" + value + "'");
  return loss;
}

inline Architecture architectureField(const Napi::Object& o, const char* name = "architecture") {
  const std::string value = stringField(o, name);
  Architecture architecture;
  if (!parseArchitecture(value, &architecture))
    throw Napi::Error::New(o.Env(), std::string("Expected skip-gram or cbow for ") + name + " but received '" + value + "'");
  return architecture;
}

}  // namespace addon
}  // namespace hogvec
