#pragma once
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

#include "core/image/UncertainRegions.h"

namespace voxsiam::ui {

class CaseSession;

/// A region to check, as listed for the reviewer.
struct RegionToCheck {
  image::UncertainRegion region;
  QString organ;         ///< what the model's draft says at the region's peak
  bool checked = false;  ///< the reviewer went there
};

/// Where the model was unsure on the shown case: the uncertainty kept with the case's newest
/// model draft, shown over the slices on request, and its connected high-uncertainty regions
/// inside the body ("regions to check"), largest first, each marked checked once the reviewer
/// jumps to it.
class UncertaintyReview : public QObject {
  Q_OBJECT

 public:
  /// Regions smaller than this are not listed.
  static constexpr std::size_t kMinVoxels = 20;
  /// Voxels below this (air outside and in the body's gas) are left out of the regions.
  static constexpr float kAirHu = -500;

  explicit UncertaintyReview(CaseSession& session, QObject* parent = nullptr);

  /// Finds the newest model draft of the shown case with an uncertainty map and lists its
  /// regions (done when a case or version loads; call it after predictions); emits changed().
  /// The same draft as before keeps its list and checked marks.
  void refresh();
  /// Whether the shown case has a draft with an uncertainty map.
  bool available() const { return draftVersionId_ != 0; }
  /// The draft the map belongs to: "version N, prediction of model M" (empty without).
  const QString& source() const { return source_; }
  /// Shows or hides the map over the slices.
  void setShown(bool shown);
  bool shown() const { return shown_; }
  /// Uncertainty (0..1) from which a voxel belongs to a region; relists the regions.
  void setThreshold(double threshold);
  double threshold() const { return threshold_; }
  const std::vector<RegionToCheck>& regions() const { return regions_; }
  /// Regions not checked yet.
  int remaining() const;
  /// Moves the crosshair to region `index`'s most uncertain voxel and marks it checked.
  void jumpTo(int index);
  /// The first region not checked yet, if any.
  std::optional<int> nextUnchecked() const;

 signals:
  /// The map, its regions or their checked marks changed.
  void changed();
  /// The map could not be read (one line).
  void failed(const QString& message);

 private:
  void clear();
  void listRegions();

  CaseSession& session_;
  long long draftVersionId_ = 0;
  QString source_;
  std::optional<image::Volume> map_;
  bool shown_ = false;
  double threshold_ = 0.3;
  std::vector<RegionToCheck> regions_;
};

}  // namespace voxsiam::ui
