// GoogleTest main for the view-model tests: a QCoreApplication only, so they run without a
// display and without QtWidgets.
#include <gtest/gtest.h>
#include <QCoreApplication>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  QCoreApplication application(argc, argv);
  QCoreApplication::setOrganizationName("VoxSiamModelTests");
  return RUN_ALL_TESTS();
}
