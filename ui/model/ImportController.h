#pragma once
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <vector>

#include "storage/import/ImportItem.h"
#include "storage/import/ProjectImporter.h"
#include "ui/model/BackgroundJob.h"

namespace voxsiam::ui {

/// One place to import from: a folder in any layout the command line reads (nnU-Net, BTCV, pairs,
/// a DICOM study) or an image file or DICOM series folder with an optional label file.
struct ImportSourceEntry {
  QString path;
  QString label;         ///< label file for an image; empty: none or found by the layout
  bool isLayout = true;  ///< a folder of cases (scanned) rather than one image
};

/// How one case of an import ended, for the studio.
struct ImportCaseOutcome {
  QString name;
  QString outcome;  ///< added, new label version, unchanged, failed, skipped
  QString detail;   ///< the reason of a failure, or a note (e.g. SEG segments left out)
  bool failed = false;
};

/// Imports cases into the open project in the background, one case at a time (each stored whole
/// or not at all), with progress, cancel between cases and a line per case. Qt Core only.
class ImportController : public QObject {
  Q_OBJECT

 public:
  explicit ImportController(QObject* parent = nullptr);
  ~ImportController() override;

  /// The cases `sources` hold, in order: layouts scanned with `format` (auto, nnunet, btcv,
  /// pairs, dicom), images as one case each. Throws image::InputError naming a source without a
  /// case.
  static std::vector<storage::ImportItem> scan(const std::vector<ImportSourceEntry>& sources,
                                               const QString& format);
  /// A dropped path as a source: a folder is a layout (a DICOM series folder is a study of one
  /// case), a file one image.
  static ImportSourceEntry sourceForPath(const QString& path);

  /// Starts importing `items` into the project in `projectFolder`; only one import at a time.
  void start(const QString& projectFolder, std::vector<storage::ImportItem> items,
             storage::ImportOptions options);
  /// Stops after the case being imported; the rest are reported as skipped.
  void cancel() { cancel_ = true; }
  bool running() const { return job_.running(); }

 signals:
  /// Case `index` (0-based) of `total` is done.
  void caseDone(int index, int total, const voxsiam::ui::ImportCaseOutcome& outcome);
  /// The import ended: counts of imported (added or new labels) and failed cases.
  void finished(int imported, int failed, bool cancelled);

 private:
  /// What an import did, counted on the worker.
  struct Totals {
    int imported = 0;
    int failed = 0;
    bool cancelled = false;
  };
  Totals run(const QString& projectFolder, const std::vector<storage::ImportItem>& items,
             const storage::ImportOptions& options);
  /// Imports case `index` (or skips it once cancelled) and reports it.
  void importOne(storage::ProjectImporter& importer, const std::vector<storage::ImportItem>& items,
                 int index, const storage::ImportOptions& options, Totals& totals);

  std::atomic<bool> cancel_{false};
  BackgroundJob<Totals> job_;  ///< last: destroyed (and waited for) first
};

}  // namespace voxsiam::ui

Q_DECLARE_METATYPE(voxsiam::ui::ImportCaseOutcome)
