# Rasterises page 1 of PDF with poppler and compares it with REF.
execute_process(COMMAND pdftoppm -png -r 60 -f 1 -l 1 -singlefile ${PDF} ${PNG} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pdftoppm failed (${rc})")
endif()
execute_process(COMMAND ${PYTHON} ${TOOLS}/compare_png.py ${PNG}.png ${REF} --diff ${PNG}.diff.png
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "page 1 differs from the reviewed reference; see ${PNG}.diff.png")
endif()
