/* assert(); define NDEBUG to compile the checks out. Re-includable. */
#undef assert

__attribute__((noreturn)) void __assert_fail(const char *expr, const char *file, int line,
					     const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif
