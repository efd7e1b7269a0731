#include "core/segment/ModelSettings.h"

#include "core/image/ConfigReader.h"
#include "core/image/StrictJson.h"
#include "core/image/preprocess/PreprocessConfig.h"

namespace voxsiam::segment {

ModelSettings modelSettingsFromConfig(const std::string& configJson, const std::string& origin) {
  const auto json = image::parseStrictJson(configJson, origin);
  image::ConfigReader reader(json, origin);
  ModelSettings settings;
  image::readPreprocessOptions(reader.child("preprocess"), settings.preprocess);
  image::ConfigReader postprocess = reader.child("postprocess");
  settings.largestComponentOnly = postprocess.flag("largest_component", false);
  postprocess.finish();
  return settings;
}

}  // namespace voxsiam::segment
