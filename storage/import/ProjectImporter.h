#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"
#include "storage/import/ImportItem.h"
#include "storage/repository/ReviewStatus.h"

namespace voxsiam::storage {

class Project;

/// How an import treats its cases.
struct ImportOptions {
  std::string mapping = "identity";  ///< label id mapping into the project scheme (name or .json)
  std::string author = "import";
  ReviewStatus status = ReviewStatus::InReview;  ///< review status of imported label versions
  /// Organ ids the imported labels annotate (the rest is unknown, not background); nullopt: all.
  std::optional<std::vector<std::uint16_t>> annotated;
  bool allOrNothing = false;  ///< one failing case rolls the whole import back
  /// DICOM cases keep only newly made UIDs and a pseudonym, no patient data, dates or paths.
  bool anonymise = false;
};

/// What happened to one case.
struct ImportResult {
  enum class Outcome { Added, LabelAdded, Unchanged, Failed };
  std::string name;
  Outcome outcome = Outcome::Failed;
  std::string reason;  ///< for Failed: the one-line error
  std::string note;    ///< what was imported with a caveat (e.g. SEG segments left out)
};

/// Imports cases into a project. Each case is one transaction: it is stored whole (image file,
/// case, label version, audit entry) or not at all. Importing the same data again adds nothing:
/// an existing case with the same image is kept and a label whose contents the case already has
/// is skipped.
class ProjectImporter {
 public:
  explicit ProjectImporter(Project& project) : project_(project) {}

  /// Imports `items` in order and returns one result per item. A failing case is reported with
  /// its reason and the others continue; with options.allOrNothing the first failure undoes the
  /// whole import (results then say so) and nothing is stored. `progress` (may be empty) is
  /// called after each case. Throws StorageError for a read-only project and image::InputError
  /// for an unknown label mapping.
  std::vector<ImportResult> run(const std::vector<ImportItem>& items, const ImportOptions& options,
                                const std::function<void(const ImportResult&)>& progress = {});

 private:
  ImportResult importCase(const ImportItem& item, const ImportOptions& options,
                          const image::LabelMapping& mapping, const image::LabelScheme& scheme,
                          std::vector<std::string>& createdFiles);

  Project& project_;
};

}  // namespace voxsiam::storage
