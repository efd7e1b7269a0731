#pragma once
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "core/edit/EditTools.h"
#include "ui/model/BackgroundJob.h"
#include "ui/model/TrainingBackend.h"

namespace voxsiam::ui {

class CaseSession;
class EditController;

/// The model-assisted click: the active model's segmentation of the shown case, computed once
/// per case and model on a worker thread (through the training backend), and edits that take the
/// model's region of an organ connected to a click, or remove it, as ordinary undo steps.
class ModelAssist : public QObject {
  Q_OBJECT

 public:
  ModelAssist(CaseSession& session, EditController& editor, QObject* parent = nullptr);
  ~ModelAssist() override;

  /// Where the backend comes from (the training controller's, which changes with the project).
  void setBackend(std::function<TrainingBackend*()> backend);
  /// Starts the segmentation of the shown case with the active model unless it is there or
  /// being computed; says why when it cannot (no case, no active model, no backend).
  void prepare();
  /// A click at `voxel`: the model's organ there, over its region 6-connected to the click in
  /// the model's labels, is painted (background and that organ's voxels only) or, with
  /// `remove`, the voxels of that region carrying the organ become background; a removal is
  /// refused (and says why) unless the labels hold that same organ at the click, so that it
  /// never takes away an organ the user did not click. A click before the segmentation is ready
  /// is kept and done when it arrives.
  void clickAt(const edit::VoxelIndex& voxel, bool remove);
  bool ready() const { return prediction_ != nullptr; }
  /// The model's segmentation of the shown case, or nullptr before it is ready.
  const ModelSegmentation* prediction() const { return prediction_.get(); }
  bool busy() const { return job_.running(); }
  /// One line on the state: computing, ready (with the model), or why not.
  const QString& status() const { return status_; }

 signals:
  void changed();

 private:
  struct Click {
    edit::VoxelIndex voxel;
    bool remove = false;
  };
  void forget();
  void setStatus(const QString& status);
  void take(const Click& click);

  CaseSession& session_;
  EditController& editor_;
  std::function<TrainingBackend*()> backend_;
  std::shared_ptr<const ModelSegmentation> prediction_;
  long long caseId_ = 0, modelId_ = 0;
  std::optional<Click> pending_;
  QString status_;
  BackgroundJob<std::shared_ptr<const ModelSegmentation>> job_;
};

}  // namespace voxsiam::ui
