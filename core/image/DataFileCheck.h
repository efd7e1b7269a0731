#pragma once
#include <string>

namespace voxsiam::image {

/// The data file that header `headerPath` names (MetaImage ElementDataFile, NRRD "data file"),
/// checked before any reader opens it: a multi-file list or pattern (LIST, %d) is refused, and
/// the file must be a regular file inside the header's folder (no absolute path, no "..", no
/// FIFO or device), so a header cannot make the program read files the user did not give.
/// Returns the data file's path. Throws InputError naming the header.
std::string checkedDataFile(const std::string& headerPath, const std::string& dataFile);

/// For a NRRD header (.nrrd or .nhdr): checks the detached data file it names, if any, as
/// checkedDataFile does. Throws InputError naming the header.
void checkNrrdDataFile(const std::string& headerPath);

}  // namespace voxsiam::image
