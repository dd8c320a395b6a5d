# tools/: the launcher (tools/rumpxen) and the emulated Xen host are
# scripts and need no build step. (The image builder's fragment,
# tools/build/build.mk, is included by the suites that use it.)
