#pragma once
#include <QWidget>

#include <functional>
#include <string>

#include "core/edit/effects/EffectTable.h"

class QCheckBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace voxsiam::ui {

class EditController;

/// The options page of an effect tool: the effect's own fields (added to form() by the tool's
/// file), a live preview of what it would change drawn as an outline over the labels, and
/// Apply, which makes it one undoable edit of the active organ.
class EffectPanel : public QWidget {
  Q_OBJECT

 public:
  /// `request` reads the fields into a request for effect `effectId`.
  EffectPanel(EditController& editor, std::string effectId,
              std::function<edit::EffectRequest()> request, QWidget* parent = nullptr);

  /// Where the tool's file adds its fields.
  QFormLayout* form() const { return form_; }
  /// Recomputes the preview (connect the fields' change signals here); does nothing while
  /// "Preview" is off or the panel is hidden.
  void refreshPreview();
  /// Applies the effect (the Apply button).
  void apply();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  EditController& editor_;
  std::string effectId_;
  std::function<edit::EffectRequest()> request_;
  QFormLayout* form_ = nullptr;
  QCheckBox* preview_ = nullptr;
  QLabel* summary_ = nullptr;
};

}  // namespace voxsiam::ui
