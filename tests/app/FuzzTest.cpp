// The project's fuzzing of the command line: valid inputs of every reader (NIfTI, MetaImage,
// NRRD, DICOM series and SEG, label mappings, configs, feature tables) mutated with fixed seeds,
// each run as a user would run it, each checked for the promise: exit 0, 1 or 2 and no signal or
// hang; on failure one stderr line; no partial file left; no bytes from outside the input in
// what was written. CI runs the fixed set; bench/fuzz/campaign.sh runs longer campaigns
// (VOXSIAM_FUZZ_CASES cases per kind, VOXSIAM_FUZZ_SEED).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "tests/support/InputMutator.h"
#include "tests/support/NiftiBytes.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// Printed into the environment of every run: it must never appear in a written file (a reader
/// following a header to /proc/self/environ would copy it).
const char* kMarker = "VOXSIAMFUZZMARKER7c1f";

std::string readFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

void writeFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::size_t fromEnvironment(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::size_t(std::strtoull(value, nullptr, 10)) : fallback;
}

/// One kind of input: writes a mutated case into `folder` and returns the command to run there.
using CaseMaker = std::function<std::string(InputMutator&, const fs::path& folder)>;

std::string niftiSeed() {
  TempFolder temp;
  std::vector<std::int16_t> values(6 * 5 * 4);
  for (std::size_t index = 0; index < values.size(); ++index)
    values[index] = std::int16_t(index % 7);
  writeRawNifti(temp.file("x.nii"), {6, 5, 4}, NiftiType::Int16, {1.5f, 1.5f, 3.0f},
                bytesOf(values));
  return readFile(temp.file("x.nii"));
}

/// An RTSTRUCT of the dcmqi liver, as the project exports it.
std::string rtstructSeed() {
  TempFolder temp;
  const std::string project = shellQuoted(temp.file("p"));
  runVoxsiam("project create " + project);
  runVoxsiam("project import " + project + " " + shellQuoted(dataPath("dcmqi")));
  runVoxsiam("project export " + project + " --case dcmqi --format rtstruct --out " +
             shellQuoted(temp.file("rt.dcm")));
  return readFile(temp.file("rt.dcm"));
}

const std::string kMetaHeader =
    "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
    "DimSize = 6 5 4\nElementSpacing = 1.5 1.5 3\nOffset = 0 0 0\n"
    "TransformMatrix = 1 0 0 0 1 0 0 0 1\nElementType = MET_SHORT\nElementDataFile = x.raw\n";

const std::string kNrrdHeader =
    "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 6 5 4\n"
    "space directions: (1.5,0,0) (0,1.5,0) (0,0,3)\nkinds: domain domain domain\n"
    "endian: little\nencoding: raw\nspace origin: (0,0,0)\n\n";

const std::string kMapping = R"({"name": "fuzz", "from": "numbers", "to": "gibson8",
 "pairs": [[1, 5], [2, 1], [3, 2], [4, 6], [5, 7], [6, 8]]})";

const std::string kConfig = R"({"data": {"folders": ["data"]}, "method": "dice",
 "network": {"f_maps": 4, "levels": 2}, "training": {"epochs": 1, "batch": 1, "seed": 3},
 "preprocess": {"mode": "fixed", "grid": [16, 16, 8]}})";

std::string featuresCsv() {
  std::string csv = "f0,f1,f2,f3,organ\n";
  for (int row = 0; row < 30; ++row)
    csv += std::to_string(row % 5) + "," + std::to_string(row * 0.5) + "," +
           std::to_string(30 - row) + "," + std::to_string(row % 3) + "," +
           std::to_string(1 + row % 4) + "\n";
  return csv;
}

std::map<std::string, CaseMaker> caseMakers() {
  static const std::string nifti = niftiSeed();
  static const std::string slice = readFile(dataPath("dcmqi/ct-3slice_02.dcm"));
  static const std::string seg = readFile(dataPath("dcmqi/liver.dcm"));
  const std::string raw(6 * 5 * 4 * 2, '\x01');
  return {
      {"nifti",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "x.nii", m.mutateBytes(nifti, 352));
         return "convert x.nii out.nii.gz";
       }},
      {"nifti-label",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "x.nii", m.mutateBytes(nifti, 352));
         return "convert x.nii out.nii.gz --map identity --spacing 2";
       }},
      {"metaimage",
       [raw](InputMutator& m, const fs::path& f) {
         writeFile(f / "x.mhd", m.mutateText(kMetaHeader));
         writeFile(f / "x.raw", raw);
         return "convert x.mhd out.nii.gz";
       }},
      {"nrrd",
       [raw](InputMutator& m, const fs::path& f) {
         writeFile(f / "x.nrrd", m.mutateText(kNrrdHeader) + raw);
         return "convert x.nrrd out.nii.gz";
       }},
      {"dicom",
       [](InputMutator& m, const fs::path& f) {
         fs::create_directories(f / "series");
         fs::copy_file(dataPath("dcmqi/ct-3slice_01.dcm"), f / "series" / "a.dcm");
         fs::copy_file(dataPath("dcmqi/ct-3slice_03.dcm"), f / "series" / "c.dcm");
         writeFile(f / "series" / "b.dcm", m.mutateBytes(slice, 2200));
         return "convert series out.nii.gz";
       }},
      {"seg",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "seg.dcm", m.mutateBytes(seg, 4000));
         return "convert seg.dcm out.nii.gz --map identity";
       }},
      {"rtstruct",
       [](InputMutator& m, const fs::path& f) {
         static const std::string rtstruct = rtstructSeed();
         writeFile(f / "rt.dcm", m.mutateBytes(rtstruct, 6000));
         return "convert rt.dcm out.nii.gz --like '" + dataPath("dcmqi") + "'";
       }},
      {"mask-folder",
       [](InputMutator& m, const fs::path& f) {
         fs::create_directories(f / "masks");
         writeFile(f / "masks" / "liver.nii", nifti);
         writeFile(f / "masks" / "spleen.nii", m.mutateBytes(nifti, 352));
         return "convert masks out.nii.gz";
       }},
      {"mapping",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "labels.nii", nifti);
         writeFile(f / "map.json", m.mutateText(kMapping));
         return "convert labels.nii out.nii.gz --map map.json";
       }},
      {"config",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "config.json", m.mutateText(kConfig));
         return "train --config config.json --out run --time-budget 5";
       }},
      {"features",
       [](InputMutator& m, const fs::path& f) {
         writeFile(f / "features.csv", m.mutateText(featuresCsv()));
         return "tsne --in features.csv --out xy.csv --iterations 30 --perplexity 5";
       }},
  };
}

/// The shell's memory bound for a case (16 GB of address space), except under AddressSanitizer,
/// whose shadow memory needs terabytes of address space.
std::string memoryLimit() {
  return std::getenv("ASAN_OPTIONS") ? "" : "ulimit -v 16000000 && ";
}

/// What went wrong with one case, or empty.
std::string judge(const ProcessResult& result, const fs::path& folder) {
  if (result.exitCode == 124) return "hung (killed after 60 s)";
  if (result.exitCode > 2) return "exit " + std::to_string(result.exitCode) + ": " + result.err;
  if (result.exitCode != 0) {
    const auto lines = std::count(result.err.begin(), result.err.end(), '\n');
    if (lines != 1 || result.err.rfind("voxsiam", 0) != 0) return "not one line: " + result.err;
  }
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".partial") != std::string::npos || name.find(".tmp") != std::string::npos)
      return "left " + name + " behind";
    if (entry.is_regular_file() && readFile(entry.path()).find(kMarker) != std::string::npos)
      return entry.path().string() + " holds bytes of the environment";
  }
  return {};
}

TEST(Fuzz, MutatedInputsOfEveryReaderKeepThePromise) {
  const std::size_t perKind = fromEnvironment("VOXSIAM_FUZZ_CASES", 18);
  const std::uint64_t seed = fromEnvironment("VOXSIAM_FUZZ_SEED", 20261201);
  std::size_t cases = 0, refused = 0, accepted = 0;
  std::map<std::string, std::size_t> failures;
  for (const auto& [kind, make] : caseMakers()) {
    for (std::size_t index = 0; index < perKind; ++index) {
      InputMutator mutator(seed * 1000003 + std::hash<std::string>()(kind) + index);
      TempFolder temp;
      const std::string command = make(mutator, temp.path());
      const auto result =
          runShell("cd '" + temp.path().string() + "' && " + memoryLimit() + "env " + kMarker +
                   "=" + kMarker + " timeout 60 '" + VOXSIAM_CLI + "' " + command);
      ++cases;
      (result.exitCode == 0 ? accepted : refused) += 1;
      const std::string problem = judge(result, temp.path());
      if (problem.empty()) continue;
      ++failures[kind];
      if (const char* keep = std::getenv("VOXSIAM_FUZZ_KEEP"))
        fs::copy(temp.path(), fs::path(keep) / (kind + "-" + std::to_string(index)),
                 fs::copy_options::recursive);
      ADD_FAILURE() << kind << " case " << index << " (seed " << seed << "): " << command << ": "
                    << problem;
    }
  }
  std::cout << "fuzz: " << cases << " cases, " << refused << " refused with one line, " << accepted
            << " accepted, " << failures.size() << " kinds with failures\n";
}

}  // namespace
}  // namespace voxsiam::test
