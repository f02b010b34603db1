/*
 * sigfields.c — empty signature fields over the signature lines (sigfields.h).
 *
 * Consumes the paginated document (for where each signature line was drawn)
 * and the PDF Cairo made of it; produces the same PDF with an AcroForm of one
 * signature field per line, read and rewritten with qpdf's C API. Nothing is
 * measured here: the rectangles are the paginator's, turned from Pango units
 * with y downwards into PDF points with y upwards.
 *
 * The widget rises SIGFIELDS_HEIGHT above its line, or the rule's own
 * field-height where the stylesheet leaves less room (the compact list of
 * many signatories, whose lines are fields-only: drawn only when fields are
 * asked for, paginate.c).
 *
 * Each field is merged with its only widget (PDF 1.7 12.7.3.1), as signing
 * tools expect: /FT /Sig, a partial name /T that is the signatory's name made
 * unique (a period in /T would make a hierarchy, so periods are dropped and a
 * repeated name gets " 2", " 3"), the full name as /TU, /Rect over the line,
 * /P its page, /F 4 (print, ISO 19005-2 6.3.2) and /AP /N an empty form
 * XObject (6.3.3: a widget needs a normal appearance). The catalog gets
 * /AcroForm /Fields without /NeedAppearances, which PDF/A forbids, and without
 * /SigFlags, which says signatures exist: none does yet.
 */
#include <string.h>
#include "i18n.h"
#include "qpdf_lib.h"
#include "sigfields.h"

/* One field: its name, page (0-based) and rectangle in PDF points. */
struct sf_field {
	char *name, *full;
	int page;
	double x0, y0, x1, y1;
};

static void sf_field_clear(struct sf_field *f)
{
	g_free(f->name);
	g_free(f->full);
}

/* The fields of PS, in the order the lines are drawn (source order). */
static GArray *sf_collect(const struct page_set *ps)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct sf_field));
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	g_array_set_clear_func(out, (GDestroyNotify)sf_field_clear);
	for (int p = 0; p < ps->n_pages; p++)
		for (int i = 0; i < ps->pages[p].n_draws; i++) {
			const struct page_draw *d = &ps->pages[p].draws[i];
			struct sf_field f = { 0 };
			GString *name;
			double h = (double)ps->height / PANGO_SCALE;

			if (d->kind != PAGE_RULE || d->node == NULL || d->node->field == NULL ||
			    d->role == PAGE_ROLE_ARTIFACT)
				continue;
			name = g_string_new(NULL);
			for (const char *s = d->node->field; *s; s++)
				if (*s != '.')
					g_string_append_c(name, *s);
			g_strstrip(name->str);
			name->len = strlen(name->str);
			if (name->len == 0)
				g_string_assign(name, "Firma");
			{
				char *base = g_string_free(name, FALSE);

				f.name = g_strdup(base);
				for (int k = 2; g_hash_table_contains(seen, f.name); k++) {
					g_free(f.name);
					f.name = g_strdup_printf("%s %d", base, k);
				}
				g_free(base);
			}
			f.full = g_strdup(d->node->field);
			g_hash_table_add(seen, f.name);
			f.page = p;
			f.x0 = (double)d->x / PANGO_SCALE;
			f.x1 = (double)(d->x + d->width) / PANGO_SCALE;
			f.y0 = h - (double)(d->y + d->thickness) / PANGO_SCALE;
			f.y1 = f.y0 + (d->node->field_height > 0 ? d->node->field_height
							     : SIGFIELDS_HEIGHT);
			g_array_append_val(out, f);
		}
	g_hash_table_destroy(seen);
	return out;
}

static qpdf_oh sf_real(qpdf_data q, double v)
{
	return qpdf_oh_new_real_from_double(q, v, 3);
}

/* The empty appearance of a W × H widget. */
static qpdf_oh sf_appearance(qpdf_data q, double w, double h)
{
	qpdf_oh s = qpdf_oh_new_stream(q), dict, bbox = qpdf_oh_new_array(q);

	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)"", 0, qpdf_oh_new_null(q),
				    qpdf_oh_new_null(q));
	dict = qpdf_oh_get_dict(q, s);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/XObject"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/Form"));
	qpdf_oh_append_item(q, bbox, sf_real(q, 0));
	qpdf_oh_append_item(q, bbox, sf_real(q, 0));
	qpdf_oh_append_item(q, bbox, sf_real(q, w));
	qpdf_oh_append_item(q, bbox, sf_real(q, h));
	qpdf_oh_replace_key(q, dict, "/BBox", bbox);
	qpdf_oh_replace_key(q, dict, "/Resources", qpdf_oh_new_dictionary(q));
	return s;
}

static qpdf_oh sf_widget(qpdf_data q, const struct sf_field *f, qpdf_oh page)
{
	qpdf_oh w = qpdf_oh_new_dictionary(q), rect = qpdf_oh_new_array(q), ap = qpdf_oh_new_dictionary(q);

	qpdf_oh_replace_key(q, w, "/Type", qpdf_oh_new_name(q, "/Annot"));
	qpdf_oh_replace_key(q, w, "/Subtype", qpdf_oh_new_name(q, "/Widget"));
	qpdf_oh_replace_key(q, w, "/FT", qpdf_oh_new_name(q, "/Sig"));
	qpdf_oh_replace_key(q, w, "/T", qpdf_oh_new_unicode_string(q, f->name));
	qpdf_oh_replace_key(q, w, "/TU", qpdf_oh_new_unicode_string(q, f->full));
	qpdf_oh_append_item(q, rect, sf_real(q, f->x0));
	qpdf_oh_append_item(q, rect, sf_real(q, f->y0));
	qpdf_oh_append_item(q, rect, sf_real(q, f->x1));
	qpdf_oh_append_item(q, rect, sf_real(q, f->y1));
	qpdf_oh_replace_key(q, w, "/Rect", rect);
	qpdf_oh_replace_key(q, w, "/F", qpdf_oh_new_integer(q, 4));
	qpdf_oh_replace_key(q, w, "/P", page);
	qpdf_oh_replace_key(q, ap, "/N", sf_appearance(q, f->x1 - f->x0, f->y1 - f->y0));
	qpdf_oh_replace_key(q, w, "/AP", ap);
	return qpdf_make_indirect_object(q, w);
}

static int sf_failed(struct declc_doc *doc, qpdf_data q)
{
	if (!qpdf_has_error(q))
		return 0;
	doc_diag(doc, 0, 0, DIAG_E_SIGFIELDS, qpdf_get_error_full_text(q, qpdf_get_error(q)));
	return -1;
}

int sigfields_add(struct declc_doc *doc, const struct page_set *ps, GByteArray *pdf)
{
	GArray *fields = sf_collect(ps);
	qpdf_data q;
	qpdf_oh root, form, list;
	const char *why = NULL;
	int rc = -1;

	if (fields->len == 0) {
		doc_diag(doc, 0, 0, DIAG_W_SIGFIELDS_NONE);
		g_array_unref(fields);
		return 0;
	}
	if (!qpdf_lib_open(&why)) {
		doc_diag(doc, 0, 0, DIAG_E_QPDF_LOAD, why);
		g_array_unref(fields);
		return -1;
	}
	q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "the rendered PDF", (const char *)pdf->data, pdf->len, NULL);
	if (sf_failed(doc, q) != 0)
		goto done;
	if ((why = qpdf_lib_no_room(q))) {
		doc_diag(doc, 0, 0, DIAG_E_SIGFIELDS, why);
		goto done;
	}
	root = qpdf_get_root(q);
	list = qpdf_oh_new_array(q);
	for (guint i = 0; i < fields->len; i++) {
		const struct sf_field *f = &g_array_index(fields, struct sf_field, i);
		qpdf_oh page = qpdf_get_page_n(q, (size_t)f->page);
		qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
		qpdf_oh w = sf_widget(q, f, page);

		if (!qpdf_oh_is_array(q, annots))
			annots = qpdf_oh_new_array(q);
		qpdf_oh_append_item(q, annots, w);
		qpdf_oh_replace_key(q, page, "/Annots", annots);
		qpdf_oh_append_item(q, list, w);
	}
	form = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, form, "/Fields", list);
	qpdf_oh_replace_key(q, root, "/AcroForm", qpdf_make_indirect_object(q, form));
	if (sf_failed(doc, q) != 0)
		goto done;
	qpdf_init_write_memory(q);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_write(q);
	if (sf_failed(doc, q) != 0)
		goto done;
	g_byte_array_set_size(pdf, 0);
	g_byte_array_append(pdf, qpdf_get_buffer(q), (guint)qpdf_get_buffer_length(q));
	rc = 0;
done:
	if (qpdf_has_error(q))
		qpdf_get_error(q);
	qpdf_cleanup(&q);
	g_array_unref(fields);
	return rc;
}
