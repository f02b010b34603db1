#!/usr/bin/env python3
"""The editor's tools, tested through the declc binary.

Usage: editor_test.py --declc DECLC --source SRC --build BUILD --out OUT
                      [--cmake CMAKE] TEST

TEST is one of the names in TESTS below (each a ctest of its own, see
CMakeLists.txt). Exit status: 0 pass, 1 fail, 2 usage or environment error.

Spanish needs a Spanish locale. When the system has es_CL.UTF-8 (Debian:
the `locales` package and `locale-gen`), the tests use it as a user would;
otherwise the `locale` test compiles one into OUT/locale with localedef
(from `locales` too) and the others point LOCPATH at it.
"""
import argparse
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib

A = None          # the parsed arguments
SPANISH = "es_CL.UTF-8"


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


# ---- running declc ----

def base_env(lang):
    """The environment with the locale set to LANG and nothing else that
    chooses a language or a data folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LOCPATH", "DECLC_DATA_DIR")
           and not k.startswith("LC_")}
    env["LANG"] = lang
    env["NO_COLOR"] = "1"
    if lang.startswith("es") and not system_has_spanish():
        env["LOCPATH"] = os.path.join(A.out, "locale")
    return env


def system_has_spanish():
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return any(n.lower().replace("-", "") == "es_cl.utf8" for n in names.split())


def declc(*args, lang="C.UTF-8", cwd=None, binary=None, env=None, stdin=None):
    e = env if env is not None else base_env(lang)
    return subprocess.run([binary or A.declc, *args], capture_output=True, text=True,
                          cwd=cwd, env=e, timeout=120, stdin=stdin or subprocess.DEVNULL)


def scratch(name):
    d = os.path.join(A.out, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


BAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><x/></body></text></TEI>\n')


def bad_document():
    d = os.path.join(A.out, "bad-" + A.test)   # tests run in parallel
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "bad.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(BAD)
    return path


def sample(name="declaracion-santiago-2024.xml"):
    return os.path.join(A.source, "samples", name)


# ---- the tests ----

def t_locale():
    """Makes a Spanish locale for the others when the system lacks one."""
    if system_has_spanish():
        print("the system has es_CL.UTF-8")
        return
    target = os.path.join(A.out, "locale", SPANISH)
    if os.path.isdir(target):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    r = subprocess.run(["localedef", "-i", "es_CL", "-f", "UTF-8", target],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1) or not os.path.isdir(target):
        print(r.stderr, file=sys.stderr)
        raise Fail("cannot make the es_CL.UTF-8 locale: apt-get install locales "
                   "(then locale-gen es_CL.UTF-8, or let this test use localedef)")


def t_messages_english():
    r = declc("check", bad_document(), lang="C.UTF-8")
    check(r.returncode == 1, f"exit {r.returncode}, expected 1")
    check(re.search(r"bad\.xml:2:\d+: error: <text> is not allowed here; <TEI> may hold ", r.stderr),
          "English diagnostic under C.UTF-8:\n" + r.stderr)
    check("[schema:unexpected]" in r.stderr, "the code in brackets")


def t_messages_spanish():
    r = declc("check", bad_document(), lang=SPANISH)
    check(r.returncode == 1, f"exit {r.returncode}, expected 1")
    check(re.search(r"bad\.xml:2:\d+: error: <text> no se admite aquí; <TEI> admite ", r.stderr),
          "Spanish diagnostic under es_CL.UTF-8:\n" + r.stderr)
    # Codes are for tools: never translated.
    check("[schema:unexpected]" in r.stderr, "the code in brackets stays as it is")


def t_messages_spanish_levels():
    # The founding declaration keeps its slips: warnings of the lint.
    r = declc("check", sample(), lang=SPANISH)
    check(re.search(r": advertencia: un espacio antes de un signo de cierre en «", r.stderr),
          "a Spanish warning with «» quotes:\n" + r.stderr)
    check(": warning:" not in r.stderr, "no English level word:\n" + r.stderr)
    r = declc("check", sample(), lang="C.UTF-8")
    check(": warning: a space before a closing sign" in r.stderr, "English warning:\n" + r.stderr)


def t_messages_json_fields():
    # Field names and level values are for tools; the message is for people.
    r = declc("check", "--diagnostics", "json", bad_document(), lang=SPANISH)
    line = next((l for l in r.stderr.splitlines() + r.stdout.splitlines() if l.startswith("{")), "")
    check('"level":"error"' in line, "level stays English in JSON: " + line)
    check('"code":"schema:unexpected"' in line, "code unchanged: " + line)
    check("no se admite aquí" in line, "message in Spanish: " + line)


def t_help_english():
    r = declc("--help", lang="C.UTF-8")
    check(r.returncode == 0, f"exit {r.returncode}")
    for s in ("Typesets a declaration written in TEI", "declc init [FILE.xml]",
              "--watch", "After the first build, build again", "Exit status: 0 success"):
        check(s in r.stdout, f"--help lacks {s!r}:\n{r.stdout}")


def t_help_spanish():
    r = declc("--help", lang=SPANISH)
    check(r.returncode == 0, f"exit {r.returncode}")
    for s in ("Compone una declaración escrita en TEI", "declc init [ARCHIVO.xml]",
              "Tras la primera compilación, volver a compilar", "--output=SALIDA",
              "Estado de salida: 0 éxito"):
        check(s in r.stdout, f"Spanish --help lacks {s!r}:\n{r.stdout}")
    check("Write to OUT" not in r.stdout, "an option left in English:\n" + r.stdout)


def t_usage_spanish():
    r = declc(sample(), "-f", "docx", "-o", os.path.join(scratch("usage"), "x.docx"), lang=SPANISH)
    check(r.returncode == 2, f"exit {r.returncode}, expected 2")
    check("formato de salida desconocido: «docx»" in r.stderr, r.stderr)
    r = declc("check", lang=SPANISH)
    check(r.returncode == 2, f"exit {r.returncode}, expected 2")
    check("falta el archivo de entrada" in r.stderr and "Pruebe «declc --help»." in r.stderr, r.stderr)


def t_numbers_locale_independent():
    # A Spanish locale writes 2,5 for 2.5; none of it may reach the output.
    d = scratch("numbers")
    english, spanish = os.path.join(d, "c.pdf"), os.path.join(d, "es.pdf")
    for out, lang in ((english, "C.UTF-8"), (spanish, SPANISH)):
        r = declc(sample("carta-fundamental-larga.xml"), "-o", out, lang=lang)
        check(r.returncode == 0, f"exit {r.returncode} under {lang}:\n{r.stderr}")
    with open(english, "rb") as a, open(spanish, "rb") as b:
        check(a.read() == b.read(), "the PDF differs between C.UTF-8 and es_CL.UTF-8")


def model_hrefs(text):
    return re.findall(r'<\?xml-model href="([^"]+)"', text)


def t_init_stdout():
    d = scratch("init-stdout")
    r = declc("init")
    check(r.returncode == 0, f"exit {r.returncode}:\n{r.stderr}")
    check(r.stderr == "", "nothing on stderr when writing to stdout:\n" + r.stderr)
    text = r.stdout
    check(text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model '), text[:200])
    check(len(re.findall(r"^\s*<signed>$", text, re.M)) == 2, "two signatories")
    check(text.count("<!--") >= 5, "a commented template")
    hrefs = model_hrefs(text)
    check(len(hrefs) == 2, f"two xml-model lines: {hrefs}")
    for h in hrefs:
        check(h.startswith("file:///"), f"an absolute file: URI: {h}")
        check(os.path.isfile(h[len("file://"):]), f"{h} names an existing schema")
    path = os.path.join(d, "nueva.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    # Valid, and clean: not even a style note.
    r = declc("check", "-W", "style", path)
    check(r.returncode == 0, f"check: exit {r.returncode}:\n{r.stderr}")
    check(": error:" not in r.stderr and ": warning:" not in r.stderr and ": style:" not in r.stderr,
          "no diagnostics:\n" + r.stderr)
    r = declc(path, "-f", "pdf,txt,html", "-o", os.path.join(d, "nueva.pdf"))
    check(r.returncode == 0, f"compile: exit {r.returncode}:\n{r.stderr}")
    with open(os.path.join(d, "nueva.pdf"), "rb") as f:
        check(f.read(5) == b"%PDF-", "a PDF")
    with open(os.path.join(d, "nueva.txt"), encoding="utf-8") as f:
        txt = f.read()
    check("14 de marzo de 2025" in txt and "Nombre Apellido Apellido" in txt, txt)


def t_init_editor_schema():
    # What an editor does with the xml-model lines: validate against them.
    d = scratch("init-editor")
    path = os.path.join(d, "d.xml")
    r = declc("init", path)
    check(r.returncode == 0, r.stderr)
    with open(path, encoding="utf-8") as f:
        rng, sch = model_hrefs(f.read())
    xmllint = shutil.which("xmllint")
    if not xmllint:
        raise Fail("xmllint not found: apt-get install libxml2-utils")
    for kind, schema in (("--relaxng", rng), ("--schematron", sch)):
        r = subprocess.run([xmllint, "--noout", kind, schema, path], capture_output=True, text=True)
        check(r.returncode == 0, f"xmllint {kind} {schema}:\n{r.stderr}")


def t_init_file():
    d = scratch("init-file")
    r = declc("init", "declaracion.xml", cwd=d)
    check(r.returncode == 0, f"exit {r.returncode}:\n{r.stderr}")
    check("wrote declaracion.xml; compile it with: declc declaracion.xml" in r.stderr, r.stderr)
    check(r.stdout == "", "nothing on stdout")
    st = os.stat(os.path.join(d, "declaracion.xml"))
    umask = os.umask(0)
    os.umask(umask)
    check(st.st_mode & 0o777 == 0o666 & ~umask, f"mode {oct(st.st_mode)} follows the umask")
    check(os.listdir(d) == ["declaracion.xml"], f"no temporary file left: {os.listdir(d)}")
    r = declc("init", "con espacio.xml", lang=SPANISH, cwd=d)
    check(r.returncode == 0, r.stderr)
    check("se escribió con espacio.xml; compílelo con: declc 'con espacio.xml'" in r.stderr, r.stderr)
    r = declc("init", "-o", "otra.xml", cwd=d)
    check(r.returncode == 0 and os.path.isfile(os.path.join(d, "otra.xml")), f"-o: {r.stderr}")
    for args in (("a.xml", "b.xml"), ("a.xml", "-o", "b.xml")):
        r = declc("init", *args, cwd=d)
        check(r.returncode == 2, f"two names {args}: exit {r.returncode}, expected 2")


def t_init_no_overwrite():
    d = scratch("init-exists")
    path = os.path.join(d, "mine.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("my own words\n")
    for lang, words in (("C.UTF-8", "already exists, and declc init never overwrites"),
                        (SPANISH, "ya existe, y declc init nunca sobrescribe")):
        r = declc("init", path, lang=lang)
        check(r.returncode == 2, f"exit {r.returncode}, expected 2")
        check(words in r.stderr and "[usage:init-exists]" in r.stderr, r.stderr)
    with open(path, encoding="utf-8") as f:
        check(f.read() == "my own words\n", "the existing file is untouched")
    check(sorted(os.listdir(d)) == ["mine.xml"], f"no temporary file left: {os.listdir(d)}")
    # A dangling symlink is a name in use too.
    os.symlink("nowhere.xml", os.path.join(d, "link.xml"))
    r = declc("init", os.path.join(d, "link.xml"))
    check(r.returncode == 2 and not os.path.exists(os.path.join(d, "nowhere.xml")),
          f"a dangling link is not followed: exit {r.returncode}")
    r = declc("init", os.path.join(d, "no", "such", "folder.xml"))
    check(r.returncode == 3 and "[io:write]" in r.stderr, f"unwritable: exit {r.returncode}\n{r.stderr}")


# -- watch --

def png(rgb):
    """A 4×4 PNG of one colour, written without any imaging library."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(rgb) * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Watcher:
    """declc --watch in the background, its stderr in a file."""

    def __init__(self, folder, *args):
        self.log = os.path.join(folder, "watch.log")
        self.err = open(self.log, "w+", encoding="utf-8")
        self.p = subprocess.Popen([A.declc, "--watch", *args], cwd=folder, env=base_env("C.UTF-8"),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err)

    def text(self):
        with open(self.log, encoding="utf-8") as f:
            return f.read()

    def wait_for(self, what, count=1, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.text().count(what) >= count:
                return
            if self.p.poll() is not None:
                raise Fail(f"declc --watch exited ({self.p.returncode}):\n{self.text()}")
            time.sleep(0.05)
        raise Fail(f"timed out waiting for {what!r} ×{count}:\n{self.text()}")

    def stop(self, sig=signal.SIGINT, timeout=30):
        self.p.send_signal(sig)
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise Fail(f"declc --watch did not stop on signal {sig}:\n{self.text()}")

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        self.err.close()


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def t_watch_rebuild():
    d = scratch("watch")
    doc, pdf, img = (os.path.join(d, n) for n in ("doc.xml", "doc.pdf", "firma.png"))
    check(declc("init", doc).returncode == 0, "init")
    # A signature image, so that its changes count too.
    text = read(doc, "r").replace("<signed>\n          <persName>",
                                  '<signed>\n          <graphic url="firma.png" width="2cm"/>\n'
                                  '          <persName>', 1)
    check('<graphic url="firma.png"' in text, "the image is referenced")
    write(doc, text)
    write(img, png((0, 0, 255)))
    built = "declc: build finished"
    w = Watcher(d, "doc.xml", "-o", "doc.pdf")
    try:
        w.wait_for("press Ctrl-C to stop")
        check(w.text().count(built) == 1, "the first build:\n" + w.text())
        first = read(pdf)

        # An edit of the document: one new build, a new PDF.
        write(doc, text.replace("Escriba aquí el primer párrafo", "Aquí va el primer párrafo"))
        w.wait_for(built, 2)
        second = read(pdf)
        check(second != first, "the PDF changed after the document did")
        check("declc: doc.xml changed; building again" in w.text(), w.text())

        # An edit of the image it references: a build of its own. (Not
        # the PDF's bytes: whether the typesetter draws images is not
        # what this tests.)
        write(img, png((255, 0, 0)))
        w.wait_for("firma.png changed; building again")
        w.wait_for(built, 3)
        third = read(pdf)

        # A broken document: reported, and the last good PDF stays.
        write(doc, text[: len(text) // 2])
        w.wait_for("the build failed; the previous outputs are kept")
        check(re.search(r"doc\.xml:\d+:\d+: error: ", w.text()), "the error is reported:\n" + w.text())
        check(read(pdf) == third, "the last good PDF is kept")
        leftovers = sorted(set(os.listdir(d)) - {"doc.xml", "doc.pdf", "firma.png", "watch.log"})
        check(not leftovers, f"no partial output: {leftovers}")

        # Fixed again, built again.
        write(doc, text)
        w.wait_for(built, 4)
        check(w.stop(signal.SIGINT) == 0, "Ctrl-C: exit 0")
        check("declc: stopped watching" in w.text(), w.text())
    finally:
        w.close()


def house_style(size):
    layout = "file://" + os.path.join(os.path.realpath(A.source), "stylesheets", "layout.xsl")
    return (f'<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" '
            f'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
            f'  <xsl:import href="{layout}"/>\n'
            f'  <xsl:param name="font-size" select="\'{size}\'"/>\n</xsl:stylesheet>\n')


def t_watch_style():
    # The style is part of the run: its change sets up a new one.
    d = scratch("watch-style")
    doc, pdf, style = (os.path.join(d, n) for n in ("doc.xml", "doc.pdf", "casa.xsl"))
    check(declc("init", doc).returncode == 0, "init")
    write(style, house_style(11))
    built = "declc: build finished"
    w = Watcher(d, "--style", "casa.xsl", "doc.xml")
    try:
        w.wait_for("press Ctrl-C to stop")
        first = read(pdf)
        write(style, house_style(14))
        w.wait_for("casa.xsl changed; building again")
        w.wait_for(built, 2)
        second = read(pdf)
        check(second != first, "a larger font size, another PDF")
        write(style, "<xsl:stylesheet")
        w.wait_for("the build failed; the previous outputs are kept")
        check(read(pdf) == second, "a broken style keeps the last good PDF")
        write(style, house_style(12))
        w.wait_for(built, 3)
        check(read(pdf) not in (first, second), "the mended style is used")
        check(w.stop() == 0, "Ctrl-C: exit 0")
    finally:
        w.close()


def t_watch_sigterm():
    d = scratch("watch-term")
    check(declc("init", os.path.join(d, "doc.xml")).returncode == 0, "init")
    w = Watcher(d, "doc.xml", "-q")
    try:
        # -q: no progress lines; wait for the PDF instead.
        end = time.monotonic() + 60
        while not os.path.exists(os.path.join(d, "doc.pdf")) and time.monotonic() < end:
            time.sleep(0.05)
        check(os.path.exists(os.path.join(d, "doc.pdf")), "the first build wrote doc.pdf")
        check(w.stop(signal.SIGTERM) == 0, "SIGTERM: exit 0")
        check(w.text() == "", "-q prints nothing:\n" + w.text())
    finally:
        w.close()


def t_watch_refuses_stdin():
    r = declc("--watch", "-", stdin=None)
    check(r.returncode == 2 and "--watch" in r.stderr, f"exit {r.returncode}:\n{r.stderr}")
    r = declc("--watch", sample(), "-o", "-")
    check(r.returncode == 2, f"stdout: exit {r.returncode}:\n{r.stderr}")
    r = declc("check", "--watch", sample())
    check(r.returncode == 2, f"check --watch: exit {r.returncode}:\n{r.stderr}")


# -- installation --

def t_install_relocatable():
    d = scratch("install")
    prefix, moved, work = (os.path.join(d, n) for n in ("prefix", "moved", "work"))
    r = subprocess.run([A.cmake, "--install", A.build, "--prefix", prefix],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, "cmake --install:\n" + r.stdout + r.stderr)
    module = os.path.join("lib", "declc", "declc-typeset.so")
    check(os.path.isfile(os.path.join(prefix, module)) == (A.typesetter == "module"),
          f"{module} installed if and only if the build opens it as a module")
    for f in ("bin/declc", "share/declc/schemas/declaracion.rng", "share/declc/schemas/declaracion.sch",
              "share/declc/schemas/layout.rng", "share/declc/stylesheets/layout.xsl",
              "share/declc/stylesheets/html.xsl", "share/declc/stylesheets/text.xsl",
              "share/declc/fonts/COPYING-LinuxLibertine.txt", "share/declc/fonts/LinLibertine_R.otf",
              "share/declc/dicts/hyph_es.dic", "share/declc/dicts/LICENSE-hyph_es.txt",
              "share/declc/templates/init.xml", "share/man/man1/declc.1",
              "share/bash-completion/completions/declc", "share/locale/es/LC_MESSAGES/declc.mo"):
        check(os.path.isfile(os.path.join(prefix, f)), f"installed: {f}")
    # Relocatable: the installed tree moved elsewhere still works, from
    # another folder, with no DECLC_DATA_DIR.
    os.rename(prefix, moved)
    os.makedirs(work)
    shutil.copy(sample(), work)
    binary = os.path.join(moved, "bin", "declc")
    r = declc(os.path.basename(sample()), "-o", "out.pdf", cwd=work, binary=binary)
    check(r.returncode == 0, f"compile from another folder: exit {r.returncode}\n{r.stderr}")
    check(read(os.path.join(work, "out.pdf"))[:5] == b"%PDF-", "a PDF")
    # The data folder it used is the moved one: init says where its schemas are.
    r = declc("init", "nueva.xml", cwd=work, binary=binary)
    check(r.returncode == 0, r.stderr)
    hrefs = model_hrefs(read(os.path.join(work, "nueva.xml"), "r"))
    data = "file://" + os.path.realpath(os.path.join(moved, "share", "declc", "schemas"))
    check(all(h.startswith(data + "/") for h in hrefs), f"{hrefs} are under {data}")
    r = declc("check", "nueva.xml", cwd=work, binary=binary)
    check(r.returncode == 0, r.stderr)
    # And so are its messages: Spanish from the moved catalogue, English
    # once that catalogue is gone.
    r = declc("check", bad_document(), lang=SPANISH, binary=binary)
    check("no se admite aquí" in r.stderr, "Spanish from the installed catalogue:\n" + r.stderr)
    shutil.rmtree(os.path.join(moved, "share", "locale"))
    r = declc("check", bad_document(), lang=SPANISH, binary=binary)
    check("is not allowed here" in r.stderr, "the catalogue came from the installation:\n" + r.stderr)
    # The typesetter is the installation's too (src/typeset_lib.h): without
    # it a drawn format fails cleanly, naming it, and writes nothing, while
    # check and HTML, which never open it, still work. (A build that links
    # it in installed none, and draws all the same.)
    if A.typesetter == "module":
        os.remove(os.path.join(moved, module))
    r = declc(os.path.basename(sample()), "-o", "gone.pdf", cwd=work, binary=binary)
    if A.typesetter == "module":
        check(r.returncode == 3 and "env:typesetter" in r.stderr and "declc-typeset.so" in r.stderr,
              f"no typesetter: exit {r.returncode}\n{r.stderr}")
        check(not os.path.exists(os.path.join(work, "gone.pdf")), "no PDF without the typesetter")
    else:
        check(r.returncode == 0 and read(os.path.join(work, "gone.pdf"))[:5] == b"%PDF-",
              f"typesetter linked in: exit {r.returncode}\n{r.stderr}")
    r = declc("check", "nueva.xml", cwd=work, binary=binary)
    check(r.returncode == 0, "check without the typesetter:\n" + r.stderr)
    r = declc(os.path.basename(sample()), "-f", "html", "-o", "out.html", cwd=work, binary=binary)
    check(r.returncode == 0 and read(os.path.join(work, "out.html"), "r").startswith("<!DOCTYPE html>"),
          f"HTML without the typesetter: exit {r.returncode}\n{r.stderr}")


# -- documentation and completion --

def help_options():
    r = declc("--help", lang="C.UTF-8")
    return sorted(set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", r.stdout, re.M)) - {"--help"})


def t_man_renders():
    groff = shutil.which("groff")
    if not groff:
        raise Fail("groff not found: apt-get install groff-base")
    page = os.path.join(A.source, "docs", "declc.1")
    r = subprocess.run([groff, "-man", "-ww", "-z", page], capture_output=True, text=True)
    check(r.returncode == 0 and r.stderr == "", "groff warnings:\n" + r.stderr)
    r = subprocess.run([groff, "-man", "-Tutf8", page], capture_output=True, text=True,
                       env=dict(os.environ, LANG="C.UTF-8"))
    out = re.sub(r".\x08", "", r.stdout)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                    "FILES", "EXAMPLES", "SEE ALSO"):
        check(re.search(rf"^{section}$", out, re.M), f"section {section}")
    for s in ("declc check", "declc init", "DECLC_DATA_DIR", "SOURCE_DATE_EPOCH", "NO_COLOR"):
        check(s in out, f"the page mentions {s}")


def t_man_options():
    page = read(os.path.join(A.source, "docs", "declc.1"), "r").replace("\\-", "-")
    completion = read(os.path.join(A.source, "scripts", "declc-completion.bash"), "r")
    missing_man = [o for o in help_options() if o not in page]
    missing_completion = [o for o in help_options() if o not in completion]
    check(not missing_man, f"options of --help missing from docs/declc.1: {missing_man}")
    check(not missing_completion,
          f"options of --help missing from scripts/declc-completion.bash: {missing_completion}")


def t_completion():
    script = os.path.join(A.source, "scripts", "declc-completion.bash")
    d = scratch("completion")
    for n in ("a.xml", "b.xml", "c.txt", "style.xsl"):
        write(os.path.join(d, n), "")
    os.makedirs(os.path.join(d, "sub"))
    probe = r'''
set -u
source "$1" || exit 9
complete -p declc >/dev/null || exit 8
t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
      _declc declc "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}" 2>/dev/null
      printf '%s|' "${COMPREPLY[@]}"; echo; }
t declc ""
t declc --pa
t declc --paper ""
t declc -f pdf,h
t declc --pdfa ""
t declc --diagnostics ""
t declc check ""
t declc --style ""
'''
    r = subprocess.run(["bash", "-c", probe, "probe", script], capture_output=True, text=True, cwd=d)
    check(r.returncode == 0, f"bash: exit {r.returncode}\n{r.stderr}")
    check(r.stderr == "", "sourcing prints nothing:\n" + r.stderr)
    got = [set(filter(None, l.split("|"))) for l in r.stdout.splitlines()]
    want = [{"check", "init", "batch", "import", "hyphenate", "a.xml", "b.xml", "sub"},
            {"--paper", "--param", "--pages"},
            {"A4", "letter", "oficio", "legal"}, {"pdf,html"}, {"1b", "2b", "3b"},
            {"text", "json", "sarif", "github"}, {"a.xml", "b.xml", "sub"}, {"style.xsl", "sub"}]
    check(len(got) == len(want), r.stdout)
    for g, w in zip(got, want):
        check(g == w, f"completion {sorted(g)}, expected {sorted(w)}")


def t_po_complete():
    for tool in ("xgettext", "msgcmp", "msgfmt"):
        if not shutil.which(tool):
            raise Fail(f"{tool} not found: apt-get install gettext")
    r = subprocess.run(["sh", os.path.join(A.source, "po", "update-po.sh"), "--check"],
                       capture_output=True, text=True)
    check(r.returncode == 0, "a string lacks its Spanish translation (po/README.md):\n" + r.stderr)


TESTS = {
    "locale": t_locale,
    "messages.english": t_messages_english,
    "messages.spanish": t_messages_spanish,
    "messages.spanish-levels": t_messages_spanish_levels,
    "messages.json-fields": t_messages_json_fields,
    "help.english": t_help_english,
    "help.spanish": t_help_spanish,
    "usage.spanish": t_usage_spanish,
    "numbers.locale-independent": t_numbers_locale_independent,
    "init.stdout": t_init_stdout,
    "init.editor-schema": t_init_editor_schema,
    "init.file": t_init_file,
    "init.no-overwrite": t_init_no_overwrite,
    "watch.rebuild": t_watch_rebuild,
    "watch.style": t_watch_style,
    "watch.sigterm": t_watch_sigterm,
    "watch.refuses-stdin": t_watch_refuses_stdin,
    "install.relocatable": t_install_relocatable,
    "man.renders": t_man_renders,
    "man.options": t_man_options,
    "completion": t_completion,
    "po.complete": t_po_complete,
}


def main():
    global A
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--declc", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cmake", default="cmake")
    p.add_argument("--typesetter", choices=("module", "linked-in"), default="module")
    p.add_argument("test", choices=sorted(TESTS))
    A = p.parse_args()
    A.declc = os.path.abspath(A.declc)
    os.makedirs(A.out, exist_ok=True)
    try:
        TESTS[A.test]()
    except Fail as e:
        print(f"FAIL {A.test}: {e}", file=sys.stderr)
        return 1
    print(f"ok {A.test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
