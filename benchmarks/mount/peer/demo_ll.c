/*
 * demo_ll: the benchmark peer. A libfuse3 low-level server, written for holofs, that serves the
 * same tree as the holofs `demo:` source (dev.holofs.examples.demo.DemoTree): the same names,
 * sizes and bytes, every file held in memory. run.sh mounts it next to holofs so the mount
 * benchmarks measure the same workloads against libfuse's own C loop in the same run.
 *
 * Usage: demo_ll [-s] [--timeout=SECONDS] [peer options below] [libfuse options] MOUNTPOINT
 *   --timeout=S    entry and attribute timeouts in seconds (default 1, libfuse's usual; 0 sends
 *                  every lookup and stat here)
 *   --keep-cache   answer OPEN with FOPEN_KEEP_CACHE (default: the page cache is dropped per open,
 *                  as in a typical libfuse server)
 *   --cache-dir    answer OPENDIR with FOPEN_CACHE_DIR
 *   --generate     compute big/64m.bin's bytes per READ (splitmix64 per word) instead of serving
 *                  the copy generated at start-up (the default: "from memory")
 *   --sync-read    do not ask for ASYNC_READ (holofs asks for it unless told not to)
 *   -s             single-threaded fuse_session_loop; default fuse_session_loop_mt, as most
 *                  libfuse servers run
 * The server stays in the foreground. On exit (and on SIGUSR1) it prints how many requests of
 * each kind it answered, so a benchmark's protocol work per operation can be checked.
 *
 * Build: gcc -O2 -Wall -o demo_ll demo_ll.c demo_tree.c $(pkg-config --cflags --libs fuse3)
 */
#define FUSE_USE_VERSION FUSE_MAKE_VERSION(3, 12)

#include <fuse_lowlevel.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo_tree.h"

/* ---- options ---------------------------------------------------------------------------- */

struct peer_opts {
  double timeout;
  int keep_cache;
  int cache_dir;
  int generate;
  int sync_read;
};

static struct peer_opts popts = {.timeout = 1.0};

static const struct fuse_opt peer_opt_spec[] = {
    {"--timeout=%lf", offsetof(struct peer_opts, timeout), 0},
    {"--keep-cache", offsetof(struct peer_opts, keep_cache), 1},
    {"--cache-dir", offsetof(struct peer_opts, cache_dir), 1},
    {"--generate", offsetof(struct peer_opts, generate), 1},
    {"--sync-read", offsetof(struct peer_opts, sync_read), 1},
    FUSE_OPT_END};

/* ---- request counters ------------------------------------------------------------------- */

enum { C_LOOKUP, C_GETATTR, C_OPEN, C_READ, C_RELEASE, C_FLUSH, C_OPENDIR, C_READDIR,
       C_READDIRPLUS, C_RELEASEDIR, C_READLINK, C_STATFS, C_ACCESS, C_GETXATTR, C_FORGET, C_N };
static const char *const counter_names[C_N] = {
    "lookup", "getattr", "open", "read", "release", "flush", "opendir", "readdir",
    "readdirplus", "releasedir", "readlink", "statfs", "access", "getxattr", "forget"};
static unsigned long counters[C_N];

static inline void count(int which) { __atomic_fetch_add(&counters[which], 1, __ATOMIC_RELAXED); }

static void print_counters(void) {
  fprintf(stderr, "demo_ll requests:");
  for (int i = 0; i < C_N; i++) {
    fprintf(stderr, " %s=%lu", counter_names[i], __atomic_load_n(&counters[i], __ATOMIC_RELAXED));
  }
  fprintf(stderr, "\n");
}

static volatile sig_atomic_t dump_requested;
static void on_usr1(int sig) { (void)sig; dump_requested = 1; }

/* ---- attributes ------------------------------------------------------------------------- */

static uid_t owner_uid;
static gid_t owner_gid;
static struct timespec start_time;

static void fill_stat(const struct node *n, struct stat *st) {
  memset(st, 0, sizeof(*st));
  st->st_ino = n->ino;
  st->st_uid = owner_uid;
  st->st_gid = owner_gid;
  st->st_atim = st->st_mtim = st->st_ctim = start_time;
  switch (n->kind) {
    case NODE_DIR:
      st->st_mode = S_IFDIR | 0555;
      st->st_nlink = 2 + n->subdirs;
      break;
    case NODE_FILE:
      st->st_mode = S_IFREG | 0444;
      st->st_nlink = 1;
      st->st_size = (off_t)n->size;
      break;
    case NODE_SYMLINK:
      st->st_mode = S_IFLNK | 0777;
      st->st_nlink = 1;
      st->st_size = (off_t)strlen(n->target);
      break;
  }
  st->st_blksize = 4096;
  st->st_blocks = (st->st_size + 511) / 512;
}

static void fill_entry(const struct node *n, struct fuse_entry_param *e) {
  memset(e, 0, sizeof(*e));
  e->ino = n->ino;
  e->generation = 1;
  e->attr_timeout = popts.timeout;
  e->entry_timeout = popts.timeout;
  fill_stat(n, &e->attr);
}

/* ---- operations ------------------------------------------------------------------------- */

static void op_init(void *userdata, struct fuse_conn_info *conn) {
  (void)userdata;
  /*
   * Negotiate what holofs negotiates (DESIGN.md §4), so both sides get the same requests for the
   * same syscalls. libfuse also asks for AUTO_INVAL_DATA by default, which costs a GETATTR before
   * every read with timeouts 0; holofs does not ask for it, so neither does the peer.
   */
  unsigned wanted = FUSE_CAP_PARALLEL_DIROPS | FUSE_CAP_CACHE_SYMLINKS |
                    FUSE_CAP_EXPLICIT_INVAL_DATA | FUSE_CAP_READDIRPLUS | FUSE_CAP_READDIRPLUS_AUTO;
  if (!popts.sync_read) wanted |= FUSE_CAP_ASYNC_READ;
  conn->want &= ~(FUSE_CAP_AUTO_INVAL_DATA | FUSE_CAP_ASYNC_READ);
  conn->want |= conn->capable & wanted;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
  count(C_LOOKUP);
  const struct node *dir = tree_node(parent);
  if (dir == NULL || dir->kind != NODE_DIR) {
    fuse_reply_err(req, ENOTDIR);
    return;
  }
  const struct node *child = tree_child(dir, name);
  if (child == NULL) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  struct fuse_entry_param e;
  fill_entry(child, &e);
  fuse_reply_entry(req, &e);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
  (void)ino;
  (void)nlookup;
  count(C_FORGET); /* every node lives as long as the server: nothing to drop */
  fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t n, struct fuse_forget_data *forgets) {
  (void)forgets;
  for (size_t i = 0; i < n; i++) count(C_FORGET);
  fuse_reply_none(req);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)fi;
  count(C_GETATTR);
  const struct node *n = tree_node(ino);
  if (n == NULL) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  struct stat st;
  fill_stat(n, &st);
  fuse_reply_attr(req, &st, popts.timeout);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino) {
  count(C_READLINK);
  const struct node *n = tree_node(ino);
  if (n == NULL || n->kind != NODE_SYMLINK) {
    fuse_reply_err(req, EINVAL);
    return;
  }
  fuse_reply_readlink(req, n->target);
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  count(C_OPEN);
  const struct node *n = tree_node(ino);
  if (n == NULL) {
    fuse_reply_err(req, ENOENT);
  } else if (n->kind == NODE_DIR) {
    fuse_reply_err(req, EISDIR);
  } else if ((fi->flags & O_ACCMODE) != O_RDONLY) {
    fuse_reply_err(req, EROFS);
  } else {
    fi->keep_cache = popts.keep_cache;
    fuse_reply_open(req, fi);
  }
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  (void)fi;
  count(C_READ);
  const struct node *n = tree_node(ino);
  if (n == NULL || n->kind != NODE_FILE) {
    fuse_reply_err(req, EIO);
    return;
  }
  if ((uint64_t)off >= n->size) {
    fuse_reply_buf(req, NULL, 0);
    return;
  }
  size_t len = n->size - (uint64_t)off < size ? (size_t)(n->size - (uint64_t)off) : size;
  if (popts.generate && n->generated) {
    char *buf = malloc(len);
    if (buf == NULL) {
      fuse_reply_err(req, ENOMEM);
      return;
    }
    tree_generate(n, (uint64_t)off, (unsigned char *)buf, len);
    fuse_reply_buf(req, buf, len);
    free(buf);
    return;
  }
  fuse_reply_buf(req, (const char *)n->data + off, len); /* one copy, straight from memory */
}

static void op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)ino;
  (void)fi;
  count(C_FLUSH);
  fuse_reply_err(req, 0);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)ino;
  (void)fi;
  count(C_RELEASE);
  fuse_reply_err(req, 0);
}

static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  count(C_OPENDIR);
  const struct node *n = tree_node(ino);
  if (n == NULL) {
    fuse_reply_err(req, ENOENT);
  } else if (n->kind != NODE_DIR) {
    fuse_reply_err(req, ENOTDIR);
  } else {
    fi->cache_readdir = popts.cache_dir;
    fi->keep_cache = popts.cache_dir;
    fuse_reply_open(req, fi);
  }
}

/*
 * Directory offsets: entry i of the listing (".", "..", then the children in order) ends at
 * offset i + 1, so a later READDIR continues at the child after the last one sent.
 */
static void reply_dir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, int plus) {
  const struct node *dir = tree_node(ino);
  if (dir == NULL || dir->kind != NODE_DIR) {
    fuse_reply_err(req, ENOTDIR);
    return;
  }
  char *buf = malloc(size);
  if (buf == NULL) {
    fuse_reply_err(req, ENOMEM);
    return;
  }
  size_t used = 0;
  size_t total = 2 + dir->nchildren;
  for (size_t i = (size_t)off; i < total; i++) {
    const struct node *n;
    const char *name;
    if (i == 0) {
      n = dir;
      name = ".";
    } else if (i == 1) {
      n = tree_node(dir->parent);
      name = "..";
    } else {
      n = dir->children[i - 2];
      name = n->name;
    }
    size_t rest = size - used;
    size_t add;
    if (plus) {
      struct fuse_entry_param e;
      fill_entry(n, &e);
      if (i < 2) {
        e.ino = 0; /* "." and "..": no lookup count taken, the kernel skips them */
      }
      add = fuse_add_direntry_plus(req, buf + used, rest, name, &e, (off_t)(i + 1));
    } else {
      struct stat st;
      fill_stat(n, &st);
      add = fuse_add_direntry(req, buf + used, rest, name, &st, (off_t)(i + 1));
    }
    if (add > rest) break;
    used += add;
  }
  fuse_reply_buf(req, buf, used);
  free(buf);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                       struct fuse_file_info *fi) {
  (void)fi;
  count(C_READDIR);
  reply_dir(req, ino, size, off, 0);
}

static void op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                           struct fuse_file_info *fi) {
  (void)fi;
  count(C_READDIRPLUS);
  reply_dir(req, ino, size, off, 1);
}

static void op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)ino;
  (void)fi;
  count(C_RELEASEDIR);
  fuse_reply_err(req, 0);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino) {
  (void)ino;
  count(C_STATFS);
  struct statvfs s;
  memset(&s, 0, sizeof(s));
  s.f_bsize = 4096;
  s.f_frsize = 4096;
  s.f_namemax = 255;
  s.f_files = tree_node_count();
  fuse_reply_statfs(req, &s);
}

static void op_access(fuse_req_t req, fuse_ino_t ino, int mask) {
  (void)ino;
  count(C_ACCESS);
  fuse_reply_err(req, (mask & W_OK) ? EROFS : 0);
}

static void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size) {
  (void)ino;
  (void)name;
  (void)size;
  count(C_GETXATTR);
  fuse_reply_err(req, ENODATA);
}

static const struct fuse_lowlevel_ops demo_ops = {
    .init = op_init,
    .lookup = op_lookup,
    .forget = op_forget,
    .forget_multi = op_forget_multi,
    .getattr = op_getattr,
    .readlink = op_readlink,
    .open = op_open,
    .read = op_read,
    .flush = op_flush,
    .release = op_release,
    .opendir = op_opendir,
    .readdir = op_readdir,
    .readdirplus = op_readdirplus,
    .releasedir = op_releasedir,
    .statfs = op_statfs,
    .access = op_access,
    .getxattr = op_getxattr,
};

/* ---- main ------------------------------------------------------------------------------- */

static void *counter_dumper(void *arg) {
  (void)arg;
  for (;;) {
    if (dump_requested) {
      dump_requested = 0;
      print_counters();
    }
    usleep(100 * 1000);
  }
  return NULL;
}

int main(int argc, char *argv[]) {
  struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
  struct fuse_cmdline_opts opts;
  int ret = 1;

  if (fuse_opt_parse(&args, &popts, peer_opt_spec, NULL) != 0) return 1;
  if (fuse_parse_cmdline(&args, &opts) != 0) return 1;
  if (opts.show_help || opts.mountpoint == NULL) {
    printf("usage: %s [-s] [--timeout=SECONDS] [--keep-cache] [--cache-dir] [--generate] "
           "[--sync-read] [options] MOUNTPOINT\n",
           argv[0]);
    fuse_cmdline_help();
    fuse_lowlevel_help();
    ret = opts.show_help ? 0 : 1;
    goto out_args;
  }
  if (popts.timeout < 0) {
    fprintf(stderr, "demo_ll: --timeout must not be negative\n");
    goto out_args;
  }

  owner_uid = getuid();
  owner_gid = getgid();
  clock_gettime(CLOCK_REALTIME, &start_time);
  if (tree_build() != 0) {
    fprintf(stderr, "demo_ll: cannot build the demo tree (out of memory)\n");
    goto out_args;
  }

  struct fuse_session *se = fuse_session_new(&args, &demo_ops, sizeof(demo_ops), NULL);
  if (se == NULL) goto out_args;
  if (fuse_set_signal_handlers(se) != 0) goto out_session;
  signal(SIGUSR1, on_usr1);
  pthread_t dumper;
  pthread_create(&dumper, NULL, counter_dumper, NULL);
  pthread_detach(dumper);
  if (fuse_session_mount(se, opts.mountpoint) != 0) goto out_signals;

  if (opts.singlethread) {
    ret = fuse_session_loop(se);
  } else {
    struct fuse_loop_config *config = fuse_loop_cfg_create();
    fuse_loop_cfg_set_clone_fd(config, opts.clone_fd);
    fuse_loop_cfg_set_max_threads(config, opts.max_threads);
    if (opts.max_idle_threads != UINT_MAX) { /* UINT_MAX: not given, keep libfuse's default */
      fuse_loop_cfg_set_idle_threads(config, opts.max_idle_threads);
    }
    ret = fuse_session_loop_mt(se, config);
    fuse_loop_cfg_destroy(config);
  }
  print_counters();

  fuse_session_unmount(se);
out_signals:
  fuse_remove_signal_handlers(se);
out_session:
  fuse_session_destroy(se);
out_args:
  free(opts.mountpoint);
  fuse_opt_free_args(&args);
  return ret ? 1 : 0;
}
