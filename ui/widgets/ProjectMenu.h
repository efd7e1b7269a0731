#pragma once
#include <QObject>

#include <functional>

class QMenu;
class QWidget;

namespace voxsiam::ui {

class CaseSession;

/// The File menu of the main window and the dialogs behind it: new project (folder, title,
/// scheme), open, open recent, save, import, export of the shown case or of the approved cases,
/// quit. Opening itself stays with the window, which is asked through openRequested().
class ProjectMenu : public QObject {
  Q_OBJECT

 public:
  /// Dialogs are shown over `window`.
  ProjectMenu(CaseSession& session, QWidget& window);

  /// Fills `menu`; `save` saves the labels as a new version, `import` opens the import dialog.
  void fill(QMenu* menu, const std::function<void()>& save, const std::function<void()>& import);

 signals:
  /// The user chose `folder` to open (Open, Open recent).
  void openRequested(const QString& folder);
  /// A new, empty project was created in `folder`.
  void projectCreated(const QString& folder);
  /// One line on what was done, for the message line.
  void message(const QString& text);
  /// An action failed: a title and the reason.
  void failed(const QString& title, const QString& reason);

 private:
  void newProject();
  void chooseProject();
  void exportShownCase();
  /// Writes the shown label version as a DICOM SEG, or as RTSTRUCT contours.
  void exportShownCaseAsDicom(bool contours);
  void exportApprovedCases();

  CaseSession& session_;
  QWidget& window_;
};

}  // namespace voxsiam::ui
