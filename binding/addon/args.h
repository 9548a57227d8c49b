// Reading fields of JS objects in the addon: every mistake becomes a JS
// TypeError or Error that names the field.
#pragma once

#include <charconv>
#include <cmath>
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

// The largest integers a field may hold: 2^31 - 1, 2^32 - 1 and 2^53 - 1
// (the largest integer a JS number holds exactly).
constexpr double kMaxInt32 = 2147483647.0;
constexpr double kMaxUint32 = 4294967295.0;
constexpr double kMaxSafeInteger = 9007199254740991.0;

// A number as JS's String(x) prints it: the shortest digits that read back
// as x, in fixed notation from 1e-6 to 1e21, else as 1.5e-7 or 1e+21.
inline std::string shownNumber(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x == 0) return "0";
  char buffer[400];
  const double magnitude = std::fabs(x);
  const bool fixed = magnitude >= 1e-6 && magnitude < 1e21;
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, x, fixed ? std::chars_format::fixed : std::chars_format::scientific)
          .ptr;
  std::string text(buffer, end);
  if (fixed) return text;
  // C writes e-07 and e+21; JS writes e-7 and e+21.
  const std::size_t e = text.find('e');
  std::size_t digits = e + 2;
  while (digits + 1 < text.size() && text[digits] == '0') text.erase(digits, 1);
  return text;
}

// JS's typeof of a value.
inline const char* typeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_function: return "function";
    case napi_bigint: return "bigint";
    default: return "object";  // null, objects, externals
  }
}

// The bounds of a number field; an open bound excludes itself.
struct Bounds {
  double min;
  double max;
  bool minOpen = false;
  bool maxOpen = false;
};

// What a field must be, worded as lib/validate.ts words it.
inline std::string expectedOf(bool isInteger, const Bounds& b) {
  if (isInteger) return "integer between " + shownNumber(b.min) + " and " + shownNumber(b.max);
  if (!b.minOpen && !b.maxOpen) return "finite number between " + shownNumber(b.min) + " and " + shownNumber(b.max);
  return std::string("finite number ") + (b.minOpen ? "> " : ">= ") + shownNumber(b.min) + " and " +
         (b.maxOpen ? "< " : "<= ") + shownNumber(b.max);
}

// A number field within bounds (an integer when isInteger); otherwise a
// TypeError (not a number) or a RangeError with lib/errors.ts's message:
// "Expected integer between 1 and 10000 for dim but received 0 of type number".
inline double boundedField(const Napi::Object& o, const char* name, bool isInteger, const Bounds& b) {
  Napi::Value v = o.Get(name);
  const std::string expected = expectedOf(isInteger, b);
  if (!v.IsNumber())
    throw Napi::TypeError::New(
        o.Env(), "Expected " + expected + " for " + name + " but received a value of type " + typeName(v));
  const double x = v.As<Napi::Number>().DoubleValue();
  const bool aboveMin = b.minOpen ? x > b.min : x >= b.min;
  const bool belowMax = b.maxOpen ? x < b.max : x <= b.max;
  if (!std::isfinite(x) || !aboveMin || !belowMax || (isInteger && std::floor(x) != x))
    throw Napi::RangeError::New(
        o.Env(), "Expected " + expected + " for " + name + " but received " + shownNumber(x) + " of type number");
  return x;
}

// An integer field in [min, max].
inline double integerField(const Napi::Object& o, const char* name, double min, double max) {
  return boundedField(o, name, true, Bounds{min, max});
}

// A finite number field within bounds.
inline double realField(const Napi::Object& o, const char* name, const Bounds& bounds) {
  return boundedField(o, name, false, bounds);
}

inline bool booleanField(const Napi::Object& o, const char* name) {
  Napi::Value v = o.Get(name);
  if (!v.IsBoolean()) throw Napi::TypeError::New(o.Env(), std::string("Expected boolean for ") + name);
  return v.As<Napi::Boolean>().Value();
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
    throw Napi::Error::New(o.Env(),
                           std::string("Expected skip-gram or cbow for ") + name + " but received '" + value + "'");
  return architecture;
}

}  // namespace addon
}  // namespace hogvec
