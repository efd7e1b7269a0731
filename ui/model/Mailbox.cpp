#include "ui/model/Mailbox.h"

#include <QMetaObject>

namespace voxsiam::ui {

Mailbox::Mailbox(QObject* parent) : QObject(parent) {}

void Mailbox::post(std::function<void()> call) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(std::move(call));
  }
  QMetaObject::invokeMethod(this, "drain", Qt::QueuedConnection);
}

void Mailbox::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.clear();
}

void Mailbox::drain() {
  std::deque<std::function<void()>> calls;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    calls.swap(calls_);
  }
  for (auto& call : calls) call();
}

}  // namespace voxsiam::ui
