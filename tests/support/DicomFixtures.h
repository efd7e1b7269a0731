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

/// Copies the DICOM file `source` to `target` with the text value of tag (`group`, `element`)
/// replaced (e.g. ImagePositionPatient "x\\y\\z", PixelSpacing).
void copyWithText(const std::string& source, const std::string& target, unsigned group,
                  unsigned element, const std::string& value);

/// Copies the DICOM file `source` to `target` with the US value of tag (`group`, `element`)
/// replaced (e.g. SamplesPerPixel, BitsAllocated, Rows).
void copyWithShort(const std::string& source, const std::string& target, unsigned group,
                   unsigned element, unsigned value);

/// Copies the single-segment DICOM SEG `source` to `target` with its segment's label and
/// Segmented Property Type code (scheme designator, value, meaning) replaced.
void copySegWithSegment(const std::string& source, const std::string& target,
                        const std::string& label, const std::string& scheme,
                        const std::string& value, const std::string& meaning);

}  // namespace voxsiam::test
