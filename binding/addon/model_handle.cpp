#include "model_handle.h"

#include "addon.h"

namespace hogvec {
namespace addon {
namespace {

// A Float32Array over native floats, keeping the owning model alive.
Napi::Value floatView(Napi::Env env, const std::shared_ptr<Embeddings>& model, RowMatrix& data) {
  if (data.empty()) return Napi::Float32Array::New(env, 0);
  auto* keepAlive = new std::shared_ptr<Embeddings>(model);
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(
      env, data.data(), data.size() * sizeof(float),
      [](Napi::Env, void*, std::shared_ptr<Embeddings>* hint) { delete hint; }, keepAlive);
  return Napi::Float32Array::New(env, data.size(), buffer, 0);
}

}  // namespace

void ModelHandle::Register(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor =
      DefineClass(env, "ModelHandle",
                  {InstanceMethod<&ModelHandle::Words>("words"), InstanceMethod<&ModelHandle::Counts>("counts"),
                   InstanceMethod<&ModelHandle::Input>("input"), InstanceMethod<&ModelHandle::Output>("output"),
                   InstanceMethod<&ModelHandle::Dim>("dim"), InstanceMethod<&ModelHandle::Loss>("loss")});
  env.GetInstanceData<AddonData>()->modelHandle = Napi::Persistent(ctor);
  exports.Set("ModelHandle", ctor);
}

ModelHandle::ModelHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelHandle>(info) {
  if (info.Length() != 1 || !info[0].IsExternal())
    throw Napi::TypeError::New(info.Env(), "ModelHandle is created by hogvec, not by user code");
  model_ = *info[0].As<Napi::External<std::shared_ptr<Embeddings>>>().Data();
}

Napi::Object ModelHandle::Wrap(Napi::Env env, std::shared_ptr<Embeddings> model) {
  auto holder = std::make_unique<std::shared_ptr<Embeddings>>(std::move(model));
  Napi::External<std::shared_ptr<Embeddings>> external =
      Napi::External<std::shared_ptr<Embeddings>>::New(env, holder.get());
  Napi::Object handle = env.GetInstanceData<AddonData>()->modelHandle.New({external});
  return handle;  // the constructor copied the shared_ptr; holder frees its own
}

std::shared_ptr<Embeddings> ModelHandle::ModelOf(Napi::Value value) {
  Napi::Env env = value.Env();
  if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(env.GetInstanceData<AddonData>()->modelHandle.Value()))
    throw Napi::TypeError::New(env, "Expected a hogvec model handle");
  return Napi::ObjectWrap<ModelHandle>::Unwrap(value.As<Napi::Object>())->model_;
}

Napi::Value ModelHandle::Words(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Vocabulary& vocab = model_->vocab;
  Napi::Array words = Napi::Array::New(env, vocab.size());
  for (std::uint32_t i = 0; i < vocab.size(); ++i) {
    const auto w = vocab.word(i);
    words.Set(i, Napi::String::New(env, w.data(), w.size()));
  }
  return words;
}

Napi::Value ModelHandle::Counts(const Napi::CallbackInfo& info) {
  const auto& counts = model_->vocab.counts();
  Napi::Float64Array out = Napi::Float64Array::New(info.Env(), counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) out[i] = static_cast<double>(counts[i]);
  return out;
}

Napi::Value ModelHandle::Input(const Napi::CallbackInfo& info) { return floatView(info.Env(), model_, model_->input); }
Napi::Value ModelHandle::Output(const Napi::CallbackInfo& info) {
  return floatView(info.Env(), model_, model_->output);
}
Napi::Value ModelHandle::Dim(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), model_->dim); }

Napi::Value ModelHandle::Loss(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), lossName(model_->loss));
}

}  // namespace addon
}  // namespace hogvec
