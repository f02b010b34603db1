/*
 * qpdf_lib.h — libqpdf's C API, opened when a PDF is to be finished.
 *
 * Every PDF declc writes goes through qpdf once (pdfa.c, sigfields.c, the
 * figure pass of dev_cairo.c), but linking it costs every process — check,
 * HTML, text, PNG included — loading and relocating qpdf, the C++ run-time
 * and GnuTLS with its five libraries: about 4 ms, a tenth of compiling the
 * founding declaration. So it is opened on first use instead (dynlib.h), on
 * a thread of its own while the main one composes (pipeline.c).
 *
 * Files that call qpdf include this header instead of <qpdf/qpdf-c.h> and
 * call qpdf_lib_open() first; the calls keep qpdf's own names, which the
 * macros below turn into calls through the table.
 */
#ifndef DECLC_QPDF_LIB_H
#define DECLC_QPDF_LIB_H

#include <stdbool.h>
#include <qpdf/qpdf-c.h>
#include "dynlib.h"

/* The qpdf calls declc makes. */
#define QPDF_LIB_FUNCTIONS(X) \
	X(qpdf_cleanup) \
	X(qpdf_force_pdf_version) \
	X(qpdf_get_buffer) \
	X(qpdf_get_buffer_length) \
	X(qpdf_get_error) \
	X(qpdf_get_error_full_text) \
	X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) \
	X(qpdf_get_qpdf_version) \
	X(qpdf_get_root) \
	X(qpdf_get_trailer) \
	X(qpdf_has_error) \
	X(qpdf_init) \
	X(qpdf_init_write_memory) \
	X(qpdf_is_encrypted) \
	X(qpdf_make_indirect_object) \
	X(qpdf_oh_append_item) \
	X(qpdf_oh_begin_dict_key_iter) \
	X(qpdf_oh_dict_more_keys) \
	X(qpdf_oh_dict_next_key) \
	X(qpdf_oh_get_array_item) \
	X(qpdf_oh_get_array_n_items) \
	X(qpdf_oh_get_dict) \
	X(qpdf_oh_get_int_value) \
	X(qpdf_oh_get_key) \
	X(qpdf_oh_get_name) \
	X(qpdf_oh_get_numeric_value) \
	X(qpdf_oh_get_object_id) \
	X(qpdf_oh_get_page_content_data) \
	X(qpdf_oh_get_stream_data) \
	X(qpdf_oh_get_utf8_value) \
	X(qpdf_oh_has_key) \
	X(qpdf_oh_is_array) \
	X(qpdf_oh_is_dictionary) \
	X(qpdf_oh_is_integer) \
	X(qpdf_oh_is_name) \
	X(qpdf_oh_is_name_and_equals) \
	X(qpdf_oh_is_null) \
	X(qpdf_oh_is_number) \
	X(qpdf_oh_is_stream) \
	X(qpdf_oh_is_string) \
	X(qpdf_oh_new_array) \
	X(qpdf_oh_new_binary_string) \
	X(qpdf_oh_new_bool) \
	X(qpdf_oh_new_dictionary) \
	X(qpdf_oh_new_integer) \
	X(qpdf_oh_new_name) \
	X(qpdf_oh_new_null) \
	X(qpdf_oh_new_real_from_double) \
	X(qpdf_oh_new_stream) \
	X(qpdf_oh_new_string) \
	X(qpdf_oh_new_unicode_string) \
	X(qpdf_oh_remove_key) \
	X(qpdf_oh_replace_key) \
	X(qpdf_oh_replace_stream_data) \
	X(qpdf_read_memory) \
	X(qpdf_set_deterministic_ID) \
	X(qpdf_set_newline_before_endstream) \
	X(qpdf_set_object_stream_mode) \
	X(qpdf_set_preserve_encryption) \
	X(qpdf_set_suppress_warnings) \
	X(qpdf_silence_errors) \
	X(qpdf_write)

struct qpdf_lib {
	QPDF_LIB_FUNCTIONS(DYNLIB_POINTER)
};

/* Filled by qpdf_lib_open; read-only afterwards. */
extern struct qpdf_lib qpdf_lib;

/* Opens libqpdf, once per process, from any thread. true when every call
 * above is there; false with *WHY (static text, the loader's reason). */
bool qpdf_lib_open(const char **why);

/* The highest object number a PDF may use for declc to add objects to it:
 * far beyond any real file, far enough below qpdf's limit (2^31 - 1) for
 * every object declc adds, which are fewer than those already there. */
#define QPDF_LIB_MAX_OBJECT_ID 1073741824   /* 2^30 */

/* Whether objects can be added to the PDF just read into Q: NULL if so,
 * otherwise why not (valid until the next call on Q), qpdf's error taken.
 * Call it before the first qpdf_oh_new_stream, the one call declc makes
 * whose C++ exception qpdf's C API does not catch (qpdf 11): a new object
 * takes the number after the highest in use, and a damaged file that
 * already uses 2^31 - 1 would make it throw, and the process abort. */
const char *qpdf_lib_no_room(qpdf_data q);

#ifndef QPDF_LIB_NO_MACROS
#define qpdf_cleanup (qpdf_lib.qpdf_cleanup)
#define qpdf_force_pdf_version (qpdf_lib.qpdf_force_pdf_version)
#define qpdf_get_buffer (qpdf_lib.qpdf_get_buffer)
#define qpdf_get_buffer_length (qpdf_lib.qpdf_get_buffer_length)
#define qpdf_get_error (qpdf_lib.qpdf_get_error)
#define qpdf_get_error_full_text (qpdf_lib.qpdf_get_error_full_text)
#define qpdf_get_num_pages (qpdf_lib.qpdf_get_num_pages)
#define qpdf_get_page_n (qpdf_lib.qpdf_get_page_n)
#define qpdf_get_qpdf_version (qpdf_lib.qpdf_get_qpdf_version)
#define qpdf_get_root (qpdf_lib.qpdf_get_root)
#define qpdf_get_trailer (qpdf_lib.qpdf_get_trailer)
#define qpdf_has_error (qpdf_lib.qpdf_has_error)
#define qpdf_init (qpdf_lib.qpdf_init)
#define qpdf_init_write_memory (qpdf_lib.qpdf_init_write_memory)
#define qpdf_is_encrypted (qpdf_lib.qpdf_is_encrypted)
#define qpdf_make_indirect_object (qpdf_lib.qpdf_make_indirect_object)
#define qpdf_oh_append_item (qpdf_lib.qpdf_oh_append_item)
#define qpdf_oh_begin_dict_key_iter (qpdf_lib.qpdf_oh_begin_dict_key_iter)
#define qpdf_oh_dict_more_keys (qpdf_lib.qpdf_oh_dict_more_keys)
#define qpdf_oh_dict_next_key (qpdf_lib.qpdf_oh_dict_next_key)
#define qpdf_oh_get_array_item (qpdf_lib.qpdf_oh_get_array_item)
#define qpdf_oh_get_array_n_items (qpdf_lib.qpdf_oh_get_array_n_items)
#define qpdf_oh_get_dict (qpdf_lib.qpdf_oh_get_dict)
#define qpdf_oh_get_int_value (qpdf_lib.qpdf_oh_get_int_value)
#define qpdf_oh_get_key (qpdf_lib.qpdf_oh_get_key)
#define qpdf_oh_get_name (qpdf_lib.qpdf_oh_get_name)
#define qpdf_oh_get_numeric_value (qpdf_lib.qpdf_oh_get_numeric_value)
#define qpdf_oh_get_object_id (qpdf_lib.qpdf_oh_get_object_id)
#define qpdf_oh_get_page_content_data (qpdf_lib.qpdf_oh_get_page_content_data)
#define qpdf_oh_get_stream_data (qpdf_lib.qpdf_oh_get_stream_data)
#define qpdf_oh_get_utf8_value (qpdf_lib.qpdf_oh_get_utf8_value)
#define qpdf_oh_has_key (qpdf_lib.qpdf_oh_has_key)
#define qpdf_oh_is_array (qpdf_lib.qpdf_oh_is_array)
#define qpdf_oh_is_dictionary (qpdf_lib.qpdf_oh_is_dictionary)
#define qpdf_oh_is_integer (qpdf_lib.qpdf_oh_is_integer)
#define qpdf_oh_is_name (qpdf_lib.qpdf_oh_is_name)
#define qpdf_oh_is_name_and_equals (qpdf_lib.qpdf_oh_is_name_and_equals)
#define qpdf_oh_is_null (qpdf_lib.qpdf_oh_is_null)
#define qpdf_oh_is_number (qpdf_lib.qpdf_oh_is_number)
#define qpdf_oh_is_stream (qpdf_lib.qpdf_oh_is_stream)
#define qpdf_oh_is_string (qpdf_lib.qpdf_oh_is_string)
#define qpdf_oh_new_array (qpdf_lib.qpdf_oh_new_array)
#define qpdf_oh_new_binary_string (qpdf_lib.qpdf_oh_new_binary_string)
#define qpdf_oh_new_bool (qpdf_lib.qpdf_oh_new_bool)
#define qpdf_oh_new_dictionary (qpdf_lib.qpdf_oh_new_dictionary)
#define qpdf_oh_new_integer (qpdf_lib.qpdf_oh_new_integer)
#define qpdf_oh_new_name (qpdf_lib.qpdf_oh_new_name)
#define qpdf_oh_new_null (qpdf_lib.qpdf_oh_new_null)
#define qpdf_oh_new_real_from_double (qpdf_lib.qpdf_oh_new_real_from_double)
#define qpdf_oh_new_stream (qpdf_lib.qpdf_oh_new_stream)
#define qpdf_oh_new_string (qpdf_lib.qpdf_oh_new_string)
#define qpdf_oh_new_unicode_string (qpdf_lib.qpdf_oh_new_unicode_string)
#define qpdf_oh_remove_key (qpdf_lib.qpdf_oh_remove_key)
#define qpdf_oh_replace_key (qpdf_lib.qpdf_oh_replace_key)
#define qpdf_oh_replace_stream_data (qpdf_lib.qpdf_oh_replace_stream_data)
#define qpdf_read_memory (qpdf_lib.qpdf_read_memory)
#define qpdf_set_deterministic_ID (qpdf_lib.qpdf_set_deterministic_ID)
#define qpdf_set_newline_before_endstream (qpdf_lib.qpdf_set_newline_before_endstream)
#define qpdf_set_object_stream_mode (qpdf_lib.qpdf_set_object_stream_mode)
#define qpdf_set_preserve_encryption (qpdf_lib.qpdf_set_preserve_encryption)
#define qpdf_set_suppress_warnings (qpdf_lib.qpdf_set_suppress_warnings)
#define qpdf_silence_errors (qpdf_lib.qpdf_silence_errors)
#define qpdf_write (qpdf_lib.qpdf_write)
#endif

#endif
