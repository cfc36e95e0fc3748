/*
 * Many terminals over one database: worker processes, each a clerk or an
 * officer at a terminal, run whole cdesk commands with a pause between them
 * (a person reads, types, answers the phone), for a number of seconds.
 *
 *   bench_load CDESK DB SECONDS ADDERS ACTORS READERS [PAUSE_MS] [CASES_FILE]
 *
 * Adders register cases (`cdesk add`); actors add a note to a case of
 * CASES_FILE (case numbers, one a line; without it, to cases the adders
 * made); readers list the overdue queue, search 红包 and show a case, in
 * turn. Each worker pauses PAUSE_MS (default 1000) on average, uniformly
 * between half and one and a half of it, between commands. Prints per kind
 * the commands run, their latency (wall, ms) at p50, p95, p99 and the
 * maximum, and the errors (a non-zero exit), with the first error's message;
 * exits 1 on any error.
 *
 * With $CDESK_TRACE_LOCK naming a file (bench/load.sh sets it), each cdesk
 * appends its connection's lock times to it (src/core/store_tune.c); this
 * then prints, per kind, where the slowest 1% of the commands and the
 * median ones spent their time: asleep waiting for a lock, holding the
 * write lock, in COMMIT, in autocheckpoints, in the closing checkpoint.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

enum kind { K_ADD, K_ACT, K_READ, K__COUNT };
static const char *const kind_name[K__COUNT] = { "add", "act (note)", "read (list/search/show)" };

#define MAXSAMPLES 4096     /* per worker */
#define MAXCASES 256

struct worker_out {
	int kind, n, errors;
	float ms[MAXSAMPLES];
	int pid[MAXSAMPLES];        /* each command's process, for the lock trace */
	char first_error[240];
};

static int cmp_f(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* Runs argv, stdout to /dev/null, stderr to errfile; returns the exit status
 * (or -1), the wall time in *ms and the process id in *out_pid. */
static int run(char **argv, const char *errfile, double *ms, int *out_pid)
{
	double t0 = bench_now_ms();
	int status;
	pid_t pid = bench_spawn(argv, NULL, errfile);

	*out_pid = (int)pid;
	if (pid < 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	*ms = bench_now_ms() - t0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void pause_ms(unsigned *seed, int mean)
{
	int ms = mean / 2 + (mean ? (int)(rand_r(seed) % (unsigned)mean) : 0);
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void worker(struct worker_out *o, int id, const char *cdesk, const char *db,
		   double until, int pause, char cases[][32], int ncases)
{
	unsigned seed = (unsigned)(id * 7919 + getpid());
	char errfile[64], text[160], phone[16], name[32];
	int turn = 0;

	snprintf(errfile, sizeof errfile, "/tmp/cdesk-load-%d-%d.err", (int)getpid(), id);
	pause_ms(&seed, pause);
	while (bench_now_ms() < until && o->n < MAXSAMPLES) {
		char *argv[16] = { (char *)cdesk, "--db", (char *)db };
		int k = 3, rc;
		double ms = 0;

		if (o->kind == K_ADD) {
			snprintf(text, sizeof text, "负载测试：第%d号终端第%d次登记，医生态度差，要求道歉",
				 id, turn);
			snprintf(phone, sizeof phone, "139%08d", id * 10000 + turn);
			snprintf(name, sizeof name, "测试%d", id);
			argv[k++] = "add";
			argv[k++] = "--channel";
			argv[k++] = "phone";
			argv[k++] = "--text";
			argv[k++] = text;
			argv[k++] = "--name";
			argv[k++] = name;
			argv[k++] = "--phone";
			argv[k++] = phone;
		} else if (o->kind == K_ACT) {
			snprintf(text, sizeof text, "负载测试：第%d号终端电话联系投诉人", id);
			argv[k++] = "note";
			argv[k++] = cases[rand_r(&seed) % (unsigned)ncases];
			argv[k++] = "--text";
			argv[k++] = text;
		} else if (turn % 3 == 0) {
			argv[k++] = "list";
			argv[k++] = "overdue";
			argv[k++] = "--limit";
			argv[k++] = "20";
		} else if (turn % 3 == 1) {
			argv[k++] = "search";
			argv[k++] = "红包";
		} else {
			argv[k++] = "show";
			argv[k++] = cases[rand_r(&seed) % (unsigned)ncases];
		}
		rc = run(argv, errfile, &ms, &o->pid[o->n]);
		o->ms[o->n++] = (float)ms;
		if (rc != 0) {
			if (!o->errors++) {
				FILE *f = fopen(errfile, "r");
				size_t n = f ? fread(o->first_error, 1, sizeof o->first_error - 1, f) : 0;
				o->first_error[n] = '\0';
				o->first_error[strcspn(o->first_error, "\n")] = '\0';
				if (f)
					fclose(f);
			}
		}
		turn++;
		pause_ms(&seed, pause);
	}
	unlink(errfile);
}

/* One command's lock times ($CDESK_TRACE_LOCK), the sums of its connections. */
struct lock_times {
	int pid;
	double wait, hold, commit, ckpt, close;
};

static int cmp_lt(const void *a, const void *b)
{
	const struct lock_times *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The trace's lines, summed per process and sorted by pid; *n of them. */
static struct lock_times *read_lock_trace(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	struct lock_times *v = NULL, t;
	size_t cap = 0, k = 0;
	char line[400];

	*n = 0;
	while (f && fgets(line, sizeof line, f)) {
		int waits, ckpts;
		double total, begin;
		if (sscanf(line, "pid %d total %lf wait %lf waits %d begin %lf hold %lf commit %lf "
			   "checkpoint %lf checkpoints %d close %lf", &t.pid, &total, &t.wait, &waits,
			   &begin, &t.hold, &t.commit, &t.ckpt, &ckpts, &t.close) != 10)
			continue;
		if (k == cap) {
			cap = cap ? 2 * cap : 1024;
			v = realloc(v, cap * sizeof *v);
			if (!v)
				break;
		}
		v[k++] = t;
	}
	if (f)
		fclose(f);
	if (!v)
		return NULL;
	qsort(v, k, sizeof *v, cmp_lt);
	for (size_t i = 0; i < k; i++) {
		if (*n && v[*n - 1].pid == v[i].pid) {
			v[*n - 1].wait += v[i].wait;
			v[*n - 1].hold += v[i].hold;
			v[*n - 1].commit += v[i].commit;
			v[*n - 1].ckpt += v[i].ckpt;
			v[*n - 1].close += v[i].close;
		} else {
			v[(*n)++] = v[i];
		}
	}
	return v;
}

struct sample { float ms; int pid; };

static int cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return (x->ms > y->ms) - (x->ms < y->ms);
}

/* The mean lock times of samples [from, to) of s (sorted by latency). */
static void print_lock_split(const char *what, const struct sample *s, int from, int to,
			     const struct lock_times *lt, size_t nlt)
{
	double lat = 0, wait = 0, hold = 0, commit = 0, ckpt = 0, close = 0;
	int n = 0;

	for (int i = from; i < to; i++) {
		struct lock_times key = { .pid = s[i].pid }, *t;
		t = bsearch(&key, lt, nlt, sizeof *lt, cmp_lt);
		if (!t)
			continue;
		n++;
		lat += s[i].ms;
		wait += t->wait;
		hold += t->hold;
		commit += t->commit;
		ckpt += t->ckpt;
		close += t->close;
	}
	if (n)
		printf("    %-12s %5d  %8.1f ms: asleep for a lock %.1f, holding the write lock "
		       "%.1f (commit %.1f), autocheckpoint %.1f, closing %.1f\n", what, n, lat / n,
		       wait / n, hold / n, commit / n, ckpt / n, close / n);
}

static int read_cases(const char *path, char cases[][32])
{
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return 0;
	while (n < MAXCASES && fgets(cases[n], 32, f)) {
		cases[n][strcspn(cases[n], "\r\n")] = '\0';
		if (cases[n][0])
			n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static char cases[MAXCASES][32];
	int count[K__COUNT], nworkers, ncases, pause = argc > 7 ? atoi(argv[7]) : 1000, bad = 0;
	struct worker_out *out;
	const char *trace = getenv("CDESK_TRACE_LOCK");
	struct lock_times *lt = NULL;
	size_t nlt = 0;
	double until;

	if (argc < 7) {
		fprintf(stderr, "usage: bench_load CDESK DB SECONDS ADDERS ACTORS READERS "
			"[PAUSE_MS] [CASES_FILE]\n");
		return 2;
	}
	count[K_ADD] = atoi(argv[4]);
	count[K_ACT] = atoi(argv[5]);
	count[K_READ] = atoi(argv[6]);
	nworkers = count[K_ADD] + count[K_ACT] + count[K_READ];
	ncases = argc > 8 ? read_cases(argv[8], cases) : 0;
	if (nworkers < 1 || nworkers > 1000 || ((count[K_ACT] || count[K_READ]) && !ncases)) {
		fprintf(stderr, "bench_load: 1 to 1000 workers, and a CASES_FILE for actors and "
			"readers\n");
		return 2;
	}
	out = mmap(NULL, sizeof *out * (size_t)nworkers, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED) {
		perror("bench_load: mmap");
		return 1;
	}
	memset(out, 0, sizeof *out * (size_t)nworkers);
	until = bench_now_ms() + atof(argv[3]) * 1e3;
	for (int i = 0, w = 0; i < K__COUNT; i++)
		for (int j = 0; j < count[i]; j++, w++) {
			pid_t pid;
			out[w].kind = i;
			if ((pid = fork()) < 0) {
				perror("bench_load: fork");
				return 1;
			}
			if (pid == 0) {
				worker(&out[w], w, argv[1], argv[2], until, pause, cases, ncases);
				_exit(0);
			}
		}
	while (wait(NULL) > 0)
		;
	if (trace && *trace)
		lt = read_lock_trace(trace, &nlt);
	printf("%d processes over one database for %s s (%d adding, %d acting, %d reading), "
	       "pauses of %d ms on average\n", nworkers, argv[3], count[K_ADD], count[K_ACT],
	       count[K_READ], pause);
	printf("%-26s %7s %8s %8s %8s %8s %7s\n", "kind", "runs", "p50 ms", "p95 ms", "p99 ms",
	       "max ms", "errors");
	for (int k = 0; k < K__COUNT; k++) {
		int n = 0, errors = 0;
		float *all;
		const char *first = NULL;

		for (int w = 0; w < nworkers; w++)
			if (out[w].kind == k) {
				n += out[w].n;
				errors += out[w].errors;
				if (out[w].errors && !first)
					first = out[w].first_error;
			}
		if (!count[k])
			continue;
		all = malloc(sizeof *all * (size_t)(n ? n : 1));
		n = 0;
		for (int w = 0; w < nworkers; w++)
			if (out[w].kind == k)
				for (int i = 0; i < out[w].n; i++)
					all[n++] = out[w].ms[i];
		qsort(all, (size_t)n, sizeof *all, cmp_f);
#define PCT(p) (n ? all[(int)((double)(n - 1) * (p))] : 0.0f)
		printf("%-26s %7d %8.1f %8.1f %8.1f %8.1f %7d\n", kind_name[k], n, PCT(0.50),
		       PCT(0.95), PCT(0.99), n ? all[n - 1] : 0.0f, errors);
		if (first)
			printf("  first error: %s\n", first);
		bad += errors;
		free(all);
	}
	if (nlt) {
		printf("where the time went (mean per command, ms; $CDESK_TRACE_LOCK):\n");
		for (int k = 0; k < K__COUNT; k++) {
			struct sample *s;
			int n = 0;
			for (int w = 0; w < nworkers; w++)
				if (out[w].kind == k)
					n += out[w].n;
			if (!n)
				continue;
			s = malloc(sizeof *s * (size_t)n);
			n = 0;
			for (int w = 0; w < nworkers; w++)
				if (out[w].kind == k)
					for (int i = 0; i < out[w].n; i++)
						s[n++] = (struct sample){ out[w].ms[i], out[w].pid[i] };
			qsort(s, (size_t)n, sizeof *s, cmp_sample);
			printf("  %s:\n", kind_name[k]);
			/* the middle tenth, and the slowest hundredth (at least one) */
			print_lock_split("p45-p55", s, n * 45 / 100, n * 55 / 100 + 1, lt, nlt);
			print_lock_split("slowest 1%", s, n - (n + 99) / 100, n, lt, nlt);
			free(s);
		}
	}
	free(lt);
	return bad ? 1 : 0;
}
