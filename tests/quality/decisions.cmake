# Renders INPUT as a layout trace with the line breaker's reasons
# (--param trace-decisions=true) and compares it with the reviewed EXPECTED:
# a golden of the decisions with the real (bundled) fonts. To refresh after a
# deliberate change to the cost model: look at the PDF and at the figures of
# quality.py, then copy OUTPUT over EXPECTED and review the diff.
execute_process(COMMAND ${DECLC} ${INPUT} -f trace -o ${OUTPUT} --quiet
  --param trace-decisions=true RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "declc failed (${rc}) on ${INPUT}")
endif()
execute_process(COMMAND diff -u ${EXPECTED} ${OUTPUT} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "decision trace differs from ${EXPECTED}")
endif()
