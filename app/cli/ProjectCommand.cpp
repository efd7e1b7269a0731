#include <iomanip>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <functional>
#include <map>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/UsageError.h"
#include "app/workflow/CaseSuggestion.h"
#include "core/segment/Segmenter.h"
#include "storage/Project.h"
#include "storage/ProjectVerifier.h"
#include "storage/StorageError.h"
#include "storage/export/ProjectExporter.h"
#include "storage/import/ImportSource.h"
#include "storage/import/ProjectImporter.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/services/CorrectionEffort.h"
#include "storage/services/TrainableOrgans.h"

namespace voxsiam::cli {
namespace {

using Args = std::vector<std::string>;
using Outcome = storage::ImportResult::Outcome;

std::string defaultAuthor() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "unknown";
}

template <typename Parse>
auto parseOption(const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

int runCreate(const Args& args, std::ostream& out) {
  const Arguments arguments(args, {"title", "scheme"});
  arguments.expectPositionals(1, "the project folder");
  storage::ProjectSettings settings{arguments.get("title"), arguments.get("scheme", "gibson8")};
  storage::Project project = storage::Project::create(arguments.positionals()[0], settings);
  out << "created project '" << project.title() << "' (" << project.scheme().name() << ") in "
      << project.folder().string() << "\n";
  return 0;
}

std::vector<storage::ImportItem> importItems(const Arguments& arguments) {
  if (arguments.has("image")) {
    if (arguments.positionals().size() != 1) {
      throw UsageError("with --image give only the project folder");
    }
    auto item = storage::importItemForFiles(arguments.get("image"), arguments.get("label"),
                                            arguments.get("name"));
    item.seriesUid = arguments.get("series");
    return {item};
  }
  arguments.expectPositionals(2, "the project folder and the folder to import");
  const auto format = parseOption(arguments.get("format", "auto"), storage::parseImportFormat);
  auto items = storage::scanImportSource(arguments.positionals()[1], format);
  for (auto& item : items) item.seriesUid = arguments.get("series");
  if (arguments.has("name")) {
    if (items.size() != 1)
      throw UsageError("--name names one case, but " + arguments.positionals()[1] + " holds " +
                       std::to_string(items.size()));
    items.front().name = arguments.get("name");
  }
  return items;
}

const char* outcomeWord(Outcome outcome) {
  switch (outcome) {
    case Outcome::Added:
      return "added";
    case Outcome::LabelAdded:
      return "new label version";
    case Outcome::Unchanged:
      return "unchanged";
    case Outcome::Failed:
      return "failed";
  }
  return "";
}

int runImport(const Args& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(
      args, {"format", "map", "author", "status", "image", "label", "name", "series", "annotated"},
      {"all-or-nothing", "anonymise"});
  const auto items = importItems(arguments);
  storage::Project project(arguments.positionals()[0]);
  storage::ImportOptions options;
  if (arguments.has("annotated"))
    options.annotated = project.scheme().organIds(arguments.get("annotated"));
  options.mapping = arguments.get("map", "identity");
  options.author = arguments.get("author", defaultAuthor());
  options.status = parseOption(arguments.get("status", "in_review"), storage::parseReviewStatus);
  options.allOrNothing = arguments.has("all-or-nothing");
  options.anonymise = arguments.has("anonymise");
  std::size_t failed = 0;
  storage::ProjectImporter(project).run(items, options, [&](const storage::ImportResult& result) {
    out << outcomeWord(result.outcome) << " " << result.name;
    if (result.outcome == Outcome::Failed) out << ": " << result.reason, ++failed;
    out << "\n" << std::flush;
    if (!result.note.empty())
      err << "voxsiam: note: " << result.name << ": " << result.note << "\n";
  });
  if (failed == 0) return 0;
  err << "voxsiam: " << failed << " of " << items.size() << " cases failed to import"
      << (options.allOrNothing ? "; nothing was imported" : "; the others were imported") << "\n";
  return 1;
}

nlohmann::json caseJson(const storage::repository::CaseSummary& summary) {
  nlohmann::json json = {
      {"name", summary.name},
      {"versions", summary.versionCount},
      {"status", summary.latestStatus.empty() ? nullptr : nlohmann::json(summary.latestStatus)}};
  json["latest_version"] =
      summary.latestVersionId ? nlohmann::json(*summary.latestVersionId) : nlohmann::json(nullptr);
  if (summary.dicomStudy)
    json["dicom"] = {{"patient_id", summary.dicomStudy->patientId},
                     {"study_date", summary.dicomStudy->studyDate},
                     {"study_description", summary.dicomStudy->description}};
  return json;
}

std::string describe(const storage::repository::DicomStudy& study) {
  std::string text = "DICOM " + study.patientId;
  for (const std::string* part : {&study.studyDate, &study.description})
    if (!part->empty()) text += " " + *part;
  return text;
}

int runList(const Args& args, std::ostream& out) {
  const Arguments arguments(args, {}, {"json"});
  arguments.expectPositionals(1, "the project folder");
  storage::Project project(arguments.positionals()[0]);
  const auto cases = storage::repository::CaseRepository(project.connection()).list();
  if (arguments.has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& summary : cases) list.push_back(caseJson(summary));
    out << nlohmann::json{{"title", project.title()}, {"cases", list}}.dump(2) << "\n";
    return 0;
  }
  out << project.title() << ": " << cases.size() << " cases\n";
  for (const auto& summary : cases) {
    out << summary.name << "\t" << summary.versionCount
        << (summary.versionCount == 1 ? " version\t" : " versions\t")
        << (summary.latestStatus.empty() ? "unlabelled" : summary.latestStatus);
    if (summary.dicomStudy) out << "\t" << describe(*summary.dicomStudy);
    out << "\n";
  }
  return 0;
}

/// The label version `--version` asks for, or nullopt (the exporter's choice).
std::optional<long long> requestedVersion(const Arguments& arguments) {
  if (!arguments.has("version")) return std::nullopt;
  return arguments.getInt("version", 0, 1, 1L << 50);
}

int runExport(const Args& args, std::ostream& out) {
  const Arguments arguments(args, {"out", "case", "version", "format"});
  arguments.expectPositionals(1, "the project folder");
  const std::string format = arguments.get("format", "nifti");
  if (format != "nifti" && format != "dicom-seg" && format != "rtstruct")
    throw UsageError("unknown --format '" + format + "' (allowed: nifti, dicom-seg, rtstruct)");
  storage::Project project(arguments.positionals()[0]);
  storage::ProjectExporter exporter(project);
  const std::string target = arguments.require("out");
  if (!arguments.has("case")) {
    if (format != "nifti") throw UsageError("--format " + format + " needs --case NAME");
    const auto names = exporter.exportNnUnet(target);
    out << "exported " << names.size() << " cases with approved labels to " << target << "\n";
    return 0;
  }
  const std::string caseName = arguments.get("case");
  if (format == "dicom-seg") {
    const long long version =
        exporter.exportDicomSeg(caseName, requestedVersion(arguments), target);
    out << "wrote " << target << " (DICOM SEG of label version " << version << ")\n";
    return 0;
  }
  if (format == "rtstruct") {
    const long long version =
        exporter.exportRtStruct(caseName, requestedVersion(arguments), target);
    out << "wrote " << target << " (RTSTRUCT of label version " << version << ")\n";
    return 0;
  }
  for (const auto& file : exporter.exportCase(caseName, requestedVersion(arguments), target))
    out << "wrote " << file << "\n";
  return 0;
}

int runReview(const Args& args, std::ostream& out) {
  const Arguments arguments(args, {"version", "set", "author", "note", "organ"});
  arguments.expectPositionals(1, "the project folder");
  const auto status = parseOption(arguments.require("set"), storage::parseReviewStatus);
  const long long version = arguments.getInt("version", 0, 1, 1L << 50);
  storage::Project project(arguments.positionals()[0]);
  storage::repository::LabelVersionRepository versions(project.connection());
  const std::string author = arguments.get("author", defaultAuthor());
  if (!arguments.has("organ")) {
    versions.setStatus(version, status, author, arguments.get("note"));
    if (status == storage::ReviewStatus::Approved) {
      storage::repository::CorrectionRepository corrections(project.connection());
      storage::recordCorrection(versions, corrections, version);
    }
    out << "label version " << version << ": " << storage::toString(status) << "\n";
    return 0;
  }
  for (const auto organ : project.scheme().organIds(arguments.get("organ"))) {
    versions.setOrganStatus(version, organ, status, author, arguments.get("note"));
    out << "label version " << version << ", " << project.scheme().find(organ)->name << ": "
        << storage::toString(status) << "\n";
  }
  return 0;
}

int runCheck(const Args& args, std::ostream& out) {
  const Arguments arguments(args, {});
  arguments.expectPositionals(1, "the project folder");
  storage::Project project(arguments.positionals()[0]);
  for (const auto& removed : project.removedPartialFiles())
    out << "removed " << removed << " (a partial file left by an interrupted write)\n";
  const auto problems = storage::ProjectVerifier(project).verify();
  for (const auto& problem : problems) out << problem << "\n";
  if (!problems.empty()) {
    throw storage::StorageError(project.folder().string(),
                                std::to_string(problems.size()) + " problem(s) found (listed " +
                                    "above; first: " + problems.front() + ")");
  }
  out << "ok\n";
  return 0;
}

int runSuggest(const Args& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"model", "count", "device"});
  arguments.expectPositionals(1, "the project folder");
  storage::Project project(arguments.positionals()[0]);
  const segment::Segmenter model(arguments.require("model"),
                                 arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"}));
  const auto count = std::size_t(arguments.getInt("count", 5, 0, 1 << 30));
  const auto ranked = workflow::suggestCases(project, model, count, [&](const std::string& line) {
    err << "voxsiam: " << line << "\n" << std::flush;
  });
  if (ranked.empty()) {
    out << "every case has approved labels: nothing to suggest\n";
    return 0;
  }
  out << "cases to label next (by uncertainty and by novelty under " << arguments.require("model")
      << "):\n";
  for (std::size_t index = 0; index < ranked.size(); ++index)
    out << std::setw(3) << index + 1 << ". " << std::left << std::setw(20) << ranked[index].name
        << std::right << ranked[index].reason << "\n";
  return 0;
}

}  // namespace

int runProject(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty())
    throw UsageError("needs a subcommand: create, import, list, export, review, check, suggest");
  const Args rest(args.begin() + 1, args.end());
  const std::string& action = args[0];
  if (action == "create") return runCreate(rest, out);
  if (action == "import") return runImport(rest, out, err);
  if (action == "list") return runList(rest, out);
  if (action == "export") return runExport(rest, out);
  if (action == "review") return runReview(rest, out);
  if (action == "check") return runCheck(rest, out);
  if (action == "suggest") return runSuggest(rest, out, err);
  throw UsageError("unknown subcommand '" + action +
                   "' (allowed: create, import, list, export, review, check, suggest)");
}

}  // namespace voxsiam::cli
