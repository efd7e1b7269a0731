#pragma once
#include <QDialog>

#include <vector>

#include "storage/import/ImportItem.h"

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace voxsiam::ui {

class ImportController;
struct ImportCaseOutcome;

/// File > Import: folders in any layout the command line reads (nnU-Net, BTCV, pairs, DICOM
/// studies) and single images with optional labels, also dropped onto it or onto the case
/// browser; the label mapping and the review status of the imported labels (in review by
/// default); the cases found, then a progress bar with cancel and a line per case (failures with
/// their reason).
class ImportDialog : public QDialog {
  Q_OBJECT

 public:
  /// Imports into the project in `projectFolder`, recording `author` as who imported.
  ImportDialog(const QString& projectFolder, const QString& author, QWidget* parent = nullptr);
  ~ImportDialog() override;

  /// Adds dropped or chosen paths as sources and lists the cases found.
  void addPaths(const QStringList& paths);
  /// Starts importing the cases listed (as the Import button does).
  void startImport();
  /// Cases listed.
  int caseCount() const;
  bool importing() const;

 signals:
  /// Cases were imported: the case browser should re-read the project.
  void imported(int cases);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  /// Escape or the window's close button while importing cancels the import instead.
  void reject() override;

 private:
  QWidget* buildSources();
  QWidget* buildOptions();
  void rescan();
  void setLabelsOfSelected();
  void onCaseDone(int index, int total, const ImportCaseOutcome& outcome);
  void onFinished(int imported, int failed, bool cancelled);
  void updateButtons();
  void chooseMappingFile(int index);

  QString projectFolder_;
  QString author_;
  ImportController* controller_;
  QListWidget* sources_ = nullptr;
  QComboBox* format_ = nullptr;
  QComboBox* mapping_ = nullptr;
  QComboBox* status_ = nullptr;
  QTableWidget* cases_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* summary_ = nullptr;
  QPushButton* import_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* close_ = nullptr;
  std::vector<storage::ImportItem> items_;
};

}  // namespace voxsiam::ui
