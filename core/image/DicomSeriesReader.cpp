#include "core/image/DicomSeriesReader.h"

#include <gdcmDirectory.h>
#include <gdcmScanner.h>
#include <itkGDCMImageIO.h>
#include <itkImageSeriesReader.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "core/image/DicomFileCheck.h"
#include "core/image/DicomSeriesCheck.h"
#include "core/image/InputError.h"
#include "core/image/ItkBridge.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

const gdcm::Tag kSeriesUid(0x0020, 0x000e);
const gdcm::Tag kModality(0x0008, 0x0060);
const gdcm::Tag kSopClass(0x0008, 0x0016);
const gdcm::Tag kPosition(0x0020, 0x0032);
const gdcm::Tag kOrientation(0x0020, 0x0037);
const gdcm::Tag kInstanceNumber(0x0020, 0x0013);
const gdcm::Tag kRows(0x0028, 0x0010);

std::string trimmed(const char* value) {
  std::string text = value ? value : "";
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

bool isImageObject(const gdcm::Scanner& scanner, const std::string& file) {
  static const char* kNonImageModalities[] = {"SEG", "RTSTRUCT", "SR", "PR", "KO", "REG"};
  const std::string modality = trimmed(scanner.GetValue(file.c_str(), kModality));
  for (const char* excluded : kNonImageModalities)
    if (modality == excluded) return false;
  const std::string sopClass = trimmed(scanner.GetValue(file.c_str(), kSopClass));
  if (sopClass == "1.2.840.10008.5.1.4.1.1.66.4") return false;  // Segmentation Storage
  return !trimmed(scanner.GetValue(file.c_str(), kRows)).empty();
}

/// Position of a slice along the series' normal; instance number when geometry is missing.
double slicePosition(const gdcm::Scanner& scanner, const std::string& file) {
  const auto position = dicomNumbers(trimmed(scanner.GetValue(file.c_str(), kPosition)));
  const auto orientation = dicomNumbers(trimmed(scanner.GetValue(file.c_str(), kOrientation)));
  if (position.size() == 3 && orientation.size() == 6) {
    const double normal[3] = {orientation[1] * orientation[5] - orientation[2] * orientation[4],
                              orientation[2] * orientation[3] - orientation[0] * orientation[5],
                              orientation[0] * orientation[4] - orientation[1] * orientation[3]};
    return normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2];
  }
  const auto instance = dicomNumbers(trimmed(scanner.GetValue(file.c_str(), kInstanceNumber)));
  return instance.empty() ? 0.0 : instance[0];
}

void sortAlongNormal(const gdcm::Scanner& scanner, std::vector<std::string>& files) {
  std::vector<std::pair<double, std::string>> keyed;
  for (const auto& file : files) keyed.emplace_back(slicePosition(scanner, file), file);
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t index = 0; index < files.size(); ++index) files[index] = keyed[index].second;
}

/// The files with pixel data that a DICOM library may read (see checkDicomFile); `skipped`
/// describes the first damaged one, for messages.
std::vector<std::string> wellFormedFiles(const std::vector<std::string>& files,
                                         std::string& skipped) {
  std::vector<std::string> kept;
  std::size_t damaged = 0;
  for (const auto& file : files) {
    const auto check = checkDicomFile(file);
    if (check.wellFormed && check.hasPixelData) {
      kept.push_back(file);
    } else if (check.problem.rfind("not a DICOM", 0) != 0 &&
               check.problem.rfind("too short", 0) != 0) {
      if (damaged++ == 0) skipped = " (skipped damaged " + file + ": " + check.problem;
    }
  }
  if (damaged) skipped += damaged > 1 ? ", and " + std::to_string(damaged - 1) + " more)" : ")";
  return kept;
}

}  // namespace

std::vector<DicomSeries> findDicomSeries(const std::string& folder) {
  detail::StderrSilencer quiet;
  gdcm::Directory directory;
  directory.Load(folder, false);
  std::string skipped;
  const auto files = wellFormedFiles(directory.GetFilenames(), skipped);
  gdcm::Scanner scanner;
  for (const auto& tag :
       {kSeriesUid, kModality, kSopClass, kPosition, kOrientation, kInstanceNumber, kRows})
    scanner.AddTag(tag);
  if (files.empty() || !scanner.Scan(files))
    throw InputError(folder, "folder holds no DICOM files" + skipped);
  std::map<std::string, DicomSeries> byUid;
  for (const auto& file : files) {
    if (!scanner.IsKey(file.c_str()) || !isImageObject(scanner, file)) continue;
    const std::string uid = trimmed(scanner.GetValue(file.c_str(), kSeriesUid));
    auto& series = byUid[uid];
    series.uid = uid;
    series.modality = trimmed(scanner.GetValue(file.c_str(), kModality));
    if (!skipped.empty()) series.skipped = skipped.substr(2, skipped.size() - 3);
    series.files.push_back(file);
  }
  if (byUid.empty()) throw InputError(folder, "folder holds no DICOM image series" + skipped);
  std::vector<DicomSeries> found;
  for (auto& [uid, series] : byUid) {
    sortAlongNormal(scanner, series.files);
    found.push_back(std::move(series));
  }
  return found;
}

const DicomSeries& chooseDicomSeries(const std::string& folder,
                                     const std::vector<DicomSeries>& series,
                                     const std::string& seriesUid, std::string& note) {
  std::string uids;
  for (const auto& candidate : series) uids += (uids.empty() ? "" : ", ") + candidate.uid;
  if (!seriesUid.empty()) {
    for (const auto& candidate : series)
      if (candidate.uid == seriesUid) return candidate;
    throw InputError(folder, "no image series with UID " + seriesUid + " (found: " + uids + ")");
  }
  auto bySlices = [](const DicomSeries& a, const DicomSeries& b) {
    return a.files.size() < b.files.size();
  };
  const auto largest = std::max_element(series.begin(), series.end(), bySlices);
  const auto ties = std::count_if(series.begin(), series.end(), [&](const DicomSeries& s) {
    return s.files.size() == largest->files.size();
  });
  if (ties > 1)
    throw InputError(folder, std::to_string(series.size()) +
                                 " image series with the same number of slices; choose one "
                                 "with --series UID (" +
                                 uids + ")");
  if (series.size() > 1)
    note = "folder holds " + std::to_string(series.size()) + " image series; using " +
           largest->uid + " (" + std::to_string(largest->files.size()) +
           " slices, the most); choose another with --series UID";
  return *largest;
}

Volume readDicomFolder(const std::string& folder, const ReadOptions& options, ImageSource* source) {
  const auto series = findDicomSeries(folder);
  std::string note;
  const DicomSeries& chosen = chooseDicomSeries(folder, series, options.seriesUid, note);
  checkDicomSeries(folder, chosen.files);
  if (!chosen.skipped.empty()) note += (note.empty() ? "" : "; ") + chosen.skipped;
  auto reader = itk::ImageSeriesReader<detail::ItkFloatImage>::New();
  auto io = itk::GDCMImageIO::New();
  reader->SetImageIO(io);
  reader->SetFileNames(chosen.files);
  try {
    detail::StderrSilencer quiet;
    reader->Update();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(folder,
                     "cannot read DICOM series " + chosen.uid + ": " + detail::describe(error));
  }
  if (source) {
    source->format = "DICOM series";
    source->storedType = io->GetComponentTypeAsString(io->GetInternalComponentType());
    source->seriesUid = chosen.uid;
    source->modality = chosen.modality;
    source->seriesCount = series.size();
    source->note = note;
    source->dicom = readDicomIdentity(chosen.files);
  }
  return detail::fromItk(*reader->GetOutput());
}

}  // namespace voxsiam::image
