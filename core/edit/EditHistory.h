#pragma once
#include <cstdint>
#include <deque>

#include "core/edit/LabelChange.h"

namespace voxsiam::edit {

/// Undo and redo stacks of label changes whose memory is bounded: when the changes held exceed
/// the budget, the oldest undo steps are dropped.
class EditHistory {
 public:
  /// A history holding at most `budgetBytes` of changes (the newest change is always kept).
  explicit EditHistory(std::size_t budgetBytes = std::size_t{256} << 20);

  /// Records a change that has been applied; clears the redo stack. Empty changes are ignored.
  void push(LabelChange change);
  bool canUndo() const { return !undo_.empty(); }
  bool canRedo() const { return !redo_.empty(); }
  /// Reverts the newest change in `labels`; returns it (nullptr when there is none).
  const LabelChange* undo(image::LabelMap& labels);
  /// Re-applies the last undone change; returns it (nullptr when there is none).
  const LabelChange* redo(image::LabelMap& labels);
  /// Memory held by all changes, in bytes.
  std::size_t bytes() const { return bytes_; }
  std::size_t undoCount() const { return undo_.size(); }
  /// Identifies the current state: equal ids mean equal label maps since the last clear().
  std::uint64_t stateId() const { return undo_.empty() ? baseId_ : undo_.back().id; }
  /// Forgets every change (e.g. after loading another label version).
  void clear();

 private:
  struct Entry {
    LabelChange change;
    std::uint64_t id;
  };
  void enforceBudget();

  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::uint64_t nextId_ = 1;
  std::uint64_t baseId_ = 0;
  std::deque<Entry> undo_;
  std::deque<Entry> redo_;
};

}  // namespace voxsiam::edit
