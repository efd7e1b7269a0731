// GoogleTest main for the studio tests: they need a QApplication (and a display: CI runs them
// under xvfb-run). Listing the tests does not create one, so test discovery works anywhere.
#include <gtest/gtest.h>
#include <QApplication>

#include <cstring>
#include <memory>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  bool listing = false;
  for (int index = 1; index < argc; ++index) {
    listing = listing || std::strcmp(argv[index], "--gtest_list_tests") == 0;
  }
  std::unique_ptr<QApplication> application;
  if (!listing) {
    application = std::make_unique<QApplication>(argc, argv);
    QApplication::setOrganizationName("VoxSiamTests");
  }
  return RUN_ALL_TESTS();
}
