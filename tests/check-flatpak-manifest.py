#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-flatpak-manifest.py: the flatpak manifest parses and names what the meson build installs
# (app id, the runnel command, the profile) with exactly the sandbox permissions Runnel needs.
# TAP output; usage: check-flatpak-manifest.py MANIFEST APP_ID PROFILE

import json
import sys

PERMISSIONS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}


def expect(what, actual, expected):
    """One check: what the manifest says against what the build installs."""
    return "%s is %s" % (what, expected), None if actual == expected else "%s is %r" % (what, actual)


def checks(manifest, app_id, profile):
    """Yield (description, problem or None) for each thing a user of the manifest relies on."""
    yield expect("id", manifest.get("id"), app_id)
    yield expect("command", manifest.get("command"), "runnel")
    yield expect("runtime", manifest.get("runtime"), "org.gnome.Platform")
    yield expect("sdk", manifest.get("sdk"), "org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    yield "runtime-version is a GNOME release number", None if version.isdigit() else "runtime-version is %r" % version

    args = manifest.get("finish-args", [])
    yield expect("finish-args", sorted(args), sorted(PERMISSIONS))

    modules = manifest.get("modules", [])
    app = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    yield expect("last module", app.get("name"), "runnel")
    yield expect("runnel module's buildsystem", app.get("buildsystem"), "meson")
    local = [s for s in app.get("sources", []) if s.get("type") == "dir" and s.get("path") == ".."]
    yield "runnel module builds the local tree (dir ..)", None if local else "sources are %r" % app.get("sources")
    opt = "-Dprofile=" + profile
    yield "runnel module configures " + opt, None if opt in app.get("config-opts", []) else "config-opts are %r" % app.get("config-opts")


def main():
    path, app_id, profile = sys.argv[1:4]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print("1..1\nnot ok 1 - %s parses as JSON\n# %s" % (path, e))
        return 1

    results = list(checks(manifest, app_id, profile))
    print("1..%d" % len(results))
    failed = 0
    for n, (what, problem) in enumerate(results, 1):
        if problem is None:
            print("ok %d - %s" % (n, what))
        else:
            failed += 1
            print("not ok %d - %s\n# %s: %s" % (n, what, path, problem))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
