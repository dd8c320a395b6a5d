#!/bin/sh
# The layer rules of docs/architecture.md, checked from the sources'
# own #include lines and build fragments. One result line per rule.
#   tests/layers/check.sh RESULTS_FILE
results=${1:?usage: check.sh RESULTS_FILE}
cd "$(dirname "$0")/../.." || exit 1
: > "$results"

# rule NAME FILES... -- PATTERN: every FILE line matching the extended
# regex PATTERN is a violation.
rule() {
	name=$1
	shift
	files=
	while [ "$1" != "--" ]; do
		files="$files $1"
		shift
	done
	pattern=$2
	# shellcheck disable=SC2086 # word splitting of the file list is wanted
	hits=$(grep -HnE "$pattern" $files 2> /dev/null)
	if [ -z "$files" ] || [ -z "$(echo $files)" ]; then
		echo "not ok - layers: $name: no files to check" >> "$results"
	elif [ -n "$hits" ]; then
		echo "not ok - layers: $name: $(echo "$hits" | head -n 3 | tr '\n' ' ')" >> "$results"
	else
		echo "ok - layers: $name" >> "$results"
	fi
}

src() { # C and assembly sources below the given folders
	find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) 2> /dev/null | sort
}

X=platform/xen
rule "core includes only core and the compiler's headers" $(src core) -- \
	'#include <(runtime|xenstore|xenbus|blkfront|netfront|rumpxen|rump|responder|xen)/|#include "\.\./'
rule "platform/xen includes nothing of rumpuser, libc, posix or apps" $(src $X) -- \
	'#include [<"](rumpuser|rump/|responder/|libc|posix/|\.\./\.\./)'
rule "runtime and arch call no higher platform layer" $(src $X/runtime $X/arch) -- \
	'#include <(xenstore|xenbus|blkfront|netfront)/'
rule "xenstore calls no higher platform layer" $(src $X/xenstore) -- \
	'#include <(xenbus|blkfront|netfront)/'
rule "xenbus calls no driver" $(src $X/xenbus) -- '#include <(blkfront|netfront)/'
rule "blkfront does not call netfront" $(src $X/blkfront) -- '#include <netfront/'
rule "netfront does not call blkfront" $(src $X/netfront) -- '#include <blkfront/'
rule "in rumpuser only backends/ include the platform's drivers" \
	$(src rumpuser | grep -v '^rumpuser/backends/') -- \
	'#include <(runtime|xenstore|xenbus|blkfront|netfront)/'
rule "drivers read no global configuration" $(src $X/blkfront $X/netfront $X/xenbus) -- \
	'#include <core/config\.h>|config_get'
rule "drivers call nothing of the application runtime" $(src $X/blkfront $X/netfront $X/xenbus $X/xenstore) -- \
	'#include <rumpxen/|app_at_exit|app_exit'
rule "core's port names no consumer" core/include/core/*.h -- \
	'SLOT_(RUMPUSER|LIBC)|rumpuser|libc_'
rule "product build fragments name no tests, bench or apps" \
	$(ls core/build.mk libc/build.mk $X/build.mk $X/image.mk rumpuser/build.mk tools/build.mk posix/*.mk 2> /dev/null) -- \
	'^[^#]*(^|[^A-Za-z_])(tests|bench|apps)/'
