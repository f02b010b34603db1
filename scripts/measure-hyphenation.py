#!/usr/bin/env python3
"""Measure a libhyphen dictionary against declc's list of RAE word divisions.

    scripts/measure-hyphenation.py DICT.dic LIST [--lang es-CL|all]
                                   [--exceptions FILE] [--raw] [--all] [--check]
                                   [--emit-exceptions]

DICT.dic is a libhyphen dictionary (for example dicts/hyph_es.dic); LIST is in
the format of tests/typography/hyphenation-rae.txt (described at its top).
For every word the script asks libhyphen for its division points, the way
declc's hyphenation stage does, and compares them with the valid points of
the list:

  forbidden  a point the dictionary gives that the list does not allow — a
             wrong division on the page (ES-29, ES-30);
  missed     a valid point the dictionary does not give — only a lost chance
             to break.

It prints the words that differ, then the totals, per locale class.

How a word is divided (the same steps as src/hyphen.c):
  1. the word is lowercased (libhyphen's patterns are lowercase) and put in
     Unicode NFC (the dictionary's á is U+00E1, not a + U+0301);
  2. a word with a hyphen of its own (teórico-práctico) is divided component
     by component; the break at the hyphen itself belongs to the line
     breaker (ES-31) and is not measured;
  3. with --exceptions, a component found in the exception list takes its
     points from there and the dictionary is not asked;
  4. otherwise libhyphen's hnj_hyphen_hyphenate2() gives the points, and no
     point leaves fewer than max(2, LEFTHYPHENMIN) letters before it or
     max(2, RIGHTHYPHENMIN) after it (ES-29 rule 8; libhyphen applies the
     dictionary's own minimums too);
  5. for es-ES only, a point is added between t and l when a vowel stands
     before the t and after the l (at-le-ta, ES-29 rule 7), unless --raw.

The mapping between libhyphen's vector and the word.  hnj_hyphen_hyphenate2()
fills `hyphens` (a buffer of at least len(word_bytes) + 5 bytes) with ASCII
digits; an odd digit at index i means "a division after i".  For a UTF-8
dictionary (first line "UTF-8") libhyphen first computes the digits per byte
and then, in hnj_hyphen_norm(), packs them per character: hyphens[j] becomes
the digit of the LAST byte of the j-th character (counted from 0), and
hyphens[number of characters] is NUL.  So for "año" (4 bytes) hyphens[0..2]
belong to a, ñ, o, and an odd hyphens[1] would mean "añ-o".  For an 8-bit
dictionary (ISO8859-x) the word is passed in that encoding and the vector is
per byte, which is again per character.

Exit status: 0, or 1 with --check when any forbidden point is left; 2 on a
usage or file error.
"""
import argparse
import ctypes
import ctypes.util
import sys
import unicodedata

# The locale classes of the word-division rules: only es-ES may divide t|l
# (spanish-typography.md, "Locale profiles", and ES-29 rule 7); every other
# supported locale (es, es-AR, es-CL, es-CO, es-MX, es-419 and any other
# es-XX) shares the es-419 column.
LOCALE_CLASSES = ("es-ES", "es-419")
MIN_FRAGMENT = 2                 # letters on each side of a division (ES-29 rule 8)
VOWELS = set("aeiouáéíóúü")


def locale_class(lang):
    return "es-ES" if lang.lower() == "es-es" else "es-419"


# ---------------------------------------------------------------- list files

class ListError(Exception):
    pass


def parse_marked(form, where):
    """'sub-ra-yar' -> ('subrayar', {3, 5}): the word and its points.

    A point is the number of letters before it.  '=' stands for a hyphen that
    is part of the word (teórico-práctico); it is kept in the word and is not
    a point.
    """
    word, points = [], set()
    for ch in form:
        if ch == "-":
            if not word or word[-1] == "=":
                raise ListError(f"{where}: misplaced division mark in {form!r}")
            points.add(len(word))
        else:
            word.append(ch)
    if form.endswith("-"):
        raise ListError(f"{where}: division mark at the end of {form!r}")
    text = "".join(word).replace("=", "-")
    return text, points


def read_list(path):
    """Read a reference list: {word: {class: valid points}}, in file order."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            where = f"{path}:{lineno}"
            fields = unicodedata.normalize("NFC", line).split()
            classes = LOCALE_CLASSES
            if fields[0].startswith("@"):
                tag = fields.pop(0)[1:]
                if tag not in LOCALE_CLASSES:
                    raise ListError(f"{where}: unknown locale tag @{tag}")
                classes = (tag,)
            if not fields:
                raise ListError(f"{where}: no word")
            word, points = None, set()
            for form in fields:
                w, p = parse_marked(form, where)
                if word is not None and w != word:
                    raise ListError(f"{where}: forms of different words: {word} / {w}")
                word = w
                points |= p
            if word != word.lower():
                raise ListError(f"{where}: {word!r} is not lowercase")
            check_fragments(word, points, where)
            slot = entries.setdefault(word, {})
            for c in classes:
                if c in slot:
                    raise ListError(f"{where}: {word} given twice for {c}")
                slot[c] = points
    for word, slot in entries.items():
        if set(slot) != set(LOCALE_CLASSES):
            raise ListError(f"{path}: {word} has an @{next(iter(slot))} line "
                            f"but no line for the other locale class")
    return entries


def check_fragments(word, points, where):
    """The list itself must respect the two-letter minimum of every component."""
    for start, end in components(word):
        for p in points:
            if start < p < end and (p - start < MIN_FRAGMENT or end - p < MIN_FRAGMENT):
                raise ListError(f"{where}: point after {word[:p]!r} leaves a fragment "
                                f"of fewer than {MIN_FRAGMENT} letters")
        for p in points:
            if p in (start, end) and p not in (0, len(word)):
                raise ListError(f"{where}: point next to the hyphen of {word!r}")


def components(word):
    """(start, end) character offsets of the parts of a word between its hyphens."""
    out, start = [], 0
    for i, ch in enumerate(word):
        if ch == "-":
            out.append((start, i))
            start = i + 1
    out.append((start, len(word)))
    return out


def read_exceptions(path):
    """Exception list: one word per line with '-' at each allowed point."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path}:{lineno}"
            if len(line.split()) != 1 or "=" in line:
                raise ListError(f"{where}: one word (no spaces, no '=') per line")
            word, points = parse_marked(unicodedata.normalize("NFC", line), where)
            if word != word.lower():
                raise ListError(f"{where}: {word!r} is not lowercase")
            check_fragments(word, points, where)
            if word in table:
                raise ListError(f"{where}: {word} listed twice")
            table[word] = points
    return table


# ------------------------------------------------------------------ libhyphen

class Hyphenator:
    """A loaded libhyphen dictionary, asked through ctypes."""

    def __init__(self, path):
        name = ctypes.util.find_library("hyphen") or "libhyphen.so.0"
        try:
            self.lib = ctypes.CDLL(name)
        except OSError:
            self.lib = ctypes.CDLL("libhyphen.so.0")
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))
        lib = self.lib
        lib.hnj_hyphen_load.restype = ctypes.c_void_p
        lib.hnj_hyphen_load.argtypes = [ctypes.c_char_p]
        lib.hnj_hyphen_free.argtypes = [ctypes.c_void_p]
        lib.hnj_hyphen_hyphenate2.restype = ctypes.c_int
        lib.hnj_hyphen_hyphenate2.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.POINTER(ctypes.c_char_p)),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_int)),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_int))]
        self.libc.free.argtypes = [ctypes.c_void_p]
        self.charset, self.lhmin, self.rhmin = read_header(path)
        self.dict = lib.hnj_hyphen_load(path.encode())
        if not self.dict:
            raise OSError(f"libhyphen could not load {path}")

    def points(self, word):
        """Division points of one hyphen-free lowercase word, as letter counts."""
        utf8 = self.charset.upper() == "UTF-8"
        try:
            data = word.encode("utf-8" if utf8 else self.charset)
        except (UnicodeEncodeError, LookupError):
            return set()                      # letters the dictionary cannot know
        hyphens = ctypes.create_string_buffer(len(data) + 5)
        rep = ctypes.POINTER(ctypes.c_char_p)()
        pos = ctypes.POINTER(ctypes.c_int)()
        cut = ctypes.POINTER(ctypes.c_int)()
        # rep/pos/cut must point to NULL pointers: libhyphen dereferences
        # them, and allocates the arrays only for non-standard patterns.
        self.lib.hnj_hyphen_hyphenate2(self.dict, data, len(data), hyphens, None,
                                       ctypes.byref(rep), ctypes.byref(pos),
                                       ctypes.byref(cut))
        nonstandard = bool(rep)
        if rep:
            for i in range(len(data)):
                if rep[i]:
                    self.libc.free(ctypes.cast(rep[i], ctypes.c_void_p))
            for arr in (rep, pos, cut):
                self.libc.free(ctypes.cast(arr, ctypes.c_void_p))
        if nonstandard:
            raise OSError("the dictionary has non-standard (replacement) patterns, "
                          "which declc does not support")
        # After hnj_hyphen_norm() the vector has one digit per character.
        n = len(word)
        vec = hyphens.raw[:n]
        left = max(MIN_FRAGMENT, self.lhmin)
        right = max(MIN_FRAGMENT, self.rhmin)
        return {i + 1 for i in range(n)
                if vec[i] & 1 and left <= i + 1 <= n - right}

    def close(self):
        if self.dict:
            self.lib.hnj_hyphen_free(self.dict)
            self.dict = None


def read_header(path):
    """Charset (first line) and LEFTHYPHENMIN/RIGHTHYPHENMIN of a .dic file."""
    lhmin = rhmin = 0
    with open(path, "rb") as f:
        charset = f.readline().decode("ascii", "replace").strip()
        for raw in f:
            fields = raw.split()
            if len(fields) == 2 and fields[0] == b"LEFTHYPHENMIN":
                lhmin = int(fields[1])
            elif len(fields) == 2 and fields[0] == b"RIGHTHYPHENMIN":
                rhmin = int(fields[1])
    return charset, lhmin, rhmin


# ------------------------------------------------------------- declc's steps

def tl_points(word, start, end):
    """es-ES: points between t and l with a vowel on both sides (at-le-ta)."""
    out = set()
    for i in range(start + 1, end - 2):
        if (word[i] == "t" and word[i + 1] == "l" and word[i - 1] in VOWELS
                and word[i + 2] in VOWELS):
            p = i + 1
            if p - start >= MIN_FRAGMENT and end - p >= MIN_FRAGMENT:
                out.add(p)
    return out


def divide(hy, word, lclass, exceptions, raw):
    """Points of a whole word for one locale class, as declc computes them."""
    points = set()
    for start, end in components(word):
        part = word[start:end]
        if exceptions is not None and part in exceptions:
            got = exceptions[part]
        else:
            got = hy.points(part)
        points |= {start + p for p in got}
        if lclass == "es-ES" and not raw:
            points |= tl_points(word, start, end)
    return points


def mark(word, points):
    return "".join(("-" if i in points else "") + ch for i, ch in enumerate(word))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dic")
    ap.add_argument("list")
    ap.add_argument("--lang", default="all",
                    help="es, es-ES, es-AR, es-CL, es-CO, es-MX, es-419... or 'all' "
                         "(both locale classes; default)")
    ap.add_argument("--exceptions", metavar="FILE",
                    help="exception list applied before the dictionary")
    ap.add_argument("--raw", action="store_true",
                    help="no es-ES t|l rule: the dictionary (and exceptions) alone")
    ap.add_argument("--all", action="store_true", help="print every word, not only the ones that differ")
    ap.add_argument("--check", action="store_true", help="exit 1 if any forbidden point is used")
    ap.add_argument("--emit-exceptions", action="store_true",
                    help="print, for the words where the dictionary uses a forbidden point in any "
                         "locale class, an exception line (the es-419 valid points)")
    args = ap.parse_args(argv)

    try:
        entries = read_list(args.list)
        exceptions = read_exceptions(args.exceptions) if args.exceptions else None
        hy = Hyphenator(args.dic)
    except (OSError, ListError) as e:
        print(f"measure-hyphenation: {e}", file=sys.stderr)
        return 2

    classes = LOCALE_CLASSES if args.lang == "all" else (locale_class(args.lang),)
    total_forbidden = 0
    emit = {}
    for lclass in classes:
        n_valid = n_given = n_forbidden = n_missed = 0
        words_forbidden = words_missed = 0
        if not args.emit_exceptions:
            print(f"== {lclass}" + ("" if lclass == "es-ES" else
                  " (es, es-AR, es-CL, es-CO, es-MX, es-419 and other es-XX)"))
        for word, slot in entries.items():
            valid = slot[lclass]
            got = divide(hy, word, lclass, exceptions, args.raw)
            forbidden = got - valid
            missed = valid - got
            n_valid += len(valid)
            n_given += len(got)
            n_forbidden += len(forbidden)
            n_missed += len(missed)
            words_forbidden += bool(forbidden)
            words_missed += bool(missed)
            if forbidden:
                emit[word] = slot["es-419"]
            if args.emit_exceptions:
                continue
            if forbidden or missed or args.all:
                line = f"{word:24} dict {mark(word, got):30} valid {mark(word, valid):30}"
                if forbidden:
                    line += "  FORBIDDEN " + ",".join(mark(word, {p}) for p in sorted(forbidden))
                if missed:
                    line += "  missed " + ",".join(mark(word, {p}) for p in sorted(missed))
                print(line)
        total_forbidden += n_forbidden
        if not args.emit_exceptions:
            print(f"{lclass}: {len(entries)} words, {n_valid} valid points, {n_given} points given; "
                  f"forbidden points used {n_forbidden} (in {words_forbidden} words), "
                  f"valid points missed {n_missed} (in {words_missed} words)")
    if args.emit_exceptions:
        for word, points in emit.items():
            for start, end in components(word):
                part = word[start:end]
                part_points = {p - start for p in points if start < p < end}
                print(mark(part, part_points))
    hy.close()
    return 1 if args.check and total_forbidden else 0


if __name__ == "__main__":
    sys.exit(main())
