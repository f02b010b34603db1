# Validates INPUT against full TEI P5 with jing (libxml2 cannot compile
# tei_all). jing prints harmless classpath warnings; only its errors count.
execute_process(COMMAND jing ${SCHEMA} ${INPUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "not valid TEI P5:\n${out}")
endif()
