#include "render/SurfaceScene.h"

#include <vtkActor.h>
#include <vtkAxesActor.h>
#include <vtkCamera.h>
#include <vtkCaptionActor2D.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>

namespace voxsiam::render {
namespace {

/// The VTK form of `mesh` for a mapper.
vtkSmartPointer<vtkPolyData> toPolyData(const image::SurfaceMesh& mesh) {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(vtkIdType(mesh.points.size()));
  for (std::size_t id = 0; id < mesh.points.size(); ++id) {
    points->SetPoint(vtkIdType(id), mesh.points[id].data());
  }
  auto triangles = vtkSmartPointer<vtkCellArray>::New();
  for (const auto& triangle : mesh.triangles) {
    const vtkIdType ids[3] = {triangle[0], triangle[1], triangle[2]};
    triangles->InsertNextCell(3, ids);
  }
  auto polyData = vtkSmartPointer<vtkPolyData>::New();
  polyData->SetPoints(points);
  polyData->SetPolys(triangles);
  if (mesh.normals.size() != mesh.points.size()) return polyData;
  auto normals = vtkSmartPointer<vtkFloatArray>::New();
  normals->SetNumberOfComponents(3);
  normals->SetNumberOfTuples(vtkIdType(mesh.normals.size()));
  for (std::size_t id = 0; id < mesh.normals.size(); ++id) {
    normals->SetTypedTuple(vtkIdType(id), mesh.normals[id].data());
  }
  polyData->GetPointData()->SetNormals(normals);
  return polyData;
}

}  // namespace

SurfaceScene::SurfaceScene(vtkRenderer* renderer, vtkRenderWindow* window)
    : renderer_(renderer),
      markerRenderer_(vtkSmartPointer<vtkRenderer>::New()),
      axes_(vtkSmartPointer<vtkAxesActor>::New()) {
  renderer_->SetBackground(0.10, 0.11, 0.14);
  renderer_->SetBackground2(0.22, 0.24, 0.30);
  renderer_->GradientBackgroundOn();
  axes_->SetXAxisLabelText("L");
  axes_->SetYAxisLabelText("P");
  axes_->SetZAxisLabelText("S");
  axes_->SetTotalLength(1, 1, 1);
  axes_->SetShaftTypeToCylinder();
  for (auto* caption : {axes_->GetXAxisCaptionActor2D(), axes_->GetYAxisCaptionActor2D(),
                        axes_->GetZAxisCaptionActor2D()}) {
    caption->GetCaptionTextProperty()->SetFontSize(14);
    caption->GetCaptionTextProperty()->ShadowOff();
  }
  markerRenderer_->AddActor(axes_);
  markerRenderer_->SetViewport(0, 0, 0.22, 0.22);
  markerRenderer_->SetLayer(1);
  markerRenderer_->InteractiveOff();
  window->SetNumberOfLayers(2);
  window->AddRenderer(markerRenderer_);
}

SurfaceScene::~SurfaceScene() = default;

void SurfaceScene::setOrgan(std::uint16_t label, const image::SurfaceMesh& mesh,
                            const std::array<std::uint8_t, 3>& color) {
  auto existing = actors_.find(label);
  if (existing != actors_.end()) {
    renderer_->RemoveActor(existing->second);
    actors_.erase(existing);
  }
  if (mesh.empty()) return;
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(toPolyData(mesh));
  mapper->ScalarVisibilityOff();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(color[0] / 255.0, color[1] / 255.0, color[2] / 255.0);
  actor->GetProperty()->SetSpecular(0.25);
  actor->GetProperty()->SetSpecularPower(20);
  renderer_->AddActor(actor);
  actors_[label] = actor;
}

void SurfaceScene::setOrganVisible(std::uint16_t label, bool visible) {
  const auto actor = actors_.find(label);
  if (actor != actors_.end()) actor->second->SetVisibility(visible);
}

void SurfaceScene::clear() {
  for (auto& [label, actor] : actors_) renderer_->RemoveActor(actor);
  actors_.clear();
}

void SurfaceScene::resetView() {
  auto* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(0, -1, 0);  // anterior, looking towards posterior (LPS)
  camera->SetViewUp(0, 0, 1);
  renderer_->ResetCamera();
}

void SurfaceScene::rotate(double azimuth, double elevation) {
  auto* camera = renderer_->GetActiveCamera();
  camera->Azimuth(azimuth);
  camera->Elevation(elevation);
  camera->OrthogonalizeViewUp();
  renderer_->ResetCameraClippingRange();
}

void SurfaceScene::zoom(double factor) {
  renderer_->GetActiveCamera()->Dolly(factor);
  renderer_->ResetCameraClippingRange();
}

void SurfaceScene::syncMarker() {
  auto* main = renderer_->GetActiveCamera();
  auto* marker = markerRenderer_->GetActiveCamera();
  double direction[3];
  main->GetDirectionOfProjection(direction);
  marker->SetFocalPoint(0, 0, 0);
  marker->SetPosition(-direction[0] * 4, -direction[1] * 4, -direction[2] * 4);
  marker->SetViewUp(main->GetViewUp());
  markerRenderer_->ResetCameraClippingRange();
}

}  // namespace voxsiam::render
