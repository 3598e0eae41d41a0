#include "store/sqlite/page_cache.hpp"

#include <algorithm>
#include <new>
#include <sqlite3.h>

#include "util/invariant.hpp"

namespace tender::store::sqlite {

namespace {

constexpr unsigned kPendingByte = 0x40000000;  // SQLite's lock-byte offset (PENDING_BYTE)

sqlite3_pcache_methods2 base;  // pcache1, read once before the wrapper is installed

struct WrappedCache {
  sqlite3_pcache* inner = nullptr;
  unsigned lock_page = 0;  // the key balance_nonroot borrows while swapping page numbers
  unsigned max_key = 0;    // no page of this cache has a key above this, the lock page aside
};

WrappedCache* wrapped(sqlite3_pcache* p) { return reinterpret_cast<WrappedCache*>(p); }

int init(void* arg) { return base.xInit ? base.xInit(arg) : SQLITE_OK; }
void shutdown(void* arg) {
  if (base.xShutdown) base.xShutdown(arg);
}

sqlite3_pcache* create(int page_bytes, int extra_bytes, int purgeable) {
  auto* w = new (std::nothrow) WrappedCache;
  if (w == nullptr) return nullptr;
  w->inner = base.xCreate(page_bytes, extra_bytes, purgeable);
  if (w->inner == nullptr) {
    delete w;
    return nullptr;
  }
  w->lock_page = kPendingByte / static_cast<unsigned>(page_bytes) + 1;
  return reinterpret_cast<sqlite3_pcache*>(w);
}

void cachesize(sqlite3_pcache* p, int pages) { base.xCachesize(wrapped(p)->inner, pages); }
int pagecount(sqlite3_pcache* p) { return base.xPagecount(wrapped(p)->inner); }

sqlite3_pcache_page* fetch(sqlite3_pcache* p, unsigned key, int create_flag) {
  WrappedCache* w = wrapped(p);
  sqlite3_pcache_page* page = base.xFetch(w->inner, key, create_flag);
  if (page != nullptr && key != w->lock_page) w->max_key = std::max(w->max_key, key);
  return page;
}

void unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) { base.xUnpin(wrapped(p)->inner, page, discard); }

void rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  WrappedCache* w = wrapped(p);
  base.xRekey(w->inner, page, old_key, new_key);
  if (new_key != w->lock_page) w->max_key = std::max(w->max_key, new_key);
}

// Drops every page whose key is >= limit. Nothing to drop when no key handed out reaches it.
void truncate(sqlite3_pcache* p, unsigned limit) {
  WrappedCache* w = wrapped(p);
  if (limit > w->max_key) return;
  base.xTruncate(w->inner, limit);
  w->max_key = limit == 0 ? 0 : limit - 1;
}

void destroy(sqlite3_pcache* p) {
  WrappedCache* w = wrapped(p);
  base.xDestroy(w->inner);
  delete w;
}

void shrink(sqlite3_pcache* p) { base.xShrink(wrapped(p)->inner); }

}  // namespace

bool install_page_cache() {
  static const bool installed = [] {
    if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base) != SQLITE_OK) return false;
    TENDER_ASSERT(base.iVersion >= 1 && base.xCreate && base.xFetch && base.xTruncate && base.xRekey,
                  "page_cache_base_complete", "page_cache.cpp");
    sqlite3_pcache_methods2 methods{.iVersion = 1, .pArg = base.pArg, .xInit = init, .xShutdown = shutdown,
                                    .xCreate = create, .xCachesize = cachesize, .xPagecount = pagecount,
                                    .xFetch = fetch, .xUnpin = unpin, .xRekey = rekey, .xTruncate = truncate,
                                    .xDestroy = destroy, .xShrink = shrink};
    // SQLITE_MISUSE: SQLite is initialized already; it keeps pcache1 as it is.
    return sqlite3_config(SQLITE_CONFIG_PCACHE2, &methods) == SQLITE_OK;
  }();
  return installed;
}

}  // namespace tender::store::sqlite
