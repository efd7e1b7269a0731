// The regression gate without a window: which organs of a report count as regressed.
#include <gtest/gtest.h>

#include "tests/ui/FakeTrainingBackend.h"
#include "ui/model/CaseSession.h"
#include "ui/model/RegressionGate.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::test {
namespace {

ui::GateReport constructedReport() {
  ui::GateReport report;
  report.cases = {"case_a"};
  report.organs = {{"liver", 1, 0.90, 0.89, 4.0, 4.5},
                   {"pancreas", 1, 0.70, 0.60, 9.0, 15.0},
                   {"spleen", 1, 0.80, 0.85, 3.0, 2.0},
                   {"gallbladder", 0, std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  return report;
}

TEST(RegressionGate, NamesEveryOrganWhoseMeanDiceDropsByMoreThanTheThreshold) {
  ui::CaseSession session;
  ui::TrainingController training(
      std::make_shared<FakeTrainingBackend>(FakeTrainingBackend::Train::Finishes));
  ui::RegressionGate gate(session, training);
  EXPECT_DOUBLE_EQ(gate.maxDrop(), 0.02);
  const auto regressed = gate.regressed(constructedReport());
  ASSERT_EQ(regressed.size(), 1u) << "liver drops 0.01, inside the default 0.02";
  EXPECT_EQ(regressed.front().first, "pancreas");
  EXPECT_NEAR(regressed.front().second, -0.10, 1e-9);
  gate.setMaxDrop(0.005);
  EXPECT_EQ(gate.regressed(constructedReport()).size(), 2u);
  EXPECT_FALSE(gate.busy()) << "no project, no active model: nothing to compare";
  gate.check(3);
  EXPECT_FALSE(gate.busy());
}

}  // namespace
}  // namespace voxsiam::test
