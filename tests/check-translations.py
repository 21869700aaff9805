#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-translations.py: po/POTFILES.in lists every source file with marked strings, and every
# string xgettext finds through it is translated, not fuzzy, in every language of po/LINGUAS;
# failures list the files to add and the msgids to translate.
# TAP output; usage: check-translations.py XGETTEXT SOURCE_ROOT

import os
import re
import subprocess
import sys
import tempfile

# the keywords of meson's i18n 'glib' preset (po/meson.build), on top of xgettext's C defaults
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
]

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unquote(text):
    """The value of one PO string literal."""
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """{(msgctxt, msgid): (fuzzy, [msgstr...])} for the live entries (not obsolete, not the header).

    Entries are the blank-line separated blocks that the gettext tools write."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        fields, field, fuzzy = {}, None, False
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[field] += unquote(line)
            else:
                field, _, value = line.partition(" ")
                fields[field] = unquote(value)
        if fields.get("msgid"):
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries[(fields.get("msgctxt"), fields["msgid"])] = (fuzzy, strs)
    return entries


COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)
MARKED = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(|translatable="yes"')


def files_with_marked_strings(srcroot):
    """Source files (relative to srcroot) that mark strings for translation."""
    found = []
    for root, _, files in os.walk(os.path.join(srcroot, "src")):
        for name in files:
            if name.endswith((".c", ".h", ".ui")):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    code = COMMENT.sub("", f.read())
                    if MARKED.search(code):
                        found.append(os.path.relpath(path, srcroot))
    return sorted(found)


def build_pot(xgettext, srcroot, outdir):
    pot = os.path.join(outdir, "runnel.pot")
    subprocess.run([xgettext, "--package-name=runnel", "-D", srcroot, "-f",
                    os.path.join(srcroot, "po", "POTFILES.in"), "-o", pot] + XGETTEXT_ARGS,
                   check=True)
    return pot


def main():
    xgettext, srcroot = sys.argv[1:3]
    with open(os.path.join(srcroot, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f for w in line.split("#")[0].split()]

    with open(os.path.join(srcroot, "po", "POTFILES.in"), encoding="utf-8") as f:
        potfiles = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        template = read_po(build_pot(xgettext, srcroot, tmp))

    print("1..%d" % (len(languages) + 2))
    unlisted = [path for path in files_with_marked_strings(srcroot) if path not in potfiles]
    print("%s 1 - po/POTFILES.in lists every file with marked strings" % ("not ok" if unlisted else "ok"))
    for path in unlisted:
        print("# not in po/POTFILES.in: %s" % path)
    print("%s 2 - xgettext finds %d strings through po/POTFILES.in" % ("ok" if template else "not ok", len(template)))
    failed = (1 if unlisted else 0) + (0 if template else 1)
    for n, lang in enumerate(languages, 3):
        translations = read_po(os.path.join(srcroot, "po", lang + ".po"))
        problems = []
        for key in template:
            fuzzy, strs = translations.get(key, (False, []))
            if key not in translations:
                problems.append(("missing", key))
            elif fuzzy:
                problems.append(("fuzzy", key))
            elif not strs or any(s == "" for s in strs):
                problems.append(("untranslated", key))
        if problems:
            failed += 1
            print("not ok %d - po/%s.po translates all %d strings" % (n, lang, len(template)))
            print("# %d to translate; run: meson compile -C _build runnel-pot && meson compile -C _build runnel-update-po" % len(problems))
            for why, (ctxt, msgid) in problems:
                print("# %s: %s%r" % (why, "[%s] " % ctxt if ctxt else "", msgid))
        else:
            print("ok %d - po/%s.po translates all %d strings" % (n, lang, len(template)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
