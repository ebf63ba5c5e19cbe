/*
 * Micro-workloads on the machine's own Linux kernel, for FidelityTest. Each prints
 *   NAME minflt majflt rss_kb ok
 * with the getrusage fault deltas over the workload, the change of its Rss (smaps_rollup, which
 * walks the page tables; VmRSS lags behind per-CPU counters) and whether its mmap succeeded. The
 * model runs the same workloads from configs/scenarios/linux/fidelity.yaml. Memory comes from
 * mmap only (never malloc), anonymous regions have MADV_NOHUGEPAGE, and file mappings are placed
 * 64 KiB-aligned, as the model places them, so fault-around windows line up.
 * Usage: helper SCRATCH_FILE; the file must be on a disk filesystem (not tmpfs).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096L
#define ALIGN (16 * PAGE)

static long rss_kb(void) {
  char line[256];
  long kb = -1;
  FILE *f = fopen("/proc/self/smaps_rollup", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "Rss: %ld kB", &kb) == 1) break;
  fclose(f);
  return kb;
}

static struct rusage before, after;
static long rss_before;

/* getrusage twice: the first call may fault in the stack page its result is copied to. */
static void start(void) {
  getrusage(RUSAGE_SELF, &before);
  rss_before = rss_kb();
  getrusage(RUSAGE_SELF, &before);
}

static void stop(const char *name, int ok) {
  getrusage(RUSAGE_SELF, &after);
  long rss = rss_kb() - rss_before;
  printf("%s %ld %ld %ld %d\n", name, after.ru_minflt - before.ru_minflt,
         after.ru_majflt - before.ru_majflt, rss, ok);
  fflush(stdout);
}

static char *anon(long pages) {
  char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); exit(2); }
  madvise(p, pages * PAGE, MADV_NOHUGEPAGE);
  return p;
}

/* The file mapped at a 64 KiB-aligned address. */
static char *map_aligned(int fd, long pages) {
  char *r = mmap(NULL, pages * PAGE + ALIGN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *at = (char *)(((unsigned long)r + ALIGN - 1) & ~(ALIGN - 1));
  char *m = mmap(at, pages * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
  if (m == MAP_FAILED) { perror("mmap file"); exit(2); }
  return m;
}

/* The same, mapped private and writable: a write copies the cached page (do_cow_fault). */
static char *map_aligned_private(int fd, long pages) {
  char *r = mmap(NULL, pages * PAGE + ALIGN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *at = (char *)(((unsigned long)r + ALIGN - 1) & ~(ALIGN - 1));
  char *m = mmap(at, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (m == MAP_FAILED) { perror("mmap file private"); exit(2); }
  return m;
}

static volatile long sink;
static void readall(char *p, long pages) { for (long i = 0; i < pages; i++) sink += p[i * PAGE]; }
static void writeall(char *p, long pages) { for (long i = 0; i < pages; i++) p[i * PAGE] = 1; }

static int make_file(const char *name, long pages) {
  char buf[PAGE];
  memset(buf, 7, sizeof buf);
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) { perror(name); exit(2); }
  for (long i = 0; i < pages; i++)
    if (write(fd, buf, PAGE) != PAGE) { perror("write"); exit(2); }
  fsync(fd);
  return fd;
}

/* read_ahead_kb of the device holding the file (a partition's is its disk's). */
static long readahead_kb(int fd) {
  struct stat st;
  char path[128];
  long kb = -1;
  fstat(fd, &st);
  snprintf(path, sizeof path, "/sys/dev/block/%u:%u/queue/read_ahead_kb", major(st.st_dev),
           minor(st.st_dev));
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(path, sizeof path, "/sys/dev/block/%u:%u/../queue/read_ahead_kb",
             major(st.st_dev), minor(st.st_dev));
    f = fopen(path, "r");
  }
  if (f) { if (fscanf(f, "%ld", &kb) != 1) kb = -1; fclose(f); }
  return kb;
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "fidelity.dat";
  long pages = 256;

  start(); stop("warm-up", 1); /* stdio and the probes' own first faults */

  start(); char *a = anon(pages); writeall(a, pages); stop("write", 1);
  start(); char *b = anon(pages); readall(b, pages); stop("read", 1);
  start(); char *c = anon(pages); readall(c, pages); writeall(c, pages); stop("read-then-write", 1);
  start(); char *d = anon(pages); writeall(d, pages);
  madvise(d, pages * PAGE, MADV_DONTNEED); readall(d, pages); stop("dontneed-read", 1);

  start(); char *f = anon(pages); writeall(f, pages);
  madvise(f, pages * PAGE, MADV_FREE); readall(f, pages); writeall(f, pages);
  stop("free-read-write", 1);

  start(); char *e = anon(pages); writeall(e, pages); stop("fork-parent-before", 1);
  pid_t pid = fork();
  if (pid == 0) {
    start(); readall(e, pages); writeall(e, 64); stop("fork-child", 1);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  start(); writeall(e, pages); stop("fork-parent-after", 1);

  int fd = make_file(file, 64);
  start(); char *w = map_aligned(fd, 64); readall(w, 64); stop("file-warm", 1);
  munmap(w, 64 * PAGE);
  start(); char *v = map_aligned_private(fd, 64); writeall(v, 64); stop("file-private-write", 1);
  munmap(v, 64 * PAGE);
  close(fd);
  fd = make_file(file, 256);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); /* out of the page cache: clean, unmapped */
  start(); char *k = map_aligned(fd, 256); readall(k, 256); stop("file-cold", 1);
  printf("readahead %ld 0 0 1\n", readahead_kb(fd));
  munmap(k, 256 * PAGE);
  close(fd);
  unlink(file);

  long total = 0, swap = 0;
  char line[256];
  FILE *mi = fopen("/proc/meminfo", "r");
  while (mi && fgets(line, sizeof line, mi)) {
    sscanf(line, "MemTotal: %ld kB", &total);
    sscanf(line, "SwapTotal: %ld kB", &swap);
  }
  if (mi) fclose(mi);
  FILE *oc = fopen("/proc/sys/vm/overcommit_memory", "r");
  int mode = -1;
  if (oc) { if (fscanf(oc, "%d", &mode) != 1) mode = -1; fclose(oc); }
  printf("meminfo %ld %ld %d 1\n", total, swap, mode);
  long limit = (total + swap) * 1024;
  void *big = mmap(NULL, limit + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  start(); stop("mmap-above-ram-and-swap", big != MAP_FAILED);
  void *fits = mmap(NULL, limit / 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  start(); stop("mmap-half-of-ram-and-swap", fits != MAP_FAILED);
  return 0;
}
