#include "ui/model/RecentProjects.h"

#include <QDir>
#include <QSettings>

namespace voxsiam::ui {
namespace {

const char* kRecent = "recentProjects";

QString userKey(const QString& folder) {
  return "userNames/" + QString(folder).replace('/', '|');
}

}  // namespace

QStringList RecentProjects::folders() {
  QStringList existing;
  for (const QString& folder : QSettings().value(kRecent).toStringList())
    if (QDir(folder).exists("project.sqlite")) existing << folder;
  return existing;
}

void RecentProjects::remember(const QString& folder) {
  QSettings settings;
  QStringList recent = settings.value(kRecent).toStringList();
  recent.removeAll(folder);
  recent.prepend(folder);
  settings.setValue(kRecent, recent.mid(0, 8));
}

void RecentProjects::forget(const QString& folder) {
  QSettings settings;
  QStringList recent = settings.value(kRecent).toStringList();
  recent.removeAll(folder);
  settings.setValue(kRecent, recent);
}

QString RecentProjects::userName(const QString& folder) {
  return QSettings().value(userKey(folder)).toString().trimmed();
}

QString RecentProjects::lastUserName() {
  return QSettings().value("lastUserName").toString().trimmed();
}

void RecentProjects::rememberUserName(const QString& folder, const QString& name) {
  QSettings settings;
  settings.setValue(userKey(folder), name);
  settings.setValue("lastUserName", name);
}

}  // namespace voxsiam::ui
