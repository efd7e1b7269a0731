#include "ui/model/SeedGrowthSession.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"

namespace voxsiam::ui {

SeedGrowthSession::SeedGrowthSession(CaseSession& session, EditController& editor, QObject* parent)
    : QObject(parent), session_(session), editor_(editor) {
  connect(&session_, &CaseSession::caseLoading, this, [this] { clear(); });
  connect(&session_, &CaseSession::caseClosed, this, [this] { clear(); });
}

SeedGrowthSession::~SeedGrowthSession() = default;

void SeedGrowthSession::paint(const edit::VoxelIndex& voxel, int sliceAxis, std::uint16_t label,
                              double radiusMm) {
  if (!session_.hasCase() || label == 0) return;
  // A fast drag reports voxels far apart: dab every voxel step between them, like the brush.
  const edit::VoxelIndex from = lastDab_.value_or(voxel);
  double steps = 1;
  for (int axis = 0; axis < 3; ++axis)
    steps = std::max(steps, std::fabs(double(voxel[axis]) - double(from[axis])));
  for (double step = lastDab_ ? 1 : steps; step <= steps; ++step) {
    edit::VoxelIndex dab;
    for (int axis = 0; axis < 3; ++axis)
      dab[axis] = std::size_t(std::lround(
          double(from[axis]) + (double(voxel[axis]) - double(from[axis])) * step / steps));
    paintDab(dab, sliceAxis, label, radiusMm);
  }
  lastDab_ = voxel;
  if (label != edit::SeedGrowth::kBackground && organs_.insert(label).second) restart_ = true;
  if (label == edit::SeedGrowth::kBackground) backgroundSeeded_ = true;
  std::vector<std::array<std::size_t, 3>> marks;
  marks.reserve(seedVoxels_.size());
  const auto& geometry = session_.labels().geometry();
  for (const auto& [index, seed] : seedVoxels_) marks.push_back(geometry.voxelOf(index));
  session_.setHighlighted(std::move(marks));
  emit changed();
}

void SeedGrowthSession::paintDab(const edit::VoxelIndex& voxel, int sliceAxis, std::uint16_t label,
                                 double radiusMm) {
  const auto& geometry = session_.labels().geometry();
  const auto& spacing = geometry.spacing;
  std::array<long, 3> reach{};
  for (int axis = 0; axis < 3; ++axis)
    reach[axis] = axis == sliceAxis ? 0 : long(std::floor(radiusMm / spacing[axis]));
  for (long dk = -reach[2]; dk <= reach[2]; ++dk)
    for (long dj = -reach[1]; dj <= reach[1]; ++dj)
      for (long di = -reach[0]; di <= reach[0]; ++di) {
        const double x = double(di) * spacing[0], y = double(dj) * spacing[1],
                     z = double(dk) * spacing[2];
        if (x * x + y * y + z * z > radiusMm * radiusMm) continue;
        const long i = long(voxel[0]) + di, j = long(voxel[1]) + dj, k = long(voxel[2]) + dk;
        if (i < 0 || j < 0 || k < 0 || i >= long(geometry.size[0]) || j >= long(geometry.size[1]) ||
            k >= long(geometry.size[2]))
          continue;
        const std::size_t index =
            geometry.linearIndex(std::size_t(i), std::size_t(j), std::size_t(k));
        if (!seeded_.insert(index).second) continue;
        seedVoxels_.emplace_back(index, label);
        pendingSeeds_.emplace_back(index, label);
      }
}

void SeedGrowthSession::endStroke() {
  lastDab_.reset();
  if (!session_.hasCase() || organs_.empty()) return;
  if (job_.running()) {
    again_ = true;
    return;
  }
  std::vector<unsigned char> locked;
  if (restart_) {  // a new organ: what may grow changed, start over from every seed
    const auto& labels = session_.labels();
    locked.assign(labels.voxelCount(), 0);
    for (std::size_t index = 0; index < labels.voxelCount(); ++index)
      locked[index] = labels[index] != 0 && !organs_.count(labels[index]);
    growth_.reset();
    pendingSeeds_ = seedVoxels_;
    restart_ = false;
  }
  auto growth = growth_;
  // A copy for a new flood: the worker must not read the session's image, which goes when the
  // window closes, possibly before this object waits for it.
  std::shared_ptr<const image::Volume> ct;
  if (!growth) ct = std::make_shared<const image::Volume>(session_.caseData().image);
  auto seeds = std::move(pendingSeeds_);
  pendingSeeds_.clear();
  grownOrgans_ = organs_;
  job_.start(
      [growth, ct, seeds, locked = std::move(locked)]() mutable {
        const auto start = std::chrono::steady_clock::now();
        if (!growth)
          growth = std::make_shared<edit::SeedGrowth>(*ct, edit::RegionBox::whole(ct->geometry()),
                                                      std::move(locked));
        growth->addSeeds(seeds);
        Growth result{growth, growth->result(), 0};
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
      },
      [this](TaskOutcome<Growth> outcome) {
        if (outcome.result) {
          growth_ = outcome.result->growth;
          grown_ = std::move(outcome.result->labels);
          showPreview();
          emit grown(outcome.result->seconds);
        }
        emit changed();
        if (again_) {
          again_ = false;
          endStroke();
        }
      });
  emit changed();
}

void SeedGrowthSession::showPreview() {
  if (!session_.hasCase() || grown_.empty()) return;
  image::LabelMap after = session_.labels();
  edit::ChangeRecorder recorder(after);
  edit::writeGrowth(recorder, edit::RegionBox::whole(after.geometry()), grown_, grownOrgans_, {});
  for (std::size_t index = 0; index < after.voxelCount(); ++index)
    if (!grownOrgans_.count(after[index])) after[index] = 0;
  editor_.showPreview(std::move(after), tr("preview: grow from seeds"));
}

void SeedGrowthSession::apply() {
  if (!session_.hasCase() || grown_.empty() || job_.running()) return;
  const auto grown = grown_;
  const auto organs = grownOrgans_;
  editor_.applyEdit("grow from seeds", [&](edit::ChangeRecorder& recorder) {
    edit::writeGrowth(recorder, edit::RegionBox::whole(recorder.labels().geometry()), grown, organs,
                      {});
  });
  clear();
}

void SeedGrowthSession::clear() {
  job_.discard();
  seedVoxels_.clear();
  pendingSeeds_.clear();
  seeded_.clear();
  lastDab_.reset();
  organs_.clear();
  backgroundSeeded_ = false;
  grown_.clear();
  growth_.reset();
  restart_ = true;
  again_ = false;
  if (session_.hasCase()) session_.setHighlighted({});
  editor_.clearPreview();
  emit changed();
}

}  // namespace voxsiam::ui
