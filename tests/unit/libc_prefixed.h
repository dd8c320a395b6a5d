/*
 * The application libc as built for host tests: every name it defines
 * carries the prefix rxl_ (objcopy --redefine-syms), so it links next
 * to the host C library. Prototypes match libc/include.
 */
#ifndef TESTS_UNIT_LIBC_PREFIXED_H
#define TESTS_UNIT_LIBC_PREFIXED_H

#include <stdarg.h>
#include <stddef.h>

struct libc_file;
extern struct libc_file *const rxl_stdout, *const rxl_stderr;

int *rxl___errno(void);
#define rxl_errno (*rxl___errno())

void *rxl_memcpy(void *dst, const void *src, size_t n);
void *rxl_memmove(void *dst, const void *src, size_t n);
void *rxl_memset(void *dst, int c, size_t n);
int rxl_memcmp(const void *a, const void *b, size_t n);
void *rxl_memchr(const void *s, int c, size_t n);
size_t rxl_strlen(const char *s);
size_t rxl_strnlen(const char *s, size_t max);
int rxl_strcmp(const char *a, const char *b);
int rxl_strncmp(const char *a, const char *b, size_t n);
char *rxl_strcpy(char *dst, const char *src);
char *rxl_strncpy(char *dst, const char *src, size_t n);
char *rxl_strcat(char *dst, const char *src);
char *rxl_strncat(char *dst, const char *src, size_t n);
size_t rxl_strlcpy(char *dst, const char *src, size_t size);
size_t rxl_strlcat(char *dst, const char *src, size_t size);
char *rxl_strchr(const char *s, int c);
char *rxl_strrchr(const char *s, int c);
char *rxl_strstr(const char *h, const char *n);
size_t rxl_strspn(const char *s, const char *a);
size_t rxl_strcspn(const char *s, const char *r);
char *rxl_strdup(const char *s);
char *rxl_strndup(const char *s, size_t max);
char *rxl_strerror(int e);

void *rxl_malloc(size_t size);
void rxl_free(void *p);
void *rxl_calloc(size_t n, size_t size);
void *rxl_realloc(void *p, size_t size);
int rxl_posix_memalign(void **out, size_t align, size_t size);
void *rxl_aligned_alloc(size_t align, size_t size);
long rxl_strtol(const char *s, char **end, int base);
unsigned long rxl_strtoul(const char *s, char **end, int base);
long long rxl_strtoll(const char *s, char **end, int base);
unsigned long long rxl_strtoull(const char *s, char **end, int base);
int rxl_atoi(const char *s);
int rxl_abs(int x);
void rxl_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
__attribute__((noreturn)) void rxl_exit(int status);
/* What libc calls to end the program (rumpxen/app.h), renamed with it. */
__attribute__((noreturn)) void rxl_app_exit(int status);
__attribute__((noreturn)) void rxl_abort(void);
__attribute__((noreturn)) void rxl___assert_fail(const char *e, const char *f, int l,
						 const char *fn);

int rxl_printf(const char *fmt, ...);
int rxl_fprintf(struct libc_file *f, const char *fmt, ...);
int rxl_snprintf(char *buf, size_t size, const char *fmt, ...);
int rxl_sprintf(char *buf, const char *fmt, ...);
int rxl_puts(const char *s);
int rxl_putchar(int c);
int rxl_fputs(const char *s, struct libc_file *f);

int rxl_isalpha(int c);
int rxl_isdigit(int c);
int rxl_isspace(int c);
int rxl_isxdigit(int c);
int rxl_ispunct(int c);
int rxl_isprint(int c);
int rxl_iscntrl(int c);
int rxl_isupper(int c);
int rxl_islower(int c);
int rxl_isalnum(int c);
int rxl_isgraph(int c);
int rxl_isblank(int c);
int rxl_toupper(int c);
int rxl_tolower(int c);

int rxl_usleep(unsigned int usec);
long rxl_write(int fd, const void *buf, size_t n);

#endif
