#pragma once
#include <QString>
#include <QStringList>

namespace voxsiam::ui {

/// What the studio remembers about project folders between sessions (QSettings): the folders
/// opened recently and the name each project's user gave.
class RecentProjects {
 public:
  /// The recently opened folders, newest first, that still hold a project.
  static QStringList folders();
  /// Puts `folder` first in the list (at most 8 are kept).
  static void remember(const QString& folder);
  /// Drops `folder` from the list (it could not be opened).
  static void forget(const QString& folder);
  /// The name given for `folder`'s project, or empty.
  static QString userName(const QString& folder);
  /// The name given last, in any project, or empty.
  static QString lastUserName();
  /// Records `name` as the user of `folder`'s project and as the last name given.
  static void rememberUserName(const QString& folder, const QString& name);
};

}  // namespace voxsiam::ui
