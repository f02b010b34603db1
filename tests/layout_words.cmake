# The layout tree (made with plain xsltproc) keeps every source word in order.
execute_process(COMMAND xsltproc -o ${LAYOUT} ${XSL} ${INPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xsltproc failed (${rc})")
endif()
execute_process(COMMAND ${PYTHON} ${TOOLS}/layout_words.py ${INPUT} ${LAYOUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "words lost or glued in the layout tree")
endif()
