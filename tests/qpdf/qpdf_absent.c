/*
 * qpdf_absent.c — qpdf_lib.c built to open a library that does not exist:
 * declc linked with it behaves as on a machine without libqpdf, which is
 * what tests/qpdf checks (env:qpdf for a PDF, nothing lost for the rest).
 */
#define DECLC_QPDF_SONAME "libqpdf-absent-for-declc-tests.so.0"
#include "qpdf_lib.c"
