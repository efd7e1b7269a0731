#include "ui/widgets/VoxelReadout.h"

#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

VoxelReadout::VoxelReadout(CaseSession& session, QWidget* parent)
    : QLabel(parent), session_(session) {
  setObjectName("positionLabel");
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  connect(&session_, &CaseSession::caseLoading, this, &QLabel::clear);
  connect(&session_, &CaseSession::caseClosed, this, &QLabel::clear);
}

void VoxelReadout::showVoxel(const std::array<std::size_t, 3>& voxel) {
  if (!session_.hasCase()) return;
  const auto& image = session_.caseData().image;
  const auto point =
      image.geometry().indexToPhysical({double(voxel[0]), double(voxel[1]), double(voxel[2])});
  const auto label = session_.labels().at(voxel[0], voxel[1], voxel[2]);
  const QString organ =
      label ? QString::fromStdString(session_.scheme().nameOf(label)) : tr("none");
  setText(tr("voxel (%1, %2, %3)   LPS (%4, %5, %6) mm   %7 HU   organ: %8")
              .arg(voxel[0])
              .arg(voxel[1])
              .arg(voxel[2])
              .arg(point[0], 0, 'f', 1)
              .arg(point[1], 0, 'f', 1)
              .arg(point[2], 0, 'f', 1)
              .arg(double(image.at(voxel[0], voxel[1], voxel[2])), 0, 'f', 0)
              .arg(organ));
}

}  // namespace voxsiam::ui
