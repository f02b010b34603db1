#!/usr/bin/env python3
"""Hostile input: one case per threat of DESIGN §7 and docs/limits.md.

Usage: hostile.py DECLC DATA_DIR CASE...      run the named cases
       hostile.py --list                      print every case name

Every case runs declc in a fresh sandbox folder:

    secret/   files declc must never read (each holds a random token)
    doc/      the document's folder: the input, its images
    style/    a house style's folder
    out/      the output folder (and declc's working directory)

and, whatever the case, asserts:

  * the exit status is the expected one (and declc was not killed by a signal);
  * stderr names the file at fault and the problem (a diagnostic code);
  * no network connection was attempted: every URL planted in a case points
    at a listener on 127.0.0.1 (listener.py) that records connections;
  * no file appeared, changed or vanished outside out/ (the input included);
  * no secret token appears in stdout, stderr or any output (PDFs are
    checked after uncompressing their streams with qpdf, and as text);
  * the CPU time and peak memory (resident set) stay under the case's bounds
    (a wall-clock timeout catches hangs).

Each case is a function below; CMakeLists.txt registers one test per name.
"""
import hashlib
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zlib
import struct

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from listener import Listener  # noqa: E402

CASES = {}


def case(fn):
    CASES[fn.__name__.replace("_", "-")] = fn
    return fn


class Failure(Exception):
    pass


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
{prolog}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="es">
  <teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>
  <publicationStmt><publisher>Red</publisher><date when="2024-11-14"/></publicationStmt>
  <sourceDesc><p>Prueba.</p></sourceDesc></fileDesc></teiHeader>
  <text><body>
"""
FOOTER = """  <closer>{signed}</closer></body></text>
</TEI>
"""


def tei(body="<p>Texto de prueba.</p>", signed=None, prolog="", title="Prueba"):
    if signed is None:
        signed = "<signed><persName>Ana Pérez</persName></signed>"
    return HEADER.format(prolog=prolog, title=title) + body + "\n" + FOOTER.format(signed=signed)


def snapshot(root, skip):
    """path → (size, mtime, sha256) of every file under ROOT but SKIP."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if os.path.abspath(dirpath).startswith(skip):
            dirnames[:] = []
            continue
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            digest = ""
            if stat.S_ISREG(st.st_mode) and st.st_size < (1 << 26):
                with open(p, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            files[p] = (st.st_size, digest)
    return files


class Result:
    def __init__(self, status, sig, stdout, stderr, wall, cpu, rss_mb):
        self.status, self.signal = status, sig
        self.stdout, self.stderr = stdout, stderr
        # Bounds are on CPU time (user + system): the machine may be busy
        # with other work, which stretches the wall clock but not this.
        self.wall, self.seconds, self.rss_mb = wall, cpu, rss_mb


class Sandbox:
    def __init__(self, declc, data_dir):
        self.declc, self.data_dir = declc, data_dir
        self.root = tempfile.mkdtemp(prefix="declc-hostile-")
        self.logs = tempfile.mkdtemp(prefix="declc-hostile-logs-")
        self.token = "SECRETO-%016x" % random.getrandbits(64)
        for d in ("secret", "doc", "style", "out"):
            os.mkdir(os.path.join(self.root, d))
        self.secret = os.path.join(self.root, "secret")
        self.doc_dir = os.path.join(self.root, "doc")
        self.style_dir = os.path.join(self.root, "style")
        self.out = os.path.join(self.root, "out")
        self.write("secret/secret.txt", self.token + "\n")
        self.write("secret/secret.xml", f"<secret>{self.token}</secret>\n")
        self.write("secret/secret.xsl",
                   '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                   f'<xsl:template name="secret">{self.token}</xsl:template></xsl:stylesheet>\n')
        self.listener = Listener(lifetime=600)
        self.checked_outputs = True

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, data):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    def style(self, name, body, imports=True):
        """A house style in style/ importing declc's layout.xsl."""
        layout = os.path.join(self.data_dir, "stylesheets", "layout.xsl")
        imp = f'<xsl:import href="file://{layout}"/>' if imports else ""
        return self.write("style/" + name, f"""<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:t="http://www.tei-c.org/ns/1.0"
  xmlns:exsl="http://exslt.org/common" xmlns:l="urn:declc:layout:1"
  extension-element-prefixes="exsl">
{imp}
{body}
</xsl:stylesheet>
""")

    def run(self, args, stdin=None, timeout=60, rlimits=None, kill_after=None, kill_signal=None):
        """Runs declc ARGS in out/; returns a Result. KILL_AFTER seconds:
        send KILL_SIGNAL then (to test interruption)."""
        so = open(os.path.join(self.logs, "stdout"), "wb+")
        se = open(os.path.join(self.logs, "stderr"), "wb+")
        env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
        for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy"):
            env.pop(k, None)

        def limits():
            import resource
            for res, val in (rlimits or {}).items():
                resource.setrlimit(res, (val, val))
            # The shell that ran us may ignore SIGXFSZ; declc must cope either way.
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)

        fin = subprocess.DEVNULL
        if stdin is not None:
            fin = open(os.path.join(self.logs, "stdin"), "wb+")
            fin.write(stdin)
            fin.seek(0)
        start = time.monotonic()
        p = subprocess.Popen([self.declc] + args, cwd=self.out, stdin=fin, stdout=so,
                             stderr=se, env=env, preexec_fn=limits)
        timer = None
        if kill_after is not None:
            timer = threading.Timer(kill_after, lambda: p.send_signal(kill_signal))
            timer.start()
        guard = threading.Timer(timeout, p.kill)
        guard.start()
        _, wstatus, usage = os.wait4(p.pid, 0)
        p.returncode = 0  # reaped here, not by Popen
        seconds = time.monotonic() - start
        guard.cancel()
        if timer:
            timer.cancel()
        if seconds >= timeout:
            raise Failure(f"declc took more than {timeout} s (killed)")
        so.seek(0)
        se.seek(0)
        out, err = so.read(), se.read()
        so.close()
        se.close()
        sig = os.WTERMSIG(wstatus) if os.WIFSIGNALED(wstatus) else 0
        status = os.WEXITSTATUS(wstatus) if os.WIFEXITED(wstatus) else -sig
        return Result(status, sig, out, err.decode("utf-8", "replace"), seconds,
                      usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)

    def check(self, args, status, codes=(), names=None, stdin=None, seconds=30, rss_mb=400,
              timeout=None, rlimits=None, allow_changes=()):
        """Runs declc and asserts everything the module docstring promises.
        CODES: diagnostic codes stderr must show; NAMES: the file stderr must
        name (default: the first argument, the input)."""
        # Sanitizer builds run slower and bigger: CMake sets the slack.
        slack = float(os.environ.get("DECLC_HOSTILE_SLACK", "1"))
        seconds, rss_mb = seconds * slack, rss_mb * slack + (400 if slack > 1 else 0)
        before = snapshot(self.root, self.out)
        r = self.run(args, stdin=stdin, timeout=timeout or max(60, seconds * 3), rlimits=rlimits)
        after = snapshot(self.root, self.out)
        fail = []
        if r.signal:
            fail.append(f"killed by signal {r.signal}")
        if r.status != status:
            fail.append(f"exit status {r.status}, expected {status}")
        if names is None:
            names = [args[0]] if args and not args[0].startswith("-") else []
        for n in names:
            if n not in r.stderr:
                fail.append(f"stderr does not name {n!r}")
        for c in codes:
            if c not in r.stderr:
                fail.append(f"stderr does not report [{c}]")
        if status != 0 and not r.stderr.strip():
            fail.append("failed without a word on stderr")
        if self.listener.connections:
            fail.append(f"network connection attempted: {self.listener.connections[0][1][:80]!r}")
        changed = sorted(p for p in set(before) | set(after)
                         if before.get(p) != after.get(p) and p not in allow_changes)
        if changed:
            fail.append("files appeared, changed or vanished outside out/: " + ", ".join(changed))
        leak = self.secret_in_outputs(r)
        if leak:
            fail.append(f"the secret token leaked into {leak}")
        if r.seconds > seconds:
            fail.append(f"took {r.seconds:.1f} s of CPU; the bound is {seconds} s")
        if r.rss_mb > rss_mb:
            fail.append(f"peak memory {r.rss_mb:.0f} MB; the bound is {rss_mb} MB")
        print(f"  status {r.status}, {r.seconds:.2f} s CPU ({r.wall:.2f} s wall), {r.rss_mb:.0f} MB")
        if fail:
            raise Failure("; ".join(fail) + "\n--- stderr ---\n" + r.stderr[-3000:])
        return r

    def secret_in_outputs(self, r):
        tok = self.token.encode()
        if tok in r.stdout:
            return "stdout"
        if self.token in r.stderr:
            return "stderr"
        for dirpath, _, files in os.walk(self.out):
            for name in files:
                p = os.path.join(dirpath, name)
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                with open(p, "rb") as f:
                    data = f.read()
                if tok in data:
                    return p
                if data.startswith(b"%PDF"):
                    flat = subprocess.run(["qpdf", "--stream-data=uncompress", "--decode-level=all",
                                           p, "-"], capture_output=True).stdout
                    text = subprocess.run(["pdftotext", p, "-"], capture_output=True).stdout
                    if tok in flat or tok in text:
                        return p
        return None

    def close(self):
        self.listener.stop()
        for dirpath, dirnames, _ in os.walk(self.root):
            for d in dirnames:
                try:
                    os.chmod(os.path.join(dirpath, d), 0o755)
                except OSError:
                    pass
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.logs, ignore_errors=True)


def pdf_ok(path):
    return subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0


# ---------------------------------------------------------------------------
# 1. DESIGN §7: entities, DTDs, XInclude, stylesheets


@case
def entity_local_file(sb):
    doc = sb.write("doc/d.xml", tei("<p>&s;</p>", prolog=
        f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "file://{sb.secret}/secret.txt">]>\n'))
    sb.check([doc], 1, ["xml:doctype"])


@case
def entity_parameter(sb):
    doc = sb.write("doc/d.xml", tei("<p>x</p>", prolog=
        f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{sb.listener.url("p.dtd")}"> %p;]>\n'))
    sb.check([doc], 1, ["xml:doctype"])


@case
def entity_network_dtd(sb):
    doc = sb.write("doc/d.xml", tei(prolog=
        f'<!DOCTYPE TEI PUBLIC "-//X//Y" "{sb.listener.url("tei.dtd")}">\n'))
    sb.check([doc], 1, ["xml:doctype"])


@case
def entity_undeclared(sb):
    doc = sb.write("doc/d.xml", tei("<p>&nbsp;texto</p>"))
    sb.check([doc], 1, ["xml:entity"])


@case
def billion_laughs(sb):
    ents = '<!ENTITY l0 "ja">' + "".join(
        f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    doc = sb.write("doc/d.xml", tei("<p>&l9;</p>", prolog=f"<!DOCTYPE TEI [{ents}]>\n"))
    sb.check([doc], 1, ["xml:doctype"], seconds=5, rss_mb=200)


@case
def quadratic_blowup(sb):
    big = "a" * 100000
    doc = sb.write("doc/d.xml", tei("<p>" + "&a;" * 20000 + "</p>",
                                    prolog=f'<!DOCTYPE TEI [<!ENTITY a "{big}">]>\n'))
    sb.check([doc], 1, ["xml:doctype"], seconds=5, rss_mb=200)


@case
def xinclude_ignored(sb):
    body = ('<p xmlns:xi="http://www.w3.org/2001/XInclude">Texto '
            f'<xi:include href="file://{sb.secret}/secret.txt" parse="text"/>'
            f'<xi:include href="{sb.listener.url("inc.xml")}"/></p>')
    doc = sb.write("doc/d.xml", tei(body))
    # Never processed: the include elements are simply not TEI.
    sb.check([doc, "-o", "d.pdf"], 1, ["schema:"])


@case
def xml_stylesheet_pi_ignored(sb):
    prolog = (f'<?xml-stylesheet type="text/xsl" href="{sb.listener.url("evil.xsl")}"?>\n'
              f'<?xml-stylesheet type="text/xsl" href="file://{sb.secret}/secret.xsl"?>\n')
    doc = sb.write("doc/d.xml", tei(prolog=prolog))
    sb.check([doc, "-o", "d.pdf"], 0, names=[])
    if not pdf_ok(os.path.join(sb.out, "d.pdf")):
        raise Failure("no complete PDF")


def style_case(sb, body, status, codes, imports=True, names=None):
    doc = sb.write("doc/d.xml", tei())
    xsl = sb.style("house.xsl", body, imports)
    return sb.check([doc, "--style", xsl, "-o", "d.pdf"], status, codes,
                    names=[doc] if names is None else names)


@case
def style_document_file_url(sb):
    style_case(sb, f"""<xsl:template match="t:body/t:p">
  <l:block><xsl:value-of select="document('file://{sb.secret}/secret.xml')"/></l:block>
</xsl:template>""", 1, ["xslt:forbidden"])


@case
def style_document_relative(sb):
    style_case(sb, """<xsl:template match="t:body/t:p">
  <l:block><xsl:value-of select="document('../secret/secret.xml')"/></l:block>
</xsl:template>""", 1, ["xslt:forbidden"])


@case
def style_document_absolute(sb):
    style_case(sb, f"""<xsl:template match="t:body/t:p">
  <l:block><xsl:value-of select="document('{sb.secret}/secret.xml')"/></l:block>
</xsl:template>""", 1, ["xslt:forbidden"])


@case
def style_document_http(sb):
    style_case(sb, f"""<xsl:template match="t:body/t:p">
  <l:block><xsl:value-of select="document('{sb.listener.url("d.xml")}')"/></l:block>
</xsl:template>""", 1, ["xslt:forbidden"])


@case
def style_exsl_document_write(sb):
    target = sb.path("written.txt")
    style_case(sb, f"""<xsl:template match="/">
  <exsl:document href="{target}" method="text">escrito</exsl:document>
  <xsl:apply-imports/>
</xsl:template>""", 1, ["xslt:forbidden"])
    if os.path.exists(target):
        raise Failure("exsl:document wrote a file")


@case
def style_exsl_document_mkdir(sb):
    target = sb.path("newdir/sub/written.txt")
    style_case(sb, f"""<xsl:template match="/">
  <exsl:document href="{target}" method="text">escrito</exsl:document>
  <xsl:apply-imports/>
</xsl:template>""", 1, ["xslt:forbidden"])


@case
def style_import_outside(sb):
    doc = sb.write("doc/d.xml", tei())
    xsl = sb.style("house.xsl", f'<xsl:include href="file://{sb.secret}/secret.xsl"/>')
    sb.check([doc, "--style", xsl, "-o", "d.pdf"], 3, ["xslt:import-forbidden"], names=[xsl])


@case
def style_import_relative_outside(sb):
    doc = sb.write("doc/d.xml", tei())
    xsl = sb.style("house.xsl", '<xsl:include href="../secret/secret.xsl"/>')
    sb.check([doc, "--style", xsl, "-o", "d.pdf"], 3, ["xslt:import-forbidden"], names=[xsl])


@case
def style_import_http(sb):
    doc = sb.write("doc/d.xml", tei())
    xsl = sb.style("house.xsl", f'<xsl:include href="{sb.listener.url("x.xsl")}"/>')
    sb.check([doc, "--style", xsl, "-o", "d.pdf"], 3, names=[xsl])


@case
def style_doctype_entity(sb):
    doc = sb.write("doc/d.xml", tei())
    layout = os.path.join(sb.data_dir, "stylesheets", "layout.xsl")
    xsl = sb.write("style/house.xsl", f"""<?xml version="1.0"?>
<!DOCTYPE xsl:stylesheet [<!ENTITY s SYSTEM "file://{sb.secret}/secret.txt">]>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:t="http://www.tei-c.org/ns/1.0" xmlns:l="urn:declc:layout:1">
<xsl:import href="file://{layout}"/>
<xsl:template match="t:body/t:p"><l:block>&s;</l:block></xsl:template>
</xsl:stylesheet>
""")
    sb.check([doc, "--style", xsl, "-o", "d.pdf"], 3, ["env:stylesheet"], names=[xsl])


@case
def style_infinite_recursion(sb):
    style_case(sb, """<xsl:template match="/"><xsl:call-template name="r"/></xsl:template>
<xsl:template name="r"><xsl:call-template name="r"/></xsl:template>""",
               1, ["limit:xslt-depth"])


@case
def style_infinite_recursion_vars(sb):
    r = style_case(sb, """<xsl:template match="/"><xsl:call-template name="r"/></xsl:template>
<xsl:template name="r"><xsl:param name="n" select="0"/>
  <xsl:variable name="v"><xsl:call-template name="r">
    <xsl:with-param name="n" select="$n + 1"/></xsl:call-template></xsl:variable>
  <xsl:value-of select="$v"/></xsl:template>""", 1, ["limit:xslt-depth"])
    if len(r.stderr) > 4000:
        raise Failure("the recursion is reported at length (%d bytes)" % len(r.stderr))


@case
def style_message_terminate(sb):
    style_case(sb, """<xsl:template match="/">
  <xsl:message terminate="yes">alto aquí</xsl:message></xsl:template>""", 1, ["xslt:error", "alto aquí"])


# ---------------------------------------------------------------------------
# 2. Bad bytes


def bytes_case(sb, data, codes, status=1, name="d.xml"):
    doc = sb.write("doc/" + name, data)
    sb.check([doc, "-o", "d.pdf"], status, codes, seconds=10)
    if status and os.path.exists(os.path.join(sb.out, "d.pdf")):
        raise Failure("a failed compile left d.pdf")


@case
def invalid_utf8(sb):
    bytes_case(sb, tei("<p>Texto XYZ</p>").encode().replace(b"XYZ", b"\xff\xfe"), ["xml:syntax"])


@case
def overlong_utf8(sb):
    bytes_case(sb, tei("<p>Texto XYZ</p>").encode().replace(b"XYZ", b"\xc0\xaf"), ["xml:syntax"])


@case
def surrogate_charref(sb):
    bytes_case(sb, tei("<p>Texto &#xD800; fin</p>"), ["xml:syntax"])


@case
def out_of_range_charref(sb):
    bytes_case(sb, tei("<p>Texto &#x110000; fin</p>"), ["xml:syntax"])


@case
def nul_byte(sb):
    bytes_case(sb, tei("<p>Texto XYZ</p>").encode().replace(b"XYZ", b"\x00"), ["xml:syntax"])


@case
def c0_control(sb):
    bytes_case(sb, tei("<p>Texto XYZ</p>").encode().replace(b"XYZ", b"\x01\x1b"), ["xml:syntax"])


@case
def c0_control_charref(sb):
    bytes_case(sb, tei("<p>Texto &#x7; fin</p>"), ["xml:syntax"])


@case
def c1_control(sb):
    # U+0085 and U+009B are legal XML 1.0 characters; no bundled font draws
    # them, so declc must refuse them by name rather than drop them.
    bytes_case(sb, tei("<p>Texto \u0085 y \u009b fin</p>"), ["U+0085"])


@case
def bom_lies_utf16(sb):
    bytes_case(sb, b"\xff\xfe" + tei().encode(), ["xml:"])


@case
def encoding_declaration_lies(sb):
    # Declared UTF-8, written in Latin-1: the bytes are refused, not guessed.
    bytes_case(sb, tei("<p>Pérez</p>").encode("latin-1"), ["xml:syntax"])


@case
def encoding_declared_utf16_is_ascii(sb):
    bytes_case(sb, tei().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(), ["xml:"])


@case
def empty_file(sb):
    bytes_case(sb, b"", ["xml:empty"])


@case
def whitespace_only(sb):
    bytes_case(sb, b"\xef\xbb\xbf  \n\n", ["xml:empty"])


@case
def truncated_file(sb):
    data = tei("<p>" + "palabra " * 500 + "</p>").encode()
    bytes_case(sb, data[: len(data) // 2], ["xml:syntax", "truncated"])


@case
def pdf_renamed_xml(sb):
    src = os.path.join(sb.data_dir, "tests", "hostile", "data", "tiny.pdf")
    with open(src, "rb") as f:
        bytes_case(sb, f.read(), ["xml:not-xml"])


@case
def empty_stdin(sb):
    sb.check(["-", "-o", "d.pdf"], 1, ["xml:empty"], names=["<stdin>"], stdin=b"")


# ---------------------------------------------------------------------------
# 3. Size and shape


@case
def deep_nesting(sb):
    n = 100000
    body = "<p>" + "<hi>" * n + "x" + "</hi>" * n + "</p>"
    doc = sb.write("doc/d.xml", tei(body))
    sb.check([doc, "-o", "d.pdf"], 1, ["limit:depth"], seconds=5, rss_mb=300)


@case
def deep_nesting_option(sb):
    body = "<p>" + "<hi>" * 40 + "x" + "</hi>" * 40 + "</p>"
    doc = sb.write("doc/d.xml", tei(body))
    sb.check([doc, "--max-depth", "30", "-o", "d.pdf"], 1, ["limit:depth", "--max-depth"])


@case
def text_node_50mb(sb):
    doc = sb.write("doc/d.xml", tei("<p>" + "a" * (50 << 20) + "</p>"))
    sb.check([doc, "-o", "d.pdf"], 1, ["limit:text"], seconds=15, rss_mb=600)


@case
def size_limit(sb):
    doc = sb.write("doc/d.xml", tei("<p>" + "palabra " * 20000 + "</p>"))
    sb.check([doc, "--max-size", "64K", "-o", "d.pdf"], 1, ["limit:size", "--max-size"], seconds=5)


@case
def size_limit_default(sb):
    doc = sb.write("doc/d.xml", tei("<p>" + "palabra " * (9 << 20) + "</p>"))
    sb.check([doc, "-o", "d.pdf"], 1, ["limit:size"], seconds=5, rss_mb=200)


@case
def size_limit_stdin(sb):
    data = tei("<p>" + "palabra " * 20000 + "</p>").encode()
    sb.check(["-", "--max-size", "64K", "-o", "d.pdf"], 1, ["limit:size"], names=["<stdin>"],
             stdin=data, seconds=5)


@case
def words_100k_paragraph(sb):
    doc = sb.write("doc/d.xml", tei("<p>" + "palabra " * 100000 + "</p>"))
    sb.check([doc, "-o", "d.pdf"], 1, ["limit:words", "--max-words"], seconds=30, rss_mb=600)


@case
def unbreakable_word(sb):
    doc = sb.write("doc/d.xml", tei("<p>Antes " + "a" * 5000 + " después.</p>"))
    sb.check([doc, "-o", "d.pdf"], 0, ["layout:overfull"], seconds=20, rss_mb=400)
    if not pdf_ok(os.path.join(sb.out, "d.pdf")):
        raise Failure("no complete PDF")


def signatories(n):
    return "".join(f"<signed><persName>Persona {i}</persName></signed>" for i in range(n))


@case
def signatories_10k(sb):
    doc = sb.write("doc/d.xml", tei(signed=signatories(10000)))
    sb.check([doc, "-o", "d.pdf"], 1, ["limit:signatories", "--max-signatories"], seconds=30, rss_mb=400)


@case
def pages_limit(sb):
    body = "".join(f"<p>Párrafo {i}. " + "Texto de relleno para llenar la página. " * 30 + "</p>"
                   for i in range(400))
    doc = sb.write("doc/d.xml", tei(body))
    sb.check([doc, "--max-pages", "20", "-o", "d.pdf"], 1, ["limit:pages", "--max-pages"], seconds=120,
             rss_mb=800)


def timed_compile(sb, body, signed=None):
    doc = sb.write("doc/d.xml", tei(body, signed=signed))
    r = sb.check([doc, "-o", "d.pdf", "--max-pages", "100000"], 0, names=[], seconds=600, rss_mb=3000)
    return r.seconds, r.rss_mb


def linear(sb, what, make, small, factor=4):
    """Time and memory at SMALL and FACTOR×SMALL: at most FACTOR×2 the time
    (linear, with room for noise) and FACTOR× the memory above a base."""
    base_t, base_m = timed_compile(sb, *make(1))
    t1, m1 = timed_compile(sb, *make(small))
    t2, m2 = timed_compile(sb, *make(small * factor))
    print(f"  {what}: base {base_t:.2f} s {base_m:.0f} MB; x{small}: {t1:.2f} s {m1:.0f} MB; "
          f"x{small * factor}: {t2:.2f} s {m2:.0f} MB")
    slack = float(os.environ.get("DECLC_HOSTILE_SLACK", "1"))
    if t2 - base_t > 2 * factor * max(t1 - base_t, 0.2 * slack):
        raise Failure(f"{what}: time grows faster than linearly")
    if m2 - base_m > 1.5 * factor * max(m1 - base_m, 20):
        raise Failure(f"{what}: memory grows faster than linearly")


@case
def linear_paragraph_words(sb):
    linear(sb, "words in a paragraph",
           lambda k: ("<p>" + "palabra de prueba " * (250 * k) + "</p>", None), 4)


@case
def linear_pages(sb):
    para = "<p>" + "Texto de relleno para llenar la página con palabras. " * 20 + "</p>"
    linear(sb, "pages", lambda k: (para * (10 * k), None), 5)


@case
def linear_signatories(sb):
    linear(sb, "signatories", lambda k: ("<p>Texto.</p>", signatories(25 * k)), 4)


@case
def two_thousand_pages(sb):
    para = "<p>" + "Texto de relleno para llenar la página con palabras. " * 20 + "</p>"
    doc = sb.write("doc/d.xml", tei(para * 9500))
    sb.check([doc, "-o", "d.pdf"], 0, names=[], seconds=600, rss_mb=3000)
    info = subprocess.run(["pdfinfo", os.path.join(sb.out, "d.pdf")], capture_output=True, text=True).stdout
    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
    if pages < 2000:
        raise Failure(f"only {pages} pages")


# ---------------------------------------------------------------------------
# 4. Images (l:image rendering lands separately: see CMakeLists.txt)


def image_case(sb, url, codes=("image:", "firma.")):
    signed = f'<signed><graphic url="{url}"/><persName>Ana Pérez</persName></signed>'
    doc = sb.write("doc/d.xml", tei(signed=signed))
    sb.check([doc, "-o", "d.pdf"], 1, codes, seconds=20, rss_mb=400)


def png(width, height, rows):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@case
def image_traversal(sb):
    image_case(sb, "../../../../../../etc/passwd", ("graphic-local",))


@case
def image_absolute(sb):
    image_case(sb, f"{sb.secret}/secret.txt", ("graphic-local",))


@case
def image_symlink_outside(sb):
    os.symlink(os.path.join(sb.secret, "secret.txt"), sb.path("doc/firma.png"))
    image_case(sb, "firma.png")


@case
def image_file_url(sb):
    image_case(sb, f"file://{sb.secret}/secret.txt", ("graphic-local",))


@case
def image_http_url(sb):
    image_case(sb, sb.listener.url("firma.png"), ("graphic-local",))


@case
def image_directory(sb):
    os.mkdir(sb.path("doc/firma.png"))
    image_case(sb, "firma.png")


@case
def image_fifo(sb):
    os.mkfifo(sb.path("doc/firma.png"))
    image_case(sb, "firma.png")


@case
def image_dev_zero(sb):
    os.symlink("/dev/zero", sb.path("doc/firma.png"))
    image_case(sb, "firma.png")


@case
def image_png_bomb(sb):
    w = h = 40000   # 1.6 gigapixels, a few hundred kilobytes compressed
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * w
    rows = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    sb.write("doc/firma.png", png(w, h, rows))
    image_case(sb, "firma.png", ("firma.png",))


@case
def image_max_pixels(sb):
    # A small, valid image over a lowered limit: the option is obeyed, and the
    # same image passes under the default.
    comp = zlib.compress(b"".join(b"\x00" + b"\x80" * 64 for _ in range(64)))
    sb.write("doc/firma.png", png(64, 64, comp))
    signed = '<signed><graphic url="firma.png"/><persName>Ana Pérez</persName></signed>'
    doc = sb.write("doc/d.xml", tei(signed=signed))
    sb.check([doc, "-o", "d.pdf", "--max-image-pixels", "1000"], 1, ("image:", "firma.png"),
             seconds=20, rss_mb=400)
    sb.check([doc, "-o", "d.pdf"], 0, (), names=[], seconds=20, rss_mb=400)


@case
def image_truncated_png(sb):
    comp = zlib.compress(b"".join(b"\x00" + b"\x80" * 64 for _ in range(64)))
    data = png(64, 64, comp)
    sb.write("doc/firma.png", data[: len(data) // 2])
    image_case(sb, "firma.png", ("firma.png",))


@case
def image_svg_external(sb):
    sb.write("doc/firma.svg", f"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{sb.secret}/secret.txt">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<text>&s;</text><image xlink:href="file://{sb.secret}/secret.txt" width="1" height="1"/>
<image xlink:href="{sb.listener.url("i.png")}" width="1" height="1"/></svg>
""")
    image_case(sb, "firma.svg", ("firma.svg",))


# ---------------------------------------------------------------------------
# 5. Outputs


def good_doc(sb, paras=1):
    return sb.write("doc/d.xml", tei("<p>Texto de prueba con algunas palabras.</p>" * paras))


@case
def output_is_input(sb):
    doc = good_doc(sb)
    sb.check([doc, "-o", doc, "-f", "pdf"], 2, ["io:output-is-input"])


@case
def output_is_input_via_symlink(sb):
    doc = good_doc(sb)
    os.symlink(doc, os.path.join(sb.out, "d.pdf"))
    sb.check([doc, "-o", "d.pdf"], 2, ["io:output-is-input"])


def unwritable_dir(sb):
    if os.geteuid() != 0:
        d = os.path.join(sb.out, "ro")
        os.mkdir(d)
        os.chmod(d, 0o555)
        return d
    # root writes through permissions: a folder of /proc refuses everyone.
    return "/proc/self"


@case
def output_unwritable_folder(sb):
    doc = good_doc(sb)
    target = os.path.join(unwritable_dir(sb), "d.pdf")
    sb.check([doc, "-o", target], 3, ["io:write"])


@case
def output_folder_missing(sb):
    doc = good_doc(sb)
    sb.check([doc, "-o", os.path.join(sb.out, "no", "such", "d.pdf")], 3, ["io:write"])


def temp_files(sb):
    return [n for n in os.listdir(sb.out) if n not in ("d.pdf",)]


@case
def output_disk_full(sb):
    import resource
    doc = good_doc(sb, 40)
    # A good file from before must survive a failed write.
    good = sb.write("out/d.pdf", b"%PDF-1.4 the previous good output\n")
    with open(good, "rb") as f:
        old = f.read()
    sb.check([doc, "-o", "d.pdf"], 3, ["io:write"], rlimits={resource.RLIMIT_FSIZE: 4096})
    with open(good, "rb") as f:
        if f.read() != old:
            raise Failure("the previous output was clobbered")
    if temp_files(sb):
        raise Failure("left behind: " + ", ".join(temp_files(sb)))


def interrupt(sb, sig, tries):
    """Compiles a long document over a good d.pdf, interrupted at random
    moments: d.pdf is always the old file or a complete new one."""
    doc = good_doc(sb, 1500)
    target = os.path.join(sb.out, "d.pdf")
    full = sb.run([doc, "-o", "d.pdf"], timeout=300)
    if full.status != 0:
        raise Failure("the long document does not compile:\n" + full.stderr[-2000:])
    rnd = random.Random(int(os.environ.get("DECLC_HOSTILE_SEED", "7")))
    for i in range(tries):
        with open(target, "rb") as f:
            before = f.read()
        at = rnd.uniform(0.05, full.wall * 1.1)
        r = sb.run([doc, "-o", "d.pdf"], timeout=300, kill_after=at, kill_signal=sig)
        if not os.path.exists(target):
            raise Failure(f"try {i}: d.pdf vanished")
        with open(target, "rb") as f:
            now = f.read()
        if now != before and not pdf_ok(target):
            raise Failure(f"try {i} (signal after {at:.2f} s): d.pdf is not a complete PDF")
        if r.signal == 0 and r.status != 0:
            raise Failure(f"try {i}: exit status {r.status}:\n{r.stderr[-2000:]}")
        if sig != signal.SIGKILL and temp_files(sb):
            raise Failure(f"try {i} (signal after {at:.2f} s): left behind " + ", ".join(temp_files(sb)))
        for n in temp_files(sb):   # SIGKILL cannot clean up; the next try starts clean
            os.remove(os.path.join(sb.out, n))
    print(f"  {tries} interruptions by signal {sig}: d.pdf always whole")


@case
def output_sigint(sb):
    interrupt(sb, signal.SIGINT, 6)


@case
def output_sigterm(sb):
    interrupt(sb, signal.SIGTERM, 6)


@case
def output_sigkill(sb):
    interrupt(sb, signal.SIGKILL, 10)


@case
def output_signal_in_write(sb):
    """SIGINT, SIGTERM and SIGHUP arriving between the temporary file's
    writing and its renaming (held there by a preloaded rename() that
    waits): the process ends by the signal, d.pdf is still the old file, and
    the temporary file is gone with it."""
    shim = os.environ.get("DECLC_HOSTILE_SLOW_RENAME")
    if not shim or not os.path.exists(shim):
        raise Failure("DECLC_HOSTILE_SLOW_RENAME does not name the preloadable rename() "
                      "(tests/hostile/CMakeLists.txt builds it)")
    doc = good_doc(sb, 20)
    target = sb.write("out/d.pdf", b"%PDF-1.4 the previous good output\n")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", LD_PRELOAD=shim,
                   DECLC_TEST_RENAME_WAIT_MS="30000")
        # A sanitizer runtime must come first among the preloaded libraries;
        # the shim intercepts nothing it does.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                      "verify_asan_link_order=0"]))
        p = subprocess.Popen([sb.declc, doc, "-o", "d.pdf"], cwd=sb.out, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not temp_files(sb):
            if p.poll() is not None or time.monotonic() > deadline:
                p.kill()
                p.wait()
                raise Failure(f"signal {sig}: no temporary file appeared "
                              f"(exit {p.returncode}): {p.stderr.read().decode()[-2000:]}")
            time.sleep(0.002)
        # Written and closed, waiting in rename(): the moment to interrupt.
        time.sleep(0.2)
        p.send_signal(sig)
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise Failure(f"signal {sig}: declc did not stop")
        if p.returncode != -sig:
            raise Failure(f"signal {sig}: exit {p.returncode}, expected death by the signal: "
                          + p.stderr.read().decode()[-2000:])
        p.stderr.close()
        if temp_files(sb):
            raise Failure(f"signal {sig}: left behind " + ", ".join(temp_files(sb)))
        with open(target, "rb") as f:
            if f.read() != b"%PDF-1.4 the previous good output\n":
                raise Failure(f"signal {sig}: d.pdf changed though the rename never happened")
    print("  SIGINT, SIGTERM, SIGHUP between write and rename: nothing left behind")


@case
def input_never_lost(sb):
    doc = good_doc(sb)
    with open(doc, "rb") as f:
        before = f.read()
    sb.check([doc, "-f", "xml", "-o", doc], 2, ["io:output-is-input"])
    with open(doc, "rb") as f:
        if f.read() != before:
            raise Failure("the input changed")


# ---------------------------------------------------------------------------
# 6. Invisible and direction-changing characters (the check lands separately)


def invisible_case(sb, where, char):
    name = f"Ana{char}Pérez"
    if where == "name":
        doc = sb.write("doc/d.xml", tei(signed=f"<signed><persName>{name}</persName></signed>"))
    else:
        doc = sb.write("doc/d.xml", tei(title=name))
    r = sb.check([doc, "-o", "d.pdf"], 1, [f"U+{ord(char):04X}"])
    return r


@case
def bidi_override_in_name(sb):
    invisible_case(sb, "name", "\u202e")


@case
def bidi_isolate_in_name(sb):
    invisible_case(sb, "name", "\u2067")


@case
def zero_width_space_in_name(sb):
    invisible_case(sb, "name", "\u200b")


@case
def zero_width_joiner_in_title(sb):
    invisible_case(sb, "title", "\u200d")


@case
def bidi_mark_in_title(sb):
    invisible_case(sb, "title", "\u200f")


# ---------------------------------------------------------------------------


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    declc, data_dir, names = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
    failed = 0
    for name in names:
        if name not in CASES:
            print(f"{name}: no such case", file=sys.stderr)
            return 2
        sb = Sandbox(declc, data_dir)
        print(f"{name}:")
        try:
            CASES[name](sb)
            print(f"{name}: ok")
        except Failure as e:
            print(f"{name}: FAILED: {e}")
            failed += 1
        finally:
            sb.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
