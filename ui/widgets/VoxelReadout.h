#pragma once
#include <QLabel>

#include <array>
#include <cstddef>

namespace voxsiam::ui {

class CaseSession;

/// The status-bar readout of the voxel under the mouse: its index, its LPS position in mm, its
/// intensity in HU and the organ it belongs to. Cleared while a case loads or closes.
class VoxelReadout : public QLabel {
  Q_OBJECT

 public:
  explicit VoxelReadout(CaseSession& session, QWidget* parent = nullptr);

  /// Shows `voxel` of the open case.
  void showVoxel(const std::array<std::size_t, 3>& voxel);

 private:
  CaseSession& session_;
};

}  // namespace voxsiam::ui
