/* Assembly probes for the scheduler tests. */
	.text
/* void entry_alignment_probe(long *out): *out = (%rsp + 8) mod 16 at entry. */
	.globl entry_alignment_probe
	.type entry_alignment_probe, @function
entry_alignment_probe:
	movq %rsp, %rax
	addq $8, %rax
	andq $15, %rax
	movq %rax, (%rdi)
	ret
	.size entry_alignment_probe, . - entry_alignment_probe
	.section .note.GNU-stack, "", @progbits
