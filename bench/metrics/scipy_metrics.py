#!/usr/bin/python3
"""Reference implementation of DESIGN.md section 3 with SciPy, for bench/metrics.

usage: scipy_metrics.py PRED REF OUT_JSON
Per label present in either map: Dice, HD95 and ASSD (mm); surfaces are mask voxels with a
6-neighbour outside the mask (outside the image counts as outside); distances come from
scipy.ndimage.distance_transform_edt over the whole volume with the voxel spacing.
"""
import json
import sys

import nibabel
import numpy as np
from scipy import ndimage


def surface(mask):
    structure = ndimage.generate_binary_structure(3, 1)
    return mask & ~ndimage.binary_erosion(mask, structure, border_value=0)


def organ_metrics(pred, ref, label, spacing):
    a, b = pred == label, ref == label
    na, nb = int(a.sum()), int(b.sum())
    if na + nb == 0:
        return {"dice": None, "hd95": None, "assd": None}
    dice = 2.0 * int((a & b).sum()) / (na + nb)
    if na == 0 or nb == 0:
        return {"dice": dice, "hd95": None, "assd": None}
    sa, sb = surface(a), surface(b)
    to_b = ndimage.distance_transform_edt(~sb, sampling=spacing)[sa]
    to_a = ndimage.distance_transform_edt(~sa, sampling=spacing)[sb]
    hd95 = max(np.percentile(to_b, 95), np.percentile(to_a, 95))
    assd = (to_b.sum() + to_a.sum()) / (to_b.size + to_a.size)
    return {"dice": dice, "hd95": float(hd95), "assd": float(assd)}


def main():
    pred_image, ref_image = nibabel.load(sys.argv[1]), nibabel.load(sys.argv[2])
    pred = np.asarray(pred_image.dataobj).astype(np.int32)
    ref = np.asarray(ref_image.dataobj).astype(np.int32)
    spacing = [float(z) for z in ref_image.header.get_zooms()[:3]]
    labels = sorted(set(np.unique(pred)) | set(np.unique(ref)) - {0})
    result = {str(int(label)): organ_metrics(pred, ref, label, spacing) for label in labels if label}
    with open(sys.argv[3], "w") as out:
        json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
