#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void free(void *p);
/* NULL with errno ENOMEM when nmemb * size overflows. */
void *calloc(size_t nmemb, size_t size);
void *realloc(void *p, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
void *aligned_alloc(size_t align, size_t size);

long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);
int atoi(const char *s);
long atol(const char *s);

int abs(int x);
long labs(long x);
long long llabs(long long x);

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* End the guest with a status (0..255) / as a failure (status 134). */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);

#endif
