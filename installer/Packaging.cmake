# The Debian package (cpack -G DEB, or installer/package.sh): both programs, the label schemes,
# mappings and presets as data, a desktop entry and its icon; dependencies from the programs'
# shared libraries (dpkg-shlibdeps).
install(FILES ${PROJECT_SOURCE_DIR}/installer/voxsiam-studio.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/installer/voxsiam-studio.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/label_schemes ${PROJECT_SOURCE_DIR}/resources/label_mappings
                  ${PROJECT_SOURCE_DIR}/resources/presets
        DESTINATION share/voxsiam)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME voxsiam-studio)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "VoxSiam Studio")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Abdominal multi-organ CT segmentation studio")
set(CPACK_PACKAGE_DESCRIPTION
    "Keeps CT cases and organ labels in a project, reviews and corrects masks in slice and 3-D views, retrains a 3D U-Net with the voxel-level Siamese representation loss, and exports DICOM SEG and RTSTRUCT.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "VoxSiam Studio developers <voxsiam@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1-mesa-dri, qt6-qpa-plugins")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)
include(CPack)
