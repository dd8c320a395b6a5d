/* Timer queue tests: the heap against a brute-force model. */
#include <stdint.h>
#include <stdio.h>

#include <core/errors.h>

#include "harness.h"
#include "timer_heap.h"

#define N 2000

static struct timer_node nodes[N];
static struct timer_node *storage[N];

static uint32_t seed = 2024;

static uint32_t rnd(void)
{
	seed = seed * 1664525u + 1013904223u;
	return seed >> 8;
}

static struct timer_node *model_min(void)
{
	struct timer_node *best = NULL;

	for (int i = 0; i < N; i++)
		if (timer_node_queued(&nodes[i]) &&
		    (!best || nodes[i].deadline_ns < best->deadline_ns))
			best = &nodes[i];
	return best;
}

static void test_empty(void)
{
	struct timer_heap h;
	struct timer_node n;

	timer_heap_init(&h, storage, 1);
	timer_node_init(&n);
	CHECK(timer_heap_min(&h) == NULL, "empty heap has a minimum");
	timer_heap_remove(&h, &n); /* not queued: no effect */
	CHECK(h.count == 0, "count %zu", h.count);
	n.deadline_ns = 5;
	CHECK(timer_heap_insert(&h, &n) == 0, "insert");
	struct timer_node m;
	timer_node_init(&m);
	CHECK(timer_heap_insert(&h, &m) == RX_ENOSPC, "insert into a full heap");
	timer_heap_remove(&h, &n);
	CHECK(!timer_node_queued(&n) && h.count == 0, "remove");
}

static void test_pop_order(void)
{
	struct timer_heap h;

	timer_heap_init(&h, storage, N);
	for (int i = 0; i < N; i++) {
		timer_node_init(&nodes[i]);
		nodes[i].deadline_ns = rnd() % 500; /* many equal deadlines */
		CHECK(timer_heap_insert(&h, &nodes[i]) == 0, "insert %d", i);
	}
	uint64_t last = 0;
	for (int i = 0; i < N; i++) {
		struct timer_node *m = timer_heap_min(&h);
		CHECK(m, "heap empty after %d pops", i);
		CHECK(m->deadline_ns >= last, "pop %d: %llu after %llu", i,
		      (unsigned long long)m->deadline_ns, (unsigned long long)last);
		last = m->deadline_ns;
		timer_heap_remove(&h, m);
	}
	CHECK(timer_heap_min(&h) == NULL, "not empty at the end");
}

static void test_random_against_model(void)
{
	struct timer_heap h;
	static struct timer_node *small[N];

	timer_heap_init(&h, small, 64);
	for (int i = 0; i < N; i++)
		timer_node_init(&nodes[i]);
	for (int step = 0; step < 200000; step++) {
		struct timer_node *n = &nodes[rnd() % N];
		if (timer_node_queued(n)) {
			timer_heap_remove(&h, n);
		} else {
			if (h.count == h.capacity)
				timer_heap_move(&h, storage, N); /* grow, as the scheduler does */
			n->deadline_ns = rnd();
			CHECK(timer_heap_insert(&h, n) == 0, "insert");
		}
		struct timer_node *m = timer_heap_min(&h), *want = model_min();
		CHECK((m == NULL) == (want == NULL), "emptiness differs at step %d", step);
		CHECK(!m || m->deadline_ns == want->deadline_ns, "step %d: min %llu, model %llu",
		      step, (unsigned long long)m->deadline_ns,
		      (unsigned long long)want->deadline_ns);
		if (step % 997 == 0)
			for (size_t i = 0; i < h.count; i++)
				CHECK(h.nodes[i]->index == i, "node at %zu thinks it is at %zu", i,
				      h.nodes[i]->index);
	}
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "timer_heap");
	harness_run("empty, full, remove", test_empty);
	harness_run("2000 deadlines pop in order", test_pop_order);
	harness_run("random insert/remove matches a model", test_random_against_model);
	return harness_end();
}
