#!/usr/bin/env python3
"""Tests of glibcxx_compat.py on small libraries built here with gcc; no TorchSharp needed.

A stand-in "libstdc++.so.6" that defines the version GLIBCXX_3.4.32 is linked into a consumer library the way
GCC 13 links libLibTorchSharp.so (an unreferenced `.globl _ZSt21ios_base_library_initv`). Loaded against this
system's real libstdc++, the consumer fails like TorchSharp does on Debian 12; the tests check the patched copy
loads, that the patch refuses a library with a real GLIBCXX_3.4.32 dependency, that it is idempotent, and that
the step does nothing when the libstdc++ the loader finds has the version.

Run: python3 build/torchsharp/test_glibcxx_compat.py   (Linux with gcc)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import glibcxx_compat as compat  # noqa: E402

SCRIPT = os.path.join(HERE, "glibcxx_compat.py")
# RUNPATH like TorchSharp's: $ORIGIN, then directories of a build machine that the patch may drop.
RUNPATH = "$ORIGIN/:/lib/intel64:/__w/1/s/bin/obj/AnyCPU.Release/some/long/build/machine/folder/lib"
PLAIN_BODY = "int consumer_answer(void) { return 42; }\n"


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def child_env(library_path: str | None = None) -> dict:
    """This environment without LD_LIBRARY_PATH, or with it set to library_path."""
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    return env | {"LD_LIBRARY_PATH": library_path} if library_path else env


def gcc(tmp: str, name: str, source: str, *flags: str) -> str:
    src = os.path.join(tmp, name + ".c")
    with open(src, "w", encoding="utf-8") as f:
        f.write(source)
    out = os.path.join(tmp, name)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", out, src, *flags], check=True)
    return out


def load_in_child(library: str) -> subprocess.CompletedProcess:
    """dlopen the library in a fresh interpreter; prints consumer_answer() and whether the shim got mapped."""
    code = ("import ctypes,sys\n"
            f"lib = ctypes.CDLL({library!r})\n"
            "print(lib.consumer_answer())\n"
            f"print({compat.SHIM_NAME!r} in open('/proc/self/maps').read())\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env())


@unittest.skipUnless(sys.platform.startswith("linux") and shutil.which("gcc"), "needs Linux and gcc")
class GlibcxxCompatTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="glibcxx-compat-test-")
        self.fake_dir, self.out_dir = os.path.join(self.tmp, "fake"), os.path.join(self.tmp, "out")
        os.makedirs(self.fake_dir)
        os.makedirs(self.out_dir)
        script = os.path.join(self.tmp, "fake.map")
        with open(script, "w", encoding="utf-8") as f:
            f.write("GLIBCXX_3.4.30 { global: fake_old_api; };\n"
                    "GLIBCXX_3.4.32 { global: _ZSt21ios_base_library_initv; fake_new_api; local: *; } GLIBCXX_3.4.30;\n")
        gcc(self.fake_dir, "libstdc++.so.6",
            "void _ZSt21ios_base_library_initv(void) {}\nvoid fake_old_api(void) {}\nvoid fake_new_api(void) {}\n",
            "-Wl,-soname,libstdc++.so.6", f"-Wl,--version-script={script}")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def consumer(self, body: str) -> str:
        """A libLibTorchSharp.so stand-in linked against the fake libstdc++, in the output folder."""
        return gcc(self.out_dir, compat.TARGET_FILE,
                   '__asm__(".globl _ZSt21ios_base_library_initv");\n' + body,
                   f"-L{self.fake_dir}", "-l:libstdc++.so.6", f"-Wl,-rpath,{RUNPATH}", "-Wl,--enable-new-dtags")

    def system_has_version(self) -> bool:
        return compat.MISSING_VERSION in compat.libstdcxx_versions()[1]

    def test_patched_copy_loads_and_maps_the_shim(self):
        lib = self.consumer(PLAIN_BODY)
        if not self.system_has_version():
            before = load_in_child(lib)
            self.assertNotEqual(before.returncode, 0)
            self.assertIn("GLIBCXX_3.4.32' not found", before.stderr)
        message = compat.process(lib, "gcc")
        self.assertIn("marked weak", message)
        after = load_in_child(lib)
        self.assertEqual(after.returncode, 0, after.stderr)
        self.assertEqual(after.stdout.split(), ["42", "True"])
        elf = compat.Elf64(bytearray(read_bytes(lib)), lib)
        self.assertTrue(compat.marker_need(elf)[1] & compat.VER_FLG_WEAK)
        runpath = elf.string(elf.tag(compat.DT_RUNPATH))
        self.assertEqual(runpath, "$ORIGIN/:/lib/intel64")

    def test_second_run_leaves_the_file_unchanged(self):
        lib = self.consumer(PLAIN_BODY)
        compat.process(lib, "gcc")
        once = read_bytes(lib)
        self.assertIn("already patched", compat.process(lib, "gcc"))
        self.assertEqual(read_bytes(lib), once)

    def test_refuses_when_another_symbol_needs_the_version(self):
        lib = self.consumer("void fake_new_api(void);\nint consumer_answer(void) { fake_new_api(); return 42; }\n")
        original = read_bytes(lib)
        with self.assertRaisesRegex(compat.CompatError, "fake_new_api"):
            compat.process(lib, "gcc")
        self.assertEqual(read_bytes(lib), original)

    def test_no_op_when_the_loaded_libstdcxx_has_the_version(self):
        lib = self.consumer(PLAIN_BODY)
        original = read_bytes(lib)
        run = subprocess.run([sys.executable, SCRIPT, self.out_dir], capture_output=True, text=True,
                             env=child_env(self.fake_dir))
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("provides GLIBCXX_3.4.32; nothing to do", run.stdout)
        self.assertEqual(read_bytes(lib), original)
        self.assertFalse(os.path.exists(os.path.join(self.out_dir, compat.SHIM_NAME)))

    def test_truncated_file_is_refused_unchanged(self):
        lib = self.consumer(PLAIN_BODY)
        with open(lib, "r+b") as f:
            f.truncate(4096)
        with self.assertRaisesRegex(compat.CompatError, "malformed ELF"):
            compat.process(lib, "gcc")
        self.assertEqual(len(read_bytes(lib)), 4096)

    def test_missing_path_is_a_one_line_error(self):
        run = subprocess.run([sys.executable, SCRIPT, "--force", os.path.join(self.tmp, "absent")],
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 1)
        self.assertEqual(run.stderr.strip().count("\n"), 0)
        self.assertIn("path not found", run.stderr)


if __name__ == "__main__":
    unittest.main()
