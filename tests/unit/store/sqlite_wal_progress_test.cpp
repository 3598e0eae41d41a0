#include "store/sqlite/wal_progress.hpp"

#include <gtest/gtest.h>

namespace tender::store::sqlite {
namespace {

TEST(SqliteWalProgress, NothingIsKnownBeforeTheCheckpointerTells) {
  WalProgress progress;
  EXPECT_EQ(progress.generation(), 0u);
  EXPECT_FALSE(progress.flushed_frames());
  progress.flushed(0, 120);
  EXPECT_EQ(progress.flushed_frames(), 120u);
}

// The counts of a pass over the WAL that was just started over belong to either file: they are
// not taken, and what was told about the old WAL is not taken for the new one.
TEST(SqliteWalProgress, CountsFromAnotherWalAreNotTaken) {
  WalProgress progress;
  progress.flushed(0, 16000);
  progress.restart_begins();
  EXPECT_EQ(progress.generation(), 1u);
  EXPECT_FALSE(progress.flushed_frames()) << "the old WAL's count, during its restart";
  progress.flushed(1, 16000);  // a pass during the restart
  progress.flushed(0, 16000);  // a pass that began before it
  progress.restart_ends();
  EXPECT_EQ(progress.generation(), 2u);
  EXPECT_FALSE(progress.flushed_frames()) << "no pass over the new WAL yet";
  progress.flushed(2, 40);
  EXPECT_EQ(progress.flushed_frames(), 40u);
}

TEST(SqliteWalProgress, ARefusedRestartKeepsNothingOfTheOldCounts) {
  WalProgress progress;
  progress.flushed(0, 500);
  progress.restart_begins();
  progress.restart_ends();  // refused: the same WAL goes on, under a new name
  EXPECT_FALSE(progress.flushed_frames());
  progress.flushed(2, 700);
  EXPECT_EQ(progress.flushed_frames(), 700u);
}

}  // namespace
}  // namespace tender::store::sqlite
