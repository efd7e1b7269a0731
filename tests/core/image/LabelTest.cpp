#include <gtest/gtest.h>

#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {
namespace {

TEST(LabelScheme, BuiltinSchemesHaveTheirOrgans) {
  const auto gibson = LabelScheme::builtin("gibson8");
  ASSERT_EQ(gibson.entries().size(), 8u);
  const char* names[] = {"spleen", "kidney_left", "gallbladder", "esophagus",
                         "liver",  "stomach",     "pancreas",    "duodenum"};
  for (std::uint16_t id = 1; id <= 8; ++id) EXPECT_EQ(gibson.nameOf(id), names[id - 1]);
  EXPECT_EQ(LabelScheme::builtin("totalseg_v2").entries().size(), 117u);
  EXPECT_EQ(LabelScheme::builtin("totalseg_v2").nameOf(19), "duodenum");
  EXPECT_EQ(LabelScheme::builtin("amos").nameOf(13), "duodenum");
  EXPECT_EQ(LabelScheme::builtin("btcv").nameOf(11), "pancreas");
  EXPECT_EQ(gibson.nameOf(42), "label_42");
  EXPECT_THROW(LabelScheme::builtin("nonsense"), image::InputError);
}

TEST(LabelScheme, FromJsonRejectsRepeatedIdsAndMalformedText) {
  EXPECT_THROW(LabelScheme::fromJson(R"({"name":"x","labels":[{"id":1,"name":"a","color":[1,2,3]},
                                       {"id":1,"name":"b","color":[1,2,3]}]})",
                                     "x.json"),
               image::InputError);
  EXPECT_THROW(LabelScheme::fromJson("{not json", "x.json"), image::InputError);
  const auto scheme = LabelScheme::fromJson(
      R"({"name":"two","labels":[{"id":2,"name":"b","color":[9,8,7]},{"id":1,"name":"a","color":[1,2,3]}]})",
      "two.json");
  EXPECT_EQ(scheme.maxId(), 2);
  EXPECT_EQ(scheme.entries()[0].name, "a");
  EXPECT_EQ(scheme.find(2)->color[0], 9);
}

TEST(LabelMapping, MapsTheReadmeTables) {
  const auto totalseg = LabelMapping::builtin("totalseg");
  const std::pair<int, int> expected[] = {{1, 1}, {3, 2}, {4, 3},  {15, 4}, {5, 5},
                                          {6, 6}, {7, 7}, {19, 8}, {2, 0},  {51, 0}};
  for (const auto& [from, to] : expected) EXPECT_EQ(totalseg.map(from), to) << from;
  EXPECT_EQ(LabelMapping::builtin("amos").map(13), 8);
  EXPECT_EQ(LabelMapping::builtin("amos").map(2), 0);
  EXPECT_EQ(LabelMapping::builtin("btcv").map(11), 7);
  EXPECT_EQ(LabelMapping::builtin("identity").map(77), 77);
  EXPECT_EQ(totalseg.toScheme(), "gibson8");
  EXPECT_THROW(LabelMapping::builtin("foo"), image::InputError);
  const auto custom = LabelMapping::fromJson(
      R"({"name":"dcmqi","from":"dcmqi","to":"gibson8","pairs":[[1,5]]})", "m.json");
  EXPECT_EQ(custom.map(1), 5);
  EXPECT_EQ(custom.map(2), 0);
  EXPECT_THROW(LabelMapping::fromJson(R"({"pairs":[[1]]})", "bad.json"), image::InputError);
  EXPECT_THROW(LabelMapping::builtin("/no/such/mapping.json"), image::InputError);
}

}  // namespace
}  // namespace voxsiam::image
