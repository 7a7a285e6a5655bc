"""Accept or reject all tracked changes in DOCX files with LibreOffice, and save their text.

Run by a Python that has LibreOffice's UNO bridge (Debian: python3-uno, /usr/bin/python3):
    python3 lo_accept_reject.py PROFILE_DIR JOBS_FILE
JOBS_FILE has one job a line, tab-separated: MODE (plain, accept, reject) INPUT.docx OUTPUT.txt (or
OUTPUT.docx: the document saved as Word, its headers and footers with it).
One soffice process serves every job, the way a lawyer's Word would: open, accept/reject all, read.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.1)
    raise SystemExit("soffice did not start")


def main(profile: str, jobs_file: str) -> None:
    pipe = f"ck_redline_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation={Path(profile).resolve().as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for line in Path(jobs_file).read_text(encoding="utf-8").splitlines():
            mode, source, target = line.split("\t")
            doc = desktop.loadComponentFromURL(Path(source).resolve().as_uri(), "_blank", 0,
                                               (prop("Hidden", True),))
            try:
                if mode != "plain":
                    frame = doc.getCurrentController().getFrame()
                    command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                    dispatcher.executeDispatch(frame, command, "", 0, ())
                if target.endswith(".docx"):  # the whole document, headers and footers too
                    doc.storeToURL(Path(target).resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),))
                else:
                    doc.storeToURL(Path(target).resolve().as_uri(),
                                   (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge goes away as soffice exits
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:3])
