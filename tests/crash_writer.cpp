// Child process for tst_crash: writes batches of rows into a workspace, one transaction per
// batch, and prints "committed N" after each commit, until it is killed.
#include "store/database.h"
#include "store/workspace.h"

#include <cstdio>
#include <string>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: keel_crash_writer WORKSPACE\n");
        return 2;
    }
    auto ws = keel::store::Workspace::open(argv[1]);
    auto &db = ws->db();
    const int rowsPerBatch = 200;
    for (int batch = 0;; ++batch) {
        keel::sql::Transaction tx(db);
        auto &insert = db.cached("INSERT INTO jobs (name, kind, device_need, state, message, submitted_at) "
                                 "VALUES (?1, 'crash-test', 'cpu', 'succeeded', ?2, ?3)");
        for (int i = 0; i < rowsPerBatch; ++i)
            insert.bindAll("batch " + std::to_string(batch), std::string(200, 'x'), std::int64_t(i)).run();
        tx.commit();
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
}
