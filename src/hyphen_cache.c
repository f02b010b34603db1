/*
 * hyphen_cache.c — libhyphen's compiled dictionary, kept between runs.
 *
 * Consumes the bytes of a .dic file and the state machine libhyphen builds
 * from them (struct _HyphenDict in libhyphen's <hyphen.h>: states, their
 * match strings and transitions, chained to the next level); produces a
 * cache file holding that machine, and reads it back. hyphen.c owns what is
 * read: one block, freed with g_free.
 *
 * Why: libhyphen compiles the patterns at every load, a string hash table
 * and a small allocation for every prefix of every pattern, then a lookup
 * for every suffix of every state: 19 M instructions for hyph_es.dic, a
 * tenth of a whole run on the founding declaration, on the set-up's busier
 * processor (bench/RESULTS.md). Read back, the same machine costs a file
 * read, a checksum and a pass setting its pointers.
 *
 * The file is named after a digest of the dictionary's bytes, libhyphen's
 * version and the layout of its structures, and holds that digest again: a
 * read never returns a machine for another dictionary, library or build,
 * and nothing ever needs to be invalidated (like fontconfig's, the cache
 * lives in $XDG_CACHE_HOME). The digest is MD5: it tells dictionaries apart
 * and is no seal, since only the user writes either file, and it costs a
 * seventh of a SHA-256 here. A CRC-32 of the body finds a damaged file; and
 * since libhyphen trusts its machine (a match longer than the path to its
 * state writes outside the caller's vector), the reader checks what makes
 * that safe: every index in range, the states a tree from state 0, every
 * fallback to a shallower state, every match no longer than its state's
 * depth plus one. A file that fails any check is ignored: the dictionary is
 * compiled by libhyphen as before and the cache written again.
 *
 * Dictionaries with replacement rules (non-standard hyphenation such as
 * Hungarian "ssz" → "sz-sz") are never cached: their extra fields index
 * the word in ways this reader does not check. Spanish has none.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include DECLC_LIBHYPHEN_H   /* libhyphen's hyphen.h; ours shadows the name */
#include "hyphen_cache.h"

#define HY_CACHE_MAGIC "declcHY1"    /* 8 bytes: the format's name and version */
#define HY_CACHE_LEVELS 4            /* more chained levels than this: not cached */

struct hy_cache_header {
	char magic[8];
	uint32_t levels;                 /* HyphenDict structures after this header */
	uint32_t crc;                    /* CRC-32 of every byte after this header */
	uint64_t size;                   /* of the whole file */
	uint8_t key[16];                 /* hy_cache_key */
};
/* The levels follow the header at once (hy_fix relies on it). */
_Static_assert(sizeof(struct hy_cache_header) % _Alignof(HyphenDict) == 0,
	       "the levels must start right after the header");

/* The MD5 digest of what the machine depends on: the format, libhyphen's version,
 * the layout of its structures on this build, and the dictionary. */
static void hy_cache_key(const char *dic, gsize len, uint8_t key[16])
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
	char *layout = g_strdup_printf("%s libhyphen %s dict %zu/%zu/%zu/%zu state %zu/%zu/%zu/%zu trans %zu/%zu",
				       HY_CACHE_MAGIC, DECLC_HYPHEN_VERSION, sizeof(HyphenDict),
				       offsetof(HyphenDict, states), offsetof(HyphenDict, nextlevel),
				       offsetof(HyphenDict, nohyphen), sizeof(HyphenState),
				       offsetof(HyphenState, match), offsetof(HyphenState, trans),
				       offsetof(HyphenState, fallback_state), sizeof(HyphenTrans),
				       offsetof(HyphenTrans, new_state));
	gsize n = 16;

	g_checksum_update(sum, (const guchar *)layout, (gssize)strlen(layout) + 1);
	g_checksum_update(sum, (const guchar *)dic, (gssize)len);
	g_checksum_get_digest(sum, key, &n);
	g_checksum_free(sum);
	g_free(layout);
}

static char *hy_cache_path(const char *dir, const uint8_t key[16])
{
	char hex[33];

	for (int i = 0; i < 16; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", key[i]);
	char *name = g_strconcat(hex, ".hyph", NULL);
	char *path = g_build_filename(dir, name, NULL);
	g_free(name);
	return path;
}

/* ---- Reading ------------------------------------------------------------ */

/* The block of SIZE bytes at BASE, read back; offsets are stored in the
 * pointer fields, 0 for NULL (offset 0 is the header, never a target). */
struct hy_block {
	char *base;
	gsize size;
};

/* The pointer for offset V to N elements of SIZE bytes aligned to ALIGN,
 * or NULL when they would not lie inside the block (*OK cleared). */
static void *hy_at(const struct hy_block *b, const void *v, gsize n, gsize size, gsize align,
		   bool *ok)
{
	uintptr_t off = (uintptr_t)v;

	if (off < sizeof(struct hy_cache_header) || off % align != 0 || off > b->size ||
	    n > (b->size - off) / size) {
		*ok = false;
		return NULL;
	}
	return b->base + off;
}

/* The string at offset V, or NULL for 0; *OK cleared unless it ends inside
 * the block. */
static char *hy_string(const struct hy_block *b, const void *v, bool *ok)
{
	if (v == NULL)
		return NULL;
	char *s = hy_at(b, v, 1, 1, 1, ok);
	if (s && !memchr(s, '\0', b->size - (gsize)(s - b->base))) {
		*ok = false;
		return NULL;
	}
	return s;
}

/* Sets the pointers of one level's states and checks them (see the top of
 * the file). */
static bool hy_fix_states(const struct hy_block *b, HyphenDict *d)
{
	bool ok = true;
	int n = d->num_states;

	if (n < 1 || (gsize)n > b->size / sizeof(HyphenState))
		return false;
	d->states = hy_at(b, d->states, (gsize)n, sizeof(HyphenState), _Alignof(HyphenState), &ok);
	if (!ok)
		return false;
	for (int i = 0; i < n && ok; i++) {
		HyphenState *s = &d->states[i];
		if (s->repl != NULL || s->num_trans < 0)
			return false;
		s->match = hy_string(b, s->match, &ok);
		s->trans = s->num_trans ? hy_at(b, s->trans, (gsize)s->num_trans, sizeof(HyphenTrans),
						_Alignof(HyphenTrans), &ok)
					: NULL;
	}
	if (!ok)
		return false;

	/* Depths, breadth first from state 0: a tree, every state reached once. */
	int *depth = g_new(int, (gsize)n);
	int *queue = g_new(int, (gsize)n);
	int head = 0, tail = 0;
	for (int i = 0; i < n; i++)
		depth[i] = -1;
	depth[0] = 0;
	queue[tail++] = 0;
	while (head < tail && ok) {
		int from = queue[head++];
		const HyphenState *s = &d->states[from];
		for (int t = 0; t < s->num_trans && ok; t++) {
			int to = s->trans[t].new_state;
			ok = to > 0 && to < n && depth[to] == -1;
			if (ok) {
				depth[to] = depth[from] + 1;
				queue[tail++] = to;
			}
		}
	}
	ok = ok && tail == n && d->states[0].fallback_state == -1;
	for (int i = 1; i < n && ok; i++) {
		const HyphenState *s = &d->states[i];
		int f = s->fallback_state;
		ok = f >= 0 && f < n && depth[f] < depth[i] &&
		     (!s->match || strlen(s->match) <= (size_t)depth[i] + 1);
	}
	g_free(queue);
	g_free(depth);
	return ok;
}

/* Whether NOHYPHEN's COUNT + 1 consecutive strings, the first at S, all
 * end inside the block. */
static bool hy_nohyphen_fits(const struct hy_block *b, const char *s, int count)
{
	const char *end = b->base + b->size;

	for (int k = 0; k <= count; k++) {
		const char *z = s < end ? memchr(s, '\0', (gsize)(end - s)) : NULL;
		if (z == NULL)
			return false;
		s = z + 1;
	}
	return true;
}

/* Turns the block's offsets into pointers, checking everything libhyphen
 * will follow; the top level, or NULL. */
static HyphenDict *hy_fix(const struct hy_block *b, uint32_t levels)
{
	HyphenDict *dicts = (HyphenDict *)(b->base + sizeof(struct hy_cache_header));
	bool ok = true;

	if (levels < 1 || levels > HY_CACHE_LEVELS ||
	    (b->size - sizeof(struct hy_cache_header)) / sizeof(HyphenDict) < levels)
		return NULL;
	for (uint32_t i = 0; i < levels; i++) {
		HyphenDict *d = &dicts[i];
		uintptr_t next = i + 1 < levels ? (uintptr_t)(sizeof(struct hy_cache_header) +
							      (i + 1) * sizeof(HyphenDict)) : 0;
		if ((uintptr_t)d->nextlevel != next || !memchr(d->cset, '\0', sizeof d->cset) ||
		    d->nohyphenl < 0)
			return NULL;
		d->nextlevel = next ? &dicts[i + 1] : NULL;
		d->nohyphen = hy_string(b, d->nohyphen, &ok);
		if (!ok || (d->nohyphen && !hy_nohyphen_fits(b, d->nohyphen, d->nohyphenl)) ||
		    !hy_fix_states(b, d))
			return NULL;
	}
	return &dicts[0];
}

HyphenDict *hy_cache_read(const char *dir, const char *dic, gsize len, void **block)
{
	struct hy_cache_header h;
	struct hy_block b = { 0 };
	uint8_t key[16];
	HyphenDict *dict = NULL;

	*block = NULL;
	if (dir == NULL)
		return NULL;
	hy_cache_key(dic, len, key);
	char *path = hy_cache_path(dir, key);
	if (g_file_get_contents(path, &b.base, &b.size, NULL) && b.size >= sizeof h) {
		memcpy(&h, b.base, sizeof h);
		if (memcmp(h.magic, HY_CACHE_MAGIC, sizeof h.magic) == 0 && h.size == b.size &&
		    memcmp(h.key, key, sizeof key) == 0 &&
		    h.crc == (uint32_t)crc32(0, (const Bytef *)b.base + sizeof h, (uInt)(b.size - sizeof h)))
			dict = hy_fix(&b, h.levels);
	}
	g_free(path);
	if (dict)
		*block = b.base;
	else
		g_free(b.base);
	return dict;
}

/* ---- Writing ------------------------------------------------------------ */

/* Appends LEN bytes of DATA, or zeros for NULL, at the next multiple of
 * ALIGN; returns where they start. Structures are never copied whole: their
 * padding would carry whatever the heap held, and the file would differ
 * from one writing to the next. */
static gsize hy_put(GByteArray *out, const void *data, gsize len, gsize align)
{
	gsize was = out->len, at = (was + align - 1) / align * align;

	g_byte_array_set_size(out, (guint)(at + len));
	memset(out->data + was, 0, at - was);
	if (data)
		memcpy(out->data + at, data, len);
	else
		memset(out->data + at, 0, len);
	return at;
}

/* The bytes of NOHYPHEN's COUNT + 1 consecutive strings. */
static gsize hy_nohyphen_len(const char *s, int count)
{
	gsize n = 0;

	for (int k = 0; k <= count; k++)
		n += strlen(s + n) + 1;
	return n;
}

void hy_cache_write(const char *dir, const char *dic, gsize len, const HyphenDict *dict)
{
	const HyphenDict *level[HY_CACHE_LEVELS];
	uint32_t levels = 0;
	struct hy_cache_header h = { 0 };

	if (dir == NULL)
		return;
	for (const HyphenDict *d = dict; d; d = d->nextlevel) {
		if (levels == HY_CACHE_LEVELS)
			return;
		for (int i = 0; i < d->num_states; i++)
			if (d->states[i].repl)
				return;
		level[levels++] = d;
	}

	/* Header and levels first, then each level's states, transitions and
	 * strings; pointers are stored as offsets, field by field. */
	GByteArray *out = g_byte_array_new();
	hy_put(out, NULL, sizeof h, 8);
	gsize dict_at = hy_put(out, NULL, levels * sizeof(HyphenDict), _Alignof(HyphenDict));
	for (uint32_t i = 0; i < levels; i++) {
		const HyphenDict *d = level[i];
		gsize states_at = hy_put(out, NULL, (gsize)d->num_states * sizeof(HyphenState),
					 _Alignof(HyphenState));
		gsize nohyphen_at = d->nohyphen
			? hy_put(out, d->nohyphen, hy_nohyphen_len(d->nohyphen, d->nohyphenl), 1) : 0;
		for (int k = 0; k < d->num_states; k++) {
			const HyphenState *s = &d->states[k];
			gsize trans_at = 0;
			for (int t = 0; t < s->num_trans; t++) {
				gsize at = hy_put(out, NULL, sizeof(HyphenTrans), _Alignof(HyphenTrans));
				HyphenTrans *c = (HyphenTrans *)(out->data + at);
				c->ch = s->trans[t].ch;
				c->new_state = s->trans[t].new_state;
				if (t == 0)
					trans_at = at;
			}
			gsize match_at = s->match ? hy_put(out, s->match, strlen(s->match) + 1, 1) : 0;
			HyphenState *c = (HyphenState *)(out->data + states_at) + k;   /* after the puts */
			c->match = (char *)(uintptr_t)match_at;
			/* replindex and replcut only mean something beside a repl,
			 * and libhyphen leaves them unset elsewhere: kept 0. */
			c->fallback_state = s->fallback_state;
			c->num_trans = s->num_trans;
			c->trans = (HyphenTrans *)(uintptr_t)trans_at;
		}
		HyphenDict *c = (HyphenDict *)(out->data + dict_at) + i;
		c->lhmin = d->lhmin;
		c->rhmin = d->rhmin;
		c->clhmin = d->clhmin;
		c->crhmin = d->crhmin;
		c->nohyphen = (char *)(uintptr_t)nohyphen_at;
		c->nohyphenl = d->nohyphenl;
		c->num_states = d->num_states;
		memcpy(c->cset, d->cset, strnlen(d->cset, sizeof c->cset - 1));
		c->utf8 = d->utf8;
		c->states = (HyphenState *)(uintptr_t)states_at;
		c->nextlevel = i + 1 < levels
			? (HyphenDict *)(uintptr_t)(dict_at + (i + 1) * sizeof(HyphenDict)) : NULL;
	}

	memcpy(h.magic, HY_CACHE_MAGIC, sizeof h.magic);
	h.levels = levels;
	h.size = out->len;
	h.crc = (uint32_t)crc32(0, out->data + sizeof h, (uInt)(out->len - sizeof h));
	hy_cache_key(dic, len, h.key);
	memcpy(out->data, &h, sizeof h);

	char *path = hy_cache_path(dir, h.key);
	if (g_mkdir_with_parents(dir, 0700) == 0)
		g_file_set_contents(path, (const char *)out->data, (gssize)out->len, NULL);
	g_free(path);
	g_byte_array_unref(out);
}
