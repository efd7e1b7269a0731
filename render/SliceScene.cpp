#include "render/SliceScene.h"

#include <vtkCamera.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkRenderer.h>

#include <cstring>

namespace voxsiam::render {

SliceScene::SliceScene(vtkRenderer* renderer)
    : renderer_(renderer),
      data_(vtkSmartPointer<vtkImageData>::New()),
      actor_(vtkSmartPointer<vtkImageActor>::New()) {
  renderer_->SetBackground(0, 0, 0);
  renderer_->GetActiveCamera()->ParallelProjectionOn();
  actor_->InterpolateOff();
  actor_->GetMapper()->SetInputData(data_);
  renderer_->AddActor(actor_);
}

void SliceScene::show(const RgbaImage& picture, double spacingU, double spacingV) {
  const bool resized = picture.width != width_ || picture.height != height_ ||
                       spacingU != spacingU_ || spacingV != spacingV_;
  if (resized) {
    width_ = picture.width, height_ = picture.height;
    spacingU_ = spacingU, spacingV_ = spacingV;
    data_->SetDimensions(int(width_), int(height_), 1);
    data_->SetSpacing(spacingU, spacingV, 1);
    data_->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
  }
  updateRows(picture, 0, height_ ? height_ - 1 : 0);
  actor_->SetVisibility(true);
  if (resized) {
    const int* size = renderer_->GetSize();
    fit(size[0], size[1]);
  }
}

void SliceScene::clear() {
  actor_->SetVisibility(false);
}

void SliceScene::updateRows(const RgbaImage& picture, std::size_t first, std::size_t last) {
  if (height_ == 0) return;
  auto* target = static_cast<std::uint8_t*>(data_->GetScalarPointer());
  const std::size_t rowBytes = width_ * 4;
  for (std::size_t row = first; row <= last && row < height_; ++row) {
    std::memcpy(target + (height_ - 1 - row) * rowBytes, picture.pixels.data() + row * rowBytes,
                rowBytes);
  }
  data_->Modified();
}

void SliceScene::fit(int width, int height) {
  if (width_ == 0) return;
  const double extentU = double(width_) * spacingU_, extentV = double(height_) * spacingV_;
  const double aspect = double(std::max(1, width)) / double(std::max(1, height));
  auto* camera = renderer_->GetActiveCamera();
  const double centreU = (double(width_) - 1) * spacingU_ / 2;
  const double centreV = (double(height_) - 1) * spacingV_ / 2;
  camera->SetFocalPoint(centreU, centreV, 0);
  camera->SetPosition(centreU, centreV, 1000);
  camera->SetViewUp(0, 1, 0);
  camera->SetParallelScale(std::max(extentV, extentU / aspect) / 2 * 1.02);
  renderer_->ResetCameraClippingRange();
}

void SliceScene::zoom(double factor) {
  auto* camera = renderer_->GetActiveCamera();
  camera->SetParallelScale(camera->GetParallelScale() / factor);
}

void SliceScene::pan(double dx, double dy, int height) {
  auto* camera = renderer_->GetActiveCamera();
  const double mmPerPixel = 2 * camera->GetParallelScale() / std::max(1, height);
  double focal[3], position[3];
  camera->GetFocalPoint(focal);
  camera->GetPosition(position);
  focal[0] -= dx * mmPerPixel, position[0] -= dx * mmPerPixel;
  focal[1] += dy * mmPerPixel, position[1] += dy * mmPerPixel;
  camera->SetFocalPoint(focal);
  camera->SetPosition(position);
}

std::array<double, 2> SliceScene::screenToPixel(double x, double y, int width, int height) const {
  auto* camera = renderer_->GetActiveCamera();
  const double mmPerPixel = 2 * camera->GetParallelScale() / std::max(1, height);
  double focal[3];
  camera->GetFocalPoint(focal);
  const double worldX = focal[0] + (x - width / 2.0) * mmPerPixel;
  const double worldY = focal[1] - (y - height / 2.0) * mmPerPixel;
  const double u = worldX / spacingU_;
  const double row = worldY / spacingV_;  // VTK row, bottom up
  return {u, double(height_) - 1 - row};
}

std::array<double, 2> SliceScene::pixelToScreen(double u, double v, int width, int height) const {
  auto* camera = renderer_->GetActiveCamera();
  const double mmPerPixel = 2 * camera->GetParallelScale() / std::max(1, height);
  double focal[3];
  camera->GetFocalPoint(focal);
  const double worldX = u * spacingU_;
  const double worldY = (double(height_) - 1 - v) * spacingV_;
  return {width / 2.0 + (worldX - focal[0]) / mmPerPixel,
          height / 2.0 - (worldY - focal[1]) / mmPerPixel};
}

}  // namespace voxsiam::render
