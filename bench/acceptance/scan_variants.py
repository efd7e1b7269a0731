#!/usr/bin/python3
"""Writes the TotalSegmentator CT and its labels as the same anatomy would come from other
scanners and protocols: stored in the opposite voxel order (left-to-right, back-to-front, as
DICOM-derived files often are), a 150 mm field of view along the body axis, and thick 5 mm slices
at 0.8 mm in-plane. Used by fov_robustness.sh.

usage: scan_variants.py CT LABELS OUT_DIR
"""
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage


def save(out, name, image, labels, affine):
    nib.save(nib.Nifti1Image(image.astype(np.int16), affine), os.path.join(out, f"{name}_ct.nii.gz"))
    nib.save(nib.Nifti1Image(labels.astype(np.uint8), affine), os.path.join(out, f"{name}_labels.nii.gz"))


def flipped(image, labels, affine):
    """The same voxels stored with axes 0 and 1 reversed; the affine keeps them in place."""
    flip = np.diag([-1.0, -1.0, 1.0, 1.0])
    flip[0, 3], flip[1, 3] = image.shape[0] - 1, image.shape[1] - 1
    return image[::-1, ::-1, :], labels[::-1, ::-1, :], affine @ flip


def slab(image, labels, affine, millimetres):
    """A field of view of `millimetres` along the body axis, centred on the liver (label 5)."""
    centre = int(np.round(np.nonzero(labels == 5)[2].mean()))
    half = int(round(millimetres / abs(affine[2, 2]) / 2))
    low, high = max(0, centre - half), min(image.shape[2], centre + half)
    shift = np.eye(4)
    shift[2, 3] = low
    return image[:, :, low:high], labels[:, :, low:high], affine @ shift


def resampled(image, labels, affine, spacing):
    """Trilinear image and nearest labels on a grid of `spacing` mm covering the same box."""
    old = np.abs(np.diag(affine)[:3])
    zoom = old / np.asarray(spacing)
    new_image = ndimage.zoom(image.astype(np.float32), zoom, order=1)
    new_labels = ndimage.zoom(labels, zoom, order=0)
    scale = np.diag(list(np.asarray(image.shape) / np.asarray(new_image.shape)) + [1.0])
    # Voxel centres cover the same physical box: index i maps to old index (i + 0.5) * s - 0.5.
    offset = np.eye(4)
    offset[:3, 3] = 0.5 * np.diag(scale)[:3] - 0.5
    return new_image, new_labels, affine @ offset @ scale


def main():
    ct_path, labels_path, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    ct, seg = nib.load(ct_path), nib.load(labels_path)
    image, labels, affine = np.asarray(ct.dataobj), np.asarray(seg.dataobj), ct.affine
    save(out, "as_stored", image, labels, affine)
    save(out, "flipped", *flipped(image, labels, affine))
    save(out, "slab150mm", *slab(image, labels, affine, 150))
    save(out, "thick5mm", *resampled(image, labels, affine, (0.8, 0.8, 5.0)))


if __name__ == "__main__":
    main()
