/*
 * The demo tree (see demo_tree.h). Every definition mirrors dev.holofs.examples.demo.DemoTree:
 *   README.txt, hello.txt, link-to-hello -> hello.txt, 4k.bin (byte i = (i * 31 + 7) mod 256),
 *   many/file-0000.txt .. file-0999.txt ("This is file NNNN of 1000.\n"),
 *   big/64m.bin (a 1 MiB block repeated: the 8 bytes at offset 8k are splitmix64(k mod 131072),
 *   little-endian).
 */
#include "demo_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANY 1000
#define FOUR_K_SIZE 4096
#define BIG_SIZE (64ULL << 20)
#define BIG_PERIOD (1ULL << 20)

static const char HELLO[] = "Hello from holofs!\n";
static const char README[] =
    "This directory is projected by holofs from the demo: source.\n"
    "Nothing here is stored on disk: every listing and every byte comes from a Java provider.\n"
    "\n"
    "  README.txt      this file\n"
    "  hello.txt       one line of text\n"
    "  link-to-hello   a symbolic link to hello.txt\n"
    "  4k.bin          4,096 bytes: byte i is (i * 31 + 7) mod 256\n"
    "  many/           1,000 small files, file-0000.txt to file-0999.txt\n"
    "  big/64m.bin     64 MiB: a 1 MiB block (splitmix64 of each 8-byte word's index) 64 times\n"
    "\n"
    "Stop it with Ctrl-C in the terminal running holofs, or: holofs unmount MOUNTPOINT\n";

static struct node **nodes; /* by inode number; nodes[0] unused */
static size_t node_count;
static size_t node_capacity;

/* Name lookup: an open-addressing hash of (parent inode, name). */
static struct node **slots;
static size_t slot_mask;

uint64_t demo_splitmix64(uint64_t k) {
  uint64_t z = (k + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static uint64_t hash(uint64_t parent, const char *name) {
  uint64_t h = 1469598103934665603ULL ^ parent; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    h = (h ^ *p) * 1099511628211ULL;
  }
  return h;
}

static struct node *add(struct node *parent, const char *name, enum node_kind kind) {
  if (node_count + 1 >= node_capacity) {
    return NULL;
  }
  struct node *n = calloc(1, sizeof(*n));
  if (n == NULL) return NULL;
  n->ino = ++node_count;
  n->kind = kind;
  n->name = strdup(name);
  n->parent = parent == NULL ? n->ino : parent->ino;
  nodes[n->ino] = n;
  if (parent != NULL) {
    parent->children = realloc(parent->children, (parent->nchildren + 1) * sizeof(*parent->children));
    if (parent->children == NULL) return NULL;
    parent->children[parent->nchildren++] = n;
    if (kind == NODE_DIR) parent->subdirs++;
    size_t i = hash(parent->ino, name) & slot_mask;
    while (slots[i] != NULL) i = (i + 1) & slot_mask;
    slots[i] = n;
  }
  return n;
}

static struct node *add_file(struct node *parent, const char *name, const void *data, uint64_t size) {
  struct node *n = add(parent, name, NODE_FILE);
  if (n == NULL) return NULL;
  n->data = data;
  n->size = size;
  return n;
}

int tree_build(void) {
  node_capacity = MANY + 64;
  nodes = calloc(node_capacity, sizeof(*nodes));
  slot_mask = 4096 - 1;
  slots = calloc(slot_mask + 1, sizeof(*slots));
  if (nodes == NULL || slots == NULL) return -1;

  struct node *root = add(NULL, "", NODE_DIR);
  if (root == NULL) return -1;
  if (!add_file(root, "README.txt", README, sizeof(README) - 1)) return -1;
  if (!add_file(root, "hello.txt", HELLO, sizeof(HELLO) - 1)) return -1;
  struct node *link = add(root, "link-to-hello", NODE_SYMLINK);
  if (link == NULL) return -1;
  link->target = "hello.txt";

  unsigned char *four_k = malloc(FOUR_K_SIZE);
  if (four_k == NULL) return -1;
  for (int i = 0; i < FOUR_K_SIZE; i++) four_k[i] = (unsigned char)(i * 31 + 7);
  if (!add_file(root, "4k.bin", four_k, FOUR_K_SIZE)) return -1;

  struct node *many = add(root, "many", NODE_DIR);
  if (many == NULL) return -1;
  for (int i = 0; i < MANY; i++) {
    char name[32];
    char *content = malloc(64);
    if (content == NULL) return -1;
    snprintf(name, sizeof(name), "file-%04d.txt", i);
    int len = snprintf(content, 64, "This is file %04d of %d.\n", i, MANY);
    if (!add_file(many, name, content, (uint64_t)len)) return -1;
  }

  /* big/64m.bin is generated once, here, so reads serve it straight from memory. */
  struct node *big = add(root, "big", NODE_DIR);
  if (big == NULL) return -1;
  unsigned char *bytes = malloc(BIG_SIZE);
  if (bytes == NULL) return -1;
  struct node *big_file = add_file(big, "64m.bin", bytes, BIG_SIZE);
  if (big_file == NULL) return -1;
  big_file->generated = 1;
  tree_generate(big_file, 0, bytes, BIG_SIZE);
  return 0;
}

void tree_generate(const struct node *file, uint64_t off, unsigned char *dst, size_t len) {
  (void)file; /* big/64m.bin is the only generated file */
  for (size_t i = 0; i < len;) {
    uint64_t at = off + i;
    uint64_t w = demo_splitmix64((at % BIG_PERIOD) >> 3);
    if ((at & 7) == 0 && len - i >= 8) { /* whole words: the common case */
      for (int b = 0; b < 8; b++) dst[i + b] = (unsigned char)(w >> (8 * b));
      i += 8;
    } else {
      dst[i++] = (unsigned char)(w >> (8 * (at & 7)));
    }
  }
}

const struct node *tree_node(uint64_t ino) {
  return ino >= 1 && ino <= node_count ? nodes[ino] : NULL;
}

const struct node *tree_child(const struct node *dir, const char *name) {
  for (size_t i = hash(dir->ino, name) & slot_mask; slots[i] != NULL; i = (i + 1) & slot_mask) {
    if (slots[i]->parent == dir->ino && strcmp(slots[i]->name, name) == 0) return slots[i];
  }
  return NULL;
}

size_t tree_node_count(void) { return node_count; }
