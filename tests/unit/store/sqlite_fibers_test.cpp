// The SQLite store's waits suspend a fiber instead of blocking its thread (util/fiber.hpp): here
// eight fibers of one thread each hold a reader of a pool of two across a durable write. Had the
// reader pool or the commit blocked the thread, the third fiber would block it for good, for
// the fibers holding the readers can only resume on that same thread.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.hpp"
#include "../store_test_support.hpp"
#include "../util/fiber_loop.hpp"
#include "util/fiber.hpp"

namespace tender::store {
namespace {

TEST(SqliteFibers, FibersOfOneThreadShareTwoReadersAcrossTheirCommits) {
  std::string pattern = (std::filesystem::temp_directory_path() / "tender_fibers_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  {
    SqliteOptions options;
    options.path = (dir / "tender.db").string();
    options.reader_connections = 2;
    auto store = open_sqlite(options);
    boost::asio::io_context loop;
    constexpr int kFibers = 8;
    int committed = 0;
    boost::asio::post(loop, [&] {
      for (int i = 0; i < kFibers; ++i) {
        util::Fiber::start(loop.get_executor(), [&, i] {
          auto view = store->read();  // the third fiber on suspends here until a reader is back
          EXPECT_FALSE(view->get("test", "r" + std::to_string(i)).has_value());
          store->write([&](WriteTxn& tx) {
            Record r = test_support::make_record("test", "r" + std::to_string(i), "c1", 1);
            tx.put(r, 0);
          });  // suspends until committed, the reader still held
          view.reset();
          ++committed;
        });
      }
    });
    util::run_until_fibers_end(loop);
    EXPECT_EQ(committed, kFibers);
    EXPECT_EQ(util::Fiber::alive(), 0u);
    auto view = store->read();
    for (int i = 0; i < kFibers; ++i) EXPECT_TRUE(view->get("test", "r" + std::to_string(i)).has_value()) << i;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace tender::store
