"""Drive LibreOffice's own LanguageTool client against a server, through UNO.

Run by tests/test_serve_clients.py under the system python3 (Debian's
python3-uno is built for it, not for the test virtualenv):

    /usr/bin/python3 tests/lo_proofread.py BASE_URL PROFILE_DIR ODT_PATH LOCALE JSON_IN

JSON_IN holds the story's paragraphs ("\n" in one is a manual line break). The
script writes them to ODT_PATH as a Writer document (one paragraph each, in
LOCALE), loads that .odt back, and has
LibreOffice's LanguageTool grammar checker (``XProofreader``) check every
paragraph as Writer's proofreading iterator does: one paragraph per call. It
prints one JSON object: the paragraphs as read from the .odt, and for each the
errors LibreOffice made of the server's answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import Locale

SOFFICE = "/usr/lib/libreoffice/program/soffice"
CHECKER = "org.openoffice.lingu.LanguageToolGrammarChecker"


def registry(base_url: str) -> str:
    """The profile's settings: LibreOffice's LanguageTool client on, pointed at us."""
    items = {"BaseURL": ("xs:string", base_url), "IsEnabled": ("xs:boolean", "true")}
    rows = "\n".join(
        f'<item oor:path="/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool">'
        f'<prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for name, (_, value) in items.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{rows}\n</oor:items>\n"
    )


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, proc, within: float = 90.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    stop = time.monotonic() + within
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > stop:
                raise SystemExit(f"LibreOffice did not start (exit {proc.poll()})") from None
            time.sleep(0.3)


def write_odt(desktop, path: Path, paragraphs: list[str], locale: Locale) -> None:
    doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, (prop("Hidden", True),))
    text = doc.Text
    cursor = text.createTextCursor()
    for i, para in enumerate(paragraphs):
        if i:
            text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        for j, line in enumerate(para.split("\n")):
            if j:
                text.insertControlCharacter(cursor, 1, False)  # LINE_BREAK (Shift+Enter)
            text.insertString(cursor, line, False)
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    cursor.CharLocale = locale
    doc.storeToURL(uno.systemPathToFileUrl(str(path)), (prop("FilterName", "writer8"),))
    doc.close(True)


def main() -> None:
    base_url, profile, odt, locale_code, json_in = sys.argv[1:6]
    paragraphs = json.loads(Path(json_in).read_text(encoding="utf-8"))
    profile_dir = Path(profile)
    (profile_dir / "user").mkdir(parents=True, exist_ok=True)
    (profile_dir / "user" / "registrymodifications.xcu").write_text(registry(base_url), encoding="utf-8")
    pipe = f"copydesk_lo_{os.getpid()}"
    proc = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"-env:UserInstallation={profile_dir.as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe, proc)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        language, _, country = locale_code.partition("-")
        locale = Locale(language, country, "")
        write_odt(desktop, Path(odt), paragraphs, locale)

        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(odt), "_blank", 0, (prop("Hidden", True),))
        checker = smgr.createInstanceWithContext(CHECKER, ctx)
        supported = [f"{loc.Language}-{loc.Country}" for loc in checker.getLocales()]
        results = []
        enum = doc.Text.createEnumeration()
        while enum.hasMoreElements():
            para = enum.nextElement()
            if not para.supportsService("com.sun.star.text.Paragraph"):
                continue
            text = para.getString()
            para_locale = para.CharLocale
            res = checker.doProofreading(doc.RuntimeUID, text, para_locale, 0, len(text), ())
            results.append(
                {
                    "text": text,
                    "locale": f"{para_locale.Language}-{para_locale.Country}",
                    "errors": [
                        {
                            "start": e.nErrorStart,
                            "length": e.nErrorLength,
                            "rule": e.aRuleIdentifier,
                            "short": e.aShortComment,
                            "full": e.aFullComment,
                            "suggestions": list(e.aSuggestions),
                        }
                        for e in res.aErrors
                    ],
                }
            )
        doc.close(True)
        print(json.dumps({"supported": supported, "paragraphs": results}))
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as LibreOffice exits
            pass
    finally:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
