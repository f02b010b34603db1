# Renders INPUT as a layout trace and compares it with the reviewed EXPECTED.
# To refresh after a deliberate change: render the PDF, look at it, then copy
# OUTPUT over EXPECTED and review the diff.
execute_process(COMMAND ${DECLC} ${INPUT} -f trace -o ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "declc failed (${rc}) on ${INPUT}")
endif()
execute_process(COMMAND diff -u ${EXPECTED} ${OUTPUT} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "layout trace differs from ${EXPECTED}")
endif()
