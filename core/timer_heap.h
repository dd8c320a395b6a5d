/*
 * A binary min-heap of deadlines: the scheduler's timer queue. Nodes are
 * embedded in their owners; the heap keeps only pointers, and every node
 * remembers its own index so removal is O(log n) without a search.
 *
 * The caller supplies the pointer array and guarantees room: the
 * scheduler sizes it for every live thread, since a thread waits on at
 * most one deadline at a time. Not safe against concurrent use: the
 * scheduler calls it with events disabled.
 */
#ifndef CORE_TIMER_HEAP_H
#define CORE_TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMER_NODE_IDLE ((size_t)-1)

struct timer_node {
	uint64_t deadline_ns;
	size_t index; /* position in the heap, TIMER_NODE_IDLE when not queued */
};

struct timer_heap {
	struct timer_node **nodes;
	size_t count;
	size_t capacity;
};

void timer_heap_init(struct timer_heap *h, struct timer_node **storage, size_t capacity);
/* Move the heap to a larger array (new_capacity >= count). */
void timer_heap_move(struct timer_heap *h, struct timer_node **storage, size_t capacity);
/* RX_ENOSPC when full (a caller bug: capacity tracks the live threads). */
int timer_heap_insert(struct timer_heap *h, struct timer_node *n);
void timer_heap_remove(struct timer_heap *h, struct timer_node *n);
/* Earliest node, or NULL when empty. */
struct timer_node *timer_heap_min(const struct timer_heap *h);

static inline bool timer_node_queued(const struct timer_node *n)
{
	return n->index != TIMER_NODE_IDLE;
}

static inline void timer_node_init(struct timer_node *n)
{
	n->deadline_ns = 0;
	n->index = TIMER_NODE_IDLE;
}

#endif
