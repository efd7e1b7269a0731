#include "render/SurfaceExtractor.h"

#include <vtkCellArray.h>
#include <vtkDataArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <array>

namespace voxsiam::render {
namespace {

/// Voxel box {min i, j, k, max i, j, k} of `label`; min > max when absent.
std::array<long, 6> organBox(const image::LabelMap& labels, std::uint16_t label) {
  const auto& size = labels.size();
  std::array<long, 6> box{long(size[0]), long(size[1]), long(size[2]), -1, -1, -1};
  std::size_t index = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index) {
        if (labels[index] != label) continue;
        const long ijk[3] = {long(i), long(j), long(k)};
        for (int axis = 0; axis < 3; ++axis) {
          box[axis] = std::min(box[axis], ijk[axis]);
          box[3 + axis] = std::max(box[3 + axis], ijk[axis]);
        }
      }
  return box;
}

/// A 0/1 mask of the box grown by one voxel (so surfaces close at the image border).
vtkSmartPointer<vtkImageData> organMask(const image::LabelMap& labels, std::uint16_t label,
                                        const std::array<long, 6>& box) {
  auto mask = vtkSmartPointer<vtkImageData>::New();
  const long lo[3] = {box[0] - 1, box[1] - 1, box[2] - 1};
  const int dims[3] = {int(box[3] - box[0] + 3), int(box[4] - box[1] + 3),
                       int(box[5] - box[2] + 3)};
  mask->SetDimensions(dims[0], dims[1], dims[2]);
  mask->SetOrigin(double(lo[0]), double(lo[1]), double(lo[2]));
  mask->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
  auto* out = static_cast<unsigned char*>(mask->GetScalarPointer());
  const auto& size = labels.size();
  for (int z = 0; z < dims[2]; ++z)
    for (int y = 0; y < dims[1]; ++y)
      for (int x = 0; x < dims[0]; ++x, ++out) {
        const long i = lo[0] + x, j = lo[1] + y, k = lo[2] + z;
        const bool inside = i >= 0 && j >= 0 && k >= 0 && i < long(size[0]) && j < long(size[1]) &&
                            k < long(size[2]) &&
                            labels.at(std::size_t(i), std::size_t(j), std::size_t(k)) == label;
        *out = inside ? 255 : 0;
      }
  return mask;
}

/// Moves points from continuous voxel indices to patient coordinates.
void toPatient(vtkPoints* points, const image::ImageGeometry& geometry) {
  for (vtkIdType id = 0; id < points->GetNumberOfPoints(); ++id) {
    double p[3];
    points->GetPoint(id, p);
    const auto physical = geometry.indexToPhysical({p[0], p[1], p[2]});
    points->SetPoint(id, physical[0], physical[1], physical[2]);
  }
}

/// The triangles, points and point normals of `surface` as a plain mesh.
image::SurfaceMesh toSurfaceMesh(vtkPolyData* surface) {
  image::SurfaceMesh mesh;
  vtkPoints* points = surface->GetPoints();
  if (!points) return mesh;
  vtkDataArray* normals = surface->GetPointData()->GetNormals();
  mesh.points.reserve(std::size_t(points->GetNumberOfPoints()));
  for (vtkIdType id = 0; id < points->GetNumberOfPoints(); ++id) {
    double p[3];
    points->GetPoint(id, p);
    mesh.points.push_back({float(p[0]), float(p[1]), float(p[2])});
    if (!normals) continue;
    double n[3];
    normals->GetTuple(id, n);
    mesh.normals.push_back({float(n[0]), float(n[1]), float(n[2])});
  }
  auto cell = vtkSmartPointer<vtkIdList>::New();
  vtkCellArray* polys = surface->GetPolys();
  for (vtkIdType index = 0; index < polys->GetNumberOfCells(); ++index) {
    polys->GetCellAtId(index, cell);
    if (cell->GetNumberOfIds() != 3) continue;
    mesh.triangles.push_back({std::uint32_t(cell->GetId(0)), std::uint32_t(cell->GetId(1)),
                              std::uint32_t(cell->GetId(2))});
  }
  return mesh;
}

}  // namespace

image::SurfaceMesh extractOrganSurface(const image::LabelMap& labels, std::uint16_t label,
                                       int smoothingIterations) {
  const auto box = organBox(labels, label);
  if (box[3] < box[0]) return {};
  auto surface = vtkSmartPointer<vtkPolyData>::New();
  auto contour = vtkSmartPointer<vtkFlyingEdges3D>::New();
  contour->SetInputData(organMask(labels, label, box));
  contour->SetValue(0, 127.5);
  contour->ComputeNormalsOff();
  auto smoother = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
  smoother->SetInputConnection(contour->GetOutputPort());
  smoother->SetNumberOfIterations(smoothingIterations);
  smoother->SetPassBand(0.05);
  smoother->NormalizeCoordinatesOn();
  smoother->Update();
  surface->DeepCopy(smoother->GetOutput());
  toPatient(surface->GetPoints(), labels.geometry());
  auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
  normals->SetInputData(surface);
  normals->SplittingOff();
  normals->ConsistencyOn();
  normals->AutoOrientNormalsOn();
  normals->Update();
  return toSurfaceMesh(normals->GetOutput());
}

}  // namespace voxsiam::render
