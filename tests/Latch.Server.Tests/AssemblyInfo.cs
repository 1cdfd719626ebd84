// Each test starts its own server; four at a time keep two cores busy without starving PostgreSQL.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
