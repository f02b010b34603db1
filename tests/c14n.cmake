# declc -f xml writes the canonical form of the source, byte for byte.
execute_process(COMMAND ${DECLC} ${INPUT} -f xml -o ${OUT} RESULT_VARIABLE rc)
execute_process(COMMAND xmllint --c14n ${INPUT} OUTPUT_FILE ${OUT}.expected RESULT_VARIABLE rc2)
file(SHA256 ${OUT} a)
file(SHA256 ${OUT}.expected b)
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT a STREQUAL b)
  message(FATAL_ERROR "canonical copy differs from xmllint --c14n (${rc}, ${rc2})")
endif()
