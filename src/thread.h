/*
 * thread.h — a thread started on another processor than its creator's.
 *
 * Linux queues a new thread on the processor of the thread that creates
 * it; while the creator keeps that processor busy, the new thread waits for
 * the scheduler to move it to an idle one. On the reference machine (two
 * virtual processors) that wait was 0.4 to 3.3 ms, and the set-up thread,
 * whose work is the longest chain of a run, lost 1.3 ms of it every time
 * (bench/RESULTS.md). thread_new asks for the other processors at creation
 * and gives the thread back all of its creator's once it runs, so that it
 * starts at once and the scheduler stays free to move it afterwards. With a
 * single processor it is a plain thread.
 */
#ifndef DECLC_THREAD_H
#define DECLC_THREAD_H

struct thread;

/* Starts FN(ARG) on a thread named NAME (at most 15 bytes are kept).
 * Aborts when no thread can be made, as g_thread_new does. */
struct thread *thread_new(const char *name, void *(*fn)(void *), void *arg);

/* Waits for T to end and frees it; returns what FN returned. */
void *thread_join(struct thread *t);

#endif
