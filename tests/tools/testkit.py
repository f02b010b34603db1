"""What the check scripts share around their checks: their arguments, running a tool, and
the frame of a small test declaration.

    from testkit import arguments, run, tei_document      (with tests/tools on sys.path)

arguments and run stop the script with exit status 2, "cannot check", which ctest reports
as a failure distinct from a checked fault (1): a usage error, a missing tool, a tool that
failed.
"""
import subprocess
import sys


def arguments(doc, count):
    """The COUNT command-line arguments; with any other number, DOC on stderr and exit 2."""
    if len(sys.argv) != count + 1:
        print(doc, file=sys.stderr)
        sys.exit(2)
    return sys.argv[1:]


def run(cmd, package=None):
    """The stdout of CMD (a list); exit 2 if it is missing or fails. PACKAGE: the Debian
    package to install when it is missing."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        print(f"{cmd[0]} not found" + (f" (Debian package {package})" if package else ""),
              file=sys.stderr)
    except subprocess.CalledProcessError as e:
        print(f"{' '.join(cmd)} failed: {e.stderr.strip()}", file=sys.stderr)
    sys.exit(2)


def tei_document(title, purpose, body):
    """A declaration as the typography checks write them: a teiHeader titled TITLE whose
    sourceDesc says PURPOSE ("Prueba de ES-17."), and BODY (TEI markup) as its body."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="es-CL">
<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>
<publicationStmt><publisher>declc</publisher></publicationStmt>
<sourceDesc><p>{purpose}</p></sourceDesc></fileDesc></teiHeader>
<text><body>
{body}</body></text></TEI>
"""
