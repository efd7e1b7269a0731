#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace voxsiam::cli {

/// Each command takes its arguments (after the command name), writes results to `out` and
/// returns the exit code; bad input throws image::InputError, a bad command line UsageError.
int runInfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runPhantom(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runPredict(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// voxsiam calibration: expected calibration error of a model on labelled cases, before and after
/// its fitted temperature.
int runCalibration(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runProject(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runEmbed(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runTsne(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// voxsiam compare: two models on the labelled cases of a folder; exit 3 when B regresses.
int runCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// voxsiam grow: grow from seeds (organ strokes and background strokes) over a CT.
int runGrow(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// voxsiam edit: one segment-editor effect (margin, smoothing, islands, threshold, logic).
int runEdit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// voxsiam stats: per-organ volume, HU, surface area and centroid.
int runStats(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDemo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// Runs `voxsiam ARGS...`: dispatches to the command, prints exactly one line "voxsiam: ..." on
/// `err` for any error and returns 0 (success), 1 (bad input or failure) or 2 (usage error).
int runVoxsiam(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace voxsiam::cli
