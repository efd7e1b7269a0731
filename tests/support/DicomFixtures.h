#pragma once
#include <string>

namespace voxsiam::test {

/// Copies the DICOM file `source` to `target` with the series UID replaced by `seriesUid` and a
/// new SOP instance UID: a slice of another series.
void copyAsOtherSeries(const std::string& source, const std::string& target,
                       const std::string& seriesUid, int instance);

/// Copies the DICOM file `source` to `target` with Rescale Slope and Intercept replaced.
void copyWithRescale(const std::string& source, const std::string& target, const std::string& slope,
                     const std::string& intercept);

}  // namespace voxsiam::test
