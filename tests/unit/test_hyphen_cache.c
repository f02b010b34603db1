/*
 * test_hyphen_cache.c — hyphen_cache.c: the machine read back from the cache
 * is the one libhyphen compiles, state for state, and divides every word the
 * same (ES-29); a damaged or tampered cache file is refused, never followed,
 * and the dictionary is then compiled again and the file rewritten.
 *
 * White-box where it has to be: the tampering cases rewrite fields of the
 * file the way hyphen_cache.c lays it out (header, then the levels, then
 * each level's states) and fix up its CRC, so that only the structural
 * checks stand between the file and libhyphen.
 */
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>
#include <glib/gstdio.h>
#include DECLC_LIBHYPHEN_H
#include "fixture.h"
#include "hyphen_cache.h"

#define HEADER 40                 /* magic 8, levels 4, crc 4, size 8, key 16 */
#define CRC_AT 12

static char *dic;                 /* the bytes of the Spanish dictionary */
static gsize dic_len;
static char *cache;               /* a fresh cache folder for this run */

/* The machine libhyphen compiles from the dictionary's bytes. */
static HyphenDict *compile(void)
{
	FILE *f = fmemopen(dic, dic_len, "r");
	HyphenDict *d = hnj_hyphen_load_file(f);

	fclose(f);
	g_assert_nonnull(d);
	return d;
}

static char *cache_file(void)
{
	GDir *dir = g_dir_open(cache, 0, NULL);
	const char *name = dir ? g_dir_read_name(dir) : NULL;
	char *path = name ? g_build_filename(cache, name, NULL) : NULL;

	g_assert_nonnull(path);
	g_assert_null(g_dir_read_name(dir));     /* one file, no temporaries */
	g_dir_close(dir);
	return path;
}

static void assert_same_machine(const HyphenDict *a, const HyphenDict *b)
{
	int levels = 0;

	for (; a && b; a = a->nextlevel, b = b->nextlevel, levels++) {
		g_assert_cmpint(a->lhmin, ==, b->lhmin);
		g_assert_cmpint(a->rhmin, ==, b->rhmin);
		g_assert_cmpint(a->clhmin, ==, b->clhmin);
		g_assert_cmpint(a->crhmin, ==, b->crhmin);
		g_assert_cmpstr(a->cset, ==, b->cset);
		g_assert_cmpint(a->utf8, ==, b->utf8);
		g_assert_cmpint(a->nohyphenl, ==, b->nohyphenl);
		const char *na = a->nohyphen, *nb = b->nohyphen;
		g_assert_true((na == NULL) == (nb == NULL));
		for (int k = 0; na && k <= a->nohyphenl; k++) {
			g_assert_cmpstr(na, ==, nb);
			na += strlen(na) + 1;
			nb += strlen(nb) + 1;
		}
		g_assert_cmpint(a->num_states, ==, b->num_states);
		for (int i = 0; i < a->num_states; i++) {
			const HyphenState *s = &a->states[i], *t = &b->states[i];
			g_assert_cmpstr(s->match, ==, t->match);
			g_assert_null(t->repl);
			g_assert_cmpint(s->fallback_state, ==, t->fallback_state);
			g_assert_cmpint(s->num_trans, ==, t->num_trans);
			for (int k = 0; k < s->num_trans; k++) {
				g_assert_cmpint(s->trans[k].ch, ==, t->trans[k].ch);
				g_assert_cmpint(s->trans[k].new_state, ==, t->trans[k].new_state);
			}
		}
	}
	g_assert_null(a);
	g_assert_null(b);
	g_assert_cmpint(levels, ==, 2);   /* patterns, and libhyphen's default level */
}

/* Every word of the samples and of the RAE list, once. */
static GPtrArray *words(void)
{
	const char *files[] = {
		DECLC_SOURCE_DIR "/samples/carta-fundamental-larga.xml",
		DECLC_SOURCE_DIR "/samples/convenio-doce-firmantes.xml",
		DECLC_SOURCE_DIR "/samples/declaracion-santiago-2024.xml",
		DECLC_SOURCE_DIR "/tests/typography/hyphenation-rae.txt",
	};
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *text;
		g_assert_true(g_file_get_contents(files[i], &text, NULL, NULL));
		GString *w = g_string_new(NULL);
		for (const char *p = text;; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c && g_unichar_isalpha(c)) {
				g_string_append_unichar(w, c);
				continue;
			}
			if (w->len && !g_hash_table_contains(seen, w->str)) {
				char *word = g_strdup(w->str);
				g_hash_table_add(seen, word);
				g_ptr_array_add(out, word);
			}
			g_string_truncate(w, 0);
			if (!c)
				break;
		}
		g_string_free(w, TRUE);
		g_free(text);
	}
	g_hash_table_unref(seen);
	g_assert_cmpuint(out->len, >, 2000);
	return out;
}

/* Loads the dictionary through hy_load with the cache in DIR ("" for none). */
static struct hy_dict *load_with(const char *dir)
{
	struct diag_sink *s = diag_sink_new();

	g_setenv("DECLC_HYPHEN_CACHE", dir, TRUE);
	struct hy_dict *d = hy_load(DECLC_HYPHEN_DICT, s, "dictionary");
	g_assert_nonnull(d);
	g_assert_cmpint((int)s->items->len, ==, 0);
	diag_sink_free(s);
	return d;
}

static void test_same_machine_and_divisions(void)
{
	void *block;

	/* Nothing cached yet: a miss, then the file. */
	g_assert_null(hy_cache_read(cache, dic, dic_len, &block));
	struct hy_dict *direct = load_with("");
	g_assert_false(g_file_test(cache, G_FILE_TEST_EXISTS));    /* "" wrote nothing */
	struct hy_dict *first = load_with(cache);
	char *file = cache_file();
	struct hy_dict *again = load_with(cache);

	HyphenDict *compiled = compile();
	HyphenDict *read = hy_cache_read(cache, dic, dic_len, &block);
	g_assert_nonnull(read);
	assert_same_machine(compiled, read);
	g_free(block);
	hnj_hyphen_free(compiled);

	GPtrArray *list = words();
	for (guint i = 0; i < list->len; i++) {
		const char *w = list->pdata[i];
		char *a = hy_show(direct, w, "-"), *b = hy_show(again, w, "-");
		char *c = hy_show_lang(direct, w, "-", "es-ES"), *d = hy_show_lang(again, w, "-", "es-ES");
		g_assert_cmpstr(a, ==, b);
		g_assert_cmpstr(c, ==, d);
		g_free(a);
		g_free(b);
		g_free(c);
		g_free(d);
	}
	g_ptr_array_unref(list);
	g_free(file);
	hy_free(direct);
	hy_free(first);
	hy_free(again);
}

/* Another dictionary (here: one pattern more) never reads this one's file. */
static void test_other_dictionary_misses(void)
{
	void *block;
	char *other = g_strconcat(dic, "zz1z\n", NULL);

	g_assert_null(hy_cache_read(cache, other, dic_len + 5, &block));
	g_free(other);
}

/* Rewrites the cache file with EDIT applied and the CRC fixed when FIX_CRC;
 * then asserts that the reader refuses it, that hy_load still divides right
 * and that the file is whole again afterwards. */
static void assert_refused(void (*edit)(GByteArray *), bool fix_crc)
{
	char *file = cache_file();
	char *bytes;
	gsize len;
	void *block;

	g_assert_true(g_file_get_contents(file, &bytes, &len, NULL));
	GByteArray *b = g_byte_array_new_take((guint8 *)bytes, len);
	GBytes *good = g_bytes_new(b->data, b->len);
	edit(b);
	if (fix_crc) {
		uint32_t crc = (uint32_t)crc32(0, b->data + HEADER, (uInt)(b->len - HEADER));
		memcpy(b->data + CRC_AT, &crc, sizeof crc);
	}
	g_assert_true(g_file_set_contents(file, (const char *)b->data, (gssize)b->len, NULL));
	g_assert_null(hy_cache_read(cache, dic, dic_len, &block));

	struct hy_dict *d = load_with(cache);      /* compiled again, file rewritten */
	char *shown = hy_show(d, "modernización", "-");
	g_assert_cmpstr(shown, ==, "mo-der-ni-za-ción");
	g_free(shown);
	hy_free(d);
	g_assert_nonnull(hy_cache_read(cache, dic, dic_len, &block));
	g_free(block);
	char *now;
	g_assert_true(g_file_get_contents(file, &now, &len, NULL));
	g_assert_cmpmem(now, len, g_bytes_get_data(good, NULL), g_bytes_get_size(good));
	g_free(now);
	g_bytes_unref(good);
	g_byte_array_unref(b);
	g_free(file);
}

/* The states of the patterns' level (the larger of the two; the other is
 * libhyphen's default level), inside the file's bytes. */
static HyphenState *states(GByteArray *b, int *n)
{
	HyphenDict d[2];

	memcpy(d, b->data + HEADER, sizeof d);
	int big = d[1].num_states > d[0].num_states;
	*n = d[big].num_states;
	return (HyphenState *)(b->data + (uintptr_t)d[big].states);
}

/* A state with a match string and at least one transition. */
static int inner_state(HyphenState *s, int n)
{
	for (int i = 1; i < n; i++)
		if (s[i].match && s[i].num_trans > 0)
			return i;
	g_assert_not_reached();
}

static void truncate_it(GByteArray *b) { g_byte_array_set_size(b, b->len - 100); }
static void flip_body(GByteArray *b) { b->data[b->len / 2] ^= 0x20; }
static void flip_key(GByteArray *b) { b->data[HEADER - 1] ^= 1; }
static void bad_magic(GByteArray *b) { b->data[0] = 'X'; }

static void trans_to_root(GByteArray *b)
{
	int n;
	HyphenState *s = states(b, &n);
	HyphenTrans *t = (HyphenTrans *)(b->data + (uintptr_t)s[0].trans);
	t[0].new_state = 0;
}

static void trans_out_of_range(GByteArray *b)
{
	int n;
	HyphenState *s = states(b, &n);
	HyphenTrans *t = (HyphenTrans *)(b->data + (uintptr_t)s[0].trans);
	t[0].new_state = n;
}

static void fallback_to_itself(GByteArray *b)
{
	int n;
	HyphenState *s = states(b, &n);
	int i = inner_state(s, n);
	s[i].fallback_state = i;
}

/* The root's first child gets the match of the longest state: longer than
 * its depth plus one, it would make libhyphen write before the vector. */
static void match_too_long(GByteArray *b)
{
	int n, longest = 0;
	HyphenState *s = states(b, &n);
	size_t most = 0;
	for (int i = 1; i < n; i++)
		if (s[i].match && strlen((char *)b->data + (uintptr_t)s[i].match) > most) {
			most = strlen((char *)b->data + (uintptr_t)s[i].match);
			longest = i;
		}
	g_assert_cmpuint(most, >, 2);
	HyphenTrans *t = (HyphenTrans *)(b->data + (uintptr_t)s[0].trans);
	s[t[0].new_state].match = s[longest].match;
}

static void match_outside(GByteArray *b)
{
	int n;
	HyphenState *s = states(b, &n);
	s[inner_state(s, n)].match = (char *)(uintptr_t)(b->len + 8);
}

static void test_damaged_file_refused(void)
{
	assert_refused(truncate_it, false);
	assert_refused(flip_body, false);
	assert_refused(flip_key, false);
	assert_refused(bad_magic, false);
	/* With a right CRC: only the structural checks are left. */
	assert_refused(trans_to_root, true);
	assert_refused(trans_out_of_range, true);
	assert_refused(fallback_to_itself, true);
	assert_refused(match_too_long, true);
	assert_refused(match_outside, true);
}

/* No folder for the cache (empty, or one that cannot be made): the
 * dictionary is compiled as before and nothing is written. */
static void test_without_cache(void)
{
	char *blocked = g_build_filename(cache, "file", NULL);
	char *under = g_build_filename(blocked, "hyphen", NULL);

	g_assert_true(g_file_set_contents(blocked, "", 0, NULL));
	struct hy_dict *d = load_with(under);
	char *shown = hy_show(d, "transparencia", "-");
	g_assert_cmpstr(shown, ==, "trans-pa-ren-cia");
	g_free(shown);
	hy_free(d);
	g_unlink(blocked);
	g_free(under);
	g_free(blocked);
}

static void remove_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		g_unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	char *tmp = g_dir_make_tmp("declc-hyphen-cache-XXXXXX", NULL);
	int rc;

	g_test_init(&argc, &argv, NULL);
	g_assert_true(g_file_get_contents(DECLC_HYPHEN_DICT, &dic, &dic_len, NULL));
	cache = g_build_filename(tmp, "cache", NULL);
	g_test_add_func("/hyphen-cache/same-machine-and-divisions", test_same_machine_and_divisions);
	g_test_add_func("/hyphen-cache/other-dictionary-misses", test_other_dictionary_misses);
	g_test_add_func("/hyphen-cache/damaged-file-refused", test_damaged_file_refused);
	g_test_add_func("/hyphen-cache/without-cache", test_without_cache);
	rc = g_test_run();
	remove_tree(cache);
	g_rmdir(tmp);
	g_free(cache);
	g_free(tmp);
	g_free(dic);
	return rc;
}
