#include "core/image/ItkBridge.h"

#include <itkGDCMImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include <algorithm>
#include <mutex>

namespace voxsiam::image::detail {

Volume fromItk(const ItkFloatImage& itkImage) {
  ImageGeometry geometry;
  const auto region = itkImage.GetLargestPossibleRegion();
  for (unsigned axis = 0; axis < 3; ++axis) {
    geometry.size[axis] = region.GetSize()[axis];
    geometry.spacing[axis] = itkImage.GetSpacing()[axis];
    geometry.origin[axis] = itkImage.GetOrigin()[axis];
    for (unsigned col = 0; col < 3; ++col)
      geometry.direction[axis * 3 + col] = itkImage.GetDirection()[axis][col];
  }
  Volume volume(geometry);
  const float* buffer = itkImage.GetBufferPointer();
  std::copy(buffer, buffer + volume.voxelCount(), volume.voxels().begin());
  return volume;
}

void registerImageIO() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
    itk::GDCMImageIOFactory::RegisterOneFactory();
    itk::Object::GlobalWarningDisplayOff();
  });
}

void applyGeometry(const ImageGeometry& geometry, itk::ImageBase<3>& itkImage) {
  itk::ImageBase<3>::SpacingType spacing;
  itk::ImageBase<3>::PointType origin;
  itk::ImageBase<3>::DirectionType direction;
  for (unsigned axis = 0; axis < 3; ++axis) {
    spacing[axis] = geometry.spacing[axis];
    origin[axis] = geometry.origin[axis];
    for (unsigned col = 0; col < 3; ++col)
      direction[axis][col] = geometry.direction[axis * 3 + col];
  }
  itkImage.SetSpacing(spacing);
  itkImage.SetOrigin(origin);
  itkImage.SetDirection(direction);
}

template <typename ItkPixel, typename Pixel>
typename itk::Image<ItkPixel, 3>::Pointer toItk(const Image3D<Pixel>& image) {
  auto itkImage = itk::Image<ItkPixel, 3>::New();
  typename itk::Image<ItkPixel, 3>::SizeType size;
  for (unsigned axis = 0; axis < 3; ++axis) size[axis] = image.size()[axis];
  itkImage->SetRegions(size);
  applyGeometry(image.geometry(), *itkImage);
  itkImage->Allocate();
  ItkPixel* out = itkImage->GetBufferPointer();
  std::transform(image.voxels().begin(), image.voxels().end(), out,
                 [](Pixel value) { return static_cast<ItkPixel>(value); });
  return itkImage;
}

std::string describe(const itk::ExceptionObject& error) {
  std::string text = error.GetDescription();
  // Drop ITK's "ITK ERROR: NrrdImageIO(0x55aa...): " and "itk::ERROR: ...(0x...): " decorations,
  // wherever nested messages put them.
  for (const std::string mark : {"ITK ERROR: ", "itk::ERROR: "}) {
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      const auto end = text.find("): ", at);
      text.erase(at, end == std::string::npos ? mark.size() : end + 3 - at);
    }
  }
  std::string line;
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (line.empty() || line.back() == ' ')) continue;
    line += space ? ' ' : c;
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == ':')) line.pop_back();
  // The cause comes last in nested messages: keep the end of a long one.
  if (line.size() > 240) line = "..." + line.substr(line.size() - 240);
  return line.empty() ? "unreadable image" : line;
}

template itk::Image<float, 3>::Pointer toItk<float, float>(const Volume&);
template itk::Image<short, 3>::Pointer toItk<short, float>(const Volume&);
template itk::Image<unsigned char, 3>::Pointer toItk<unsigned char, std::uint16_t>(const LabelMap&);
template itk::Image<unsigned short, 3>::Pointer toItk<unsigned short, std::uint16_t>(
    const LabelMap&);

}  // namespace voxsiam::image::detail
