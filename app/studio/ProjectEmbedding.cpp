#include "app/studio/ProjectEmbedding.h"

#include <nlohmann/json.hpp>

#include "core/embed/Tsne.h"
#include "core/image/InputError.h"
#include "core/segment/VoxelFeatureExtractor.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/EmbeddingRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"

namespace voxsiam::studio {

long long embedIntoProject(const std::string& folder, const ui::EmbeddingRequest& request,
                           const std::function<void(const std::string&)>& progress,
                           const std::atomic<bool>& cancel) {
  storage::Project project(folder);
  const auto model =
      storage::repository::ModelRepository(project.connection()).get(request.modelId);
  const segment::VoxelFeatureExtractor extractor((project.folder() / model.checkpoint).string(),
                                                 "auto");
  segment::EmbedRequest sampling;
  sampling.level = request.level < 0 ? extractor.levels() - 1 : request.level;
  sampling.projector = request.projector;
  sampling.perClass = request.perClass;
  sampling.wrongOnly = request.wrongOnly;
  sampling.seed = request.seed;
  storage::repository::EmbeddingSet set;
  set.modelId = request.modelId;
  set.layer = (sampling.projector ? "proj" : "enc") + std::to_string(sampling.level);
  std::vector<double> features;
  std::size_t channels = 0;
  storage::repository::CaseRepository cases(project.connection());
  storage::repository::LabelVersionRepository versions(project.connection());
  for (const long long caseId : request.caseIds) {
    if (cancel) return 0;
    const auto record = cases.get(caseId);
    auto version = versions.latest(caseId, storage::ReviewStatus::Approved);
    if (!version) version = versions.latest(caseId);
    if (!version) continue;
    progress("features of " + record.name);
    const auto voxels = extractor.extract(project.volumes().load(record.imageHash),
                                          versions.load(version->id), sampling);
    channels = voxels.channels;
    features.insert(features.end(), voxels.features.begin(), voxels.features.end());
    for (std::size_t r = 0; r < voxels.organ.size(); ++r) {
      set.points.push_back(
          {caseId, voxels.voxelIndex[r], voxels.organ[r], voxels.predicted[r], 0, 0,
           std::vector<float>(voxels.features.begin() + std::ptrdiff_t(r * channels),
                              voxels.features.begin() + std::ptrdiff_t((r + 1) * channels))});
    }
  }
  const std::size_t n = set.points.size();
  if (n < 8) throw image::InputError(project.folder().string(), "too few labelled voxels to embed");
  embed::TsneOptions options;
  options.perplexity = std::min(request.perplexity, double(n - 1) / 3.0 - 1e-6);
  progress("t-SNE of " + std::to_string(n) + " voxels");
  const auto layout = embed::runTsne(features, n, channels, options, {}, &cancel);
  if (layout.cancelled) return 0;
  for (std::size_t i = 0; i < n; ++i)
    set.points[i].x = layout.embedding[2 * i], set.points[i].y = layout.embedding[2 * i + 1];
  set.parameters = nlohmann::json{{"perplexity", options.perplexity},
                                  {"kl", layout.kl},
                                  {"per_class", request.perClass},
                                  {"wrong_only", request.wrongOnly},
                                  {"seed", request.seed},
                                  {"cases", request.caseIds}}
                       .dump();
  return storage::repository::EmbeddingRepository(project.connection()).add(set);
}

}  // namespace voxsiam::studio
