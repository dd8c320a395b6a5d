/*
 * The smallest application: greet, show what the platform gave us
 * (memory, arguments, configuration) and exit with status 0.
 */
#include <runtime/mm.h>
#include <runtime/platform.h>

#include <core/config.h>
#include <core/log.h>
#include <core/mem.h>

int main(int argc, char **argv)
{
	struct mem_stats ms;
	struct mm_stats mm;
	const char *keys[] = {"name", "log", "greeting"};

	console_printf("hello from rumpxen\n");
	console_printf("boot: main reached %lu us after the first instruction\n",
		       (unsigned long)((boot_main_ns - boot_first_ns) / 1000));
	mem_get_stats(&ms);
	mm_get_stats(&mm);
	console_printf("memory: %lu KiB total, %lu KiB image and page tables, %zu KiB free\n",
		       mm.total_pages * 4, mm.image_pages * 4, ms.free_bytes / 1024);
	for (int i = 0; i < argc; i++)
		console_printf("argv[%d] = \"%s\"\n", i, argv[i]);
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = config_get(keys[i]);
		if (v)
			console_printf("config %s = \"%s\"\n", keys[i], v);
	}
	return 0;
}
