/*
 * The demo tree in C: the same names, sizes and bytes as dev.holofs.examples.demo.DemoTree (the
 * holofs `demo:` source), built once at start-up and held in memory.
 */
#ifndef DEMO_TREE_H
#define DEMO_TREE_H

#include <stddef.h>
#include <stdint.h>

enum node_kind { NODE_DIR, NODE_FILE, NODE_SYMLINK };

struct node {
  uint64_t ino;
  uint64_t parent;          /* the root is its own parent */
  enum node_kind kind;
  const char *name;
  uint64_t size;            /* files */
  const unsigned char *data;/* files: all size bytes */
  const char *target;       /* symlinks */
  struct node **children;   /* directories, in listing order */
  size_t nchildren;
  unsigned subdirs;
  int generated;            /* files whose bytes tree_generate can compute */
};

/* Builds the tree; 0 on success. */
int tree_build(void);
/* The node with inode number ino (the root is 1), or NULL. */
const struct node *tree_node(uint64_t ino);
/* The child of dir called name, or NULL. */
const struct node *tree_child(const struct node *dir, const char *name);
size_t tree_node_count(void);
/* Computes len bytes of a generated file from off (within its size), as DemoTree.fillBig. */
void tree_generate(const struct node *file, uint64_t off, unsigned char *dst, size_t len);

/* splitmix64 of counter k, as DemoTree.splitmix64. */
uint64_t demo_splitmix64(uint64_t k);

#endif
