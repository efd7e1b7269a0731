#include "core/image/ImageReader.h"

#include <itkImageFileReader.h>
#include <itkImageIOFactory.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/image/DataFileCheck.h"
#include "core/image/DicomFileCheck.h"
#include "core/image/DicomSegReader.h"
#include "core/image/DicomSeriesReader.h"
#include "core/image/InputError.h"
#include "core/image/ItkBridge.h"
#include "core/image/StderrSilencer.h"
#include "core/image/VoxelPayload.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;

std::string formatName(const itk::ImageIOBase& io) {
  const std::string name = io.GetNameOfClass();
  if (name == "NiftiImageIO") return "NIfTI";
  if (name == "NrrdImageIO") return "NRRD";
  if (name == "MetaImageIO") return "MetaImage";
  if (name == "GDCMImageIO") return "DICOM file";
  return name;
}

std::string sizeText(const itk::ImageIOBase& io) {
  std::ostringstream text;
  for (unsigned axis = 0; axis < io.GetNumberOfDimensions(); ++axis)
    text << (axis ? "x" : "") << io.GetDimensions(axis);
  return text.str();
}

/// Refuses skewed or scaled axes: the readers and resampling assume orthonormal directions.
void checkOrthonormal(const std::string& path, const itk::ImageIOBase& io, unsigned axes) {
  for (unsigned a = 0; a < axes; ++a)
    for (unsigned b = 0; b < axes; ++b) {
      const auto first = io.GetDirection(a), second = io.GetDirection(b);
      double dot = 0;
      for (std::size_t k = 0; k < std::min(first.size(), second.size()); ++k)
        dot += first[k] * second[k];
      if (!(std::fabs(dot - (a == b ? 1.0 : 0.0)) <= 1e-3))
        throw InputError(path,
                         "header's axis directions are not orthonormal (skewed or scaled "
                         "axes); resample the image onto an orthogonal grid first");
    }
}

/// Rejects headers that do not describe a scalar 3-D image of a size we can hold.
void checkHeader(const std::string& path, const itk::ImageIOBase& io) {
  const unsigned dimensions = io.GetNumberOfDimensions();
  for (unsigned axis = 3; axis < dimensions; ++axis)
    if (io.GetDimensions(axis) > 1)
      throw InputError(path, "is a " + std::to_string(dimensions) + "-D image (" + sizeText(io) +
                                 "); a 3-D image is required");
  if (dimensions < 2) throw InputError(path, "is a " + std::to_string(dimensions) + "-D image");
  if (io.GetNumberOfComponents() != 1)
    throw InputError(path, "has " + std::to_string(io.GetNumberOfComponents()) +
                               " components per voxel; a scalar image is required");
  long double voxels = 1;
  for (unsigned axis = 0; axis < dimensions; ++axis) {
    if (io.GetDimensions(axis) == 0) throw InputError(path, "header gives an empty dimension");
    voxels *= io.GetDimensions(axis);
  }
  if (voxels > static_cast<long double>(kMaxVoxels))
    throw InputError(path, "header claims " + sizeText(io) + " voxels, more than the limit of " +
                               std::to_string(kMaxVoxels) + " voxels");
  for (unsigned axis = 0; axis < std::min(dimensions, 3u); ++axis)
    if (!(io.GetSpacing(axis) > 0) || !std::isfinite(io.GetSpacing(axis)))
      throw InputError(path, "header gives an invalid voxel spacing");
  checkOrthonormal(path, io, std::min(dimensions, 3u));
  for (unsigned axis = 0; axis < std::min(dimensions, 3u); ++axis)
    if (io.GetSpacing(axis) > kMaxSpacingMm)
      throw InputError(path, "header gives a voxel spacing of " +
                                 std::to_string(io.GetSpacing(axis)) + " mm, more than " +
                                 std::to_string(int(kMaxSpacingMm)) + " mm");
}

itk::ImageIOBase::Pointer openHeader(const std::string& path) {
  detail::registerImageIO();
  // ITK lets GDCM probe every file; GDCM aborts on some damaged DICOM files, so they stop here.
  const auto dicom = checkDicomFile(path);
  if (!dicom.wellFormed && dicom.problem.rfind("not a DICOM", 0) != 0 &&
      dicom.problem.rfind("too short", 0) != 0)
    throw InputError(path, "damaged DICOM file: " + dicom.problem);
  itk::ImageIOBase::Pointer io;
  {
    detail::StderrSilencer quiet;
    io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
  }
  if (!io) throw InputError(path, "not a readable image (unknown format or corrupt header)");
  io->SetFileName(path);
  try {
    detail::StderrSilencer quiet;
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(path, "cannot read the header: " + detail::describe(error));
  }
  checkHeader(path, *io);
  return io;
}

/// Checks the voxel bytes of NIfTI and MetaImage files: ITK's readers zero-fill short files
/// (and its NIfTI reader turns NaN into 0); the NRRD reader notices truncation itself.
void checkPayload(const std::string& path) {
  const bool nifti = hasSuffix(path, ".nii") || hasSuffix(path, ".nii.gz");
  const bool meta = hasSuffix(path, ".mha") || hasSuffix(path, ".mhd");
  if (hasSuffix(path, ".nrrd") || hasSuffix(path, ".nhdr")) checkNrrdDataFile(path);
  if (!nifti && !meta) return;
  const VoxelPayload payload = nifti ? scanNiftiPayload(path) : scanMetaImagePayload(path);
  if (payload.presentBytes < payload.expectedBytes)
    throw InputError(path, "truncated: holds " + std::to_string(payload.presentBytes) + " of the " +
                               std::to_string(payload.expectedBytes) + " bytes of voxel data");
  if (payload.nonFinite)
    throw InputError(path,
                     "contains " + std::to_string(payload.nonFinite) + " NaN or infinite voxels");
}

Volume readImageFile(const std::string& path, ImageSource* source) {
  // MetaImage and NRRD headers are checked before ITK opens them (it hangs on some and reads
  // whatever data file they name); NIfTI after ITK's own header checks, whose messages are clearer.
  const bool nifti = hasSuffix(path, ".nii") || hasSuffix(path, ".nii.gz");
  if (!nifti) checkPayload(path);
  if (nifti) checkNiftiGeometry(path);
  auto io = openHeader(path);
  if (nifti) checkPayload(path);
  auto reader = itk::ImageFileReader<detail::ItkFloatImage>::New();
  reader->SetImageIO(io);
  reader->SetFileName(path);
  try {
    detail::StderrSilencer quiet;
    reader->Update();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(
        path, "cannot read the voxels (truncated or corrupt file?): " + detail::describe(error));
  } catch (const std::bad_alloc&) {
    throw InputError(path, "not enough memory to read the image");
  }
  if (source) {
    source->format = formatName(*io);
    source->storedType = io->GetComponentTypeAsString(io->GetComponentType());
  }
  return detail::fromItk(*reader->GetOutput());
}

void checkFinite(const std::string& path, const Volume& volume) {
  std::size_t bad = 0;
  for (float value : volume.voxels()) bad += !std::isfinite(value);
  if (bad) throw InputError(path, "contains " + std::to_string(bad) + " NaN or infinite voxels");
}

void checkExists(const std::string& path) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (!fs::exists(status)) throw InputError(path, "no such file or folder");
  if (fs::is_regular_file(status) && fs::file_size(path, error) == 0)
    throw InputError(path, "empty file");
}

}  // namespace

Volume readVolume(const std::string& path, const ReadOptions& options, ImageSource* source) {
  checkExists(path);
  Volume volume =
      fs::is_directory(path) ? readDicomFolder(path, options, source) : readImageFile(path, source);
  checkFinite(path, volume);
  return volume;
}

LabelMap readLabelMap(const std::string& path, ImageSource* source) {
  checkExists(path);
  if (fs::is_regular_file(path) && isDicomSeg(path)) {
    if (source) *source = ImageSource{"DICOM SEG", "bit", "", "SEG", 0, ""};
    return readDicomSeg(path);
  }
  const Volume values = readVolume(path, {}, source);
  LabelMap labels(values.geometry());
  for (std::size_t index = 0; index < values.voxelCount(); ++index) {
    const float value = values[index];
    if (value != std::floor(value))
      throw InputError(path, "holds non-integer value " + std::to_string(value) +
                                 "; a label map needs whole numbers");
    if (value < 0 || value > 65535) {
      std::ostringstream shown;
      shown << value;
      throw InputError(path, "holds label " + shown.str() + " outside 0..65535");
    }
    labels[index] = static_cast<std::uint16_t>(value);
  }
  return labels;
}

}  // namespace voxsiam::image
