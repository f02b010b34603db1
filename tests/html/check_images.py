#!/usr/bin/env python3
"""check_images.py DECLC FIXTURES WORK — the HTML copy holds its images, and only its own.

FIXTURES is the folder tests/signatories/gen_fixtures.py wrote; WORK a scratch folder.

  * letterhead-3p (a PNG and an SVG logo, a PNG and an SVG signature without desc) and
    sig-3 (a JPEG signature): each <img src> is exactly "data:MIME;base64," and the base64
    of the image file's bytes, in document order, and each alt is the text the PDF gives
    as /Alt ("Logotipo de declc", "Logotipo", "Firma de …"); no image is left as a span,
    declc exits 0 and says nothing.
  * hostile copies of letterhead-3p in WORK/hostile: a signature through a symbolic link
    to a file outside the document's folder, and one to /etc/passwd: each refused with
    image:unusable at the graphic's line:col, exit status 1 and no HTML written (as no
    PDF is), so none of the outside file's bytes can leak. url="/etc/passwd" and
    url="../x.png" are refused before any stylesheet runs (schema:rule graphic-local),
    likewise with no HTML.
  * under plain xsltproc (no d:image-data-uri) stylesheets/html.xsl leaves each image of
    letterhead-3p as a span with role="img" and the alt text as aria-label.

Exit status: 0 pass, 1 fail, 2 usage (xsltproc missing).
"""
import base64
import html.parser
import os
import re
import shutil
import subprocess
import sys

MIME = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class Images(html.parser.HTMLParser):
    """(src, alt) of every <img>; (role, aria-label) of every span.grafico."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs, self.spans = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append((a.get("src") or "", a.get("alt")))
        elif tag == "span" and "grafico" in (a.get("class") or "").split():
            self.spans.append((a.get("role"), a.get("aria-label")))


def data_uri(path):
    raw = open(path, "rb").read()
    mime = next((m for k, m in MIME.items() if raw.startswith(k)), "image/svg+xml")
    return "data:%s;base64,%s" % (mime, base64.b64encode(raw).decode("ascii"))


def compile_html(declc, xml, out):
    if os.path.exists(out):
        os.remove(out)
    r = subprocess.run([declc, "-f", "html", xml, "-o", out], capture_output=True, text=True)
    page = Images()
    if os.path.exists(out):
        page.feed(open(out, encoding="utf-8").read())
    return r, page


def graphic_pos(xml, url):
    """line:col of the <graphic> naming URL (1-based; the column counts characters)."""
    for n, line in enumerate(open(xml, encoding="utf-8").read().split("\n"), 1):
        k = line.find('<graphic url="%s"' % url)
        if k >= 0:
            return n, k + 1
    raise SystemExit("no graphic %s in %s" % (url, xml))


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    declc, fixtures, work, stylesheet = sys.argv[1:5]
    errors = []
    os.makedirs(work, exist_ok=True)
    images = os.path.join(fixtures, "images")

    # Embedded, byte for byte, with the PDF's text alternatives.
    cases = {
        "letterhead-3p": (["escudo.png", "logo.svg", "firma.png", "firma.svg"],
                          ["Logotipo de declc", "Logotipo", "Firma de Ana Pérez Güemes",
                           "Firma de Beatriz Olmedo Sáenz"]),
        "sig-3": (["firma.jpg", "firma.svg"], None),
    }
    for name, (files, alts) in cases.items():
        out = os.path.join(work, name + ".html")
        r, page = compile_html(declc, os.path.join(fixtures, name + ".xml"), out)
        if r.returncode != 0 or r.stderr.strip():
            errors.append("%s: exit status %d, diagnostics %r" % (name, r.returncode, r.stderr.strip()))
        want = [data_uri(os.path.join(images, f)) for f in files]
        got = [src for src, _ in page.imgs]
        if got != want:
            errors.append("%s: <img src> are not the data: URIs of %s (got %s)"
                          % (name, files, [g[:40] + "…" for g in got]))
        if alts is not None and [a for _, a in page.imgs] != alts:
            errors.append("%s: alt %s, expected %s" % (name, [a for _, a in page.imgs], alts))
        if any(not (a or "").strip() for _, a in page.imgs):
            errors.append("%s: an <img> without alt" % name)
        if page.spans:
            errors.append("%s: images left as spans: %s" % (name, page.spans))

    # Hostile: links leading out of the folder are refused; nothing of their target leaks.
    hostile = os.path.join(work, "hostile")
    shutil.rmtree(hostile, ignore_errors=True)
    shutil.copytree(images, os.path.join(hostile, "images"))
    secret = os.path.join(work, "secreto.png")
    shutil.copyfile(os.path.join(images, "firma.png"), secret)
    with open(secret, "ab") as f:
        f.write(b"SECRET-OUTSIDE-THE-FOLDER")
    source = open(os.path.join(fixtures, "letterhead-3p.xml"), encoding="utf-8").read()
    for link, target in (("fuera.png", os.path.abspath(secret)), ("passwd.png", "/etc/passwd")):
        os.symlink(target, os.path.join(hostile, "images", link))
        xml = os.path.join(hostile, link.replace(".png", ".xml"))
        with open(xml, "w", encoding="utf-8") as f:
            f.write(source.replace('url="images/firma.png"', 'url="images/%s"' % link))
        out = xml.replace(".xml", ".html")
        r, page = compile_html(declc, xml, out)
        line, col = graphic_pos(xml, "images/" + link)
        if r.returncode != 1:
            errors.append("%s: exit status %d, expected 1" % (link, r.returncode))
        if not re.search(r":%d:%d: error: cannot use the image 'images/%s': .*outside the document's "
                         r"folder.*\[image:unusable\]" % (line, col, re.escape(link)), r.stderr):
            errors.append("%s: no image:unusable error at %d:%d: %r" % (link, line, col, r.stderr.strip()))
        if os.path.exists(out):
            errors.append("%s: an HTML was written although an image was refused" % link)

    for url in ("/etc/passwd", "../secreto.png"):
        xml = os.path.join(hostile, "direct.xml")
        with open(xml, "w", encoding="utf-8") as f:
            f.write(source.replace('url="images/firma.png"', 'url="%s"' % url))
        out = xml.replace(".xml", ".html")
        r, page = compile_html(declc, xml, out)
        if r.returncode != 1 or "[schema:rule]" not in r.stderr:
            errors.append("url=%s: exit status %d, expected 1 with schema:rule graphic-local: %r"
                          % (url, r.returncode, r.stderr.strip()))
        if os.path.exists(out):
            errors.append("url=%s: an HTML was written for an invalid document" % url)

    # A plain XSLT processor cannot read images: the placeholders, with the same text.
    xsltproc = shutil.which("xsltproc")
    if not xsltproc:
        print("check_images: xsltproc not found (Debian package xsltproc)", file=sys.stderr)
        return 2
    r = subprocess.run([xsltproc, stylesheet, os.path.join(fixtures, "letterhead-3p.xml")],
                       capture_output=True, text=True)
    page = Images()
    page.feed(r.stdout)
    want = [("img", a) for a in cases["letterhead-3p"][1]]
    if r.returncode != 0 or page.imgs or page.spans != want:
        errors.append("xsltproc: exit status %d, %d <img>, spans %s, expected %s"
                      % (r.returncode, len(page.imgs), page.spans, want))

    for e in errors:
        print("check_images: " + e, file=sys.stderr)
    print("check_images: %s" % ("FAIL" if errors else "ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
