#pragma once
#include <string>
#include <vector>

#include "core/image/DatasetLayout.h"
#include "storage/import/ImportItem.h"

namespace voxsiam::storage {

/// Layouts an import can read: the dataset layouts of core/image (one scanner for import and
/// training).
using ImportFormat = image::DatasetFormat;

/// Parses "auto", "nnunet", "btcv", "pairs", "dicom". Throws std::invalid_argument listing them.
ImportFormat parseImportFormat(const std::string& text);

/// Lists the cases of `path` in `format` (Auto: nnunet when imagesTr/ exists, btcv for img/ and
/// label/, dicom when the folder holds DICOM files, else pairs), by name. Throws image::InputError
/// naming `path` when it is missing or holds no case in that layout.
std::vector<ImportItem> scanImportSource(const std::string& path, ImportFormat format);

/// One case from an image file or DICOM folder and an optional label file; without `name`, the
/// case is named after the image (its file name up to the first dot).
ImportItem importItemForFiles(const std::string& image, const std::string& label = "",
                              std::string name = "");

/// Which layout Auto chooses for `path`.
ImportFormat detectImportFormat(const std::string& path);

}  // namespace voxsiam::storage
