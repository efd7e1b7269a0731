#pragma once
#include <QCoreApplication>
#include <QElapsedTimer>

namespace voxsiam::test {

/// Processes events until `done()` holds or 10 s have passed; returns `done()`.
template <typename Condition>
bool waitFor(Condition done) {
  QElapsedTimer clock;
  clock.start();
  while (!done() && clock.elapsed() < 10000) QCoreApplication::processEvents();
  return done();
}

}  // namespace voxsiam::test
