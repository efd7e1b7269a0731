#include "core/image/MaskFolderReader.h"

#include <algorithm>
#include <filesystem>

#include "core/image/DicomFileCheck.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/SameLattice.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;

const char* const kMaskExtensions[] = {".nii.gz", ".nii", ".nrrd", ".mha", ".mhd"};

/// The structure name of a mask file ("liver.nii.gz" -> "liver"), empty for other files.
std::string maskFileName(const fs::path& file) {
  const std::string name = file.filename().string();
  for (const std::string extension : kMaskExtensions)
    if (name.size() > extension.size() &&
        name.compare(name.size() - extension.size(), extension.size(), extension) == 0)
      return name.substr(0, name.size() - extension.size());
  return "";
}

struct Mask {
  std::string name;
  std::string path;
};

/// The folder's masks in name order: mask files and DICOM series sub-folders.
std::vector<Mask> masksOf(const fs::path& folder) {
  std::vector<Mask> masks;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.is_directory() && folderHoldsDicom(entry.path().string())) {
      masks.push_back({entry.path().filename().string(), entry.path().string()});
    } else if (entry.is_regular_file()) {
      const std::string name = maskFileName(entry.path());
      if (!name.empty()) masks.push_back({name, entry.path().string()});
    }
  }
  if (error) throw InputError(folder.string(), "cannot list the folder: " + error.message());
  std::sort(masks.begin(), masks.end(),
            [](const Mask& a, const Mask& b) { return a.name < b.name; });
  return masks;
}

/// `mask` on the grid of `first`, voxel for voxel; InputError when it lies elsewhere.
LabelMap onGridOf(const LabelMap& first, LabelMap mask, const Mask& where) {
  if (mask.geometry().sameGrid(first.geometry())) return mask;
  if (const auto order = sameLattice(mask.geometry(), first.geometry()))
    return onLattice(mask, first.geometry(), *order);
  throw InputError(where.path, "mask '" + where.name +
                                   "' lies on another grid than the folder's "
                                   "first mask; every mask of a folder must share one grid");
}

}  // namespace

bool isMaskFolder(const std::string& path) {
  std::error_code error;
  if (!fs::is_directory(path, error) || folderHoldsDicom(path)) return false;
  try {
    return !masksOf(path).empty();
  } catch (const InputError&) {
    return false;
  }
}

LabelMap readMaskFolder(const std::string& path, std::vector<SegSegment>* segments) {
  const auto masks = masksOf(path);
  if (masks.empty())
    throw InputError(path,
                     "folder holds no mask files (NIfTI, NRRD, MetaImage) "
                     "or DICOM mask series");
  if (masks.size() > 65000) throw InputError(path, "folder holds more masks than labels can hold");
  LabelMap labels;
  for (std::size_t n = 0; n < masks.size(); ++n) {
    const LabelMap read = readLabelMap(masks[n].path);
    if (n == 0) labels = LabelMap(read.geometry());
    const LabelMap mask = onGridOf(labels, read, masks[n]);
    const auto value = static_cast<std::uint16_t>(n + 1);
    for (std::size_t i = 0; i < mask.voxelCount(); ++i)
      if (mask[i] != 0) labels[i] = value;
    if (segments) segments->push_back(namedSegment(static_cast<unsigned>(n + 1), masks[n].name));
  }
  return labels;
}

}  // namespace voxsiam::image
