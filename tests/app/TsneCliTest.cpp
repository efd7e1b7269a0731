#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

void writeFeatures(const std::string& path, std::size_t rows) {
  std::mt19937 random(3);
  std::normal_distribution<double> noise(0, 0.5);
  std::ofstream out(path);
  out << "case,f0,f1,f2,f3,voxel,organ\n";
  for (std::size_t r = 0; r < rows; ++r) {
    const int organ = 1 + int(r % 3);
    out << "c" << r % 2;
    for (int f = 0; f < 4; ++f) out << "," << (f == organ ? 5.0 : 0.0) + noise(random);
    out << "," << r * 7 << "," << organ << "\n";
  }
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  return all;
}

TEST(CliTsne, WritesCoordinatesWithCarriedColumnsAndAPlot) {
  TempFolder temp;
  writeFeatures(temp.file("features.csv"), 150);
  const auto result = runVoxsiam(
      "tsne --in " + quoted(temp.file("features.csv")) + " --out " + quoted(temp.file("xy.csv")) +
      " --png " + quoted(temp.file("plot.png")) + " --perplexity 15 --iterations 400");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("t-SNE of 150 points x 4 features: KL "), std::string::npos)
      << result.out;
  const auto xy = lines(temp.file("xy.csv"));
  ASSERT_EQ(xy.size(), 151u);
  EXPECT_EQ(xy[0], "tsne_x,tsne_y,case,voxel,organ");
  EXPECT_NE(xy[2].find(",c1,7,2"), std::string::npos) << xy[2];
  std::ifstream png(temp.file("plot.png"), std::ios::binary);
  char signature[8] = {};
  png.read(signature, 8);
  EXPECT_EQ(std::string(signature + 1, 3), "PNG");
}

TEST(CliTsne, BadFeatureFilesGiveOneLineErrorsAndNoOutput) {
  TempFolder temp;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"case,organ\nc1,1\n", "no feature columns"},
      {"f0,f1\n1,2\n3\n", "line 3 has 1 values"},
      {"f0,f1\n1,2\n3,nan\n", "line 3: NaN"},
      {"f0,f1\n1,2\n3,abc\n", "'abc' is not a number"},
      {"", "empty file"}};
  for (const auto& [text, problem] : cases) {
    std::ofstream(temp.file("bad.csv")) << text;
    const auto result = runVoxsiam("tsne --in " + quoted(temp.file("bad.csv")) + " --out " +
                                   quoted(temp.file("out.csv")));
    EXPECT_EQ(result.exitCode, 1) << text;
    EXPECT_NE(result.err.find(problem), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(std::filesystem::exists(temp.file("out.csv")));
  }
  writeFeatures(temp.file("few.csv"), 20);
  const auto few = runVoxsiam("tsne --in " + quoted(temp.file("few.csv")) + " --out " +
                              quoted(temp.file("out.csv")));
  EXPECT_EQ(few.exitCode, 1);
  EXPECT_NE(few.err.find("too few for perplexity 30"), std::string::npos) << few.err;
}

}  // namespace
}  // namespace voxsiam::test
