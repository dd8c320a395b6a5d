/*
 * Backtraces by frame pointer (all guest code keeps rbp chains), with
 * names from the symbol table the image link embeds (.rx_symtab, see
 * xen/image.mk). Frame pointers are checked to move up the stack and
 * stay mapped-looking before they are followed, so a corrupt chain ends
 * the trace instead of faulting.
 */
#include <runtime/mm.h>
#include <runtime/platform.h>

#include <core/log.h>

struct symtab_entry {
	uint64_t addr;
	uint32_t name_off;
	uint32_t pad;
};

extern const struct {
	uint64_t count;
	struct symtab_entry e[];
} rx_symtab;

extern char _etext[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t n = rx_symtab.count;
	const char *names = (const char *)&rx_symtab.e[n];
	uint64_t lo = 0, hi = n;

	if (n == 0 || addr < rx_symtab.e[0].addr || addr >= (uint64_t)_etext)
		return NULL;
	/* Last entry with e.addr <= addr. */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if (rx_symtab.e[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - rx_symtab.e[lo].addr;
	return names + rx_symtab.e[lo].name_off;
}

static void print_frame(int depth, uint64_t rip)
{
	char buf[128];
	uint64_t off;
	const char *name = symbol_lookup(rip, &off);
	int n = name ? fmt_snprintf(buf, sizeof(buf), "  #%d %#lx %s+%#lx\n", depth,
				    (unsigned long)rip, name, (unsigned long)off)
		     : fmt_snprintf(buf, sizeof(buf), "  #%d %#lx ?\n", depth, (unsigned long)rip);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	xen_console_write(buf, (size_t)n);
}

static int plausible_frame(uint64_t fp, uint64_t prev)
{
	uint64_t end = (uint64_t)xen_nr_pages << RX_PAGE_SHIFT;
	return fp > prev && (fp & 7) == 0 && fp >= RX_PAGE_SIZE && fp + 16 <= end &&
	       !mm_is_stack_guard(fp) && !mm_is_stack_guard(fp + 8);
}

void backtrace_print(uint64_t rip, uint64_t rbp)
{
	static const char head[] = "  backtrace:\n";
	xen_console_write(head, sizeof(head) - 1);
	print_frame(0, rip);
	uint64_t prev = 0;
	for (int depth = 1; depth < 32 && rbp && plausible_frame(rbp, prev); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (frame[1] == 0)
			break;
		print_frame(depth, frame[1]);
		prev = rbp;
		rbp = frame[0];
	}
}
