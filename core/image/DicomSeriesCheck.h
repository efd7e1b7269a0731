#pragma once
#include <string>
#include <vector>

namespace voxsiam::image {

/// Checks the slices of one DICOM image series (sorted along the slice normal) before they are
/// decoded and stacked, so that what the readers would abort on or stack wrongly is refused with
/// one line naming the folder: colour (more than one sample per pixel) or bit depths other than
/// 8, 16 and 32; a missing, zero or non-finite PixelSpacing, or one that differs between slices;
/// slices of another size or orientation; repeated positions or uneven slice spacing (a gap),
/// naming the positions; native pixel data shorter than Rows x Columns.
void checkDicomSeries(const std::string& folder, const std::vector<std::string>& files);

/// The numbers of a multi-valued DICOM decimal string ("1.5\\2\\-3"); empty when any value is
/// not a number.
std::vector<double> dicomNumbers(const std::string& text);

}  // namespace voxsiam::image
