"""Write cpio archives in the "newc" format the Linux initramfs reads.

Used for the small per-run archive appended to the cached dom0 base
archive: the kernel unpacks concatenated archives in order, so files
here add to (or replace) those of the base.
"""
import os
import stat

_TRAILER = "TRAILER!!!"


class NewcWriter:
    def __init__(self, out):
        self._out = out
        self._ino = 1
        self._dirs = set()

    def _header(self, name, mode, size, nlink=1):
        encoded = name.encode() + b"\0"
        fields = [self._ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(encoded), 0]
        self._ino += 1
        self._out.write(b"070701" + b"".join(b"%08x" % f for f in fields))
        self._out.write(encoded)
        self._pad(110 + len(encoded))

    def _pad(self, length):
        self._out.write(b"\0" * (-length % 4))

    def add_dir(self, path):
        """Add a directory and, first, its missing parents."""
        path = path.strip("/")
        if not path or path in self._dirs:
            return
        self.add_dir(os.path.dirname(path))
        self._header(path, stat.S_IFDIR | 0o755, 0, nlink=2)
        self._dirs.add(path)

    def add_bytes(self, path, data, mode=0o644):
        path = path.strip("/")
        self.add_dir(os.path.dirname(path))
        self._header(path, stat.S_IFREG | mode, len(data))
        self._out.write(data)
        self._pad(len(data))

    def add_symlink(self, path, target):
        path = path.strip("/")
        self.add_dir(os.path.dirname(path))
        data = target.encode()
        self._header(path, stat.S_IFLNK | 0o777, len(data))
        self._out.write(data)
        self._pad(len(data))

    def add_file(self, path, source, mode=None):
        """Copy a host file into the archive (streamed: images may be large)."""
        path = path.strip("/")
        st = os.stat(source)
        if mode is None:
            mode = 0o755 if st.st_mode & 0o111 else 0o644
        self.add_dir(os.path.dirname(path))
        self._header(path, stat.S_IFREG | mode, st.st_size)
        copied = 0
        with open(source, "rb") as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                self._out.write(chunk)
                copied += len(chunk)
        if copied != st.st_size:
            raise OSError(f"{source} changed size while being archived")
        self._pad(copied)

    def finish(self):
        self._header(_TRAILER, 0, 0, nlink=1)
        # Pad to 512 bytes like cpio(1); the kernel accepts either.
        self._out.write(b"\0" * (-self._out.tell() % 512))
