/* Timer queue as a binary min-heap keyed by deadline (see timer_heap.h). */
#include <core/errors.h>

#include "timer_heap.h"

static void place(struct timer_heap *h, size_t i, struct timer_node *n)
{
	h->nodes[i] = n;
	n->index = i;
}

static void sift_up(struct timer_heap *h, size_t i)
{
	struct timer_node *n = h->nodes[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->nodes[parent]->deadline_ns <= n->deadline_ns)
			break;
		place(h, i, h->nodes[parent]);
		i = parent;
	}
	place(h, i, n);
}

static void sift_down(struct timer_heap *h, size_t i)
{
	struct timer_node *n = h->nodes[i];

	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->count)
			break;
		if (child + 1 < h->count &&
		    h->nodes[child + 1]->deadline_ns < h->nodes[child]->deadline_ns)
			child++;
		if (n->deadline_ns <= h->nodes[child]->deadline_ns)
			break;
		place(h, i, h->nodes[child]);
		i = child;
	}
	place(h, i, n);
}

void timer_heap_init(struct timer_heap *h, struct timer_node **storage, size_t capacity)
{
	h->nodes = storage;
	h->count = 0;
	h->capacity = capacity;
}

void timer_heap_move(struct timer_heap *h, struct timer_node **storage, size_t capacity)
{
	for (size_t i = 0; i < h->count; i++)
		storage[i] = h->nodes[i];
	h->nodes = storage;
	h->capacity = capacity;
}

int timer_heap_insert(struct timer_heap *h, struct timer_node *n)
{
	if (h->count == h->capacity)
		return RX_ENOSPC;
	size_t i = h->count++;
	place(h, i, n);
	sift_up(h, i);
	return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer_node *n)
{
	size_t i = n->index;

	if (i == TIMER_NODE_IDLE || i >= h->count || h->nodes[i] != n)
		return;
	n->index = TIMER_NODE_IDLE;
	struct timer_node *last = h->nodes[--h->count];
	if (last == n)
		return;
	/* The last node fills the hole; it may belong above or below it. */
	place(h, i, last);
	if (i > 0 && h->nodes[(i - 1) / 2]->deadline_ns > last->deadline_ns)
		sift_up(h, i);
	else
		sift_down(h, i);
}

struct timer_node *timer_heap_min(const struct timer_heap *h)
{
	return h->count ? h->nodes[0] : NULL;
}
