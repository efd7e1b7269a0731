#pragma once
#include <string>
#include <vector>

#include "storage/import/ImportItem.h"

namespace voxsiam::storage {

/// Layouts an import can read.
enum class ImportFormat {
  Auto,    ///< decide from what the folder holds
  NnUnet,  ///< nnU-Net / Decathlon: imagesTr/NAME_0000.ext, labelsTr/NAME.ext, imagesTs/
  Btcv,    ///< BTCV: img/imgNNNN.nii.gz with label/labelNNNN.nii.gz
  Pairs,   ///< image files, each with labels/SAME_NAME or SAME_NAME_{label,seg,mask}.ext
  Dicom    ///< a DICOM study folder (series may be in sub-folders): the folder with the most
           ///< image files is the image, a DICOM SEG object found in it the labels
};

/// Parses "auto", "nnunet", "btcv", "pairs", "dicom". Throws std::invalid_argument listing them.
ImportFormat parseImportFormat(const std::string& text);

/// Lists the cases of `path` in `format` (Auto: nnunet when imagesTr/ exists, btcv for img/ and
/// label/, dicom when the folder holds DICOM files, else pairs), by name. Throws InputError
/// naming `path` when it is missing or holds no case in that layout.
std::vector<ImportItem> scanImportSource(const std::string& path, ImportFormat format);

/// One case from an image file or DICOM folder and an optional label file; without `name`, the
/// case is named after the image (its file name up to the first dot).
ImportItem importItemForFiles(const std::string& image, const std::string& label = "",
                              std::string name = "");

/// Which layout Auto chooses for `path`.
ImportFormat detectImportFormat(const std::string& path);

}  // namespace voxsiam::storage
