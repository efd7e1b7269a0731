#pragma once
// Internal to core/image: conversions between the project's images and ITK images.
#include <itkImage.h>
#include <itkMacro.h>

#include <string>

#include "core/image/Image3D.h"

namespace voxsiam::image::detail {

using ItkFloatImage = itk::Image<float, 3>;

/// Copies an ITK image into a Volume with the same geometry.
Volume fromItk(const ItkFloatImage& itkImage);

/// Creates an ITK image with the geometry and values of `image`.
template <typename ItkPixel, typename Pixel>
typename itk::Image<ItkPixel, 3>::Pointer toItk(const Image3D<Pixel>& image);

/// First line of an ITK exception's description, without ITK's file/line decoration.
std::string describe(const itk::ExceptionObject& error);

/// Registers the NIfTI, NRRD, MetaImage and DICOM readers/writers with ITK (once).
void registerImageIO();

/// Copies origin, spacing and direction of `geometry` into an ITK image.
void applyGeometry(const ImageGeometry& geometry, itk::ImageBase<3>& itkImage);

}  // namespace voxsiam::image::detail
