#pragma once
#include <functional>
#include <memory>
#include <string>

#include "ui/model/TrainingBackend.h"
#include "ui/widgets/MainWindow.h"

namespace voxsiam::test {

/// A shown main window on `project` that trains for real (the application's backend), with its
/// first case loaded and surfaces built; no question dialogs.
std::unique_ptr<ui::MainWindow> openTrainingStudio(const std::string& project,
                                                   ui::MainWindow::ResumePolicy policy);

/// A request of the "smoke" preset for `epochs` epochs on every approved case.
ui::TrainingRequest smokeRequest(ui::MainWindow& window, int epochs);

/// Trains a smoke run of `method` to its end (its lineage parent: the active model, trained from
/// random weights); `onEpoch` sees each epoch. Returns the id of the newest model.
long long trainToEnd(ui::MainWindow& window, const std::string& method, int epochs,
                     const std::function<void(int)>& onEpoch = {});

}  // namespace voxsiam::test
