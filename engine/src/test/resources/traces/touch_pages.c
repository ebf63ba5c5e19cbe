/*
 * A tiny program whose memory behaviour is easy to recognise in a Valgrind lackey trace:
 * it writes one byte in each of 64 pages, re-reads a 16-page working set four times, and does an
 * unaligned 8-byte read-modify-write across every page boundary of the buffer (so some references
 * spill into a second page).
 *
 * Build and record (see README.md in this folder):
 *   gcc -O1 -static -o touch_pages touch_pages.c
 *   valgrind --tool=lackey --trace-mem=yes --log-file=full.lackey ./touch_pages
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { PAGES = 64, PAGE = 4096 };

int main(void) {
  unsigned char *buf = aligned_alloc(PAGE, PAGES * PAGE);
  if (buf == NULL) {
    return 1;
  }
  volatile uint64_t sum = 0;
  for (int p = 0; p < PAGES; p++) {
    buf[p * PAGE] = (unsigned char)p;
  }
  for (int round = 0; round < 4; round++) {
    for (int p = 0; p < 16; p++) {
      sum += buf[p * PAGE + 8];
    }
  }
  for (int p = 1; p < PAGES; p++) {
    uint64_t v;
    memcpy(&v, buf + p * PAGE - 4, sizeof v);
    v += 1;
    memcpy(buf + p * PAGE - 4, &v, sizeof v);
  }
  /* Tell the compiler the buffer is observed, so the stores above are not optimised away. */
  __asm__ __volatile__("" : : "r"(buf) : "memory");
  free(buf);
  return (int)(sum & 1);
}
