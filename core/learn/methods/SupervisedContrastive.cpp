#include "core/learn/Losses.h"
#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {
namespace {

/// Supervised InfoNCE on the projections of the same sampled voxels (temperature from the
/// configuration): the contrastive baseline.
class SupervisedContrastiveLoss : public FeatureLoss {
 public:
  torch::Tensor layerLoss(LayerSample& sample) override {
    return supervisedContrastiveLoss(sample.z, sample.labels, sample.config.temperature);
  }
};

}  // namespace

MethodEntry supervisedContrastiveMethod() {
  return {{"scl", "Dice + supervised contrastive", true},
          [] { return std::make_unique<SupervisedContrastiveLoss>(); }};
}

}  // namespace voxsiam::learn
