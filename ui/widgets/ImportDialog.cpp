#include "ui/widgets/ImportDialog.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/model/CountText.h"
#include "ui/model/ImportController.h"

namespace voxsiam::ui {
namespace {

constexpr int kLabelRole = Qt::UserRole + 1;
constexpr int kLayoutRole = Qt::UserRole + 2;

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  item->setToolTip(text);
  return item;
}

QString sourceText(const ImportSourceEntry& source) {
  QString text = (source.isLayout ? QObject::tr("folder  ") : QObject::tr("image  ")) + source.path;
  if (!source.label.isEmpty()) text += QObject::tr("  + labels ") + source.label;
  return text;
}

}  // namespace

ImportDialog::ImportDialog(const QString& projectFolder, const QString& author, QWidget* parent)
    : QDialog(parent),
      projectFolder_(projectFolder),
      author_(author),
      controller_(new ImportController(this)) {
  setObjectName("importDialog");
  setWindowTitle(tr("Import cases"));
  setAcceptDrops(true);
  resize(900, 620);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildSources());
  layout->addWidget(buildOptions());
  cases_ = new QTableWidget(0, 4);
  cases_->setObjectName("importCases");
  cases_->setHorizontalHeaderLabels({tr("Case"), tr("Image"), tr("Labels"), tr("Result")});
  cases_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  cases_->horizontalHeader()->setStretchLastSection(true);
  cases_->verticalHeader()->hide();
  cases_->setWordWrap(false);
  cases_->setTextElideMode(Qt::ElideLeft);
  layout->addWidget(cases_, 1);
  progress_ = new QProgressBar;
  progress_->setObjectName("importProgress");
  progress_->setFormat(tr("%v of %m cases"));
  summary_ = new QLabel(tr("Add folders or images, or drop them here."));
  summary_->setObjectName("importSummary");
  summary_->setWordWrap(true);
  import_ = new QPushButton(tr("Import"));
  import_->setObjectName("importStart");
  import_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel import"));
  cancel_->setObjectName("importCancel");
  close_ = new QPushButton(tr("Close"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(summary_, 1);
  buttons->addWidget(import_);
  buttons->addWidget(cancel_);
  buttons->addWidget(close_);
  layout->addWidget(progress_);
  layout->addLayout(buttons);
  connect(import_, &QPushButton::clicked, this, &ImportDialog::startImport);
  connect(cancel_, &QPushButton::clicked, controller_, &ImportController::cancel);
  connect(close_, &QPushButton::clicked, this, &QDialog::close);
  connect(controller_, &ImportController::caseDone, this, &ImportDialog::onCaseDone);
  connect(controller_, &ImportController::finished, this, &ImportDialog::onFinished);
  updateButtons();
}

ImportDialog::~ImportDialog() = default;

QWidget* ImportDialog::buildSources() {
  auto* box = new QGroupBox(tr("Import from"));
  auto* layout = new QHBoxLayout(box);
  sources_ = new QListWidget;
  sources_->setObjectName("importSources");
  sources_->setMaximumHeight(110);
  auto* addFolder = new QPushButton(tr("Add folder..."));
  addFolder->setToolTip(tr("nnU-Net or Decathlon, BTCV, image/label pairs or a DICOM study"));
  auto* addImage = new QPushButton(tr("Add image..."));
  auto* setLabels = new QPushButton(tr("Labels for image..."));
  auto* remove = new QPushButton(tr("Remove"));
  auto* column = new QVBoxLayout;
  for (auto* button : {addFolder, addImage, setLabels, remove}) column->addWidget(button);
  column->addStretch();
  layout->addWidget(sources_, 1);
  layout->addLayout(column);
  connect(addFolder, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder to import"));
    if (!folder.isEmpty()) addPaths({folder});
  });
  connect(addImage, &QPushButton::clicked, this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Images to import"), {}, tr("Images (*.nii *.nii.gz *.nrrd *.mha *.mhd)"));
    if (!files.isEmpty()) addPaths(files);
  });
  connect(setLabels, &QPushButton::clicked, this, &ImportDialog::setLabelsOfSelected);
  connect(remove, &QPushButton::clicked, this, [this] {
    delete sources_->currentItem();
    rescan();
  });
  return box;
}

QWidget* ImportDialog::buildOptions() {
  auto* box = new QGroupBox(tr("Options"));
  auto* form = new QFormLayout(box);
  format_ = new QComboBox;
  format_->setObjectName("importFormat");
  for (const char* format : {"auto", "nnunet", "btcv", "pairs", "dicom"}) format_->addItem(format);
  mapping_ = new QComboBox;
  mapping_->setObjectName("importMapping");
  mapping_->addItem(tr("identity (ids already in the project's scheme)"), "identity");
  mapping_->addItem(tr("TotalSegmentator v2 ids"), "totalseg");
  mapping_->addItem(tr("AMOS ids"), "amos");
  mapping_->addItem(tr("BTCV ids"), "btcv");
  mapping_->addItem(tr("mapping file (JSON)..."), QString());
  connect(mapping_, qOverload<int>(&QComboBox::activated), this, &ImportDialog::chooseMappingFile);
  status_ = new QComboBox;
  status_->setObjectName("importStatus");
  status_->addItem(tr("in review (check before they train)"), int(storage::ReviewStatus::InReview));
  status_->addItem(tr("draft"), int(storage::ReviewStatus::Draft));
  status_->addItem(tr("approved (already reviewed)"), int(storage::ReviewStatus::Approved));
  form->addRow(tr("Layout"), format_);
  form->addRow(tr("Label ids"), mapping_);
  form->addRow(tr("Imported labels are"), status_);
  connect(format_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ImportDialog::rescan);
  return box;
}

void ImportDialog::addPaths(const QStringList& paths) {
  for (const QString& path : paths) {
    const ImportSourceEntry source = ImportController::sourceForPath(path);
    auto* item = new QListWidgetItem(sourceText(source), sources_);
    item->setData(Qt::UserRole, source.path);
    item->setData(kLayoutRole, source.isLayout);
  }
  rescan();
}

void ImportDialog::setLabelsOfSelected() {
  QListWidgetItem* item = sources_->currentItem();
  if (!item || item->data(kLayoutRole).toBool()) {
    summary_->setText(tr("Select an image first: a folder's labels come with its layout."));
    return;
  }
  const QString image = item->data(Qt::UserRole).toString();
  const QString label = QFileDialog::getOpenFileName(
      this, tr("Labels of %1").arg(image), QFileInfo(image).absolutePath(),
      tr("Label maps (*.nii *.nii.gz *.nrrd *.mha *.mhd *.dcm)"));
  if (label.isEmpty()) return;
  item->setData(kLabelRole, label);
  item->setText(sourceText({item->data(Qt::UserRole).toString(), label, false}));
  rescan();
}

void ImportDialog::chooseMappingFile(int index) {
  if (!mapping_->itemData(index).toString().isEmpty()) return;
  const QString file =
      QFileDialog::getOpenFileName(this, tr("Label mapping"), {}, tr("Label mappings (*.json)"));
  if (file.isEmpty()) {
    mapping_->setCurrentIndex(0);
    return;
  }
  mapping_->insertItem(index, QFileInfo(file).fileName(), file);
  mapping_->setCurrentIndex(index);
}

void ImportDialog::rescan() {
  std::vector<ImportSourceEntry> sources;
  for (int row = 0; row < sources_->count(); ++row) {
    const auto* item = sources_->item(row);
    sources.push_back({item->data(Qt::UserRole).toString(), item->data(kLabelRole).toString(),
                       item->data(kLayoutRole).toBool()});
  }
  items_.clear();
  QString problem;
  try {
    items_ = ImportController::scan(sources, format_->currentText());
  } catch (const std::exception& error) {
    problem = QString::fromUtf8(error.what());
  }
  cases_->setRowCount(int(items_.size()));
  for (std::size_t index = 0; index < items_.size(); ++index) {
    const auto& item = items_[index];
    cases_->setItem(int(index), 0, cell(QString::fromStdString(item.name)));
    cases_->setItem(int(index), 1, cell(QString::fromStdString(item.image)));
    cases_->setItem(int(index), 2,
                    cell(item.label.empty() ? tr("(none)") : QString::fromStdString(item.label)));
    cases_->setItem(int(index), 3, cell(QString()));
  }
  cases_->resizeColumnToContents(0);
  progress_->setRange(0, std::max(1, int(items_.size())));
  progress_->setValue(0);
  summary_->setText(
      problem.isEmpty()
          ? tr("%1 to import").arg(countText(int(items_.size()), tr("case"), tr("cases")))
          : problem);
  updateButtons();
}

void ImportDialog::startImport() {
  if (items_.empty() || controller_->running()) return;
  storage::ImportOptions options;
  options.mapping = mapping_->currentData().toString().toStdString();
  options.status = storage::ReviewStatus(status_->currentData().toInt());
  options.author = author_.isEmpty() ? std::string("import") : author_.toStdString();
  progress_->setValue(0);
  summary_->setText(tr("Importing..."));
  controller_->start(projectFolder_, items_, options);
  updateButtons();
}

void ImportDialog::onCaseDone(int index, int total, const ImportCaseOutcome& outcome) {
  if (index >= 0 && index < cases_->rowCount()) {
    auto* result =
        cell(outcome.detail.isEmpty() ? outcome.outcome : outcome.outcome + ": " + outcome.detail);
    if (outcome.failed) result->setForeground(QColor(190, 30, 30));
    cases_->setItem(index, 3, result);
  }
  progress_->setRange(0, total);
  progress_->setValue(index + 1);
}

void ImportDialog::onFinished(int imported, int failed, bool cancelled) {
  summary_->setText(tr("%1 imported, %2 failed%3")
                        .arg(imported)
                        .arg(failed)
                        .arg(cancelled ? tr("; cancelled, the rest skipped") : QString()));
  updateButtons();
  emit this->imported(imported);
}

void ImportDialog::updateButtons() {
  const bool running = controller_->running();
  import_->setEnabled(!running && !items_.empty());
  cancel_->setEnabled(running);
  close_->setEnabled(!running);
}

int ImportDialog::caseCount() const {
  return int(items_.size());
}

bool ImportDialog::importing() const {
  return controller_->running();
}

void ImportDialog::reject() {
  if (controller_->running()) {
    controller_->cancel();
    return;
  }
  QDialog::reject();
}

void ImportDialog::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void ImportDialog::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) paths << url.toLocalFile();
  }
  addPaths(paths);
  event->acceptProposedAction();
}

}  // namespace voxsiam::ui
