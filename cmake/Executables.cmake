# Thin entry points over the libraries.
add_executable(griddeckctl app/cli/main.cpp)
target_link_libraries(griddeckctl PRIVATE griddeck_cli)

add_executable(griddeck-gridsim app/sim/main.cpp)
target_link_libraries(griddeck-gridsim PRIVATE griddeck_sim)

qt_add_executable(griddeck app/main.cpp)
target_link_libraries(griddeck PRIVATE griddeck_ui)
set_target_properties(griddeck PROPERTIES WIN32_EXECUTABLE ON)

# Translations: lupdate scans the console's sources (ui/, models/) and the buyer's email
# templates (app/notify/BuyerEmail.cpp, translated in the process that sends them); the .qm files are compiled
# into the executable under :/i18n. Refresh the .ts files with
# `cmake --build build --target update_translations`.
file(GLOB_RECURSE griddeck_translatable CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
     ${PROJECT_SOURCE_DIR}/models/*.cpp ${PROJECT_SOURCE_DIR}/models/*.h ${PROJECT_SOURCE_DIR}/app/main.cpp
     ${PROJECT_SOURCE_DIR}/app/notify/BuyerEmail.cpp)
qt_add_translations(griddeck
  TS_FILES ${PROJECT_SOURCE_DIR}/translations/griddeck_fr.ts ${PROJECT_SOURCE_DIR}/translations/griddeck_nl.ts
  SOURCES ${griddeck_translatable}
  RESOURCE_PREFIX /i18n
  LUPDATE_OPTIONS -no-obsolete -locations none)
