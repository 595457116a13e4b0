# Thin entry points over the libraries.
add_executable(griddeckctl app/cli/main.cpp)
target_link_libraries(griddeckctl PRIVATE griddeck_cli)

add_executable(griddeck-gridsim app/sim/main.cpp)
target_link_libraries(griddeck-gridsim PRIVATE griddeck_sim)

qt_add_executable(griddeck app/main.cpp)
target_link_libraries(griddeck PRIVATE griddeck_ui)
set_target_properties(griddeck PROPERTIES WIN32_EXECUTABLE ON)
