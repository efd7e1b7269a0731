#include "ui/widgets/ReviewAids.h"

#include "ui/model/OrganStatisticsTable.h"
#include "ui/model/UncertaintyReview.h"
#include "ui/widgets/MessageArea.h"
#include "ui/widgets/OrganStatisticsBox.h"
#include "ui/widgets/UncertaintyBox.h"

namespace voxsiam::ui {

ReviewAids buildReviewAids(CaseSession& session, MessageArea& messages, QObject* owner) {
  ReviewAids aids;
  aids.uncertainty = new UncertaintyReview(session, owner);
  QObject::connect(aids.uncertainty, &UncertaintyReview::failed, &messages,
                   &MessageArea::showMessage);
  aids.uncertaintyBox = new UncertaintyBox(*aids.uncertainty);
  auto* statistics = new OrganStatisticsTable(session, owner);
  auto* statisticsBox = new OrganStatisticsBox(*statistics);
  QObject::connect(statisticsBox, &OrganStatisticsBox::message, &messages,
                   &MessageArea::showMessage);
  aids.statisticsBox = statisticsBox;
  return aids;
}

}  // namespace voxsiam::ui
