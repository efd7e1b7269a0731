#pragma once
#include <string>
#include <vector>

namespace voxsiam::image {

/// How a folder of cases is laid out. One scanner serves every program that reads such folders
/// (`voxsiam train --data`, `voxsiam project import`, the studio's import), so they all find the
/// same cases in the same folder.
enum class DatasetFormat {
  Auto,    ///< decide from what the folder holds
  NnUnet,  ///< nnU-Net / Decathlon: imagesTr/NAME_0000.ext, labelsTr/NAME.ext, imagesTs/
  Btcv,    ///< BTCV: img/imgNNNN.nii.gz with label/labelNNNN.nii.gz
  Pairs,   ///< image files, each with labels/SAME_NAME or SAME_NAME_{label,seg,mask}.ext; a
           ///< folder of one image and one seg_*/label_*/mask_* file, or one image and one
           ///< sub-folder of per-structure masks (TotalSegmentator's output), is one case
  Dicom    ///< a DICOM study folder (series may be in sub-folders): the folder with the most
           ///< image files is the image, a DICOM SEG object (else an RTSTRUCT) found
           ///< in it the labels
};

/// One case of a dataset folder. Images and labels may be NIfTI, NRRD or MetaImage files.
struct DatasetCase {
  std::string name;
  std::string image;       ///< an image file or a DICOM series folder
  std::string label;       ///< empty when the case has no label file
  bool testSplit = false;  ///< listed in the layout's test part (imagesTs/): never trained on
};

/// Parses "auto", "nnunet" (or "decathlon"), "btcv", "pairs", "dicom". Throws
/// std::invalid_argument listing them.
DatasetFormat parseDatasetFormat(const std::string& text);

/// Which layout Auto chooses for `path`: nnunet when imagesTr/ or imagesTs/ exists, btcv for
/// img/ and label/, dicom when the folder holds DICOM files, else pairs.
DatasetFormat detectDatasetFormat(const std::string& path);

/// The cases of `path` in `format`, by name within each part. Throws InputError naming `path`
/// when it is missing, cannot be listed or holds no case in that layout.
std::vector<DatasetCase> scanDataset(const std::string& path,
                                     DatasetFormat format = DatasetFormat::Auto);

}  // namespace voxsiam::image
