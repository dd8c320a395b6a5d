/*
 * printf-style formatting for the whole guest (see log.h for the
 * supported subset). No floating point: guest code is built without SSE.
 */
#include <stdbool.h>
#include <stdint.h>

#include <core/log.h>

#include "fmt_priv.h"

#define F_LEFT 0x01u
#define F_ZERO 0x02u
#define F_PLUS 0x04u
#define F_SPACE 0x08u
#define F_ALT 0x10u

struct spec {
	unsigned flags;
	int width;     /* 0 when none */
	int precision; /* -1 when none */
};

struct out {
	fmt_emit_fn emit;
	void *ctx;
	size_t count;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->emit(o->ctx, s, n);
		o->count += n;
	}
}

static void pad(struct out *o, char c, int n)
{
	char chunk[16];

	for (int i = 0; i < (int)sizeof(chunk); i++)
		chunk[i] = c;
	while (n > 0) {
		int k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);
		put(o, chunk, (size_t)k);
		n -= k;
	}
}

/* A string, padded to the width. */
static void put_field(struct out *o, const struct spec *sp, const char *s, size_t len)
{
	int padding = sp->width > (int)len ? sp->width - (int)len : 0;

	if (!(sp->flags & F_LEFT))
		pad(o, ' ', padding);
	put(o, s, len);
	if (sp->flags & F_LEFT)
		pad(o, ' ', padding);
}

/*
 * An integer: [sign or prefix][zeros to precision or width][digits],
 * padded with blanks on the side the '-' flag says.
 */
static void put_number(struct out *o, const struct spec *sp, uint64_t v, bool negative,
		       unsigned base, bool upper, bool is_signed, bool is_pointer)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;
	char prefix[3];
	int plen = 0;

	for (uint64_t x = v; x; x /= base)
		buf[sizeof(buf) - 1 - len++] = digits[x % base];
	if (v == 0 && sp->precision != 0)
		buf[sizeof(buf) - 1 - len++] = '0';

	if (negative)
		prefix[plen++] = '-';
	else if (is_signed && (sp->flags & F_PLUS))
		prefix[plen++] = '+';
	else if (is_signed && (sp->flags & F_SPACE))
		prefix[plen++] = ' ';
	if (base == 16 && (is_pointer || ((sp->flags & F_ALT) && v != 0))) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	}

	int zeros = sp->precision > len ? sp->precision - len : 0;
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 &&
	    (len == 0 || buf[sizeof(buf) - len] != '0'))
		zeros = 1;
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->precision < 0) {
		int room = sp->width - plen - len;
		if (room > zeros)
			zeros = room;
	}
	int total = plen + zeros + len;
	int padding = sp->width > total ? sp->width - total : 0;

	if (!(sp->flags & F_LEFT))
		pad(o, ' ', padding);
	put(o, prefix, (size_t)plen);
	pad(o, '0', zeros);
	put(o, buf + sizeof(buf) - len, (size_t)len);
	if (sp->flags & F_LEFT)
		pad(o, ' ', padding);
}

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

static uint64_t fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_T:
		return (uint64_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (int64_t)va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->flags |= F_LEFT;
		else if (*f == '0')
			sp->flags |= F_ZERO;
		else if (*f == '+')
			sp->flags |= F_PLUS;
		else if (*f == ' ')
			sp->flags |= F_SPACE;
		else if (*f == '#')
			sp->flags |= F_ALT;
		else
			break;
	}
	if (*f == '*') {
		int w = va_arg(*ap, int);
		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w == INT32_MIN ? INT32_MAX : -w;
		}
		sp->width = w;
		f++;
	} else {
		while (*f >= '0' && *f <= '9') {
			if (sp->width < 100000000)
				sp->width = sp->width * 10 + (*f - '0');
			f++;
		}
	}
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			int p = va_arg(*ap, int);
			sp->precision = p < 0 ? -1 : p;
			f++;
		} else {
			while (*f >= '0' && *f <= '9') {
				if (sp->precision < 100000000)
					sp->precision = sp->precision * 10 + (*f - '0');
				f++;
			}
		}
	}
	return f;
}

static const char *parse_length(const char *f, enum length *len)
{
	*len = LEN_NONE;
	switch (*f) {
	case 'h':
		if (f[1] == 'h') {
			*len = LEN_HH;
			return f + 2;
		}
		*len = LEN_H;
		return f + 1;
	case 'l':
		if (f[1] == 'l') {
			*len = LEN_LL;
			return f + 2;
		}
		*len = LEN_L;
		return f + 1;
	case 'z':
		*len = LEN_Z;
		return f + 1;
	case 'j':
		*len = LEN_J;
		return f + 1;
	case 't':
		*len = LEN_T;
		return f + 1;
	default:
		return f;
	}
}

int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = {emit, ctx, 0};
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *f = fmt; *f;) {
		if (*f != '%') {
			const char *run = f;
			while (*f && *f != '%')
				f++;
			put(&o, run, (size_t)(f - run));
			continue;
		}
		const char *start = f++;
		struct spec sp;
		enum length len;
		f = parse_spec(f, &sp, &ap);
		f = parse_length(f, &len);
		char conv = *f ? *f++ : '\0';

		switch (conv) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&ap, len);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			put_number(&o, &sp, mag, v < 0, 10, false, true, false);
			break;
		}
		case 'u':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 10, false, false,
				   false);
			break;
		case 'x':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 16, false, false,
				   false);
			break;
		case 'X':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 16, true, false,
				   false);
			break;
		case 'o':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 8, false, false,
				   false);
			break;
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			put_number(&o, &sp, v, false, 16, false, false, true);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = 0;
			while (s[n] && (sp.precision < 0 || n < (size_t)sp.precision))
				n++;
			put_field(&o, &sp, s, n);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_field(&o, &sp, &c, 1);
			break;
		}
		case '%':
			put(&o, "%", 1);
			break;
		default:
			/* Unknown conversion: show it as written so the bug is visible. */
			put(&o, start, (size_t)(f - start));
			break;
		}
	}
	va_end(ap);
	return o.count > INT32_MAX ? INT32_MAX : (int)o.count;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t used;
};

static void emit_buf(void *ctx, const char *s, size_t n)
{
	struct buf_ctx *b = ctx;

	for (size_t i = 0; i < n; i++, b->used++)
		if (b->used + 1 < b->size)
			b->buf[b->used] = s[i];
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = {buf, size, 0};
	int n = fmt_vformat(emit_buf, &b, fmt, ap);

	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
