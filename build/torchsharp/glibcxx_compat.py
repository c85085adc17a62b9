#!/usr/bin/env python3
"""Make TorchSharp's native bridge load on systems whose libstdc++ predates GCC 13 (e.g. Debian 12).

TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++. Its only need for the
version GLIBCXX_3.4.32 is the symbol _ZSt21ios_base_library_initv (std::ios_base_library_init()), a marker
that GCC 13's <iostream> references so that the program links against a libstdc++ which initialises the
standard streams itself. The library has no relocation against that symbol, so nothing ever calls it; but the
dynamic loader checks version needs at load time and refuses the library ("version `GLIBCXX_3.4.32' not
found") on a libstdc++ that only goes up to GLIBCXX_3.4.30.

For every libLibTorchSharp.so found under the given build output folders this script, only when the system
libstdc++ lacks GLIBCXX_3.4.32:
  1. writes a patched copy (temp file + atomic rename, so a hard link into the NuGet cache is never modified)
     in which the Vernaux entry for GLIBCXX_3.4.32 has VER_FLG_WEAK set in vna_flags: the loader then only
     warns (under LD_DEBUG) instead of failing when the version is missing;
  2. builds a tiny shared library next to it that defines _ZSt21ios_base_library_initv as a no-op, and adds
     it as a DT_NEEDED entry of the patched copy (found through the copy's RUNPATH, $ORIGIN). The symbol
     then always has a definition in the copy's own load scope, in any host process, with no LD_PRELOAD.

The ELF file is parsed properly (ELF64 little-endian): program headers map addresses to file offsets, the
PT_DYNAMIC segment gives .dynstr, .dynsym, .gnu.version and .gnu.version_r; nothing is found by searching
bytes. The patch refuses to run when its assumptions do not hold (another symbol needs GLIBCXX_3.4.32, no
spare DT_NULL slot, no room for the name) and says why.

It is idempotent (an already patched file is left alone) and a no-op when the system libstdc++ defines
GLIBCXX_3.4.32 (Ubuntu 24.04+, Debian 13+) or on a non-Linux system. Standard library only.

Usage: glibcxx_compat.py [--force] [--cc gcc] PATH...   (PATH: a build output folder or a .so file)
Exit codes: 0 done or nothing to do, 1 the patch cannot be applied (message on stderr), 2 bad usage.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import struct
import subprocess
import sys
import tempfile

TARGET_FILE = "libLibTorchSharp.so"
MISSING_VERSION = "GLIBCXX_3.4.32"
MARKER_SYMBOL = "_ZSt21ios_base_library_initv"
SHIM_NAME = "libglibcxx-3.4.32-shim.so"
SHIM_SOURCE = f"/* No-op definition of std::ios_base_library_init() for {TARGET_FILE} on a pre-GCC-13 libstdc++. */\n" \
              f"void {MARKER_SYMBOL}(void) {{}}\n"

# ELF constants (System V gABI and the GNU symbol versioning extension).
PT_LOAD, PT_DYNAMIC = 1, 2
SHT_DYNSYM = 11
DT_NULL, DT_NEEDED, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SONAME, DT_RPATH, DT_RUNPATH = 0, 1, 5, 6, 10, 14, 15, 29
DT_AUXILIARY, DT_FILTER = 0x7FFFFFFD, 0x7FFFFFFF
DT_VERSYM, DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM = 0x6FFFFFF0, 0x6FFFFFFC, 0x6FFFFFFD, 0x6FFFFFFE, 0x6FFFFFFF
STRING_TAGS = (DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH, DT_AUXILIARY, DT_FILTER)
VER_FLG_WEAK = 0x2
VERSYM_HIDDEN = 0x8000


class CompatError(Exception):
    """The patch cannot be applied safely; the message says why."""


class Elf64:
    """Read/write view of the dynamic-linking structures of an ELF64 little-endian shared object."""

    def __init__(self, data: bytearray, name: str):
        self.data, self.name = data, name
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise CompatError(f"{name}: not an ELF64 little-endian file")
        (self.phoff, self.shoff, _, _, self.phentsize, self.phnum, self.shentsize, self.shnum, _) = \
            struct.unpack_from("<QQIHHHHHH", data, 0x20)
        # Program headers: Elf64_Phdr = p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align.
        self.segments = [struct.unpack_from("<IIQQQQQQ", data, self.phoff + i * self.phentsize) for i in range(self.phnum)]
        dynamic = [s for s in self.segments if s[0] == PT_DYNAMIC]
        if not dynamic:
            raise CompatError(f"{name}: no PT_DYNAMIC segment")
        self.dyn_offset, self.dyn_slots = dynamic[0][2], dynamic[0][5] // 16
        # Elf64_Dyn = d_tag (signed), d_val; slots after the first DT_NULL are spare.
        self.dynamic = [struct.unpack_from("<qQ", data, self.dyn_offset + 16 * i) for i in range(self.dyn_slots)]
        self.live = self.dynamic[:next(i for i, (tag, _) in enumerate(self.dynamic) if tag == DT_NULL)]
        self.strtab = self.to_offset(self.tag(DT_STRTAB))
        self.strsz = self.tag(DT_STRSZ)

    def tag(self, tag: int, default: int | None = None) -> int:
        """Value of the first live dynamic entry with this tag."""
        for t, v in self.live:
            if t == tag:
                return v
        if default is None:
            raise CompatError(f"{self.name}: dynamic section has no tag {tag:#x}")
        return default

    def to_offset(self, vaddr: int) -> int:
        """File offset of a virtual address, through the PT_LOAD segment that maps it."""
        for p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ in self.segments:
            if p_type == PT_LOAD and p_vaddr <= vaddr < p_vaddr + p_filesz:
                return p_offset + vaddr - p_vaddr
        raise CompatError(f"{self.name}: address {vaddr:#x} is not mapped from the file")

    def string(self, index: int) -> str:
        if index >= self.strsz:
            raise CompatError(f"{self.name}: string index {index} outside .dynstr ({self.strsz} bytes)")
        start = self.strtab + index
        return self.data[start:self.data.index(0, start)].decode("utf-8", "replace")

    def verneed(self):
        """Yields (vn_file, [(file offset of the Vernaux, vna_flags, vna_other, vna_name)]) for each Verneed."""
        if not self.tag(DT_VERNEED, 0):
            return
        offset = self.to_offset(self.tag(DT_VERNEED))
        for _ in range(self.tag(DT_VERNEEDNUM)):
            # Elf64_Verneed = vn_version, vn_cnt, vn_file, vn_aux, vn_next.
            _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.data, offset)
            aux, entries = offset + vn_aux, []
            for _ in range(vn_cnt):
                # Elf64_Vernaux = vna_hash, vna_flags, vna_other, vna_name, vna_next.
                _, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", self.data, aux)
                entries.append((aux, vna_flags, vna_other, vna_name))
                aux += vna_next
            yield vn_file, entries
            offset += vn_next

    def verdef_names(self) -> list[str]:
        """Version names this object defines (.gnu.version_d)."""
        if not self.tag(DT_VERDEF, 0):
            return []
        offset, names = self.to_offset(self.tag(DT_VERDEF)), []
        for _ in range(self.tag(DT_VERDEFNUM)):
            # Elf64_Verdef = vd_version, vd_flags, vd_ndx, vd_cnt, vd_hash, vd_aux, vd_next; first Verdaux names it.
            _, _, _, vd_cnt, _, vd_aux, vd_next = struct.unpack_from("<HHHHIII", self.data, offset)
            if vd_cnt:
                names.append(self.string(struct.unpack_from("<I", self.data, offset + vd_aux)[0]))
            offset += vd_next
        return names

    def dynsym_count(self) -> int:
        """Number of .dynsym entries, from the section header table (the dynamic section does not record it)."""
        for i in range(self.shnum):
            # Elf64_Shdr = sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize.
            _, sh_type, _, _, _, sh_size, _, _, _, sh_entsize = \
                struct.unpack_from("<IIQQQQIIQQ", self.data, self.shoff + i * self.shentsize)
            if sh_type == SHT_DYNSYM:
                return sh_size // sh_entsize
        raise CompatError(f"{self.name}: no .dynsym section header (cannot check which symbols need {MISSING_VERSION})")

    def symbols(self):
        """Yields (st_name, name, version index without the hidden bit) for each dynamic symbol."""
        symtab, versym = self.to_offset(self.tag(DT_SYMTAB)), self.to_offset(self.tag(DT_VERSYM))
        for i in range(self.dynsym_count()):
            st_name = struct.unpack_from("<I", self.data, symtab + 24 * i)[0]  # Elf64_Sym.st_name
            yield st_name, self.string(st_name), struct.unpack_from("<H", self.data, versym + 2 * i)[0] & ~VERSYM_HIDDEN

    def string_refs(self) -> list[int]:
        """Every .dynstr index this object refers to: dynamic entries, symbol names, version names and files."""
        refs = [v for t, v in self.live if t in STRING_TAGS]
        refs += [st_name for st_name, _, _ in self.symbols()]
        for vn_file, entries in self.verneed():
            refs.append(vn_file)
            refs += [vna_name for _, _, _, vna_name in entries]
        return refs


def libstdcxx_versions() -> tuple[str, list[str]]:
    """Path and defined versions of the libstdc++.so.6 the dynamic loader picks for this environment."""
    ctypes.CDLL("libstdc++.so.6")
    with open("/proc/self/maps", encoding="utf-8") as maps:
        path = next((line.split(None, 5)[5].strip() for line in maps if "libstdc++.so.6" in line), None)
    if path is None:
        raise CompatError("libstdc++.so.6 loaded but not found in /proc/self/maps")
    with open(path, "rb") as f:
        return path, Elf64(bytearray(f.read()), path).verdef_names()


def marker_need(elf: Elf64):
    """(file offset, vna_flags, vna_other) of the Vernaux asking for MISSING_VERSION, or None."""
    for _, entries in elf.verneed():
        for aux, flags, other, name in entries:
            if elf.string(name) == MISSING_VERSION:
                return aux, flags, other
    return None


def shim_needed(elf: Elf64) -> bool:
    return any(t == DT_NEEDED and elf.string(v) == SHIM_NAME for t, v in elf.live)


def patch(elf: Elf64) -> None:
    """Weaken the GLIBCXX_3.4.32 need and add DT_NEEDED SHIM_NAME, in elf.data."""
    aux, flags, other = marker_need(elf)
    users = sorted(name for _, name, ver in elf.symbols() if ver == other)
    if users != [MARKER_SYMBOL]:
        raise CompatError(f"{elf.name}: {MISSING_VERSION} is needed by {users}, not only {MARKER_SYMBOL}; "
                          "weakening it would leave symbols unresolved")
    # (1) vna_flags sits 4 bytes into the Vernaux entry.
    struct.pack_into("<H", elf.data, aux + 4, flags | VER_FLG_WEAK)

    # (2) A new DT_NEEDED needs a string in .dynstr and a dynamic slot. .dynstr cannot grow in place, so the name
    # goes into the tail of the RUNPATH string: TorchSharp's RUNPATH is "$ORIGIN/" followed by directories of its
    # CI build machine (/__w/1/s/..., /lib/intel64...); trailing components are dropped until the name fits, never
    # a component with $ORIGIN (the one that finds the shim and libtorch next to the copy).
    spare = len(elf.live)
    if spare + 1 >= elf.dyn_slots:
        raise CompatError(f"{elf.name}: no spare DT_NULL slot in the dynamic section for a DT_NEEDED entry")
    runpath_index = elf.tag(DT_RUNPATH, 0) or elf.tag(DT_RPATH, 0)
    parts = elf.string(runpath_index).split(":") if runpath_index else []
    keep = len(parts)
    while keep > 0 and len(":".join(parts[keep:])) < len(SHIM_NAME) and "$ORIGIN" not in parts[keep - 1]:
        keep -= 1
    kept = ":".join(parts[:keep])
    name_index = runpath_index + len(kept.encode()) + 1
    end = runpath_index + len(":".join(parts).encode())  # index of the RUNPATH's terminating NUL
    if not kept or "$ORIGIN" not in kept or end - name_index < len(SHIM_NAME):
        raise CompatError(f"{elf.name}: RUNPATH {':'.join(parts)!r} leaves no room for {SHIM_NAME} after $ORIGIN")
    if any(runpath_index < ref <= end for ref in elf.string_refs()):
        raise CompatError(f"{elf.name}: another string shares bytes of the RUNPATH (suffix merging); not overwriting it")
    base = elf.strtab + runpath_index + len(kept.encode())
    elf.data[base:elf.strtab + end] = b"\0" + SHIM_NAME.encode() + b"\0" * (end - name_index - len(SHIM_NAME))
    struct.pack_into("<qQ", elf.data, elf.dyn_offset + 16 * spare, DT_NEEDED, name_index)


def build_shim(directory: str, cc: str) -> None:
    """Compile the no-op shim next to the patched copy unless one is there already."""
    target = os.path.join(directory, SHIM_NAME)
    if os.path.exists(target):
        return
    with tempfile.TemporaryDirectory() as tmp:
        source, output = os.path.join(tmp, "shim.c"), os.path.join(tmp, SHIM_NAME)
        with open(source, "w", encoding="utf-8") as f:
            f.write(SHIM_SOURCE)
        try:
            subprocess.run([cc, "-shared", "-fPIC", "-O2", f"-Wl,-soname,{SHIM_NAME}", "-o", output, source],
                           check=True, capture_output=True, text=True)
        except FileNotFoundError as e:
            raise CompatError(f"C compiler '{cc}' not found (needed once to build {SHIM_NAME}; pass --cc)") from e
        except subprocess.CalledProcessError as e:
            raise CompatError(f"building {SHIM_NAME} with {cc} failed: {e.stderr.strip()}") from e
        with open(output, "rb") as f:
            _write_atomically(target, f.read(), output)


def _write_atomically(target: str, data: bytes, stat_from: str) -> None:
    """Write to a temp file in the target folder, keep the mode and times of stat_from, rename over target."""
    fd, tmp = tempfile.mkstemp(prefix=".compat-", dir=os.path.dirname(target) or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        st = os.stat(stat_from)
        os.chmod(tmp, st.st_mode & 0o7777)
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def process(path: str, cc: str) -> str:
    """Patch one libLibTorchSharp.so; returns a one-line account."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    try:
        elf = Elf64(data, path)
        need = marker_need(elf)
        if need is None:
            return f"{path}: does not need {MISSING_VERSION}, left as is"
        if need[1] & VER_FLG_WEAK and shim_needed(elf):
            build_shim(os.path.dirname(path), cc)
            return f"{path}: already patched"
        patch(elf)
    except (struct.error, ValueError, IndexError) as e:  # offsets pointing outside the file, unterminated strings
        raise CompatError(f"{path}: malformed ELF file ({e})") from e
    build_shim(os.path.dirname(path), cc)
    # Keep the original's times: MSBuild's incremental copy (same size and time) then leaves the patched copy alone.
    _write_atomically(path, bytes(elf.data), path)
    return f"{path}: {MISSING_VERSION} need marked weak, DT_NEEDED {SHIM_NAME} added"


def find_targets(paths: list[str]) -> list[str]:
    found = []
    for p in paths:
        if os.path.isfile(p):
            found.append(p)
        elif os.path.isdir(p):
            found += sorted(os.path.join(root, TARGET_FILE) for root, _, files in os.walk(p) if TARGET_FILE in files)
        else:
            raise CompatError(f"path not found: {p}")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="build output folder(s) or libLibTorchSharp.so file(s)")
    parser.add_argument("--force", action="store_true", help="patch even if the system libstdc++ has the version")
    parser.add_argument("--cc", default=os.environ.get("CC", "gcc"), help="C compiler for the shim (default: $CC or gcc)")
    args = parser.parse_args(argv)
    prefix = "torchsharp-compat:"
    try:
        if not sys.platform.startswith("linux"):
            print(f"{prefix} {sys.platform} needs no patch; nothing to do")
            return 0
        libstdcxx, versions = libstdcxx_versions()
        if MISSING_VERSION in versions and not args.force:
            print(f"{prefix} {libstdcxx} provides {MISSING_VERSION}; nothing to do")
            return 0
        targets = find_targets(args.paths)
        if not targets:
            print(f"{prefix} no {TARGET_FILE} under {', '.join(args.paths)}; nothing to do")
        for target in targets:
            print(f"{prefix} {process(target, args.cc)}")
        return 0
    except (CompatError, OSError) as e:
        print(f"{prefix} error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
