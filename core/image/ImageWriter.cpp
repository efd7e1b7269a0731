#include "core/image/ImageWriter.h"

#include <itkImageFileWriter.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/image/InputError.h"
#include "core/image/ItkBridge.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;

/// A sibling of `path` with the same extension, so ITK picks the same format.
std::string temporaryPath(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  std::size_t dot = name.find('.');
  if (dot == std::string::npos || dot == 0) dot = name.size();
  const std::string tag = ".partial" + std::to_string(::getpid());
  const std::string tempName = "." + name.substr(0, dot) + tag + name.substr(dot);
  return (fs::path(path).parent_path() / tempName).string();
}

/// Throws InputError unless `path` names a single-file format whose folder exists and is writable.
void checkTarget(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  auto endsWith = [&](const std::string& suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (!endsWith(".nii.gz") && !endsWith(".nii") && !endsWith(".nrrd") && !endsWith(".mha"))
    throw InputError(path, "cannot write: use a .nii.gz, .nii, .nrrd or .mha file name");
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  std::error_code error;
  if (!fs::is_directory(folder, error))
    throw InputError(path, "cannot write: folder " + folder.string() + " does not exist");
  if (::access(folder.c_str(), W_OK) != 0)
    throw InputError(path, "cannot write: folder " + folder.string() + " is not writable");
}

template <typename ItkImagePointer>
void writeAtomically(const ItkImagePointer& itkImage, const std::string& path) {
  using ItkImage = typename ItkImagePointer::ObjectType;
  detail::registerImageIO();
  checkTarget(path);
  const std::string temp = temporaryPath(path);
  auto writer = itk::ImageFileWriter<ItkImage>::New();
  writer->SetInput(itkImage);
  writer->SetFileName(temp);
  writer->SetUseCompression(true);
  try {
    detail::StderrSilencer quiet;
    writer->Update();
  } catch (const itk::ExceptionObject& error) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw InputError(path, "cannot write: " + detail::describe(error));
  }
  std::error_code renameError;
  fs::rename(temp, path, renameError);
  if (renameError) {
    fs::remove(temp, renameError);
    throw InputError(path, "cannot write: " + renameError.message());
  }
}

}  // namespace

void writeVolume(const Volume& volume, const std::string& path, StoredType type) {
  if (type == StoredType::Float32) {
    writeAtomically(detail::toItk<float>(volume), path);
    return;
  }
  for (float value : volume.voxels())
    if (!(value >= -32768.f && value <= 32767.f))
      throw InputError(path, "cannot store value " + std::to_string(value) + " as 16-bit");
  Volume rounded = volume;
  for (float& value : rounded.voxels()) value = std::round(value);
  writeAtomically(detail::toItk<short>(rounded), path);
}

void writeLabelMap(const LabelMap& labels, const std::string& path) {
  const auto& voxels = labels.voxels();
  const std::uint16_t highest =
      voxels.empty() ? 0 : *std::max_element(voxels.begin(), voxels.end());
  if (highest <= 255)
    writeAtomically(detail::toItk<unsigned char>(labels), path);
  else
    writeAtomically(detail::toItk<unsigned short>(labels), path);
}

}  // namespace voxsiam::image
