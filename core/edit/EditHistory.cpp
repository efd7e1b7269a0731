#include "core/edit/EditHistory.h"

namespace voxsiam::edit {

EditHistory::EditHistory(std::size_t budgetBytes) : budget_(budgetBytes) {}

void EditHistory::push(LabelChange change) {
  if (change.empty()) return;
  for (const Entry& entry : redo_) bytes_ -= entry.change.bytes();
  redo_.clear();
  bytes_ += change.bytes();
  undo_.push_back({std::move(change), nextId_++});
  enforceBudget();
}

void EditHistory::enforceBudget() {
  while (bytes_ > budget_ && undo_.size() > 1) {
    bytes_ -= undo_.front().change.bytes();
    baseId_ = undo_.front().id;
    undo_.pop_front();
  }
}

const LabelChange* EditHistory::undo(image::LabelMap& labels) {
  if (undo_.empty()) return nullptr;
  redo_.push_back(std::move(undo_.back()));
  undo_.pop_back();
  redo_.back().change.undo(labels);
  return &redo_.back().change;
}

const LabelChange* EditHistory::redo(image::LabelMap& labels) {
  if (redo_.empty()) return nullptr;
  undo_.push_back(std::move(redo_.back()));
  redo_.pop_back();
  undo_.back().change.redo(labels);
  return &undo_.back().change;
}

void EditHistory::clear() {
  undo_.clear();
  redo_.clear();
  bytes_ = 0;
  baseId_ = nextId_++;
}

}  // namespace voxsiam::edit
