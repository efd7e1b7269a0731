#include "core/learn/FeatureHead.h"

namespace voxsiam::learn {

FeatureHeadImpl::FeatureHeadImpl(int64_t channels, int64_t hidden) {
  using namespace torch::nn;
  projector =
      register_module("projector", Sequential(Linear(channels, hidden), BatchNorm1d(hidden), ReLU(),
                                              Linear(hidden, hidden),
                                              BatchNorm1d(BatchNormOptions(hidden).affine(false))));
  predictor = register_module("predictor", Sequential(Linear(hidden, hidden), BatchNorm1d(hidden),
                                                      ReLU(), Linear(hidden, hidden)));
}

torch::Tensor FeatureHeadImpl::project(const torch::Tensor& features) {
  return projector->forward(features);
}

torch::Tensor FeatureHeadImpl::predict(const torch::Tensor& projections) {
  return predictor->forward(projections);
}

}  // namespace voxsiam::learn
