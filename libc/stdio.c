/* Console-only stdio: both streams write to the guest console. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <core/log.h>
#include <core/plat.h>

struct libc_file {
	int fd;
};

static struct libc_file out_file = {1}, err_file = {2};
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

static int check_stream(FILE *f)
{
	if (f != stdout && f != stderr) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

int vprintf(const char *fmt, va_list ap) { return console_vprintf(fmt, ap); }

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	if (check_stream(f) < 0)
		return -1;
	return console_vprintf(fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return fmt_vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

int fputs(const char *s, FILE *f)
{
	if (check_stream(f) < 0)
		return EOF;
	plat_console_write(s, strlen(s));
	return 0;
}

int puts(const char *s)
{
	plat_console_write(s, strlen(s));
	plat_console_write("\n", 1);
	return 0;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	if (check_stream(f) < 0)
		return EOF;
	plat_console_write(&ch, 1);
	return (unsigned char)c;
}

int putc(int c, FILE *f) { return fputc(c, f); }

int putchar(int c) { return fputc(c, stdout); }

int fflush(FILE *f)
{
	/* Console writes are not buffered here. */
	if (f && check_stream(f) < 0)
		return EOF;
	return 0;
}
