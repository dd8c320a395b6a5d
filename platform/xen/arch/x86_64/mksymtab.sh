#!/bin/sh
# Turn `nm -n` output of a linked image into assembly for the .rx_symtab
# section: a count, then (address, name offset) pairs sorted by address,
# then the NUL-terminated names. Only code symbols (t/T/w/W) are kept.
# With no input symbols the table is empty (first link pass).
# usage: mksymtab.sh NM_LISTING > symtab.S
set -e
awk 'BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 != "" && $1 ~ /^[0-9a-fA-F]+$/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .rx_symtab, \"a\""
	print "\t.balign 8"
	print "\t.globl rx_symtab"
	print "rx_symtab:"
	printf "\t.quad %d\n", n
	off = 0
	for (i = 0; i < n; i++) {
		printf "\t.quad 0x%s\n\t.long %d, 0\n", addr[i], off
		off += length(name[i]) + 1
	}
	for (i = 0; i < n; i++)
		printf "\t.asciz \"%s\"\n", name[i]
	print "\t.section .note.GNU-stack, \"\", @progbits"
}' "$1"
