#include "core/image/DatasetLayout.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "core/image/DicomFileCheck.h"
#include "core/image/DicomSegReader.h"
#include "core/image/InputError.h"
#include "core/image/MaskFolderReader.h"
#include "core/image/RtStructReader.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kImageExtensions = {".nii.gz", ".nii", ".nrrd", ".mha", ".mhd"};
const std::vector<std::string> kLabelSuffixes = {"_label", "_seg", "_mask", "_labels"};

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Splits "NAME.nii.gz" into "NAME" and ".nii.gz"; empty stem for files that are not images.
std::pair<std::string, std::string> splitImageName(const std::string& file) {
  for (const std::string& extension : kImageExtensions) {
    if (endsWith(file, extension) && file.size() > extension.size()) {
      return {file.substr(0, file.size() - extension.size()), extension};
    }
  }
  return {"", ""};
}

std::vector<fs::path> sortedFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void scanNnUnetFolder(const fs::path& root, const std::string& images, const std::string& labels,
                      bool testSplit, std::vector<DatasetCase>& items) {
  if (!fs::is_directory(root / images)) return;
  for (const fs::path& file : sortedFiles(root / images)) {
    const auto [stem, extension] = splitImageName(file.filename().string());
    if (!endsWith(stem, "_0000")) continue;
    const std::string name = stem.substr(0, stem.size() - 5);
    const fs::path label = root / labels / (name + extension);
    items.push_back({name, file.string(), fs::exists(label) ? label.string() : "", testSplit});
  }
}

std::vector<DatasetCase> scanNnUnet(const fs::path& root) {
  std::vector<DatasetCase> items;
  scanNnUnetFolder(root, "imagesTr", "labelsTr", false, items);
  scanNnUnetFolder(root, "imagesTs", "labelsTs", true, items);
  return items;
}

std::vector<DatasetCase> scanBtcv(const fs::path& root) {
  std::vector<DatasetCase> items;
  for (const fs::path& file : sortedFiles(root / "img")) {
    const auto [stem, extension] = splitImageName(file.filename().string());
    if (stem.rfind("img", 0) != 0) continue;
    const std::string number = stem.substr(3);
    const fs::path label = root / "label" / ("label" + number + extension);
    items.push_back({"btcv_" + number, file.string(), fs::exists(label) ? label.string() : ""});
  }
  return items;
}

/// Label files named with a leading word: seg_NAME, label-NAME, mask.nii.gz, segmentation ...
bool hasLabelPrefix(const std::string& stem) {
  for (const std::string word : {"seg", "segmentation", "label", "labels", "mask"}) {
    if (stem == word) return true;
    if (stem.rfind(word, 0) == 0 && stem.size() > word.size() &&
        (stem[word.size()] == '_' || stem[word.size()] == '-'))
      return true;
  }
  return false;
}

bool isLabelStem(const std::string& stem) {
  return hasLabelPrefix(stem) ||
         std::any_of(kLabelSuffixes.begin(), kLabelSuffixes.end(),
                     [&](const std::string& suffix) { return endsWith(stem, suffix); });
}

/// The one label file of a folder that holds one image and one label file named as such (e.g.
/// TotalSegmentator's ct.nii.gz with seg_*.nii.gz), else empty.
std::string loneLabelFile(const fs::path& root) {
  std::vector<fs::path> images, labels;
  for (const fs::path& file : sortedFiles(root)) {
    const auto [stem, extension] = splitImageName(file.filename().string());
    if (stem.empty()) continue;
    (isLabelStem(stem) ? labels : images).push_back(file);
  }
  return images.size() == 1 && labels.size() == 1 ? labels.front().string() : "";
}

std::string findPairLabel(const fs::path& root, const std::string& stem,
                          const std::string& extension) {
  if (fs::exists(root / "labels" / (stem + extension))) {
    return (root / "labels" / (stem + extension)).string();
  }
  for (const std::string& suffix : kLabelSuffixes) {
    for (const std::string& labelExtension : kImageExtensions) {
      const fs::path candidate = root / (stem + suffix + labelExtension);
      if (fs::exists(candidate)) return candidate.string();
    }
  }
  return "";
}

/// The one sub-folder of per-structure masks of `root` (e.g. TotalSegmentator's segmentations/
/// beside its ct.nii.gz), else empty.
std::string loneMaskFolder(const fs::path& root) {
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && isMaskFolder(entry.path().string())) folders.push_back(entry);
  return folders.size() == 1 ? folders.front().string() : "";
}

std::vector<DatasetCase> scanPairs(const fs::path& root) {
  std::vector<DatasetCase> items;
  for (const fs::path& file : sortedFiles(root)) {
    const auto [stem, extension] = splitImageName(file.filename().string());
    if (stem.empty() || isLabelStem(stem)) continue;
    items.push_back({stem, file.string(), findPairLabel(root, stem, extension)});
  }
  if (items.size() == 1 && items.front().label.empty()) items.front().label = loneLabelFile(root);
  if (items.size() == 1 && items.front().label.empty()) {
    items.front().label = loneMaskFolder(root);
    // TotalSegmentator's cases are folders each holding ct.nii.gz: the folder names the case.
    if (!items.front().label.empty())
      items.front().name = fs::absolute(root).lexically_normal().filename().string();
  }
  return items;
}

/// The folders under `root` (itself included, three levels deep) that directly hold DICOM files.
std::vector<fs::path> dicomFolders(const fs::path& root) {
  std::vector<fs::path> folders;
  if (folderHoldsDicom(root.string())) folders.push_back(root);
  for (auto entry = fs::recursive_directory_iterator(root); entry != fs::end(entry); ++entry) {
    if (entry.depth() >= 3) entry.disable_recursion_pending();
    if (entry->is_directory() && folderHoldsDicom(entry->path().string()))
      folders.push_back(entry->path());
  }
  return folders;
}

/// A study folder: the image is the folder with the most DICOM image files (series may sit in
/// sub-folders), the labels the first DICOM SEG object found anywhere in it, else the first RT
/// Structure Set.
std::vector<DatasetCase> scanDicom(const fs::path& root) {
  std::string segFile, structureSet;
  fs::path imageFolder;
  std::size_t mostImages = 0;
  for (const fs::path& folder : dicomFolders(root)) {
    std::size_t images = 0;
    for (const fs::path& file : sortedFiles(folder)) {
      if (!hasDicomPreamble(file.string())) continue;
      if (image::isDicomSeg(file.string())) {
        if (segFile.empty()) segFile = file.string();
      } else if (image::isRtStruct(file.string())) {
        if (structureSet.empty()) structureSet = file.string();
      } else {
        ++images;
      }
    }
    if (images > mostImages) mostImages = images, imageFolder = folder;
  }
  if (mostImages == 0) return {};
  const std::string name = fs::absolute(root).lexically_normal().filename().string();
  return {{name, imageFolder.string(), segFile.empty() ? structureSet : segFile}};
}

std::vector<DatasetCase> scanLayout(const fs::path& root, DatasetFormat format) {
  switch (format) {
    case DatasetFormat::NnUnet:
      return scanNnUnet(root);
    case DatasetFormat::Btcv:
      return scanBtcv(root);
    case DatasetFormat::Dicom:
      return scanDicom(root);
    case DatasetFormat::Pairs:
    case DatasetFormat::Auto:
      break;
  }
  return scanPairs(root);
}

}  // namespace

DatasetFormat parseDatasetFormat(const std::string& text) {
  if (text == "auto") return DatasetFormat::Auto;
  if (text == "nnunet" || text == "decathlon") return DatasetFormat::NnUnet;
  if (text == "btcv") return DatasetFormat::Btcv;
  if (text == "pairs") return DatasetFormat::Pairs;
  if (text == "dicom") return DatasetFormat::Dicom;
  throw std::invalid_argument("unknown import format '" + text +
                              "' (allowed: auto, nnunet, btcv, pairs, dicom)");
}

DatasetFormat detectDatasetFormat(const std::string& path) {
  const fs::path root(path);
  if (fs::is_directory(root / "imagesTr") || fs::is_directory(root / "imagesTs")) {
    return DatasetFormat::NnUnet;
  }
  if (fs::is_directory(root / "img") && fs::is_directory(root / "label"))
    return DatasetFormat::Btcv;
  if (!dicomFolders(root).empty()) return DatasetFormat::Dicom;
  return DatasetFormat::Pairs;
}

std::vector<DatasetCase> scanDataset(const std::string& path, DatasetFormat format) {
  if (!fs::is_directory(path)) throw InputError(path, "no such folder");
  if (format == DatasetFormat::Auto) format = detectDatasetFormat(path);
  std::vector<DatasetCase> items;
  try {
    items = scanLayout(path, format);
  } catch (const fs::filesystem_error& error) {
    throw InputError(path, std::string("cannot list the folder: ") + error.code().message());
  }
  if (items.empty()) throw InputError(path, "holds no case in this layout");
  return items;
}

}  // namespace voxsiam::image
