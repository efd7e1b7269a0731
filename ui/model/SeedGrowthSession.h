#pragma once
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/edit/EditTools.h"
#include "core/edit/effects/SeedGrowth.h"
#include "ui/model/BackgroundJob.h"

namespace voxsiam::ui {

class CaseSession;
class EditController;

/// The grow-from-seeds tool's state: seed strokes of organs and of background painted in the
/// slice views (shown as marks), grown over the case's CT on a worker thread after each stroke
/// (the result outlined as a preview), and applied as one undoable edit. Strokes of organs
/// already seeded only re-flood what they now reach (edit::SeedGrowth::addSeeds); a newly
/// seeded organ starts the growing over.
class SeedGrowthSession : public QObject {
  Q_OBJECT

 public:
  SeedGrowthSession(CaseSession& session, EditController& editor, QObject* parent = nullptr);
  ~SeedGrowthSession() override;

  /// Paints seeds of `label` (edit::SeedGrowth::kBackground for background) in a disc of
  /// `radiusMm` around `voxel` in the slice normal to `sliceAxis`, and along the way from the
  /// stroke's last voxel, so a fast drag leaves no gaps.
  void paint(const edit::VoxelIndex& voxel, int sliceAxis, std::uint16_t label, double radiusMm);
  /// Whether the tool's strokes are background seeds (else seeds of the active organ).
  bool paintingBackground() const { return paintingBackground_; }
  void setPaintingBackground(bool background) { paintingBackground_ = background; }
  /// Ends a stroke: grows from the seeds in the background; emits grown() when done.
  void endStroke();
  /// Writes the last growth into the labels as one undo step ("grow from seeds").
  void apply();
  /// Drops the seeds, the growth and its preview.
  void clear();
  bool busy() const { return job_.running(); }
  /// Seed voxels painted, and organs seeded (background excluded).
  std::size_t seedCount() const { return seedVoxels_.size(); }
  const std::set<std::uint16_t>& organs() const { return organs_; }
  /// Whether any background seed has been painted.
  bool hasBackgroundSeeds() const { return backgroundSeeded_; }
  /// Whether a growth result is ready to apply.
  bool ready() const { return !grown_.empty(); }

 signals:
  /// Seeds or the growth changed (for the tool's status line).
  void changed();
  /// A growth finished in `seconds`.
  void grown(double seconds);

 private:
  /// What a worker's growing hands back.
  struct Growth {
    std::shared_ptr<edit::SeedGrowth> growth;
    std::vector<std::uint16_t> labels;
    double seconds = 0;
  };
  void showPreview();
  /// Seeds of `label` in a disc of `radiusMm` around `voxel` in the slice normal to `sliceAxis`.
  void paintDab(const edit::VoxelIndex& voxel, int sliceAxis, std::uint16_t label, double radiusMm);

  CaseSession& session_;
  EditController& editor_;
  std::vector<std::pair<std::size_t, std::uint16_t>> seedVoxels_, pendingSeeds_;
  std::set<std::size_t> seeded_;
  std::optional<edit::VoxelIndex> lastDab_;  ///< the open stroke's last voxel
  std::set<std::uint16_t> organs_, grownOrgans_;
  std::shared_ptr<edit::SeedGrowth> growth_;
  std::vector<std::uint16_t> grown_;
  bool restart_ = true;
  bool backgroundSeeded_ = false;
  bool paintingBackground_ = false;
  bool again_ = false;         ///< a stroke ended while growing: grow again when done
  BackgroundJob<Growth> job_;  ///< last: waited for first
};

}  // namespace voxsiam::ui
