# --font-dir: an institution's own face is used, embedded, and nothing else.
execute_process(COMMAND ${DECLC} ${INPUT} --font-dir ${FONTS} --param "font-family=Charis SIL"
  -o ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "declc failed (${rc})")
endif()
execute_process(COMMAND ${PYTHON} ${TOOLS}/check_fonts.py ${OUT} ${FONTS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fonts other than Charis SIL in the PDF")
endif()
