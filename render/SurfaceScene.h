#pragma once
#include <array>
#include <cstdint>
#include <map>

#include <vtkSmartPointer.h>

#include "core/image/SurfaceMesh.h"

class vtkActor;
class vtkRenderer;
class vtkRenderWindow;
class vtkAxesActor;

namespace voxsiam::render {

/// The 3-D scene: one shaded mesh per organ in its scheme colour, viewed from the front
/// (anterior, head up), and an orientation marker (L, P, S axes) in the lower left corner that
/// turns with the camera.
class SurfaceScene {
 public:
  /// Builds the scene in `renderer`; adds the marker's renderer to `window`.
  SurfaceScene(vtkRenderer* renderer, vtkRenderWindow* window);
  ~SurfaceScene();

  /// Shows (or replaces) the mesh of organ `label`; an empty mesh removes it.
  void setOrgan(std::uint16_t label, const image::SurfaceMesh& mesh,
                const std::array<std::uint8_t, 3>& color);
  /// Shows or hides organ `label`.
  void setOrganVisible(std::uint16_t label, bool visible);
  /// Removes every mesh.
  void clear();
  /// Number of meshes shown.
  std::size_t organCount() const { return actors_.size(); }
  /// Looks at all meshes from the front.
  void resetView();
  /// Turns the camera around the scene by the given degrees.
  void rotate(double azimuth, double elevation);
  /// Zooms by `factor` (> 1 nearer).
  void zoom(double factor);
  /// Brings the orientation marker's camera in line with the main camera (call before rendering).
  void syncMarker();

 private:
  vtkRenderer* renderer_;
  vtkSmartPointer<vtkRenderer> markerRenderer_;
  vtkSmartPointer<vtkAxesActor> axes_;
  std::map<std::uint16_t, vtkSmartPointer<vtkActor>> actors_;
};

}  // namespace voxsiam::render
