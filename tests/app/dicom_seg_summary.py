#!/usr/bin/python3
"""An independent reading of a DICOM SEG file with pydicom, printed as JSON for the C++ tests:
segments (number, label, category and type codes, algorithm), frames (segment, position, number
of set pixels), the referenced series and instances, and the identity attributes.

usage: tests/app/dicom_seg_summary.py SEG.dcm
"""
import json
import sys

import numpy as np
import pydicom


def code(item):
    return {"scheme": str(item.CodingSchemeDesignator), "value": str(item.CodeValue),
            "meaning": str(item.CodeMeaning)}


def segment_of(item):
    entry = {"number": int(item.SegmentNumber), "label": str(item.SegmentLabel),
             "category": code(item.SegmentedPropertyCategoryCodeSequence[0]),
             "type": code(item.SegmentedPropertyTypeCodeSequence[0]),
             "algorithm_type": str(item.SegmentAlgorithmType),
             "algorithm_name": str(getattr(item, "SegmentAlgorithmName", ""))}
    modifier = item.SegmentedPropertyTypeCodeSequence[0].get("SegmentedPropertyTypeModifierCodeSequence")
    if modifier:
        entry["modifier"] = code(modifier[0])
    return entry


def frames_of(dataset):
    pixels = dataset.pixel_array
    if pixels.ndim == 2:
        pixels = pixels[np.newaxis]
    frames = []
    for index, group in enumerate(dataset.PerFrameFunctionalGroupsSequence):
        frame = {"segment": int(group.SegmentIdentificationSequence[0].ReferencedSegmentNumber),
                 "position": [float(v) for v in group.PlanePositionSequence[0].ImagePositionPatient],
                 "voxels": int(np.count_nonzero(pixels[index]))}
        derivation = group.get("DerivationImageSequence")
        if derivation:
            frame["source_instance"] = str(
                derivation[0].SourceImageSequence[0].ReferencedSOPInstanceUID)
        frames.append(frame)
    return frames


def referenced_series(dataset):
    series = []
    for item in dataset.get("ReferencedSeriesSequence", []):
        series.append({"uid": str(item.SeriesInstanceUID),
                       "instances": [str(i.ReferencedSOPInstanceUID)
                                     for i in item.ReferencedInstanceSequence]})
    return series


def main():
    dataset = pydicom.dcmread(sys.argv[1])
    summary = {
        "sop_class": str(dataset.SOPClassUID), "modality": str(dataset.Modality),
        "patient_id": str(dataset.get("PatientID", "")),
        "study_uid": str(dataset.StudyInstanceUID), "series_uid": str(dataset.SeriesInstanceUID),
        "frame_of_reference": str(dataset.FrameOfReferenceUID),
        "content_creator": str(dataset.get("ContentCreatorName", "")),
        "content_description": str(dataset.get("ContentDescription", "")),
        "rows": int(dataset.Rows), "columns": int(dataset.Columns),
        "number_of_frames": int(dataset.NumberOfFrames),
        "segments": [segment_of(item) for item in dataset.SegmentSequence],
        "frames": frames_of(dataset), "referenced_series": referenced_series(dataset)}
    json.dump(summary, sys.stdout)


if __name__ == "__main__":
    main()
