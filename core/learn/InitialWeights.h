#pragma once
#include <string>
#include <vector>

#include "core/learn/FeatureObjective.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// What starting a run from a model file did.
struct InitialisationReport {
  std::size_t loaded = 0;          ///< tensors copied from the file
  std::vector<std::string> fresh;  ///< tensors left at their initial values, each with why
  std::size_t headsLoaded = 0;     ///< feature heads copied
  std::vector<std::string> notes;  ///< e.g. "no feature heads in the file: they start fresh"
  /// One line for the training log: "initialised from FILE: 52 of 52 network tensors, ...".
  std::string summary(const std::string& path) const;
};

/// What must agree between a model file and a run for the run to start from it.
struct RunIdentity {
  NetworkConfig network;
  std::string schemeJson;  ///< the run's label scheme as stored in model files
};

/// Copies into `model` (and into the feature heads of `objective`, may be null) every tensor of
/// the model file at `path` whose name and shape match, on `device`. Unless `partial`, a file
/// whose network or label scheme differs from `run` is refused before anything is copied:
/// throws std::invalid_argument with one line naming the file and what differs. With `partial`,
/// matching tensors load and the rest (e.g. the output layer of a scheme with a new organ) keep
/// their initial values; the report lists them.
InitialisationReport initialiseFrom(const std::string& path, const RunIdentity& run,
                                    UNet3DImpl& model, FeatureObjectiveImpl* objective,
                                    const torch::Device& device, bool partial);

}  // namespace voxsiam::learn
