#pragma once
#include <cstddef>
#include <string>

namespace voxsiam::image {

/// What a pass over an image file's voxel bytes found.
struct VoxelPayload {
  std::size_t expectedBytes = 0;  ///< voxel bytes the header promises
  std::size_t presentBytes = 0;   ///< voxel bytes the file holds (up to expectedBytes)
  std::size_t nonFinite = 0;      ///< NaN or infinite values (float types only)
};

/// Streams once through the voxel data of a NIfTI-1 or NIfTI-2 file (.nii or .nii.gz) without
/// holding it, so that truncation and NaN/inf values are found before ITK reads it (ITK's NIfTI
/// reader silently zero-fills a short file and replaces NaN by 0). Throws InputError naming
/// `path` when the header or the compressed stream is unreadable.
VoxelPayload scanNiftiPayload(const std::string& path);

/// Refuses a NIfTI header whose spacing (pixdim), qform or sform (when its code is set) holds
/// NaN, infinity or a zero spacing: ITK would abort or silently use an identity geometry. Does
/// nothing for files whose header is not NIfTI (their readers report that). Throws InputError.
void checkNiftiGeometry(const std::string& path);

/// Checks the voxel data of a MetaImage file (.mha, or .mhd with its data file), compressed or
/// not, by streaming through it: ITK's MetaImage reader does not notice missing data. Data split
/// over a list of files is not checked (presentBytes = expectedBytes).
VoxelPayload scanMetaImagePayload(const std::string& path);

/// True when `path` ends with `suffix`, ignoring case (e.g. ".nii.gz").
bool hasSuffix(const std::string& path, const std::string& suffix);

}  // namespace voxsiam::image
