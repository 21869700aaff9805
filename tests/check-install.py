#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.py: `meson install` puts the binary, the window's module, desktop entry,
# metainfo, icons, schema and translations in place, named after the app id and pointing at each
# other.
# TAP output; usage: check-install.py MESON BUILD_ROOT APP_ID

import configparser
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def main():
    meson, build_root, app_id = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as destdir:
        subprocess.run([meson, "install", "-C", build_root, "--destdir", destdir, "--no-rebuild", "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        installed = {}
        for root, _, files in os.walk(destdir):
            for name in files:
                path = os.path.join(root, name)
                installed[os.path.relpath(path, destdir)] = path

        def find(suffix):
            return next((path for rel, path in installed.items() if rel.endswith(suffix)), None)

        expected = [
            "bin/runnel",
            "share/applications/%s.desktop" % app_id,
            "share/metainfo/%s.metainfo.xml" % app_id,
            "share/icons/hicolor/scalable/apps/%s.svg" % app_id,
            "share/icons/hicolor/symbolic/apps/%s-symbolic.svg" % app_id,
            "share/glib-2.0/schemas/io.github.runnel.Runnel.gschema.xml",
            "share/locale/zh_CN/LC_MESSAGES/runnel.mo",
            # the window, which bin/runnel opens from $libdir/runnel (src/main.c)
            "/runnel/librunnel-window.so",
        ]
        results = [("installs " + suffix, find(suffix) is not None, "") for suffix in expected]

        desktop = find(expected[1])
        if desktop:
            entry = configparser.ConfigParser(interpolation=None)
            entry.read(desktop, encoding="utf-8")
            icon = entry.get("Desktop Entry", "Icon", fallback=None)
            results.append(("desktop entry's Icon is " + app_id, icon == app_id, "Icon=%s" % icon))
            command = entry.get("Desktop Entry", "Exec", fallback="").split(" ")[0]
            results.append(("desktop entry runs runnel", command == "runnel", "Exec=%s" % command))

        metainfo = find(expected[2])
        if metainfo:
            root = ET.parse(metainfo).getroot()
            results.append(("metainfo id is " + app_id, root.findtext("id") == app_id, root.findtext("id")))
            launchable = root.findtext("launchable")
            results.append(("metainfo launches " + app_id + ".desktop", launchable == app_id + ".desktop", launchable))
            binary = root.findtext("provides/binary")
            results.append(("metainfo provides the runnel binary", binary == "runnel", binary))

    print("1..%d" % len(results))
    for n, (what, ok, got) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok:
            print("# got: %s" % got)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
