# -o - writes the PDF to stdout, the same bytes as to a file.
execute_process(COMMAND ${DECLC} ${INPUT} -o - OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
execute_process(COMMAND ${DECLC} ${INPUT} -o ${OUT}.file.pdf RESULT_VARIABLE rc2)
file(SHA256 ${OUT} a)
file(SHA256 ${OUT}.file.pdf b)
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT a STREQUAL b)
  message(FATAL_ERROR "stdout and file output differ (${rc}, ${rc2})")
endif()
