#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/LabelMapping.h"

namespace voxsiam::cli {

int runConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"map", "series"});
  arguments.expectPositionals(2, "IN and OUT");
  const std::string& in = arguments.positionals()[0];
  const std::string& outPath = arguments.positionals()[1];
  image::ImageSource source;
  if (arguments.has("map")) {
    const auto mapping = image::LabelMapping::builtin(arguments.get("map"));
    image::writeLabelMap(mapping.apply(image::readLabelMap(in, &source)), outPath);
  } else {
    const auto volume = image::readVolume(in, {arguments.get("series")}, &source);
    const bool integral = source.storedType != "float" && source.storedType != "double";
    image::writeVolume(volume, outPath,
                       integral ? image::StoredType::Int16 : image::StoredType::Float32);
  }
  if (!source.note.empty()) err << "voxsiam: note: " << in << ": " << source.note << "\n";
  out << "wrote " << outPath << "\n";
  return 0;
}

}  // namespace voxsiam::cli
