/*
 * thread.c — a thread started on another processor than its creator's
 * (thread.h says why). Consumes a function and its argument; produces a
 * POSIX thread the caller owns until thread_join.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <glib.h>
#include "thread.h"

struct thread {
	pthread_t id;
	void *(*fn)(void *);
	void *arg;
	char name[16];           /* what the kernel keeps of a thread's name */
	cpu_set_t allowed;       /* the creator's processors, given back at start */
	bool hinted;             /* created on the others only */
};

static void *thread_main(void *data)
{
	struct thread *t = data;

	if (t->hinted)
		pthread_setaffinity_np(pthread_self(), sizeof t->allowed, &t->allowed);
	pthread_setname_np(pthread_self(), t->name);
	return t->fn(t->arg);
}

struct thread *thread_new(const char *name, void *(*fn)(void *), void *arg)
{
	struct thread *t = g_new0(struct thread, 1);
	pthread_attr_t attr;
	int here = sched_getcpu(), rc;

	t->fn = fn;
	t->arg = arg;
	g_strlcpy(t->name, name, sizeof t->name);
	pthread_attr_init(&attr);
	if (here >= 0 && sched_getaffinity(0, sizeof t->allowed, &t->allowed) == 0) {
		cpu_set_t others = t->allowed;
		CPU_CLR(here, &others);
		t->hinted = CPU_COUNT(&others) > 0 &&
			    pthread_attr_setaffinity_np(&attr, sizeof others, &others) == 0;
	}
	rc = pthread_create(&t->id, &attr, thread_main, t);
	pthread_attr_destroy(&attr);
	if (rc != 0 && t->hinted) {
		/* The processors may have been taken away meanwhile (a cgroup
		 * changed): a plain thread then. */
		t->hinted = false;
		rc = pthread_create(&t->id, NULL, thread_main, t);
	}
	if (rc != 0)
		g_error("cannot start thread %s: %s", name, g_strerror(rc));
	return t;
}

void *thread_join(struct thread *t)
{
	void *result = NULL;

	pthread_join(t->id, &result);
	g_free(t);
	return result;
}
