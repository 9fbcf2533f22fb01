#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest: test-flatpak-manifest.py MANIFEST APP_ID
#
# The manifest must name the same app as meson, use the newest GNOME
# runtime whose GTK and libadwaita the testing lane tests (the series in
# build-aux/stack-testing.txt, which that lane checks), ask for exactly the sandbox holes Confab needs, build md4c from git
# pinned by tag and commit (without md2html) and build this checkout
# with meson. When flatpak-builder is installed, it must parse the manifest
# the same way.

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

# The keyring needs no hole of its own: inside the sandbox libsecret keeps
# secrets through the Secret portal, and the GNOME runtime ships it.
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
]

# md4c is not in the GNOME runtime: built from git, pinned by tag and
# commit, without its md2html tool.
MD4C_URL = "https://github.com/mity/md4c.git"
MD4C_TAG = "release-0.5.3"
MD4C_COMMIT = "472c417005c2c71b8617de4f7b8d6b30411d78f4"

# The GTK and libadwaita series of each GNOME runtime.
RUNTIMES = {
    "45": ((4, 12), (1, 4)),
    "46": ((4, 14), (1, 5)),
    "47": ((4, 16), (1, 6)),
    "48": ((4, 18), (1, 7)),
    "49": ((4, 20), (1, 8)),
    "50": ((4, 22), (1, 9)),
    "51": ((4, 24), (1, 10)),
}

manifest_path = None
app_id = None


def tested_series():
    """The series build-aux/stack-testing.txt says the testing lane has."""
    path = os.path.join(os.path.dirname(os.path.abspath(manifest_path)),
                        "..", "build-aux", "stack-testing.txt")
    series = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields and not fields[0].startswith("#"):
                series[fields[0]] = tuple(int(n) for n in fields[1].split("."))
    return series["gtk4"], series["libadwaita-1"]


def load_manifest():
    with open(manifest_path, encoding="utf-8") as f:
        return json.load(f)


class FlatpakManifestTest(unittest.TestCase):
    def setUp(self):
        self.manifest = load_manifest()

    def test_app_id(self):
        self.assertEqual(self.manifest.get("app-id"), app_id)
        self.assertEqual(os.path.basename(manifest_path), app_id + ".json")

    def test_runtime(self):
        self.assertEqual(self.manifest.get("runtime"), "org.gnome.Platform")
        self.assertEqual(self.manifest.get("sdk"), "org.gnome.Sdk")

    def test_runtime_is_tested(self):
        gtk, adw = tested_series()
        covered = [version for version, (runtime_gtk, runtime_adw)
                   in RUNTIMES.items()
                   if runtime_gtk <= gtk and runtime_adw <= adw]
        self.assertTrue(covered, "no GNOME runtime has GTK and libadwaita "
                        "as old as the testing lane's")
        newest = max(covered, key=int)
        self.assertEqual(RUNTIMES[newest], (gtk, adw),
                         "the testing lane has GTK %d.%d and libadwaita %d.%d, "
                         "which no runtime known here ships: add the one "
                         "that does" % (gtk + adw))
        self.assertEqual(self.manifest.get("runtime-version"), newest,
                         "the newest runtime the testing lane covers")

    def test_command(self):
        self.assertEqual(self.manifest.get("command"), "confab")

    def test_finish_args(self):
        self.assertEqual(self.manifest.get("finish-args"), FINISH_ARGS)

    def test_app_module(self):
        modules = self.manifest.get("modules")
        self.assertIsInstance(modules, list)
        self.assertTrue(modules)
        app = modules[-1]
        self.assertIsInstance(app, dict)
        self.assertEqual(app.get("name"), "confab")
        self.assertEqual(app.get("buildsystem"), "meson")

        dirs = [s for s in app.get("sources", [])
                if isinstance(s, dict) and s.get("type") == "dir"]
        self.assertEqual(len(dirs), 1, "the app builds from one dir source")
        checkout = os.path.realpath(
            os.path.join(os.path.dirname(os.path.abspath(manifest_path)),
                         dirs[0].get("path", "")))
        top = os.path.join(checkout, "meson.build")
        self.assertTrue(os.path.isfile(top), top + " is missing")
        with open(top, encoding="utf-8") as f:
            self.assertIn("project('confab'", f.read())

        # Only options that meson knows without a meson_options.txt.
        for opt in app.get("config-opts", []):
            self.assertTrue(opt.startswith("--buildtype=") or
                            opt.startswith("-Db_") or
                            opt.startswith("--prefix="),
                            "unexpected config-opt " + opt)

    def test_md4c_module(self):
        modules = self.manifest.get("modules", [])
        names = [m.get("name") for m in modules if isinstance(m, dict)]
        self.assertIn("md4c", names)
        self.assertLess(names.index("md4c"), names.index("confab"),
                        "md4c is built before the app")
        md4c = modules[names.index("md4c")]

        self.assertEqual(md4c.get("buildsystem"), "cmake-ninja")
        sources = md4c.get("sources", [])
        self.assertEqual(len(sources), 1)
        self.assertEqual(sources[0], {
            "type": "git",
            "url": MD4C_URL,
            "tag": MD4C_TAG,
            "commit": MD4C_COMMIT,
        })

        # No md2html: not built, and nothing of it kept.
        opts = md4c.get("config-opts", [])
        self.assertIn("-DBUILD_MD2HTML_EXECUTABLE=OFF", opts)
        self.assertFalse([o for o in opts
                          if o.startswith("-DBUILD_MD2HTML_EXECUTABLE=")
                          and o != "-DBUILD_MD2HTML_EXECUTABLE=OFF"])
        self.assertIn("/bin/md2html", md4c.get("cleanup", []))

    @unittest.skipUnless(shutil.which("flatpak-builder"),
                         "flatpak-builder is not installed")
    def test_flatpak_builder_parses(self):
        # flatpak-builder creates .flatpak-builder/ in its working directory.
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(
                ["flatpak-builder", "--show-manifest",
                 os.path.abspath(manifest_path)],
                cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        shown = json.loads(result.stdout)
        self.assertEqual(shown.get("finish-args"), FINISH_ARGS)
        self.assertEqual(shown.get("app-id", shown.get("id")), app_id)


def main():
    global manifest_path, app_id
    if len(sys.argv) != 3:
        print("usage: %s MANIFEST APP_ID" % sys.argv[0], file=sys.stderr)
        return 2
    manifest_path, app_id = sys.argv[1], sys.argv[2]
    program = unittest.main(argv=sys.argv[:1], exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
